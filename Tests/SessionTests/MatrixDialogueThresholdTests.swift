import Testing

@testable import Session

/// When a meeting counts as dialogue: civil society's voice, and exchanges that grow with the room.
@Suite struct MatrixDialogueThresholdTests {
    /// 2 of 25 contributions from 2 of 5 people is a ratio of exactly 0.2: the rule's threshold.
    @Test func aVoiceRatioExactlyAtTheThresholdMeetsIt() {
        var evidence = MatrixEvidence()
        evidence.present = SectorCounts(public: 3, civil: 2)
        evidence.inputs = SectorCounts(public: 23, civil: 2)
        #expect(evidence.civilVoiceRatio == 0.2)
        evidence.inputs = SectorCounts(public: 8, civil: 2)
        evidence.present = SectorCounts(public: 6, civil: 4)
        #expect(evidence.civilVoiceRatio == 0.5)
        #expect(MatrixEvidence().civilVoiceRatio == 0, "nobody present, nothing said")
    }

    /// A one-way café with a token exchange: 100 public, 100 civil; the region posts 150 notes,
    /// civil society 17 (one a question), an official answers the question and the asker says thanks.
    @Test func tokenExchangeInALargeOneWayCafeIsConsultation() throws {
        var s = MatrixScript(declared: .dialogue)
        let (publicSide, civil) = try s.people(public: 100, civil: 100)
        try s.addTables(20)
        let round = try s.startRound()
        for n in 0..<150 { _ = try s.input(publicSide[n % publicSide.count], .idea, "Information \(n + 1)") }
        for n in 0..<16 { _ = try s.input(civil[n], .idea, "Synpunkt \(n + 1)") }
        let asker = civil[16]
        let question = try s.input(asker, .question, "När beslutas budgeten?")
        let seating = try #require(s.meeting.round(round)?.seating)
        let official = try #require(publicSide.first { seating[$0] == seating[asker] })
        let answer = try s.reply(official, to: question, "I juni.")
        _ = try s.reply(asker, to: answer, "Tack!")

        let r = s.result
        let e = r.evidence
        #expect(e.present == SectorCounts(public: 100, civil: 100))
        #expect(e.contributions == SectorCounts(public: 151, civil: 18))
        #expect(e.publicToCivilReplies == 1 && e.civilToPublicReplies == 1 && e.civilInitiative == 1)
        #expect(r.measuredLevel == .consultation)
        #expect(r.confidence == .high)
        #expect(rule(r, "civil_voice_ratio").isMet, "0.21 is enough for consultation")
        #expect(!rule(r, "dialogue_civil_voice_ratio").isMet, "but not for dialogue")
        for id in ["public_to_civil_replies", "civil_to_public_replies", "civil_initiative"] {
            #expect(rule(r, id).threshold == 10, "200 present need 10 of \(id)")
            #expect(!rule(r, id).isMet)
        }
        #expect(r.json["rules"]?.arrayValue?.first { $0["id"] == "dialogue_civil_voice_ratio" }?["threshold"] == .double(0.5))
    }

    @Test func exchangesNeededGrowOnePerTwentyPresent() {
        let needed = [0: 1, 1: 1, 19: 1, 20: 1, 21: 2, 40: 2, 41: 3, 200: 10, 201: 11]
        for (present, count) in needed { #expect(MatrixThresholds.perPresent(present) == count, "\(present) present") }
    }

    /// Evidence that is broad dialogue with `present` people at one reply each way and one civil
    /// initiative per `exchanges`, and civil society speaking as much per person as the public side.
    static func evidence(present: Int, exchanges: Int) -> MatrixEvidence {
        var e = MatrixEvidence()
        e.present = SectorCounts(public: present / 2, civil: present - present / 2)
        e.inputs = SectorCounts(public: present, civil: present)
        e.publicToCivilReplies = exchanges
        e.civilToPublicReplies = exchanges
        e.questionInputs = SectorCounts(civil: exchanges)
        return e
    }

    @Test(arguments: [(20, 1, true), (21, 1, false), (21, 2, true), (40, 2, true), (41, 2, false), (200, 10, true), (200, 9, false)])
    func crossingRepliesAndInitiativeScaleWithThePeoplePresent(present: Int, exchanges: Int, dialogue: Bool) {
        let rules = MatrixRule.evaluate(Self.evidence(present: present, exchanges: exchanges))
        #expect(MatrixRule.level(from: rules) == (dialogue ? .broadDialogue : .consultation))
    }

    @Test func eachScaledRuleIsNeededOnItsOwn() {
        for field in [\MatrixEvidence.publicToCivilReplies, \.civilToPublicReplies] {
            var e = Self.evidence(present: 60, exchanges: 3)
            e[keyPath: field] = 2
            #expect(MatrixRule.level(from: MatrixRule.evaluate(e)) == .consultation)
        }
        var e = Self.evidence(present: 60, exchanges: 3)
        e.questionInputs = SectorCounts(civil: 1)
        e.topics = SectorCounts(civil: 1)
        #expect(MatrixRule.level(from: MatrixRule.evaluate(e)) == .consultation, "2 initiatives of 3")
        e.topics = SectorCounts(civil: 2)
        #expect(MatrixRule.level(from: MatrixRule.evaluate(e)) == .broadDialogue)
    }

    /// Equal presence: a voice ratio of 0.5 is a quarter of the contributions.
    @Test(arguments: [(25, true), (24, false)])
    func dialogueNeedsHalfAProportionalVoice(civilContributions: Int, dialogue: Bool) {
        var e = Self.evidence(present: 20, exchanges: 1)
        e.inputs = SectorCounts(public: 100 - civilContributions, civil: civilContributions)
        let rules = MatrixRule.evaluate(e)
        #expect(MatrixRule.level(from: rules) == (dialogue ? .broadDialogue : .consultation))
        #expect(rules.first { $0.id == "civil_voice_ratio" }?.isMet == true)
    }

    @Test func theCatalogueShowsTheSmallestThresholdAndSaysHowItGrows() throws {
        let catalogue = try #require(MatrixRule.catalogueJSON.arrayValue)
        let replies = try #require(catalogue.first { $0["id"] == "civil_to_public_replies" })
        #expect(replies["threshold"] == .double(1))
        #expect(replies["text"]?["en"]?.stringValue?.contains("per 20 people present") == true)
        #expect(replies["text"]?["sv"]?.stringValue?.contains("20-tal närvarande") == true)
        #expect(catalogue.first { $0["id"] == "dialogue_civil_voice_ratio" }?["gate"] == "broad_dialogue")
    }

    func rule(_ result: MatrixResult, _ id: String) -> MatrixRule {
        result.rules.first { $0.id == id } ?? MatrixRule(id: id, gate: .advisory, text: .init(sv: "", en: ""), threshold: 0, observed: 0)
    }
}
