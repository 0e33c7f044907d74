import Testing

@testable import Session

/// The acceptance scenarios: one scripted meeting per level, each checked on level and evidence.
@Suite struct MatrixLevelTests {
    /// A two-way exchange at one table: 2 public (p1, p2), 3 civil (p3, p4, p5).
    ///
    /// p4 proposes a topic the facilitator takes up; p1 posts an idea that p3 answers;
    /// p3 asks a question that p1 answers.
    static func dialogue(declared: DeclaredLevel = .dialogue) throws -> (MatrixScript, ids: [String: String]) {
        var s = MatrixScript(declared: declared)
        _ = try s.people(public: 2, civil: 3)
        let round = try s.startRound()
        let topic = try s.topic("p4", "Lokaler för föreningar")
        let question = try s.push("Hur kan regionen stödja lokaler?", fromTopic: topic)
        let idea = try s.input("p1", .idea, "Vi planerar en ny bidragsform")
        let civilReply = try s.reply("p3", to: idea, "Den behöver vara enkel att söka")
        let civilQuestion = try s.input("p3", .question, "När beslutas budgeten?")
        let publicReply = try s.reply("p1", to: civilQuestion, "I juni")
        return (
            s,
            [
                "round": round, "topic": topic, "question": question, "idea": idea, "civilReply": civilReply,
                "civilQuestion": civilQuestion, "publicReply": publicReply,
            ]
        )
    }

    @Test func presentationWithoutCivilInputIsInformation() throws {
        var s = MatrixScript(declared: .dialogue)
        _ = try s.people(public: 2, civil: 3)
        let observer = try s.join("Forskare", .civil)
        _ = try s.facilitate(.setRole(participant: observer, role: .observer))
        _ = try s.startRound()
        _ = try s.push("Regionens plan för 2027")
        for slide in 1...3 { _ = try s.input("p1", .idea, "Bild \(slide)") }

        let r = s.result
        #expect(r.measuredLevel == .information)
        #expect(!r.notEnoughData)
        let e = r.evidence
        #expect(e.present == SectorCounts(public: 2, civil: 3))
        #expect(e.contributions == SectorCounts(public: 3))
        #expect(e.contributionsPerPerson(.public) == 1.5)
        #expect(e.contributionsPerPerson(.civil) == 0)
        #expect(e.civilShareOfPresence == 0.6)
        #expect(e.civilVoiceRatio == 0)
        #expect(e.facilitatorQuestions == 1)
        #expect(e.items == 4)
        #expect(e.publicToCivilReplies == 0 && e.civilToPublicReplies == 0)
        #expect(r.confidence == .low)
        #expect(r.rules.first { $0.id == "civil_contributions" }?.isMet == false)
    }

    @Test func gapIsFlaggedInPlainWords() throws {
        var s = MatrixScript(declared: .dialogue)
        _ = try s.people(public: 2, civil: 3)
        _ = try s.startRound()
        for slide in 1...3 { _ = try s.input("p1", .idea, "Bild \(slide)") }

        let r = s.result
        #expect(r.measuredLevel == .information)
        #expect(r.gap)
        #expect(
            r.gapText
                == BilingualText(sv: "Annonserat som dialog, uppmätt som information", en: "Announced as dialogue, measured as information")
        )
        #expect(r.json["gap"] == true)
        #expect(r.json["gap_text"]?["en"] == "Announced as dialogue, measured as information")

        var honest = MatrixScript(declared: .information)
        _ = try honest.people(public: 2, civil: 3)
        _ = try honest.startRound()
        for slide in 1...3 { _ = try honest.input("p1", .idea, "Bild \(slide)") }
        #expect(!honest.result.gap)
        #expect(honest.result.gapText == nil)
    }

    @Test func publicQuestionsAnsweredByCivilSocietyIsConsultation() throws {
        var s = MatrixScript(declared: .consultation)
        _ = try s.people(public: 2, civil: 3)
        _ = try s.startRound()
        let question = try s.push("Vad behöver föreningarna?")
        try s.answer("p3", question, "Lokaler")
        try s.answer("p4", question, "Enklare ansökan")
        let ask = try s.input("p1", .question, "Hur når vi unga?")
        for civil in ["p3", "p4", "p5"] { _ = try s.reply(civil, to: ask, "Via skolorna") }

        let r = s.result
        #expect(r.measuredLevel == .consultation)
        #expect(!r.gap)
        let e = r.evidence
        #expect(e.openAnswers == SectorCounts(civil: 2))
        #expect(e.inputs == SectorCounts(public: 1, civil: 3))
        #expect(e.contributions == SectorCounts(public: 1, civil: 5))
        #expect(e.facilitatorQuestions == 1)
        #expect(e.questionInputs == SectorCounts(public: 1))
        #expect(e.civilInitiative == 0)
        #expect(e.civilToPublicReplies == 3)
        #expect(e.publicToCivilReplies == 0)
        #expect(e.civilInputs == 0)
        #expect(e.items == 7)
        let unmet = Set(r.rules.filter { !$0.isMet }.map(\.id))
        #expect(unmet.isSuperset(of: ["public_to_civil_replies", "civil_initiative"]))
        #expect(!unmet.contains("civil_to_public_replies"))
    }

    @Test func twoWayExchangeWithCivilQuestionsIsBroadDialogue() throws {
        let (s, ids) = try Self.dialogue()
        let r = s.result
        #expect(r.measuredLevel == .broadDialogue)
        #expect(r.measuredLevel?.declaredEquivalent == .dialogue)
        #expect(!r.gap)
        let e = r.evidence
        #expect(e.present == SectorCounts(public: 2, civil: 3))
        #expect(e.inputs == SectorCounts(public: 2, civil: 2))
        #expect(e.topics == SectorCounts(civil: 1))
        #expect(e.contributions == SectorCounts(public: 2, civil: 3))
        #expect(e.civilShareOfContributions == 0.6)
        #expect(e.civilVoiceRatio == 1)
        #expect(e.questionsFromTopics == 1 && e.facilitatorQuestions == 0)
        #expect(e.topicsTakenUp == SectorCounts(civil: 1))
        #expect(e.questionInputs == SectorCounts(civil: 1))
        #expect(e.civilInitiative == 2)
        #expect(e.publicToCivilReplies == 1 && e.civilToPublicReplies == 1)
        #expect(e.civilInputs == 1 && e.civilInputsRepliedByPublic == 1 && e.responsiveness == 1)
        #expect(e.jointProposals.isEmpty && e.sharedCommitments.isEmpty)
        #expect(e.items == 6)
        #expect(ids["civilQuestion"] == "i3")
    }

    @Test func jointlyEndorsedRecommendationIsCollaborativeDialogue() throws {
        var (s, _) = try Self.dialogue()
        let recommendation = try s.input("p4", .proposal, "Gemensam rekommendation: en lokalpool")
        try s.agree("p2", with: recommendation)
        let regionOnly = try s.input("p1", .proposal, "Regionen utreder frågan")
        try s.agree("p2", with: regionOnly)

        let r = s.result
        #expect(r.measuredLevel == .collaborativeDialogue)
        #expect(r.measuredLevel?.declaredEquivalent == .dialogue)
        #expect(r.evidence.proposals == 2)
        #expect(r.evidence.jointProposals == [recommendation])
        #expect(r.evidence.civilInputs == 2)
        #expect(r.evidence.civilInputsResponded == 1)
        #expect(r.evidence.responsiveness == 0.5)
        #expect(r.evidence.items == 8)
        #expect(r.confidence == .medium)
    }

    @Test func commitmentsOwnedByBothSectorsArePartnership() throws {
        var (s, _) = try Self.dialogue(declared: .partnership)
        try s.commitment([.region, .association], step: .implementation, what: "Starta lokalpoolen")
        try s.commitment([.region], step: .monitoring, what: "Återrapportera i juni")

        let r = s.result
        #expect(r.measuredLevel == .partnership)
        #expect(!r.gap)
        #expect(r.evidence.commitments == 2)
        #expect(r.evidence.sharedCommitments == ["c1"])
        #expect(r.evidence.sharedCommitmentSteps == [.implementation])
        #expect(r.evidence.commitmentSteps == [.implementation, .monitoring])
        #expect(r.declaredStep == .drafting)
        #expect(r.steps == [.drafting, .implementation], "monitoring was the region's alone: no partnership at that step")
        #expect(r.evidence.jointProposals.isEmpty)
    }

    @Test func aSharedCommitmentMustNameAStepAndBothSectors() throws {
        var (s, _) = try Self.dialogue(declared: .partnership)
        try s.commitment([.region, .association], step: nil, what: "Ses igen")
        try s.commitment([.association, CommitmentOwner(organisation: "Idrottsförbundet", sector: .civil)], step: .drafting)
        try s.commitment([.region, CommitmentOwner(organisation: "Forskare", sector: .other)], step: .decision)

        var r = s.result
        #expect(r.measuredLevel == .broadDialogue)
        #expect(r.evidence.commitments == 3)
        #expect(r.evidence.sharedCommitments.isEmpty)
        #expect(r.evidence.sharedCommitmentSteps.isEmpty)
        #expect(r.evidence.commitmentSteps == [.drafting, .decision])
        #expect(r.rules.first { $0.id == "shared_commitments" }?.isMet == false)

        try s.commitment([.association, .region], step: .monitoring)
        r = s.result
        #expect(r.measuredLevel == .partnership)
        #expect(r.evidence.sharedCommitments == ["c4"])
        #expect(r.evidence.sharedCommitmentSteps == [.monitoring])
    }

    @Test func sharedCommitmentsWithoutDialogueStayBelowPartnership() throws {
        var s = MatrixScript(declared: .partnership)
        _ = try s.people(public: 2, civil: 3)
        _ = try s.startRound()
        for slide in 1...3 { _ = try s.input("p1", .idea, "Bild \(slide)") }
        try s.commitment([.region, .association], step: .implementation)

        let r = s.result
        #expect(r.measuredLevel == .information)
        #expect(r.evidence.sharedCommitments == ["c1"])
        #expect(r.gapText?.sv == "Annonserat som partnerskap, uppmätt som information")
    }

    @Test func emptyMeetingHasNotEnoughData() throws {
        let s = MatrixScript()
        let r = s.result
        #expect(r.measuredLevel == nil)
        #expect(r.notEnoughData)
        #expect(r.confidence == .low)
        #expect(!r.gap)
        #expect(r.evidence == MatrixEvidence())
        #expect(
            r.reason?.en
                == "Too few people present: 0 of at least 3. Too little happened: 0 contributions and questions of at least 3. Nobody from civil society was present."
        )
        #expect(r.rules.filter { $0.gate == .data }.allSatisfy { !$0.isMet })
        #expect(r.json["measured_level"] == .null)
        #expect(r.json["not_enough_data"] == true)
    }

    @Test func peoplePresentButSilentHaveNotEnoughData() throws {
        var s = MatrixScript()
        _ = try s.people(public: 2, civil: 3)
        _ = try s.startRound()
        _ = try s.input("p1")
        let r = s.result
        #expect(r.notEnoughData)
        #expect(r.evidence.present.total == 5)
        #expect(r.evidence.items == 1)
        #expect(r.reason?.sv == "För lite har hänt: 1 bidrag och frågor av minst 3.")
    }

    @Test func hiddenInputsCountForNothingElse() throws {
        var (s, ids) = try Self.dialogue()
        _ = try s.facilitate(.hideInput(input: ids["publicReply"]!, reason: "Fel tråd"))
        let r = s.result
        #expect(r.evidence.hiddenInputs == 1)
        #expect(r.evidence.publicToCivilReplies == 0)
        #expect(r.evidence.civilInputsRepliedByPublic == 0)
        #expect(r.measuredLevel == .consultation)
    }

    @Test func aReplyToAnInputHiddenLaterIsNoExchange() throws {
        var (s, ids) = try Self.dialogue()
        _ = try s.facilitate(.hideInput(input: ids["civilQuestion"]!, reason: "Personuppgifter"))
        let r = s.result
        #expect(r.evidence.hiddenInputs == 1)
        #expect(r.evidence.publicToCivilReplies == 0, "the official's answer stays, but answers nothing on the record")
        #expect(r.evidence.civilToPublicReplies == 1)
        #expect(r.evidence.sameSectorReplies == 0 && r.evidence.otherCrossSectorReplies == 0)
        #expect(r.evidence.inputs.publicSide == 2, "the answer still counts as voice")
        #expect(r.evidence.civilInputs == 0 && r.evidence.civilInputsRepliedByPublic == 0)
        #expect(r.measuredLevel == .consultation)
    }
}
