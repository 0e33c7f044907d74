import Foundation
import Testing

@testable import Session

/// What the record says about people and inputs, agreeing with the matrix and with what the
/// participant was shown.
@Suite struct MinutesRecordTests {
    /// A participant's feedback page lists the inputs that opened a thread, a hidden one with its
    /// reason instead of its text, and no replies (the feedback form offers none for them).
    @Test func theFeedbackViewKeepsAHiddenInputWithItsReasonAndLeavesRepliesOut() throws {
        var s = MatrixScript()
        let (publicSide, civil) = try s.people(public: 1, civil: 2)
        _ = try s.startRound()
        let idea = try s.input(civil[0], .idea, "Fler mötesplatser")
        let personal = try s.input(civil[0], .idea, "Ring Anna på 070-123 45 67")
        let other = try s.input(civil[1], .idea, "Lokaler")
        _ = try s.reply(civil[0], to: other, "Håller med om lokalerna")
        _ = try s.facilitate(.hideInput(input: personal, reason: "Personuppgifter"))
        try s.feedback([idea, personal], by: .participant(publicSide[0]))

        let inputs = try #require(FeedbackView.json(of: s.meeting, for: civil[0])["inputs"]?.arrayValue)
        #expect(inputs.compactMap { $0["id"]?.stringValue } == [idea, personal])
        #expect(inputs[0]["text"]?.stringValue == "Fler mötesplatser")
        #expect(inputs[0]["hidden"] == .null)
        #expect(inputs[1]["text"] == .null, "the hidden text stays off the page")
        #expect(inputs[1]["hidden"]?.stringValue == "Personuppgifter")
        #expect(inputs[1]["feedback"]?.arrayValue?.count == 1, "the response to it reaches its author")
    }

    /// A meeting with too little data to classify says so and no more: no "gap: no" beside it.
    @Test func tooLittleDataPrintsNoGapLine() throws {
        var s = MatrixScript(declared: .dialogue)
        let (_, civil) = try s.people(public: 1, civil: 1)
        _ = try s.startRound()
        _ = try s.input(civil[0], .idea, "Ett inlägg")
        let matrix = ParticipationMatrix.classify(s.meeting)
        #expect(matrix.measuredLevel == nil, "two people and one input are too little to classify")
        for language in [Language.sv, .en] {
            s.meeting.info.language = language
            let md = Minutes(meeting: s.meeting, matrix: matrix.json, generatedAt: 0).render(.markdown)
            #expect(md.contains(language == .sv ? "För lite underlag" : "Too little data"))
            #expect(!md.contains(language == .sv ? "**Skillnad:**" : "**Gap:**"), "\(language)")
        }
    }

    /// Someone who left before a round seated ahead began is not in that round's seating in the
    /// minutes (Markdown and JSON), as the matrix does not count them present; someone who left
    /// during the round sat there.
    @Test func whoLeftBeforeARoundSeatedAheadBeganIsNotInItsSeating() throws {
        var s = MatrixScript()
        _ = try s.people(public: 3, civil: 5)
        try s.addTables(1)
        try s.closeRound(try s.startRound())
        let ahead = try s.facilitate(.planRound(question: nil, minutes: 20))!["round"]!.stringValue!
        _ = try s.facilitate(.seatRound(round: ahead))
        try s.run(.leave, by: .participant("p4"))
        _ = try s.facilitate(.startRound(round: ahead))
        try s.run(.leave, by: .participant("p5"))

        let json = Minutes(meeting: s.meeting).render(.json)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let rounds = try #require(object["rounds"] as? [[String: Any]])
        let seating = try #require(rounds.first { $0["id"] as? String == ahead }?["seating"] as? [String: [String]])
        #expect(seating["t1"]?.contains("p4") == false)
        #expect(seating["t1"]?.contains("p5") == true)
        #expect(seating["t1"]?.count == 7)
        let first = try #require(rounds.first { $0["id"] as? String != ahead }?["seating"] as? [String: [String]])
        #expect(first["t1"]?.contains("p4") == true, "p4 sat in the round before they left")
    }
}
