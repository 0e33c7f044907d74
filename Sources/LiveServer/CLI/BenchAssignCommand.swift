import ArgumentParser
import Session

/// `dialogcafe bench-assign`: times the seating engine on synthetic rooms and reports quality.
struct BenchAssignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-assign",
        abstract: "Benchmark table assignment on synthetic rooms from 20 to 5,000 participants, and late arrivals.")

    @Option(help: "Seed for the synthetic rooms and the search.") var seed: UInt64 = 1
    @Option(help: "Skip rooms larger than this.") var maxParticipants = 5_000
    @Option(help: "Skip late-arrival rooms larger than this.") var maxLateArrivals = 10_000

    /// Regions weighted as in Tests/SessionTests/Fixtures/seating/organisations.csv (organisations per region; "" = none).
    static let regionWeights: [(String, Int)] = [
        ("Stockholm", 6), ("Norrbotten", 6), ("Kalmar", 6), ("Västernorrland", 6), ("Örebro", 4),
        ("Västra Götaland", 4), ("Halland", 4), ("Värmland", 2), ("", 3),
    ]

    /// About 40% public; about 8 people per organisation in large rooms (at most 400
    /// organisations), 2 in the smallest; a quarter of organisations public.
    static func syntheticRoom(count: Int, seed: UInt64) -> [SeatingPerson] {
        var rng = SplitMix64(seed: seed)
        let organisations = min(400, max(count / 8, min(count / 2, 10)))
        let publicOrganisations = max(3, organisations / 4)
        let totalWeight = regionWeights.reduce(0) { $0 + $1.1 }
        let regionOf: [String] = (0..<organisations).map { _ in
            var pick = rng.int(below: totalWeight)
            for (region, weight) in regionWeights {
                if pick < weight { return region }
                pick -= weight
            }
            return ""
        }
        return (0..<count).map { i in
            let isPublic = rng.unit() < 0.4
            let org =
                isPublic
                ? rng.int(below: publicOrganisations)
                : publicOrganisations + rng.int(below: organisations - publicOrganisations)
            let region = regionOf[org]
            return SeatingPerson(
                id: "p\(i)", sector: isPublic ? .public : .civil,
                organisation: isPublic ? "Public body \(org)" : "Association \(org)",
                region: region.isEmpty ? nil : region)
        }
    }

    func run() throws {
        let instances = [(20, 3), (100, 4), (500, 5), (2_000, 6), (5_000, 6)]
        let table = BenchTable(titles: [
            "participants", "rounds", "tables", "time ms", "repeated", "repeat bound", "same-org", "missing sector", "civil outnumbered",
        ])
        table.printTitles()
        for (count, rounds) in instances where count <= maxParticipants {
            let people = Self.syntheticRoom(count: count, seed: seed &+ UInt64(count))
            let tableIDs = (1...((count + 5) / 6)).map { "t\($0)" }
            let clock = ContinuousClock()
            var times: [Duration] = []
            var plans: [SeatingPlan] = []
            for _ in 0..<(count >= 5_000 ? 1 : 3) {
                let started = clock.now
                plans = SeatingEngine.planRounds(people: people, tableIDs: tableIDs, rounds: rounds, seed: seed)
                times.append(clock.now - started)
            }
            let median = times.sorted()[times.count / 2]
            var history = PairHistory()
            var repeated = 0
            var bound = 0
            var sameOrganisation = 0
            var missing = 0
            var outnumbered = 0
            for plan in plans {
                let quality = SeatingEngine.quality(of: plan, people: people, history: history)
                history.record(tables: Array(plan.tables.values))
                repeated += quality.repeatedPairs
                bound += quality.lowerBoundRepeatedPairs ?? 0
                sameOrganisation += quality.sameOrganisationPairs
                missing += quality.tablesMissingSector
                outnumbered += quality.civilOutnumberedTables
            }
            table.printRow([
                "\(count)", "\(rounds)", "\(tableIDs.count)", String(Int(BenchTable.milliseconds(median).rounded())), "\(repeated)",
                "\(bound)", "\(sameOrganisation)", "\(missing)", "\(outnumbered)",
            ])
        }
        print("\nLate arrivals: a round started before anyone came, then everyone joining one by one")
        try LateArrivalBench.run(sizes: [200, 2_000, 10_000].filter { $0 <= maxLateArrivals }, seed: seed)
    }
}
