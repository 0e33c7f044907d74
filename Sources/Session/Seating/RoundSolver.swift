/// Seats one round: table sizes as even as the fixed people allow, a spreading deal, then a
/// swap search whose delta cost touches only the two tables involved.
///
/// Everything is indexed by dense ints. Table `t` owns the slots `start[t]..<start[t + 1]`;
/// a swap exchanges two slots, so table sizes change only when an extra seat moves
/// (`moveExtraSeats`), and stay within one of each other.
struct RoundSolver {
    let model: SeatingModel
    let tableCount: Int
    private(set) var start: [Int]
    private(set) var slots: [Int]
    private(set) var tableOf: [Int]
    private var slotOf: [Int]
    private let isFixed: [Bool]
    private var publicAt: [Int]
    private var civilAt: [Int]
    /// Sum of pair costs between a person and everyone else at their table.
    private var personCost: [Int]
    private var rng: SplitMix64

    /// `fixedTable[i]` is the table person `i` must sit at, or -1.
    init(model: SeatingModel, tableCount: Int, fixedTable: [Int], seed: UInt64) {
        precondition(tableCount > 0 && fixedTable.count == model.count)
        self.model = model
        self.tableCount = tableCount
        let n = model.count
        rng = SplitMix64(seed: seed)
        isFixed = fixedTable.map { $0 >= 0 }

        // Sizes: as even as possible given how many are fixed at each table.
        var fixedCount = Array(repeating: 0, count: tableCount)
        for table in fixedTable where table >= 0 { fixedCount[table] += 1 }
        let sizes = Self.evenSizes(total: n, lowerBounds: fixedCount)
        start = Array(repeating: 0, count: tableCount + 1)
        for t in 0..<tableCount { start[t + 1] = start[t] + sizes[t] }

        slots = Array(repeating: -1, count: n)
        tableOf = Array(repeating: -1, count: n)
        slotOf = Array(repeating: -1, count: n)
        publicAt = Array(repeating: 0, count: tableCount)
        civilAt = Array(repeating: 0, count: tableCount)
        personCost = Array(repeating: 0, count: n)
        var fill = Array(start.dropLast())
        func place(_ person: Int, _ table: Int) {
            slots[fill[table]] = person
            slotOf[person] = fill[table]
            tableOf[person] = table
            fill[table] += 1
        }
        for person in 0..<n where fixedTable[person] >= 0 { place(person, fixedTable[person]) }

        // Deal the others round the tables grouped by sector, region and organisation (in a
        // seeded order), so that each sector spreads evenly and colleagues land apart.
        var regionRank = (0..<(Int(model.region.max() ?? 0) + 2)).map { $0 }
        rng.shuffle(&regionRank)
        var orgRank = (0..<(Int(model.organisation.max() ?? 0) + 1)).map { $0 }
        rng.shuffle(&orgRank)
        var shuffled = (0..<n).filter { fixedTable[$0] < 0 }
        rng.shuffle(&shuffled)
        // The shuffled position breaks ties, so the order never depends on sort stability.
        let free = shuffled.enumerated().map { position, x in
            (model.sector[x], regionRank[Int(model.region[x]) + 1], orgRank[Int(model.organisation[x])], position, x)
        }.sorted { ($0.0, $0.1, $0.2, $0.3) < ($1.0, $1.1, $1.2, $1.3) }.map(\.4)
        var tableOrder = Array(0..<tableCount)
        rng.shuffle(&tableOrder)
        var cursor = 0
        for person in free {
            while fill[tableOrder[cursor]] == start[tableOrder[cursor] + 1] { cursor = (cursor + 1) % tableCount }
            place(person, tableOrder[cursor])
            cursor = (cursor + 1) % tableCount
        }
        rebuildDerived()
    }

    /// Sizes that differ by at most one where the lower bounds allow, else as even as they allow.
    static func evenSizes(total: Int, lowerBounds: [Int]) -> [Int] {
        let fixedTotal = lowerBounds.reduce(0, +)
        precondition(fixedTotal <= total)
        func needed(_ level: Int) -> Int { lowerBounds.reduce(0) { $0 + max($1, level) } }
        var low = 0
        var high = total + 1
        while high - low > 1 {
            let mid = (low + high) / 2
            if needed(mid) <= total { low = mid } else { high = mid }
        }
        var sizes = lowerBounds.map { max($0, low) }
        var remaining = total - needed(low)
        for t in sizes.indices where remaining > 0 && sizes[t] == low {
            sizes[t] += 1
            remaining -= 1
        }
        return sizes
    }

    private mutating func rebuildDerived() {
        for t in 0..<tableCount {
            var pub = 0
            var civ = 0
            for s in start[t]..<start[t + 1] {
                let x = slots[s]
                tableOf[x] = t
                slotOf[x] = s
                if model.sector[x] == SeatingModel.publicSector { pub += 1 }
                if model.sector[x] == SeatingModel.civilSector { civ += 1 }
                personCost[x] = costTo(x, table: t)
            }
            publicAt[t] = pub
            civilAt[t] = civ
        }
    }

    @inline(__always) private func costTo(_ x: Int, table t: Int) -> Int {
        var cost = 0
        for s in start[t]..<start[t + 1] {
            let z = slots[s]
            if z != x { cost += model.pairCost(x, z) }
        }
        return cost
    }

    @inline(__always) private func sectorCost(_ t: Int) -> Int {
        model.sectorCost(publicSeats: publicAt[t], civilSeats: civilAt[t])
    }

    @inline(__always) private func sectorDelta(_ x: Int, _ y: Int, _ a: Int, _ b: Int) -> Int {
        let sx = model.sector[x]
        let sy = model.sector[y]
        if sx == sy { return 0 }
        let px = sx == SeatingModel.publicSector ? 1 : 0
        let cx = sx == SeatingModel.civilSector ? 1 : 0
        let py = sy == SeatingModel.publicSector ? 1 : 0
        let cy = sy == SeatingModel.civilSector ? 1 : 0
        let afterA = model.sectorCost(publicSeats: publicAt[a] - px + py, civilSeats: civilAt[a] - cx + cy)
        let afterB = model.sectorCost(publicSeats: publicAt[b] - py + px, civilSeats: civilAt[b] - cy + cx)
        return afterA + afterB - sectorCost(a) - sectorCost(b)
    }

    /// The cost of the whole plan.
    var totalCost: Int {
        var cost = personCost.reduce(0, +) / 2
        for t in 0..<tableCount { cost += sectorCost(t) }
        return cost
    }

    /// Cost change if `x` and `y` (at different tables) changed places.
    @inline(__always) private func swapDelta(_ x: Int, _ y: Int) -> Int {
        let a = tableOf[x]
        let b = tableOf[y]
        let pxy = model.pairCost(x, y)
        return (costTo(x, table: b) - pxy - personCost[x]) + (costTo(y, table: a) - pxy - personCost[y])
            + sectorDelta(x, y, a, b)
    }

    private mutating func swap(_ x: Int, _ y: Int) {
        let a = tableOf[x]
        let b = tableOf[y]
        let pxy = model.pairCost(x, y)
        let newX = costTo(x, table: b) - pxy
        let newY = costTo(y, table: a) - pxy
        for s in start[a]..<start[a + 1] {
            let z = slots[s]
            if z != x { personCost[z] += model.pairCost(z, y) - model.pairCost(z, x) }
        }
        for s in start[b]..<start[b + 1] {
            let z = slots[s]
            if z != y { personCost[z] += model.pairCost(z, x) - model.pairCost(z, y) }
        }
        personCost[x] = newX
        personCost[y] = newY
        let sx = slotOf[x]
        let sy = slotOf[y]
        slots[sx] = y
        slots[sy] = x
        slotOf[x] = sy
        slotOf[y] = sx
        tableOf[x] = b
        tableOf[y] = a
        let sectorX = model.sector[x]
        let sectorY = model.sector[y]
        if sectorX == SeatingModel.publicSector { publicAt[a] -= 1; publicAt[b] += 1 }
        if sectorX == SeatingModel.civilSector { civilAt[a] -= 1; civilAt[b] += 1 }
        if sectorY == SeatingModel.publicSector { publicAt[b] -= 1; publicAt[a] += 1 }
        if sectorY == SeatingModel.civilSector { civilAt[b] -= 1; civilAt[a] += 1 }
    }

    /// The smallest weight that is more than regional spread: a person above it wants to move.
    private var seriousCost: Int {
        let w = model.weights
        return max(1, min(w.repeatedEncounter, w.sameOrganisation, w.missingSector, w.civilOutnumbered))
    }

    private func tableIsTroubled(_ t: Int, serious: Int) -> Bool {
        if sectorCost(t) > 0 { return true }
        for s in start[t]..<start[t + 1] where personCost[slots[s]] >= serious { return true }
        return false
    }

    /// Steepest descent from the people who carry serious cost: each tries every swap with
    /// the people of all tables (or of a seeded sample of tables when there are many).
    /// Returns the number of swap evaluations spent.
    @discardableResult
    mutating func descend(maxEvaluations: Int, maxPasses: Int = 40) -> Int {
        let serious = seriousCost
        let sampled = tableCount > 80
        let sampleSize = 48
        var evaluations = 0
        for _ in 0..<maxPasses {
            var improved = false
            var troubled = (0..<tableCount).filter { tableIsTroubled($0, serious: serious) }
            if troubled.isEmpty { break }
            rng.shuffle(&troubled)
            for a in troubled {
                let sectorTroubled = sectorCost(a) > 0
                for s in start[a]..<start[a + 1] {
                    let x = slots[s]
                    if isFixed[x] || !(sectorTroubled || personCost[x] >= serious) { continue }
                    var bestDelta = 0
                    var bestPartner = -1
                    let candidates = sampled ? sampleSize : tableCount
                    for k in 0..<candidates {
                        let b = sampled ? rng.int(below: tableCount) : k
                        if b == a { continue }
                        let xToB = costTo(x, table: b)
                        for sy in start[b]..<start[b + 1] {
                            let y = slots[sy]
                            if isFixed[y] { continue }
                            let pxy = model.pairCost(x, y)
                            let delta =
                                (xToB - pxy - personCost[x]) + (costTo(y, table: a) - pxy - personCost[y])
                                + sectorDelta(x, y, a, b)
                            if delta < bestDelta {
                                bestDelta = delta
                                bestPartner = y
                            }
                        }
                        evaluations += start[b + 1] - start[b]
                    }
                    if bestPartner >= 0 {
                        swap(x, bestPartner)
                        improved = true
                    }
                }
                if evaluations > maxEvaluations { break }
            }
            if !improved || evaluations > maxEvaluations { break }
        }
        return evaluations
    }

    /// Threshold accepting over random swaps, keeping the best plan seen; for small rooms,
    /// where descent stalls on tight schedules.
    mutating func anneal(iterations: Int) {
        let free = (0..<model.count).filter { !isFixed[$0] }
        guard free.count >= 2, tableCount >= 2, iterations > 0 else { return }
        let serious = seriousCost
        var current = totalCost
        var best = current
        var bestSlots = slots
        let startThreshold = Double(max(model.weights.repeatedEncounter, 1)) * 2
        for i in 0..<iterations {
            if best == 0 { break }
            // Lean towards people who carry serious cost: up to 4 draws to find one.
            var x = free[rng.int(below: free.count)]
            for _ in 0..<3 where personCost[x] < serious { x = free[rng.int(below: free.count)] }
            let y = free[rng.int(below: free.count)]
            if tableOf[x] == tableOf[y] { continue }
            let delta = swapDelta(x, y)
            let threshold = startThreshold * (1 - Double(i) / Double(iterations))
            if delta <= 0 || Double(delta) < threshold * rng.unit() {
                swap(x, y)
                current += delta
                if current < best {
                    best = current
                    bestSlots = slots
                }
            }
        }
        if current != best {
            slots = bestSlots
            rebuildDerived()
        }
    }

    /// Whether anyone still carries serious cost or a table's sector mix costs anything.
    var hasSeriousCost: Bool {
        let serious = seriousCost
        return (0..<tableCount).contains { tableIsTroubled($0, serious: serious) }
    }

    /// Which tables hold the extra seats, when people do not divide evenly, is set before the
    /// search, and swaps keep sizes. So a free person at a table with an extra seat moves to
    /// a table without one (the extra seat moving with them) wherever that lowers the cost:
    /// with a host's colleague among the free people, say, the host's table should not be the
    /// one to take two of them. Returns whether anyone moved.
    mutating func moveExtraSeats() -> Bool {
        var sizes = (0..<tableCount).map { start[$0 + 1] - start[$0] }
        guard let low = sizes.min(), sizes.max() == low + 1 else { return false }
        var moved = false
        for x in 0..<model.count where !isFixed[x] && sizes[tableOf[x]] == low + 1 {
            let a = tableOf[x]
            let sx = model.sector[x]
            let p = sx == SeatingModel.publicSector ? 1 : 0
            let c = sx == SeatingModel.civilSector ? 1 : 0
            let leaving = model.sectorCost(publicSeats: publicAt[a] - p, civilSeats: civilAt[a] - c) - sectorCost(a) - personCost[x]
            var best: (table: Int, delta: Int)?
            for b in 0..<tableCount where sizes[b] == low {
                let joining = costTo(x, table: b) + model.sectorCost(publicSeats: publicAt[b] + p, civilSeats: civilAt[b] + c) - sectorCost(b)
                if leaving + joining < (best?.delta ?? 0) { best = (b, leaving + joining) }
            }
            guard let best else { continue }
            var members = (0..<tableCount).map { t in slots[start[t]..<start[t + 1]].filter { $0 != x } }
            members[best.table].append(x)
            sizes[a] -= 1
            sizes[best.table] += 1
            for t in 0..<tableCount { start[t + 1] = start[t] + members[t].count }
            slots = members.flatMap { $0 }
            rebuildDerived()
            moved = true
        }
        return moved
    }

    /// Runs the whole search with budgets that scale with the room.
    mutating func solve() {
        let n = model.count
        descend(maxEvaluations: max(200_000, 400 * n))
        if hasSeriousCost && moveExtraSeats() { descend(maxEvaluations: 100_000) }
        if n <= 400 && hasSeriousCost {
            anneal(iterations: min(100_000, 2_000 * n))
            descend(maxEvaluations: 100_000)
        }
    }
}
