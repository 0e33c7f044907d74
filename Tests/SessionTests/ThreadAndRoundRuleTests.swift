import Testing

@testable import Session

/// Who may answer and agree in a thread, who may sum up a round, and in what order rounds run.
@Suite struct ThreadAndRoundRuleTests {
    @Test func aThreadStaysWithThePeopleWhoReceivedItWhereverTheySitLater() throws {
        var (cafe, _) = MeetingCommandTests.runningCafe()
        let t1 = cafe.meeting.rounds[0].members(of: "t1")
        let t2 = cafe.meeting.rounds[0].members(of: "t2")
        cafe.run(.addInput(kind: .question, text: "Hur söker man?"), by: .participant(t1[0]))
        let readers = Set([t1[0], t1[1]])
        cafe.run(.moveParticipant(participant: t1[1], table: "t2"))
        cafe.run(.moveParticipant(participant: t2[0], table: "t1"))

        // The newcomer at t1 never received i1: they may not answer or agree with it.
        cafe.refuse(.reply(to: "i1", text: "Jag kom nyss"), by: .participant(t2[0]), code: "forbidden")
        cafe.refuse(.react(input: "i1"), by: .participant(t2[0]), code: "forbidden")

        // The reader who moved away still may, and the thread goes to its readers only.
        cafe.run(.reply(to: "i1", text: "Via portalen"), by: .participant(t1[1]))
        guard case .members(let replyAudience) = try #require(cafe.records.last).audience else { Issue.record("audience"); return }
        #expect(Set(replyAudience) == readers)
        cafe.run(.react(input: "i2"), by: .participant(t1[0]))
        guard case .members(let reactionAudience) = try #require(cafe.records.last).audience else { Issue.record("audience"); return }
        #expect(Set(reactionAudience) == readers)
        cafe.refuse(.react(input: "i2"), by: .participant(t2[0]), code: "forbidden")

        // A new input at t1 reaches who sits there now.
        cafe.run(.addInput(kind: .idea, text: "Ny tråd"), by: .participant(t2[0]))
        guard case .members(let newAudience) = try #require(cafe.records.last).audience else { Issue.record("audience"); return }
        #expect(Set(newAudience) == Set([t1[0], t2[0]]))
    }

    @Test func nobodyAgreesWithTheirOwnInputOrReply() {
        var (cafe, _) = MeetingCommandTests.runningCafe()
        let t1 = cafe.meeting.rounds[0].members(of: "t1")
        cafe.run(.addInput(kind: .proposal, text: "Gemensam bidragsportal"), by: .participant(t1[0]))
        cafe.run(.reply(to: "i1", text: "Och en kontaktperson"), by: .participant(t1[1]))
        cafe.refuse(.react(input: "i1"), by: .participant(t1[0]), code: "forbidden")
        cafe.refuse(.react(input: "i2"), by: .participant(t1[1]), code: "forbidden")
        cafe.run(.react(input: "i1"), by: .participant(t1[1]))
        #expect(cafe.meeting.input("i1")?.agreedBy == [t1[1]])
    }

    @Test func onlyWhoHostedATableInARoundSumsItUp() {
        var (cafe, _) = MeetingCommandTests.runningCafe()
        let t1 = cafe.meeting.rounds[0].members(of: "t1")
        let t2 = cafe.meeting.rounds[0].members(of: "t2")
        cafe.run(.setHost(table: "t1", participant: t1[0]))
        cafe.run(.summarize(text: "Vi vill ha en portal", round: "r1"), by: .participant(t1[0]))
        cafe.run(.closeRound(round: "r1"))

        // A host named after the round did not host it, and may not rewrite its summary.
        cafe.run(.setHost(table: "t1", participant: t1[1]))
        cafe.refuse(.summarize(text: "Något annat", round: "r1"), by: .participant(t1[1]), code: "forbidden")
        #expect(cafe.meeting.summaries.map(\.text) == ["Vi vill ha en portal"])

        // A table that had no host in the round may be summed up by its host afterwards.
        cafe.run(.setHost(table: "t2", participant: t2[0]))
        cafe.run(.summarize(text: "Bord två om lokaler", round: "r1"), by: .participant(t2[0]))
        #expect(cafe.meeting.summaries.map(\.table).sorted() == ["t1", "t2"])
    }

    @Test func aRoundPassedOverIsSkippedForGoodAndItsSeatingCountsForNothing() throws {
        var (cafe, people) = MeetingCommandTests.runningCafe()
        cafe.run(.planRound(question: "Vad gör vi först?", minutes: 15))
        cafe.run(.planRound(question: "Vem gör vad?", minutes: 15))
        cafe.run(.seatRound(round: "r2"))
        #expect(!cafe.meeting.rounds[1].seating.isEmpty)
        cafe.run(.closeRound(round: "r1"))
        cafe.run(.startRound(round: "r3"))
        #expect(cafe.meeting.rounds.map(\.state) == [.closed, .skipped, .running])
        #expect(cafe.meeting.rounds[1].seating.isEmpty, "its seating is gone")
        cafe.run(.closeRound(round: "r3"))
        cafe.refuse(.startRound(round: "r2"), by: .facilitator, code: "wrong_state")
        cafe.refuse(.seatRound(round: "r2"), by: .facilitator, code: "wrong_state")

        // The next round takes the moves and is planned against the rounds that ran.
        cafe.run(.planRound(question: "Hur följer vi upp?", minutes: 15))
        cafe.run(.seatRound(round: "r4"))
        #expect(cafe.meeting.roundToMoveIn?.id == "r4")
        let moved = try #require(people.first?.participantID)
        let elsewhere = cafe.meeting.rounds[3].seating[moved] == "t1" ? "t2" : "t1"
        cafe.run(.moveParticipant(participant: moved, table: elsewhere))
        #expect(cafe.meeting.rounds[3].seating[moved] == elsewhere)
        // Pairs met are read from the seatings of earlier rounds: r1's and r3's, not r2's.
        #expect(cafe.meeting.rounds.filter { $0.number < 4 && !$0.seating.isEmpty }.map(\.id) == ["r1", "r3"])
    }

    @Test func aRoundSeatedAheadIsSeatedAgainWhenOneOfItsTablesGoesOutOfUse() {
        var (cafe, _) = MeetingCommandTests.runningCafe()
        cafe.run(.addTables(count: 1, names: []))
        cafe.run(.planRound(question: nil, minutes: 15))
        cafe.run(.seatRound(round: "r2"))
        #expect(cafe.meeting.rounds[1].seating.values.contains("t3"))
        cafe.run(.setTableInUse(table: "t3", inUse: false))
        cafe.run(.closeRound(round: "r1"))
        cafe.run(.startRound(round: "r2"))
        #expect(!cafe.meeting.rounds[1].seating.values.contains("t3"), "nobody sits at a table out of use")
        #expect(cafe.meeting.rounds[1].seating.count == 4)
    }

    @Test func aHostWhoStepsDownIsNoLongerHeldAtTheirTableInARoundSeatedAhead() throws {
        var (cafe, _) = MeetingCommandTests.runningCafe()
        cafe.run(.planRound(question: nil, minutes: 15))
        cafe.run(.seatRound(round: "r2"))
        let host = try #require(cafe.meeting.rounds[1].members(of: "t2").first)
        cafe.run(.setHost(table: "t1", participant: host))
        #expect(cafe.meeting.rounds[1].pinned[host] == "t1", "a new host sits at their table in the round seated ahead")
        cafe.run(.setRole(participant: host, role: .participant))
        #expect(cafe.meeting.rounds[1].pinned[host] == nil, "no longer a host: seated like anyone else")
    }

    @Test func aMoveReachesEachPersonAtBothTablesOnce() throws {
        var (cafe, _) = MeetingCommandTests.runningCafe()
        let t1 = cafe.meeting.rounds[0].members(of: "t1")
        let t2 = cafe.meeting.rounds[0].members(of: "t2")
        cafe.run(.moveParticipant(participant: t1[0], table: "t2"))
        guard case .members(let audience) = try #require(cafe.records.last).audience else { Issue.record("audience"); return }
        #expect(audience.count == Set(audience).count, "nobody twice")
        #expect(Set(audience) == Set(t1 + t2))
        cafe.run(.moveParticipant(participant: t1[0], table: "t2"))
        guard case .members(let again) = try #require(cafe.records.last).audience else { Issue.record("audience"); return }
        #expect(again.count == Set(again).count, "a move to the table they sit at: each once")
    }
}
