import Testing

@testable import Session

/// Exit poll, per-round and per-table results, feedback after the meeting, JSON, and a large meeting.
@Suite struct MatrixScopeTests {
    /// A round seated ahead and never started seated no one: its seats do not count as presence
    /// at the table (three officials placed there for a round that never began).
    @Test func aRoundSeatedAheadAndNeverStartedAddsNoOneToATable() throws {
        var s = MatrixScript(declared: .dialogue)
        let (publicSide, civil) = try s.people(public: 2, civil: 2)
        try s.addTables(1)
        let first = try s.startRound()
        _ = try s.input(civil[0], .idea, "Lokaler")
        _ = try s.input(publicSide[0], .idea, "Budget")
        try s.closeRound(first)
        for n in 0..<3 { _ = try s.join("Tjänsteperson \(n)", .public) }
        let ahead = try s.facilitate(.planRound(question: nil, minutes: 20))!["round"]!.stringValue!
        _ = try s.facilitate(.seatRound(round: ahead))
        let table = try #require(ParticipationMatrix.classifyAll(s.meeting).table("t1"))
        #expect(table.evidence.present == SectorCounts(public: 2, civil: 2), "only those seated in the round that took place")
        #expect(ParticipationMatrix.classifyAll(s.meeting).round(ahead)?.evidence.present.total ?? 0 == 0)
    }

    /// A question pushed between rounds reaches people where the last seating left them: their
    /// open answers count at those tables, as the question itself does.
    @Test func answersToAQuestionPushedBetweenRoundsCountAtTheTablesThatGotIt() throws {
        var s = MatrixScript(declared: .dialogue)
        _ = try s.people(public: 2, civil: 4)
        try s.addTables(2)
        let first = try s.startRound(seats: ["p1": "t1", "p3": "t1", "p4": "t1", "p2": "t2", "p5": "t2", "p6": "t2"])
        for n in 1...2 { _ = try s.input("p2", .idea, "Bild \(n)") }
        _ = try s.input("p5", .idea, "Lokaler")
        try s.closeRound(first)
        let toT2 = try s.facilitate(.pushQuestion(text: "Vad saknas?", kind: .open, options: [], tables: ["t2"], fromTopic: nil))![
            "question"]!.stringValue!
        try s.answer("p5", toT2, "Tid")
        try s.answer("p6", toT2, "Pengar")
        let toAll = try s.push("Och hos er?")
        try s.answer("p3", toAll, "Samma")
        let all = ParticipationMatrix.classifyAll(s.meeting)
        let t2 = try #require(all.table("t2"))
        #expect(t2.evidence.openAnswers == SectorCounts(civil: 2))
        #expect(t2.evidence.contributions == SectorCounts(public: 2, civil: 3))
        #expect(t2.evidence.facilitatorQuestions == 2)
        #expect(all.table("t1")?.evidence.openAnswers == SectorCounts(civil: 1))
        #expect(all.round(first)?.evidence.openAnswers == SectorCounts(), "the closed round is left as it was")
        #expect(all.meeting.evidence.openAnswers == SectorCounts(civil: 3))
    }

    /// Someone made an observer after speaking counts for nothing, as observers do everywhere:
    /// not their notes, not their replies, not the replies to them.
    @Test func aParticipantMadeAnObserverAfterSpeakingCountsForNothing() throws {
        var s = MatrixScript(declared: .dialogue)
        _ = try s.people(public: 2, civil: 4)
        _ = try s.startRound()
        let asked = try s.input("p6", .question, "Vem bestämmer?")
        _ = try s.reply("p1", to: asked, "Nämnden")
        let idea = try s.input("p1", .idea, "Ett förslag")
        _ = try s.reply("p6", to: idea, "Bra")
        for n in 1...2 { _ = try s.input("p6", .idea, "Idé \(n)") }
        _ = try s.topic("p6", "Ett ämne")
        _ = try s.input("p3", .idea, "Lokaler")
        let proposal = try s.input("p1", .proposal, "En gemensam portal")
        try s.agree("p6", with: proposal)
        _ = try s.facilitate(.setRole(participant: "p6", role: .observer))
        let evidence = s.result.evidence
        #expect(evidence.contributions == SectorCounts(public: 3, civil: 1))
        #expect(evidence.jointProposals.isEmpty, "an observer's agreeing makes no proposal joint")
        #expect(evidence.publicToCivilReplies == 0 && evidence.civilToPublicReplies == 0)
        #expect(evidence.questionInputs == SectorCounts())
        #expect(evidence.present == SectorCounts(public: 2, civil: 3))
        #expect(s.result.measuredLevel != .broadDialogue)
    }

    /// People who left before a round seated ahead began were not there: they do not count as
    /// present in it. Someone who leaves during a round was there.
    @Test func whoLeftBeforeARoundSeatedAheadBeganIsNotPresentInIt() throws {
        var s = MatrixScript(declared: .dialogue)
        _ = try s.people(public: 3, civil: 7)
        try s.addTables(1)
        let first = try s.startRound()
        try s.closeRound(first)
        let ahead = try s.facilitate(.planRound(question: nil, minutes: 20))!["round"]!.stringValue!
        _ = try s.facilitate(.seatRound(round: ahead))
        for id in ["p4", "p5", "p6", "p7"] { try s.run(.leave, by: .participant(id)) }
        _ = try s.facilitate(.startRound(round: ahead))
        try s.run(.leave, by: .participant("p8"))
        let round = try #require(ParticipationMatrix.classifyAll(s.meeting).round(ahead))
        #expect(round.evidence.present == SectorCounts(public: 3, civil: 3))
    }

    @Test func exitPollIsTalliedBySectorAndTheDifferenceIsNoted() throws {
        var s = MatrixScript(declared: .dialogue)
        _ = try s.people(public: 2, civil: 3)
        _ = try s.startRound()
        for slide in 1...3 { _ = try s.input("p1", .idea, "Bild \(slide)") }
        try s.exitPoll("p1", .dialogue)
        try s.exitPoll("p2", .dialogue)
        try s.exitPoll("p3", .information)
        try s.exitPoll("p4", .information)
        try s.exitPoll("p5", .consultation)

        let perceived = s.result.perceived
        #expect(perceived.count(.public, .dialogue) == 2)
        #expect(perceived.count(.civil, .information) == 2)
        #expect(perceived.count(.civil, .consultation) == 1)
        #expect(perceived.count(.civil, .dialogue) == 0)
        #expect(perceived.respondents(.other) == 0)
        #expect(perceived.respondents == 5)
        #expect(perceived.modal(.public) == .dialogue)
        #expect(perceived.modal(.civil) == .information)
        #expect(perceived.modal(.other) == nil)
        #expect(perceived.sectorsDiffer)
        #expect(
            perceived.note?.en
                == "The sectors perceived the meeting differently: public sector mostly dialogue, civil society mostly information.")
        let json = s.result.json["perceived"]
        #expect(json?["by_sector"]?["civil"]?["information"] == 2)
        #expect(json?["modal"]?["public"] == "dialogue")
        #expect(json?["sectors_differ"] == true)
    }

    @Test func modalTieGoesToTheLowerLevelAndAgreementHasNoNote() throws {
        var tally = PerceivedTally()
        tally.add(.civil, .partnership)
        tally.add(.civil, .consultation)
        tally.add(.public, .consultation)
        #expect(tally.modal(.civil) == .consultation)
        #expect(!tally.sectorsDiffer)
        #expect(tally.note == nil)
    }

    /// Table t1 talks both ways; at table t2 only the region speaks. 2 public, 4 civil.
    static func twoTables() throws -> MatrixScript {
        var s = MatrixScript(declared: .dialogue)
        _ = try s.people(public: 2, civil: 4)
        try s.addTables(2)
        _ = try s.startRound(seats: ["p1": "t1", "p3": "t1", "p4": "t1", "p2": "t2", "p5": "t2", "p6": "t2"])
        _ = try s.facilitate(.pushQuestion(text: "Bara för bord 2", kind: .open, options: [], tables: ["t2"], fromTopic: nil))
        let idea = try s.input("p1", .idea, "Förslag på bidrag")
        _ = try s.reply("p3", to: idea, "Bra, men enklare")
        let question = try s.input("p3", .question, "Vem beslutar?")
        _ = try s.reply("p1", to: question, "Regionstyrelsen")
        for slide in 1...3 { _ = try s.input("p2", .idea, "Bild \(slide)") }
        return s
    }

    @Test func tableResultCanDifferFromTheMeeting() throws {
        let s = try Self.twoTables()
        let all = ParticipationMatrix.classifyAll(s.meeting)
        // Three of the four civil participants said nothing: a civil voice ratio of 0.43 is too
        // little for dialogue across the meeting, though table t1 talked both ways.
        #expect(all.meeting.measuredLevel == .consultation)
        #expect(all.meeting.evidence.present == SectorCounts(public: 2, civil: 4))
        #expect(all.meeting.evidence.contributions == SectorCounts(public: 5, civil: 2))
        #expect(all.meeting.evidence.facilitatorQuestions == 1)
        #expect(all.meeting.rules.first { $0.id == "dialogue_civil_voice_ratio" }?.isMet == false)

        #expect(all.tables.map(\.table) == ["t1", "t2"])
        let t1 = try #require(all.table("t1"))
        #expect(t1.measuredLevel == .broadDialogue)
        #expect(t1.evidence.present == SectorCounts(public: 1, civil: 2))
        #expect(t1.evidence.contributions == SectorCounts(public: 2, civil: 2))
        #expect(t1.evidence.facilitatorQuestions == 0)

        let t2 = try #require(all.table("t2"))
        #expect(t2.measuredLevel == .information)
        #expect(t2.gap)
        #expect(t2.evidence.present == SectorCounts(public: 1, civil: 2))
        #expect(t2.evidence.contributions == SectorCounts(public: 3))
        #expect(t2.evidence.facilitatorQuestions == 1)
        #expect(t2.evidence.items == 4)

        #expect(all.rounds.map(\.round) == ["r1"])
        #expect(all.round("r1")?.evidence == all.meeting.evidence)
        #expect(ParticipationMatrix.classify(s.meeting, table: "t2") == t2)
        #expect(ParticipationMatrix.classify(s.meeting, round: "r1", table: "t1").evidence == t1.evidence)
        #expect(all.json["tables"]?.arrayValue?.count == 2)
    }

    @Test func liveResultsNameRulesByIdAndTheCatalogueHasTheirTexts() throws {
        let all = ParticipationMatrix.classifyAll(try Self.twoTables().meeting)
        let live = all.liveJSON
        let results = [live["meeting"]] + (live["rounds"]?.arrayValue ?? []) + (live["tables"]?.arrayValue ?? [])
        #expect(results.count == 4)
        let catalogue = try #require(MatrixRule.catalogueJSON.arrayValue)
        let texts = Dictionary(uniqueKeysWithValues: catalogue.compactMap { rule in rule["id"]?.stringValue.map { ($0, rule["text"]) } })
        for result in results {
            let rules = try #require(result?["rules"]?.arrayValue)
            #expect(rules.count == texts.count)
            for rule in rules {
                #expect(rule["text"] == nil, "no text in a live rule")
                #expect(rule["observed"] != nil && rule["met"] != nil)
                let id = try #require(rule["id"]?.stringValue)
                #expect(texts[id]??["sv"]?.stringValue?.isEmpty == false, "the catalogue has \(id)'s text")
            }
        }
        // Minutes and exports keep the texts; apart from them the two forms agree.
        let full = try #require(all.json["meeting"]?["rules"]?.arrayValue)
        #expect(full.allSatisfy { $0["text"]?["en"] != nil })
        #expect(all.meeting.rules.map { $0.json(withText: false) } == live["meeting"]?["rules"]?.arrayValue)
        #expect(live.serialized.utf8.count * 3 < all.json.serialized.utf8.count * 2, "a third smaller at least")
    }

    @Test func roundsAreClassifiedSeparately() throws {
        var s = MatrixScript(declared: .dialogue)
        _ = try s.people(public: 2, civil: 3)
        let first = try s.startRound()
        for slide in 1...3 { _ = try s.input("p1", .idea, "Bild \(slide)") }
        try s.closeRound(first)
        let second = try s.startRound()
        let topic = try s.topic("p5", "Vår egen fråga")
        let idea = try s.input("p2", .idea, "Utkast")
        _ = try s.reply("p4", to: idea, "Kommentar")
        let question = try s.input("p4", .question, "Varför?")
        _ = try s.reply("p2", to: question, "Därför")

        let all = ParticipationMatrix.classifyAll(s.meeting)
        #expect(all.round(first)?.measuredLevel == .information)
        #expect(all.round(second)?.measuredLevel == .broadDialogue)
        #expect(all.round(second)?.evidence.topics == SectorCounts(civil: 1))
        #expect(all.meeting.measuredLevel == .broadDialogue)
        #expect(all.meeting.evidence.topics.civil == 1)
        #expect(topic == "k1")
    }

    @Test func feedbackAfterCloseRaisesResponsiveness() throws {
        var s = MatrixScript(declared: .consultation)
        _ = try s.people(public: 2, civil: 3)
        let round = try s.startRound()
        _ = try s.push("Vad ska regionen prioritera?")
        let first = try s.input("p3", .idea, "Landsbygden")
        let second = try s.input("p4", .concern, "Korta ansökningstider")
        try s.closeRound(round)
        try s.close()

        let before = s.result
        #expect(before.evidence.civilInputs == 2)
        #expect(before.evidence.civilInputsResponded == 0)
        #expect(before.evidence.responsiveness == 0)
        #expect(before.rules.first { $0.id == "responsiveness" }?.isMet == false)

        #expect(throws: DomainError.forbidden) { try s.feedback([first], by: .participant("p3")) }
        try s.feedback([first], by: .facilitator)
        try s.feedback([second], by: .participant("p1"), status: .inProgress)

        let after = s.result
        #expect(after.evidence.civilInputsWithFeedback == 2)
        #expect(after.evidence.civilInputsRepliedByPublic == 0)
        #expect(after.evidence.civilInputsResponded == 2)
        #expect(after.evidence.responsiveness == 1)
        #expect(after.rules.first { $0.id == "responsiveness" }?.isMet == true)
        #expect(after.measuredLevel == before.measuredLevel)
        #expect(after.json["evidence"]?["responsiveness"]?["share"] == .double(1))
    }

    @Test func resultJSONCarriesLevelEvidenceAndRules() throws {
        let (s, _) = try MatrixLevelTests.dialogue()
        let json = s.result.json
        #expect(json["measured_level"] == "broad_dialogue")
        #expect(json["measured_as_declared"] == "dialogue")
        #expect(json["measured_label"]?["sv"] == "bred dialog")
        #expect(json["declared_level"] == "dialogue")
        #expect(json["declared_step"] == "drafting")
        #expect(json["steps"] == ["drafting"])
        #expect(json["confidence"] == "low")
        #expect(json["not_enough_data"] == false)
        #expect(json["evidence"]?["reciprocity"]?["public_to_civil"] == 1)
        #expect(json["evidence"]?["initiative"]?["civil_initiative"] == 2)
        #expect(json["evidence"]?["voice"]?["civil_share_of_contributions"] == .double(0.6))
        let rules = try #require(json["rules"]?.arrayValue)
        #expect(rules.count == 12)
        #expect(rules.first?["id"] == "present")
        #expect(rules.first?["threshold"] == .double(3))
        #expect(rules.first?["observed"] == .double(5))
        #expect(rules.first?["met"] == true)
        let message: JSONValue = ["type": "matrix", "result": json]
        #expect(message.serialized.hasPrefix(#"{"result":{"confidence":"low","declared_level":"dialogue""#))
    }

    @Test func largeMeetingIsCountedCompletely() throws {
        var s = MatrixScript(declared: .dialogue)
        _ = try s.people(public: 2, civil: 2)
        try s.addTables(2)
        _ = try s.startRound(seats: ["p1": "t1", "p3": "t1", "p2": "t2", "p4": "t2"])
        for n in 0..<1_000 {
            let (asker, answerer) = n.isMultiple(of: 2) ? ("p3", "p1") : ("p1", "p3")
            let input = try s.input(asker, .question, "Fråga \(n)")
            _ = try s.reply(answerer, to: input, "Svar \(n)")
        }
        let all = ParticipationMatrix.classifyAll(s.meeting)
        let e = all.meeting.evidence
        #expect(e.inputs == SectorCounts(public: 1_000, civil: 1_000))
        #expect(e.publicToCivilReplies == 500 && e.civilToPublicReplies == 500)
        #expect(e.civilInputs == 500 && e.civilInputsResponded == 500)
        #expect(all.meeting.measuredLevel == .broadDialogue)
        #expect(all.meeting.confidence == .high)
        #expect(all.table("t1")?.evidence.inputs.total == 2_000)
        #expect(all.table("t2")?.notEnoughData == true)
    }
}
