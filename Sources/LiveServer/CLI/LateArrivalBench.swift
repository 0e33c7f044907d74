import Session

/// The second table of `dialogcafe bench-assign`: a round started before anyone arrived, then
/// everyone joining one by one, each seated at once as a late arrival (as at a café whose
/// facilitator starts on time). Times each join's decision and commit in the domain.
enum LateArrivalBench {
    static func run(sizes: [Int], seed: UInt64) throws {
        let table = BenchTable(titles: [
            "participants", "tables", "total ms", "join µs p50", "last tenth µs p50", "same-org pairs", "missing sector",
        ])
        table.printTitles()
        for count in sizes {
            let people = BenchAssignCommand.syntheticRoom(count: count, seed: seed &+ UInt64(count))
            var meeting = Meeting(
                code: "BENCH\(count)", info: MeetingInfo(title: "Bench", date: "2026-01-01", declaredLevel: .dialogue, decisionStep: .drafting),
                createdAt: 0)
            let tables = (count + 7) / 8
            try apply(.addTables(count: tables, names: []), by: .facilitator, to: &meeting)
            try apply(.planRound(question: nil, minutes: 20), by: .facilitator, to: &meeting)
            try apply(.startRound(round: "r1"), by: .facilitator, to: &meeting)
            let clock = ContinuousClock()
            var joins: [Duration] = []
            let started = clock.now
            for person in people {
                let before = clock.now
                try apply(
                    .join(JoinRequest(name: "Besökare", sector: person.sector, organisation: person.organisation, region: person.region)),
                    by: nil, to: &meeting)
                joins.append(clock.now - before)
            }
            let total = clock.now - started
            let round = meeting.rounds[0]
            let plan = SeatingPlan(tables: round.membersByTable)
            let quality = SeatingEngine.quality(of: plan, people: meeting.present.map(\.seatingPerson), history: PairHistory())
            table.printRow([
                "\(count)", "\(tables)", String(Int(BenchTable.milliseconds(total).rounded())),
                String(Int((BenchTable.milliseconds(median(joins)) * 1000).rounded())),
                String(Int((BenchTable.milliseconds(median(Array(joins.suffix(count / 10)))) * 1000).rounded())),
                "\(quality.sameOrganisationPairs)", "\(quality.tablesMissingSector)",
            ])
        }
    }

    private static func apply(_ command: MeetingCommand, by actor: Actor?, to meeting: inout Meeting) throws {
        let decision = try meeting.decide(command, by: actor, at: 1_000)
        _ = meeting.commit(decision, at: 1_000)
    }

    private static func median(_ values: [Duration]) -> Duration { values.sorted()[values.count / 2] }
}
