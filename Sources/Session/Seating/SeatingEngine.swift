/// Seats participants at tables so that sectors mix, colleagues sit apart and people meet
/// new people every round (see `docs/seating.md` for the cost function and its weights).
///
/// Hard constraints: table sizes differ by at most one (hosts included), hosts stay at their
/// table, pinned people sit where a facilitator put them. Where fixed people alone overfill
/// a table, sizes are as even as that allows. Deterministic for a given input and seed.
public enum SeatingEngine {
    /// Seats everyone in `request.people` at `request.tableIDs` for one round, given who has met.
    public static func seatRound(_ request: SeatingRequest) -> SeatingPlan {
        let tableIDs = unique(request.tableIDs)
        let people = unique(request.people)
        guard !tableIDs.isEmpty else { return SeatingPlan(tables: [:]) }
        let tableIndex = index(tableIDs)
        let personIndex = Dictionary(people.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        var model = SeatingModel(people: people, weights: request.weights)
        for (pair, times) in request.history.counts where times > 0 {
            if let x = personIndex[pair.a], let y = personIndex[pair.b] {
                model.met.add(x, y, times)
                model.hasHistory[x] = true
                model.hasHistory[y] = true
            }
        }
        let fixed = people.map { person in
            (request.pinned[person.id] ?? request.hosts[person.id]).flatMap { tableIndex[$0] } ?? -1
        }
        var solver = RoundSolver(model: model, tableCount: tableIDs.count, fixedTable: fixed, seed: request.seed)
        solver.solve()
        return plan(tableOf: solver.tableOf, people: people, tableIDs: tableIDs, hosts: request.hosts)
    }

    /// Plans `rounds` rounds for the same room, starting with nobody having met.
    ///
    /// When the room is q tables of q people with q a prime or the square or cube of one (9 at
    /// 3, 16 at 4, 25 at 5, 49 at 7, 64 at 8, 81 at 9), the affine plane of order q offers rounds
    /// that seat nobody with the same person twice for q + 1 rounds (q rounds when hosts stay,
    /// one host per table); they are kept unless rounds seated one at a time, each with the
    /// history of the ones before, cost less.
    public static func planRounds(
        people: [SeatingPerson], tableIDs: [String], rounds: Int, hosts: [String: String] = [:], seed: UInt64 = 1,
        weights: SeatingWeights = .standard
    ) -> [SeatingPlan] {
        let tableIDs = unique(tableIDs)
        let people = unique(people)
        guard rounds > 0 else { return [] }
        guard !tableIDs.isEmpty else { return Array(repeating: SeatingPlan(tables: [:]), count: rounds) }
        let tableIndex = index(tableIDs)
        let hostTable = people.map { person in hosts[person.id].flatMap { tableIndex[$0] } ?? -1 }
        let model = SeatingModel(people: people, weights: weights)
        var rng = SplitMix64(seed: seed)

        // The plane never repeats a pair, but which tables people share is fixed by its lines:
        // three colleagues, or a public side of three among nine, meet once whatever the
        // labelling. So it is kept only when no round-by-round plan costs less.
        var best: (cost: Int, schedule: [[Int]])?
        if let plane = AffinePlane(order: tableIDs.count), people.count == plane.order * plane.order,
            let schedule = affineSchedule(plane: plane, model: model, hostTable: hostTable, rounds: rounds, rng: &rng)
        {
            best = (scheduleCost(schedule, model: model, tableCount: tableIDs.count), schedule)
        }

        // Round by round. A small room whose schedule still carries serious cost (repeats,
        // colleagues, sector gaps) is planned again from other seeds, keeping the cheapest.
        let attempts = best?.cost == 0 ? 0 : people.count <= 200 ? 4 : 1
        for _ in 0..<attempts {
            let attempt = scheduleRoundByRound(
                model: model, tableCount: tableIDs.count, hostTable: hostTable, rounds: rounds, seed: rng.next())
            if best == nil || attempt.cost < best!.cost { best = (attempt.cost, attempt.schedule) }
            if !attempt.hasSeriousCost { break }
        }
        return best!.schedule.map { plan(tableOf: $0, people: people, tableIDs: tableIDs, hosts: hosts) }
    }

    /// The cost of a whole schedule as the round-by-round search counts it: each round's tables
    /// against the encounters of the rounds before.
    static func scheduleCost(_ schedule: [[Int]], model: SeatingModel, tableCount: Int) -> Int {
        var running = model
        var cost = 0
        for tableOf in schedule {
            var members = Array(repeating: [Int](), count: tableCount)
            for (person, table) in tableOf.enumerated() where table >= 0 { members[table].append(person) }
            for table in members {
                var publicSeats = 0
                var civilSeats = 0
                for (i, x) in table.enumerated() {
                    if running.sector[x] == SeatingModel.publicSector { publicSeats += 1 }
                    if running.sector[x] == SeatingModel.civilSector { civilSeats += 1 }
                    for y in table[(i + 1)...] { cost += running.pairCost(x, y) }
                }
                cost += running.sectorCost(publicSeats: publicSeats, civilSeats: civilSeats)
            }
            running.recordRound(tableOf: tableOf, tableCount: tableCount)
        }
        return cost
    }

    static func scheduleRoundByRound(
        model: SeatingModel, tableCount: Int, hostTable: [Int], rounds: Int, seed: UInt64
    ) -> (cost: Int, schedule: [[Int]], hasSeriousCost: Bool) {
        var rng = SplitMix64(seed: seed)
        var running = model
        var schedule: [[Int]] = []
        var cost = 0
        var serious = false
        for _ in 0..<rounds {
            var solver = RoundSolver(model: running, tableCount: tableCount, fixedTable: hostTable, seed: rng.next())
            solver.solve()
            cost += solver.totalCost
            serious = serious || solver.hasSeriousCost
            running.recordRound(tableOf: solver.tableOf, tableCount: tableCount)
            schedule.append(solver.tableOf)
        }
        return (cost, schedule, serious)
    }

    // MARK: - Helpers

    /// Builds a plan; each table lists its hosts first, then people in input order.
    static func plan(tableOf: [Int], people: [SeatingPerson], tableIDs: [String], hosts: [String: String]) -> SeatingPlan {
        var members = Array(repeating: [Int](), count: tableIDs.count)
        for (person, table) in tableOf.enumerated() where table >= 0 { members[table].append(person) }
        var tables: [String: [String]] = [:]
        for (t, table) in tableIDs.enumerated() {
            let ordered = members[t].sorted { x, y in
                let hostX = hosts[people[x].id] == table
                let hostY = hosts[people[y].id] == table
                return hostX != hostY ? hostX : x < y
            }
            tables[table] = ordered.map { people[$0].id }
        }
        return SeatingPlan(tables: tables)
    }

    static func unique(_ ids: [String]) -> [String] {
        var seen = Set<String>()
        return ids.filter { seen.insert($0).inserted }
    }

    static func unique(_ people: [SeatingPerson]) -> [SeatingPerson] {
        var seen = Set<String>()
        return people.filter { seen.insert($0.id).inserted }
    }

    static func index(_ ids: [String]) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
    }
}
