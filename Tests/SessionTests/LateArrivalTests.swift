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

    /// A round started before anyone arrived (the facilitator opens the café early) seats
    /// everyone who comes in after, and a host named then sits at their table.
    @Test func aRoundStartedBeforeAnyoneArrivedSeatsEveryoneWhoComes() throws {
        var cafe = CafeScript()
        cafe.run(.addTables(count: 2, names: []))
        cafe.run(.planRound(question: "Vad behöver föreningarna?", minutes: 20))
        cafe.run(.startRound(round: "r1"))
        let amina = cafe.join("Amina", .civil, "Ideell kulturallians")
        let bo = cafe.join("Bo", .public, "Region Kalmar län")
        let round = try #require(cafe.meeting.round("r1"))
        #expect(round.seating["p1"] != nil && round.seating["p2"] != nil, "\(round.seating)")
        cafe.run(.addInput(kind: .idea, text: "Fler lokaler"), by: amina)
        cafe.run(.setHost(table: "t2", participant: "p2"))
        #expect(cafe.meeting.round("r1")?.seating["p2"] == "t2")
        cafe.run(.addInput(kind: .proposal, text: "Öppna skolorna"), by: bo)
        #expect(Meeting.replay(cafe.records) == cafe.meeting)
    }
}
