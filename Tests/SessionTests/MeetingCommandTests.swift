import Testing

@testable import Session

@Suite struct MeetingCommandTests {
    /// A small café: two tables, four people, one running round.
    static func runningCafe() -> (CafeScript, [Actor]) {
        var cafe = CafeScript()
        let people = [
            cafe.join("Amina", .civil, "Ideell kulturallians"), cafe.join("Bo", .public, "Region Kalmar län"),
            cafe.join("Cilla", .civil, "RF-SISU Kalmar"), cafe.join("Dan", .public, "Region Kalmar län"),
        ]
        cafe.run(.addTables(count: 2, names: []))
        cafe.run(.planRound(question: "Vad behöver föreningarna?", minutes: 20))
        cafe.run(.startRound(round: "r1"))
        return (cafe, people)
    }

    /// A name of 20 characters carrying 4 KB of combining marks is refused as a command (at most
    /// 4 bytes per allowed character), but a log that stored one under the characters-only limit
    /// still loads: dropping the row would shift every later participant's id.
    @Test func textsAreLimitedInBytesForCommandsButNotWhenTheLogIsRead() throws {
        let heavy = String(repeating: "e" + String(repeating: "\u{301}", count: 100), count: 20)
        #expect(heavy.count == 20)
        #expect(throws: DomainError.tooLong("name", max: 80)) {
            try MeetingCommand.parse(type: "join", fields: FieldReader(["name": .string(heavy), "sector": "civil"]))
        }
        let stored: JSONValue = [
            "at": 1_764_000_001_000, "kind": "participant_joined",
            "participant": [
                "id": "p1", "joined_at": 1_764_000_001_000, "name": .string(heavy), "organisation": "", "role": "participant",
                "sector": "civil", "show_name": true,
            ],
        ]
        guard case .participantJoined(let participant) = try MeetingEvent.decode(stored).event else {
            Issue.record("not a join")
            return
        }
        #expect(participant.name == heavy)
    }

    /// A control character pasted into a list of texts (table names, options) is refused like
    /// one in a single text; a table name stored with one before still loads, so a restart keeps
    /// the table its host and seats point to.
    @Test func controlCharactersInListsAreRefusedButAStoredOneLoads() throws {
        let bell = DomainError.invalidField("names", "innehåller styrtecken", "contains control characters")
        #expect(throws: bell) {
            try MeetingCommand.parse(type: "add_tables", fields: FieldReader(["count": 2, "names": ["Bord\u{7}A", "B"]]))
        }
        #expect(throws: DomainError.self) {
            try MeetingCommand.parse(
                type: "push_question", fields: FieldReader(["text": "Vilken?", "kind": "single", "options": ["J\u{1B}a", "Nej"]]))
        }
        let stored: JSONValue = ["at": 1_764_000_001_000, "kind": "table_added", "table": ["id": "t1", "name": "Bord\u{7}A"]]
        guard case .tableAdded(let table) = try MeetingEvent.decode(stored).event else {
            Issue.record("not a table")
            return
        }
        #expect(table.id == "t1" && table.name == "Bord\u{7}A")
    }

    @Test func joinGivesSequentialIdsAndRejectsBadFields() throws {
        var cafe = CafeScript()
        #expect(cafe.join("Amina", .civil, "Activa") == .participant("p1"))
        #expect(cafe.join("Bo", .public, "Region Halland") == .participant("p2"))
        #expect(cafe.meeting.participantOrder == ["p1", "p2"])
        #expect(throws: DomainError.self) {
            try MeetingCommand.parse(type: "join", fields: FieldReader(["name": "x", "sector": "army"]))
        }
        #expect(throws: DomainError.tooLong("name", max: 80)) {
            try MeetingCommand.parse(
                type: "join", fields: FieldReader(["name": .string(String(repeating: "å", count: 81)), "sector": "civil"]))
        }
    }

    @Test func startingARoundSeatsEveryoneAndMixesSectors() {
        let (cafe, _) = Self.runningCafe()
        let round = cafe.meeting.rounds[0]
        #expect(round.state == .running)
        #expect(round.seating.count == 4)
        #expect(round.endsAt == round.startedAt! + 20 * 60_000)
        for table in ["t1", "t2"] {
            let sectors = Set(round.members(of: table).compactMap { cafe.meeting.participants[$0]?.sector })
            #expect(sectors == [.public, .civil], "table \(table) mixes sectors")
        }
    }

    @Test func facilitatorOnlyCommandsAreRefusedToParticipants() {
        var (cafe, people) = Self.runningCafe()
        let commands: [MeetingCommand] = [
            .addTables(count: 1, names: []), .setHost(table: "t1", participant: "p1"), .planRound(question: nil, minutes: 5),
            .seatRound(round: "r1"), .startRound(round: "r1"), .extendRound(round: "r1", minutes: 5),
            .closeRound(round: "r1"), .pushQuestion(text: "?", kind: .open, options: [], tables: nil, fromTopic: nil),
            .hideInput(input: "i1", reason: "x"), .closeMeeting, .setFeedbackDue(date: "2027-01-01"),
            .moveParticipant(participant: "p1", table: "t2"), .setRole(participant: "p1", role: .observer),
        ]
        for command in commands {
            #expect(command.isFacilitatorOnly)
            cafe.refuse(command, by: people[0], code: "forbidden")
        }
        cafe.refuse(.addInput(kind: .idea, text: "x"), by: nil, code: "not_joined")
    }

    @Test func inputsGoToTheRunningRoundAtYourOwnTable() throws {
        var (cafe, people) = Self.runningCafe()
        let result = cafe.run(.addInput(kind: .proposal, text: "Gemensam bidragsportal"), by: people[0])
        #expect(result == ["input": "i1"])
        let input = try #require(cafe.meeting.input("i1"))
        #expect(input.table == cafe.meeting.rounds[0].seating["p1"])
        #expect(input.round == "r1")
        guard case .members(let audience) = cafe.records.last!.audience else { Issue.record("audience"); return }
        #expect(Set(audience) == Set(cafe.meeting.rounds[0].members(of: input.table!)))
        cafe.run(.closeRound(round: "r1"))
        cafe.refuse(.addInput(kind: .idea, text: "sent"), by: people[0], code: "no_running_round")
        cafe.refuse(.addInput(kind: .idea, text: "x"), by: .facilitator, code: "forbidden")
    }

    @Test func repliesAndReactionsStayWithinTheTable() {
        var (cafe, _) = Self.runningCafe()
        let round = cafe.meeting.rounds[0]
        let t1 = round.members(of: "t1")
        let t2 = round.members(of: "t2")
        cafe.run(.addInput(kind: .question, text: "Hur söker man?"), by: .participant(t1[0]))
        cafe.run(.reply(to: "i1", text: "Via portalen"), by: .participant(t1[1]))
        #expect(cafe.meeting.input("i2")?.replyTo == "i1")
        cafe.run(.react(input: "i1"), by: .participant(t1[1]))
        #expect(cafe.meeting.input("i1")?.agreedBy == [t1[1]])
        cafe.refuse(.react(input: "i1"), by: .participant(t1[1]), code: "already_reacted")
        cafe.refuse(.reply(to: "i1", text: "från annat bord"), by: .participant(t2[0]), code: "forbidden")
        cafe.refuse(.react(input: "i1"), by: .participant(t2[0]), code: "forbidden")
        cafe.refuse(.reply(to: "i99", text: "x"), by: .participant(t1[0]), code: "unknown_input")
    }

    @Test func questionsAnswersAndTargeting() {
        var (cafe, people) = Self.runningCafe()
        cafe.run(.pushQuestion(text: "Viktigast?", kind: .single, options: ["Bidrag", "Lokaler"], tables: nil, fromTopic: nil))
        cafe.run(.answer(question: "q1", value: "Lokaler"), by: people[1])
        #expect(cafe.meeting.answers["q1"]?["p2"] == .choices(["Lokaler"]))
        cafe.refuse(.answer(question: "q1", value: "Annat"), by: people[1], code: "invalid_field")
        cafe.run(.pushQuestion(text: "Skala", kind: .scale, options: [], tables: nil, fromTopic: nil))
        cafe.refuse(.answer(question: "q2", value: 9), by: people[1], code: "invalid_field")
        cafe.run(.answer(question: "q2", value: 4), by: people[1])
        let t2Member = cafe.meeting.rounds[0].members(of: "t2")[0]
        let t1Member = cafe.meeting.rounds[0].members(of: "t1")[0]
        cafe.run(.pushQuestion(text: "Bara bord 1", kind: .open, options: [], tables: ["t1"], fromTopic: nil))
        cafe.refuse(.answer(question: "q3", value: "x"), by: .participant(t2Member), code: "forbidden")
        cafe.run(.answer(question: "q3", value: "ja"), by: .participant(t1Member))
        cafe.refuse(
            .pushQuestion(text: "?", kind: .open, options: [], tables: ["t9"], fromTopic: nil), by: .facilitator, code: "unknown_table")
        // A table no one sits at: the question would reach no one, so it is not asked.
        cafe.run(.addTables(count: 1, names: []))
        let empty = cafe.meeting.tables[cafe.meeting.tables.count - 1].id
        cafe.refuse(
            .pushQuestion(text: "Till ingen", kind: .open, options: [], tables: [empty], fromTopic: nil), by: .facilitator,
            code: "wrong_state")
        // A table whose people have all left: the same.
        for member in cafe.meeting.rounds[0].members(of: "t2") { cafe.run(.leave, by: .participant(member)) }
        cafe.refuse(
            .pushQuestion(text: "Till de som gått", kind: .open, options: [], tables: ["t2"], fromTopic: nil), by: .facilitator,
            code: "wrong_state")
        cafe.run(.closeQuestion(question: "q3"))
        cafe.refuse(.answer(question: "q3", value: "igen"), by: .participant(t1Member), code: "wrong_state")
    }

    @Test func answersAndTargetsOfTheWrongShapeAreRefused() {
        var (cafe, people) = Self.runningCafe()
        cafe.run(.pushQuestion(text: "Viktigast?", kind: .multiple, options: ["Bidrag", "Lokaler"], tables: nil, fromTopic: nil))
        cafe.refuse(.answer(question: "q1", value: ["Bidrag", 7]), by: people[0], code: "invalid_field")
        cafe.refuse(.answer(question: "q1", value: ["Bidrag", .null]), by: people[0], code: "invalid_field")
        cafe.run(.answer(question: "q1", value: ["Bidrag", "Lokaler"]), by: people[0])
        let fields: JSONValue = ["text": "Till inga bord?", "tables": []]
        do {
            _ = try MeetingCommand.parse(type: "push_question", fields: FieldReader(fields.objectValue ?? [:]))
            Issue.record("an empty list of tables was accepted")
        } catch {
            #expect(error.code == "invalid_field")
        }
    }

    /// The server reads the clock once to decide and again to commit: a summary decided in one
    /// millisecond and committed in the next reads back from the log as it was live.
    @Test func aSummaryReadsBackAsItWasLiveWhenTheClockMovedBetweenDecideAndCommit() throws {
        var (cafe, people) = Self.runningCafe()
        cafe.run(.setHost(table: "t1", participant: "p1"))
        let host = try #require(cafe.meeting.round("r1")?.seating["p1"] == "t1" ? people[0] : nil)
        let decision = try cafe.meeting.decide(.summarize(text: "Lokaler och tid", round: nil), by: host, at: cafe.clock + 1_000)
        cafe.records += cafe.meeting.commit(decision, at: cafe.clock + 1_001)
        #expect(cafe.meeting.summaries.first?.at == cafe.clock + 1_001)
        #expect(Meeting.replay(cafe.records) == cafe.meeting)
    }

    @Test func topicsCanBeTakenUpAsQuestions() {
        var (cafe, people) = Self.runningCafe()
        cafe.run(.proposeTopic(text: "Lokalfrågan på landsbygden"), by: people[2])
        cafe.run(.pushQuestion(text: "Lokalfrågan", kind: .open, options: [], tables: nil, fromTopic: "k1"))
        #expect(cafe.meeting.topics[0].takenUpAs == "q1")
        cafe.refuse(
            .pushQuestion(text: "x", kind: .open, options: [], tables: nil, fromTopic: "k9"), by: .facilitator, code: "unknown_topic")
    }

    @Test func hostsSummariseAndCommit() {
        var (cafe, people) = Self.runningCafe()
        cafe.run(.setHost(table: "t1", participant: "p1"))
        #expect(cafe.meeting.hostedTable(by: "p1") == "t1")
        #expect(cafe.meeting.participants["p1"]?.role == .host)
        cafe.run(.summarize(text: "Vi vill ha en portal", round: nil), by: people[0])
        #expect(cafe.meeting.summaries.first?.table == "t1")
        cafe.refuse(.summarize(text: "x", round: nil), by: people[1], code: "forbidden")
        let owners = [
            CommitmentOwner(organisation: "Region Kalmar län", sector: .public),
            CommitmentOwner(organisation: "Ideell kulturallians", sector: .civil),
        ]
        cafe.run(.recordCommitment(what: "Ta fram portal", owners: owners, due: "2027-03-01", step: .implementation), by: people[0])
        cafe.refuse(.recordCommitment(what: "x", owners: owners, due: nil, step: nil), by: people[1], code: "forbidden")
        cafe.run(.recordCommitment(what: "Följ upp", owners: owners, due: nil, step: .monitoring))
        #expect(cafe.meeting.commitments.map(\.id) == ["c1", "c2"])
    }

    @Test func moderationHidesButKeeps() {
        var (cafe, people) = Self.runningCafe()
        cafe.run(.addInput(kind: .concern, text: "Otrevligt"), by: people[0])
        cafe.run(.hideInput(input: "i1", reason: "Personangrepp"))
        #expect(cafe.meeting.input("i1")?.hidden?.reason == "Personangrepp")
        #expect(cafe.meeting.input("i1")?.text == "Otrevligt")
        cafe.refuse(.hideInput(input: "i1", reason: "igen"), by: .facilitator, code: "wrong_state")
    }

    @Test func hidingAnInputReachesSomeoneWhoSawItAndMovedAway() throws {
        var (cafe, _) = Self.runningCafe()
        let t1 = cafe.meeting.rounds[0].members(of: "t1")
        cafe.run(.addInput(kind: .concern, text: "Otrevligt"), by: .participant(t1[0]))
        #expect(cafe.records.last?.audience.includes(participant: t1[1]) == true)
        cafe.run(.moveParticipant(participant: t1[1], table: "t2"))
        cafe.run(.hideInput(input: "i1", reason: "Personangrepp"))
        #expect(cafe.records.last?.audience.includes(participant: t1[1]) == true, "the moved reader learns it is hidden")
    }

    @Test func topicsAndAnswersCanBeHiddenToo() {
        var (cafe, people) = Self.runningCafe()
        cafe.run(.proposeTopic(text: "Namn och telefonnummer till grannen"), by: people[0])
        cafe.refuse(.hideTopic(topic: "k1", reason: "x"), by: people[1], code: "forbidden")
        cafe.run(.hideTopic(topic: "k1", reason: "Personuppgifter"))
        #expect(cafe.meeting.topics[0].hidden?.reason == "Personuppgifter")
        cafe.refuse(.hideTopic(topic: "k1", reason: "igen"), by: .facilitator, code: "wrong_state")
        cafe.refuse(
            .pushQuestion(text: "?", kind: .open, options: [], tables: nil, fromTopic: "k1"), by: .facilitator, code: "unknown_topic")
        cafe.run(.pushQuestion(text: "Ett ord?", kind: .wordCloud, options: [], tables: nil, fromTopic: nil))
        cafe.run(.answer(question: "q1", value: "dumheter"), by: people[0])
        cafe.run(.answer(question: "q1", value: "lokaler"), by: people[1])
        cafe.run(.hideAnswer(question: "q1", participant: "p1", reason: "Otrevligt"))
        #expect(cafe.meeting.answers["q1"] == ["p2": .text("lokaler")], "out of the results")
        #expect(cafe.meeting.hiddenAnswers["q1"]?["p1"]?.reason == "Otrevligt")
        cafe.refuse(.hideAnswer(question: "q1", participant: "p1", reason: "igen"), by: .facilitator, code: "wrong_state")
        cafe.refuse(.answer(question: "q1", value: "igen"), by: people[0], code: "wrong_state")
        #expect(ParticipationMatrix.classify(cafe.meeting).evidence.topics.civil == 0, "a hidden topic is off the record")
        cafe.refuse(.hideAnswer(question: "q9", participant: "p1", reason: "x"), by: .facilitator, code: "unknown_question")
        let minutes = Minutes(meeting: cafe.meeting, matrix: nil, generatedAt: nil)
        for format in [MinutesFormat.markdown, .html, .json] {
            let text = minutes.render(format)
            #expect(!text.contains("telefonnummer") && !text.contains("dumheter"), "\(format) leaves the hidden texts out")
            #expect(text.contains("Personuppgifter") && text.contains("Otrevligt"), "\(format) says what was hidden and why")
        }
    }

    @Test func aClosedMeetingAcceptsOnlyFeedback() {
        var (cafe, people) = Self.runningCafe()
        cafe.run(.addInput(kind: .proposal, text: "Fler kvällsmöten"), by: people[0])
        cafe.run(.answerExitPoll(level: .consultation), by: people[0])
        cafe.run(.closeMeeting)
        #expect(cafe.meeting.isClosed)
        #expect(cafe.meeting.rounds[0].state == .closed)
        cafe.refuse(.addInput(kind: .idea, text: "sent"), by: people[0], code: "meeting_closed")
        cafe.refuse(.join(JoinRequest(name: "Sen", sector: .civil, organisation: "X")), by: nil, code: "meeting_closed")
        cafe.run(.giveFeedback(inputs: ["i1"], status: .takenForward, text: "Vi provar i vår"), by: people[1])
        #expect(cafe.meeting.feedback.first?.bySector == .public)
        cafe.refuse(.giveFeedback(inputs: ["i1"], status: .done, text: "x"), by: people[0], code: "forbidden")
        cafe.run(.giveFeedback(inputs: ["i1"], status: .done, text: "Klart"))
        cafe.run(.setFeedbackDue(date: "2027-02-01"))
        #expect(cafe.meeting.feedbackDue == "2027-02-01")
    }

    @Test func theExitPollTakesAnswersAfterLeavingAndForTwoWeeksAfterTheClose() {
        var (cafe, people) = Self.runningCafe()
        cafe.run(.leave, by: people[3])
        cafe.run(.answerExitPoll(level: .dialogue), by: people[3])
        cafe.run(.closeMeeting)
        cafe.run(.answerExitPoll(level: .consultation), by: people[0])
        cafe.clock += 14 * 86_400_000 - 2_000
        cafe.run(.answerExitPoll(level: .partnership), by: people[1])
        #expect(cafe.meeting.exitPoll == ["p4": .dialogue, "p1": .consultation, "p2": .partnership])
        cafe.refuse(.proposeTopic(text: "sent"), by: people[0], code: "meeting_closed")
        cafe.clock += 2_000
        cafe.refuse(.answerExitPoll(level: .information), by: people[2], code: "meeting_closed")
        cafe.refuse(.answerExitPoll(level: .information), by: .participant("p9"), code: "meeting_closed")
    }

    /// An answer, an exit-poll answer and a table's summary may be changed, but each change stays
    /// in the log: past the limit a change is refused, so a script cannot grow the log for ever.
    /// Others keep their own allowance, and the counts come back with the log.
    @Test func answersExitPollAndSummariesChangeOnlySoOften() {
        var (cafe, people) = Self.runningCafe()
        cafe.run(.setHost(table: "t1", participant: "p1"))
        cafe.run(.pushQuestion(text: "Hur väl?", kind: .scale, options: [], tables: nil, fromTopic: nil))
        for change in 0..<Limits.answersPerQuestion {
            cafe.run(.answer(question: "q1", value: .int(Int64(change % 5 + 1))), by: people[1])
            cafe.run(.answerExitPoll(level: change % 2 == 0 ? .dialogue : .consultation), by: people[1])
        }
        cafe.refuse(.answer(question: "q1", value: 3), by: people[1], code: "limit_reached")
        cafe.refuse(.answerExitPoll(level: .partnership), by: people[1], code: "limit_reached")
        cafe.run(.answer(question: "q1", value: 2), by: people[2])
        cafe.run(.answerExitPoll(level: .partnership), by: people[2])
        for change in 0..<Limits.summariesPerTable { cafe.run(.summarize(text: "Version \(change)", round: nil), by: people[0]) }
        cafe.refuse(.summarize(text: "En till", round: nil), by: people[0], code: "limit_reached")
        #expect(cafe.meeting.summaries.map(\.text) == ["Version \(Limits.summariesPerTable - 1)"])
        #expect(cafe.meeting.answers["q1"]?["p2"] == .scale(5) && cafe.meeting.exitPoll["p2"] == .consultation)
        #expect(Meeting.replay(cafe.records) == cafe.meeting)
        cafe.run(.closeRound(round: "r1"))
        cafe.run(.planRound(question: "Nästa?", minutes: 20))
        cafe.run(.startRound(round: "r2"))
        cafe.run(.summarize(text: "Ny runda", round: nil), by: people[0])
    }

    /// A name that reads as the minutes' word for the facilitator or for an anonymous participant
    /// is refused: it would pass for the facilitator's feedback, or for someone else's words.
    @Test func aNameMayNotPassForTheFacilitatorOrAnAnonymousParticipant() throws {
        for name in [
            "Samtalsledare", "samtalsledare ", "Facilitator", "Deltagare 5", "deltagare  12", "Participant 3", "Samtalsledare.",
            "Deltagare\u{202F}5", "Samtalsledare\u{200B}", "Deltagare\u{2009}7",
        ] {
            #expect(throws: DomainError.self, "\(name)") {
                try MeetingCommand.parse(type: "join", fields: FieldReader(["name": .string(name), "sector": "civil"]))
            }
        }
        for name in ["Samtalsledare Eva", "Deltagare Anna", "Anna Deltagare", "Eva 5", "Moderatorn"] {
            #expect(throws: Never.self, "\(name)") {
                try MeetingCommand.parse(type: "join", fields: FieldReader(["name": .string(name), "sector": "civil"]))
            }
        }
    }

    @Test func lateArrivalIsSeatedWithoutMovingOthers() {
        var (cafe, _) = Self.runningCafe()
        let before = cafe.meeting.rounds[0].seating
        _ = cafe.join("Eva", .civil, "Coompanion Kalmar")
        let after = cafe.meeting.rounds[0].seating
        #expect(after["p5"] != nil)
        for (person, table) in before { #expect(after[person] == table) }
    }

    @Test func lateArrivalsFillTheTablesThatPeopleLeft() throws {
        var (cafe, _) = Self.runningCafe()
        let leaver = try #require(
            cafe.meeting.rounds[0].members(of: "t1").first { cafe.meeting.participants[$0]?.sector == .civil })
        cafe.run(.leave, by: .participant(leaver))
        func present(at table: String) -> [Participant] {
            cafe.meeting.rounds[0].members(of: table).compactMap { cafe.meeting.participants[$0] }.filter { !$0.hasLeft }
        }
        _ = cafe.join("Eva", .public, "Kalmar kommun")
        #expect(present(at: "t1").count == 2 && present(at: "t2").count == 2, "sizes of the people present stay within one")
        _ = cafe.join("Fia", .civil, "Kalmar konstförening")
        #expect(present(at: "t1").contains { $0.sector == .civil }, "the table that lost its civil member gets the civil latecomer")
    }

    /// Eight tables set out and six people came: the tables taken out of use get nobody, in a
    /// whole seating or as a late arrival, and hosted tables and the last table stay in use.
    @Test func tablesOutOfUseAreLeftOutOfSeatings() throws {
        var cafe = CafeScript()
        for (name, sector) in [("A", Sector.civil), ("B", .public), ("C", .civil), ("D", .public), ("E", .civil), ("F", .public)] {
            _ = cafe.join(name, sector, "Org \(name)")
        }
        cafe.run(.addTables(count: 8, names: []))
        cafe.run(.setHost(table: "t1", participant: "p1"))
        cafe.refuse(.setTableInUse(table: "t1", inUse: false), by: .facilitator, code: "wrong_state")
        for table in 3...8 { cafe.run(.setTableInUse(table: "t\(table)", inUse: false)) }
        #expect(cafe.meeting.tables.filter(\.inUse).map(\.id) == ["t1", "t2"])
        cafe.refuse(.setHost(table: "t3", participant: "p2"), by: .facilitator, code: "wrong_state")
        cafe.run(.planRound(question: nil, minutes: 10))
        cafe.run(.seatRound(round: "r1"))
        cafe.refuse(.moveParticipant(participant: "p2", table: "t3"), by: .facilitator, code: "wrong_state")
        cafe.run(.startRound(round: "r1"))
        let round = cafe.meeting.rounds[0]
        #expect(Set(round.seating.values) == ["t1", "t2"], "nobody at a table out of use")
        #expect(round.members(of: "t1").count == 3 && round.members(of: "t2").count == 3)
        _ = cafe.join("G", .civil, "Org G")
        #expect(["t1", "t2"].contains(cafe.meeting.rounds[0].seating["p7"] ?? "-"), "a late arrival too")
        cafe.run(.setRole(participant: "p1", role: .participant))
        cafe.run(.setTableInUse(table: "t1", inUse: false))
        cafe.refuse(.setTableInUse(table: "t2", inUse: false), by: .facilitator, code: "wrong_state")
        cafe.run(.setTableInUse(table: "t3", inUse: true))
        cafe.run(.planRound(question: nil, minutes: 10))
        cafe.run(.closeRound(round: "r1"))
        cafe.run(.seatRound(round: "r2"))
        #expect(Set(cafe.meeting.rounds[1].seating.values) == ["t2", "t3"], "the next seating follows the tables in use")
        #expect(Meeting.replay(cafe.records) == cafe.meeting, "the log rebuilds which tables are in use")
    }

    @Test func movesRespectHostsAndRoundsCanBeExtended() throws {
        var (cafe, _) = Self.runningCafe()
        cafe.run(.setHost(table: "t1", participant: "p1"))
        cafe.refuse(.moveParticipant(participant: "p1", table: "t2"), by: .facilitator, code: "wrong_state")
        cafe.run(.moveParticipant(participant: "p2", table: "t1"))
        #expect(cafe.meeting.rounds[0].seating["p2"] == "t1")
        let endsAt = try #require(cafe.meeting.rounds[0].endsAt)
        cafe.run(.extendRound(round: "r1", minutes: 5))
        #expect(cafe.meeting.rounds[0].endsAt == endsAt + 5 * 60_000)
        cafe.refuse(.startRound(round: "r1"), by: .facilitator, code: "wrong_state")
        cafe.run(.planRound(question: nil, minutes: 10))
        cafe.refuse(.startRound(round: "r2"), by: .facilitator, code: "wrong_state")
    }

    @Test func aNewHostSitsAtTheirTableInTheRunningAndTheNextSeatedRound() {
        var (cafe, _) = Self.runningCafe()
        cafe.run(.planRound(question: nil, minutes: 10))
        cafe.run(.planRound(question: nil, minutes: 10))
        cafe.run(.closeRound(round: "r1"))
        cafe.run(.seatRound(round: "r2"))
        cafe.run(.startRound(round: "r2"))
        cafe.run(.seatRound(round: "r3"))
        let host = cafe.meeting.rounds[1].members(of: "t2")[0]
        let closedSeat = cafe.meeting.rounds[0].seating[host]
        let expectedMoves = ["r2"] + (cafe.meeting.rounds[2].seating[host] == "t2" ? ["r3"] : [])
        cafe.run(.setHost(table: "t1", participant: host))
        #expect(cafe.meeting.rounds[1].seating[host] == "t1", "at their table in the running round")
        #expect(cafe.meeting.rounds[2].seating[host] == "t1", "and in the round seated next")
        #expect(cafe.meeting.rounds[0].seating[host] == closedSeat, "a closed round keeps its seating")
        let moves = cafe.records.compactMap { record -> String? in
            guard case .participantSeated(let round, let card, "t1", .moved) = record.event, card.id == host else { return nil }
            return round
        }
        #expect(moves == expectedMoves, "clients learn of the moves")
        cafe.run(.moveParticipant(participant: host, table: "t1"))
        cafe.refuse(.moveParticipant(participant: host, table: "t2"), by: .facilitator, code: "wrong_state")
    }

    @Test func aMoveChangesTheRunningRoundOrTheNextSeatedOneOnly() {
        var (cafe, _) = Self.runningCafe()
        cafe.run(.planRound(question: nil, minutes: 10))
        cafe.run(.planRound(question: nil, minutes: 10))
        let person = cafe.meeting.rounds[0].seating.keys.sorted(by: idOrder)[1]
        let otherTable = cafe.meeting.rounds[0].seating[person] == "t1" ? "t2" : "t1"
        cafe.run(.moveParticipant(participant: person, table: otherTable))
        #expect(cafe.meeting.rounds[0].seating[person] == otherTable, "moved in the running round")
        #expect(cafe.meeting.rounds[1].seating.isEmpty && cafe.meeting.rounds[2].seating.isEmpty, "later rounds untouched")
        cafe.run(.closeRound(round: "r1"))
        cafe.refuse(.moveParticipant(participant: person, table: "t1"), by: .facilitator, code: "wrong_state")
        cafe.run(.seatRound(round: "r2"))
        let inR2 = cafe.meeting.rounds[1].seating[person] == "t1" ? "t2" : "t1"
        cafe.run(.moveParticipant(participant: person, table: inR2))
        #expect(cafe.meeting.rounds[1].seating[person] == inR2)
        #expect(cafe.meeting.rounds[2].seating.isEmpty)
        cafe.run(.startRound(round: "r2"))
        #expect(cafe.meeting.rounds[1].seating.count == 4, "everyone keeps a seat")
    }

    @Test func someoneArrivingBetweenRoundsIsSeatedInTheNextSeatedRound() {
        var (cafe, _) = Self.runningCafe()
        cafe.run(.closeRound(round: "r1"))
        cafe.run(.planRound(question: nil, minutes: 10))
        cafe.run(.seatRound(round: "r2"))
        _ = cafe.join("Eva", .civil, "Coompanion Kalmar")
        #expect(cafe.meeting.rounds[1].seating["p5"] != nil)
        #expect(cafe.meeting.rounds[0].seating["p5"] == nil, "not into a closed round")
        cafe.run(.startRound(round: "r2"))
        #expect(cafe.meeting.rounds[1].seating.count == 5)
    }

    @Test func aQuestionToSomeTablesBetweenRoundsCanBeAnsweredThere() {
        var (cafe, _) = Self.runningCafe()
        let t1Member = cafe.meeting.rounds[0].members(of: "t1")[0]
        cafe.run(.closeRound(round: "r1"))
        cafe.run(.planRound(question: nil, minutes: 10))
        cafe.run(.pushQuestion(text: "Bara bord 1", kind: .open, options: [], tables: ["t1"], fromTopic: nil))
        cafe.run(.answer(question: "q1", value: "ja"), by: .participant(t1Member))
        var empty = CafeScript()
        _ = empty.join("Amina", .civil, "Activa")
        empty.run(.addTables(count: 2, names: []))
        empty.refuse(
            .pushQuestion(text: "Till bord 1", kind: .open, options: [], tables: ["t1"], fromTopic: nil), by: .facilitator,
            code: "wrong_state")
    }

    /// A question to some tables reaches the people sitting there when it is pushed; only they
    /// answer it and get its close, wherever they sit later. Someone who comes to those tables
    /// afterwards never got it, so cannot answer it.
    @Test func aQuestionToSomeTablesStaysWithThePeopleWhoGotIt() throws {
        var (cafe, _) = Self.runningCafe()
        let asked = cafe.meeting.rounds[0].members(of: "t1")
        let notAsked = cafe.meeting.rounds[0].members(of: "t2")
        try #require(!asked.isEmpty && !notAsked.isEmpty)
        cafe.run(.pushQuestion(text: "Bara bord 1", kind: .open, options: [], tables: ["t1"], fromTopic: nil))
        #expect(cafe.records.last?.audience == .members(asked))
        let late = cafe.join("Eva", .civil, "Coompanion Kalmar")
        guard case .participant(let lateID) = late else { Issue.record("join"); return }
        cafe.run(.moveParticipant(participant: lateID, table: "t1"))
        cafe.refuse(.answer(question: "q1", value: "nu"), by: late, code: "forbidden")
        let movedAway = asked[0]
        cafe.run(.moveParticipant(participant: movedAway, table: "t2"))
        cafe.run(.moveParticipant(participant: notAsked[0], table: "t1"))
        cafe.refuse(.answer(question: "q1", value: "nu"), by: .participant(notAsked[0]), code: "forbidden")
        cafe.run(.closeRound(round: "r1"))
        cafe.run(.planRound(question: nil, minutes: 10))
        cafe.run(.seatRound(round: "r2"))
        for id in asked { cafe.run(.answer(question: "q1", value: "ja"), by: .participant(id)) }
        #expect(Set(cafe.meeting.answers["q1"].map { Array($0.keys) } ?? []) == Set(asked), "moved away, they still answer")
        cafe.run(.closeQuestion(question: "q1"))
        #expect(cafe.records.last?.audience == .members(asked), "the close reaches those who got the question")
        #expect(Meeting.replay(cafe.records) == cafe.meeting)
    }

    @Test func aManualMoveSurvivesReseatingTheRound() {
        var (cafe, _) = Self.runningCafe()
        let seating = cafe.meeting.rounds[0].seating
        let person = seating.keys.sorted(by: idOrder)[0]
        let otherTable = seating[person] == "t1" ? "t2" : "t1"
        cafe.run(.moveParticipant(participant: person, table: otherTable))
        for _ in 0..<3 {
            cafe.run(.seatRound(round: "r1"))
            #expect(cafe.meeting.rounds[0].seating[person] == otherTable)
        }
    }

    @Test func observersReadButDoNotSpeak() {
        var (cafe, people) = Self.runningCafe()
        cafe.run(.setRole(participant: "p3", role: .observer))
        cafe.refuse(.addInput(kind: .idea, text: "x"), by: people[2], code: "forbidden")
        cafe.refuse(.proposeTopic(text: "x"), by: people[2], code: "forbidden")
    }

    @Test func leavingKeepsOthersInPlace() {
        var (cafe, people) = Self.runningCafe()
        let before = cafe.meeting.rounds[0].seating
        cafe.run(.leave, by: people[3])
        #expect(cafe.meeting.participants["p4"]?.hasLeft == true)
        #expect(cafe.meeting.rounds[0].seating == before)
        cafe.refuse(.addInput(kind: .idea, text: "x"), by: people[3], code: "unknown_participant")
        cafe.run(.planRound(question: nil, minutes: 10))
        cafe.run(.closeRound(round: "r1"))
        cafe.run(.startRound(round: "r2"))
        #expect(cafe.meeting.rounds[1].seating["p4"] == nil)
        #expect(cafe.meeting.rounds[1].seating.count == 3)
    }

    @Test func unknownCommandTypesAreRefused() {
        #expect(throws: DomainError.self) { try MeetingCommand.parse(type: "drop_tables", fields: FieldReader([:])) }
        do {
            _ = try MeetingCommand.parse(type: "drop_tables", fields: FieldReader([:]))
        } catch {
            #expect(error.code == "unknown_type")
        }
    }
}
