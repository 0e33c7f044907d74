import Testing

@testable import Session

/// Evidence stays where and by whom it was made: commitments with the table their recorder
/// hosted then, and feedback only from who counts.
@Suite struct MatrixRecordTests {
    @Test func aCommitmentStaysWithTheTableItsRecorderHostedThen() throws {
        var s = MatrixScript(declared: .partnership)
        let people = try s.people(public: 2, civil: 2)
        try s.addTables(2)
        let round = try s.startRound(seats: [people.public[0]: "t1", people.civil[0]: "t1", people.public[1]: "t2", people.civil[1]: "t2"])
        _ = try s.facilitate(.setHost(table: "t2", participant: people.public[1]))
        let owners = [
            CommitmentOwner(organisation: "Region Kalmar län", sector: .public),
            CommitmentOwner(organisation: "Ideell kulturallians", sector: .civil),
        ]
        _ = try s.run(
            .recordCommitment(what: "Gemensam portal", owners: owners, due: nil, step: .implementation),
            by: .participant(people.public[1]))
        try s.closeRound(round)
        // The host moves on to host t1; t2 keeps the commitment made there.
        _ = try s.facilitate(.setHost(table: "t1", participant: people.public[1]))
        let all = ParticipationMatrix.classifyAll(s.meeting)
        let t2 = try #require(all.table("t2"))
        let t1 = try #require(all.table("t1"))
        #expect(t2.evidence.sharedCommitments == ["c1"])
        #expect(t1.evidence.commitments == 0, "no commitment was made at t1")
    }

    @Test func feedbackFromAnObserverDoesNotCountAsThePublicSidesResponse() throws {
        var s = MatrixScript(declared: .consultation)
        let people = try s.people(public: 2, civil: 2)
        let round = try s.startRound()
        let input = try s.input(people.civil[0], .idea, "Landsbygden")
        try s.closeRound(round)
        _ = try s.facilitate(.setRole(participant: people.public[0], role: .observer))
        try s.feedback([input], by: .participant(people.public[0]))
        #expect(s.result.evidence.civilInputsWithFeedback == 0)
        try s.feedback([input], by: .participant(people.public[1]))
        #expect(s.result.evidence.civilInputsWithFeedback == 1)
    }
}
