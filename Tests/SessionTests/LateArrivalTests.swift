import Testing

@testable import Session

/// Someone arriving while a round runs and the next is already seated.
@Suite struct LateArrivalTests {
    @Test func aLateArrivalMeetsNewPeopleInTheRoundSeatedAhead() throws {
        var s = MatrixScript(declared: .dialogue)
        _ = try s.people(public: 3, civil: 3)
        try s.addTables(3)
        _ = try s.startRound()
        let ahead = try s.facilitate(.planRound(question: nil, minutes: 20))!["round"]!.stringValue!
        _ = try s.facilitate(.seatRound(round: ahead))
        let late = try s.join("Sen", .other, organisation: "Forskarnätverket")
        let first = s.meeting.rounds[0], second = try #require(s.meeting.round(ahead))
        let firstTable = try #require(first.seating[late]), secondTable = try #require(second.seating[late])
        let metFirst = Set(first.members(of: firstTable)).subtracting([late])
        let metSecond = Set(second.members(of: secondTable)).subtracting([late])
        #expect(!metFirst.isEmpty && !metSecond.isEmpty)
        #expect(metFirst.isDisjoint(with: metSecond), "round 2 brings new people: \(metFirst) then \(metSecond)")
    }
}
