extension SeatingEngine {
    /// Rounds from the parallel classes of an affine plane: person → table for each round, or
    /// nil when the room does not fit (two hosts at one table, or more rounds than classes).
    ///
    /// Which person sits on which point is free, so a short hill climb over swaps of points
    /// mixes sectors and keeps colleagues apart; pairs never repeat whatever the labelling.
    static func affineSchedule(
        plane: AffinePlane, model: SeatingModel, hostTable: [Int], rounds: Int, rng: inout SplitMix64
    ) -> [[Int]]? {
        let q = plane.order
        let n = q * q
        guard model.count == n else { return nil }
        var hostAt = Array(repeating: -1, count: q)
        for (person, table) in hostTable.enumerated() where table >= 0 {
            if hostAt[table] >= 0 { return nil }
            hostAt[table] = person
        }
        let hasHosts = hostAt.contains { $0 >= 0 }
        guard rounds <= (hasHosts ? q : q + 1) else { return nil }

        // Host of table t on point (0, t): line t of every sloped class.
        var personAt = Array(repeating: -1, count: n)
        for t in 0..<q where hostAt[t] >= 0 { personAt[t] = hostAt[t] }
        var guests = (0..<n).filter { hostTable[$0] < 0 }
        rng.shuffle(&guests)
        var freePoints: [Int] = []
        for point in 0..<n where personAt[point] < 0 {
            freePoints.append(point)
            personAt[point] = guests.removeLast()
        }

        let lineOf = (0..<rounds).map { round in (0..<n).map { plane.line(of: $0, inClass: round) } }
        var pointsOn = Array(repeating: Array(repeating: [Int](), count: q), count: rounds)
        for round in 0..<rounds { for point in 0..<n { pointsOn[round][lineOf[round][point]].append(point) } }

        func lineCost(_ round: Int, _ line: Int) -> Int {
            let points = pointsOn[round][line]
            var cost = 0
            var publicSeats = 0
            var civilSeats = 0
            for i in points.indices {
                let x = personAt[points[i]]
                if model.sector[x] == SeatingModel.publicSector { publicSeats += 1 }
                if model.sector[x] == SeatingModel.civilSector { civilSeats += 1 }
                for j in points.indices where j > i { cost += model.pairCost(x, personAt[points[j]]) }
            }
            return cost + model.sectorCost(publicSeats: publicSeats, civilSeats: civilSeats)
        }
        func affectedCost(_ a: Int, _ b: Int) -> Int {
            var cost = 0
            for round in 0..<rounds where lineOf[round][a] != lineOf[round][b] {
                cost += lineCost(round, lineOf[round][a]) + lineCost(round, lineOf[round][b])
            }
            return cost
        }

        if freePoints.count >= 2 {
            let iterations = min(30_000, 300 * n)
            for _ in 0..<iterations {
                let a = freePoints[rng.int(below: freePoints.count)]
                let b = freePoints[rng.int(below: freePoints.count)]
                if a == b { continue }
                let before = affectedCost(a, b)
                personAt.swapAt(a, b)
                if affectedCost(a, b) > before { personAt.swapAt(a, b) }
            }
        }

        var pointOf = Array(repeating: 0, count: n)
        for point in 0..<n { pointOf[personAt[point]] = point }
        return (0..<rounds).map { round in (0..<n).map { lineOf[round][pointOf[$0]] } }
    }
}
