@testable import Session

/// Seeded rooms for seating tests: `publicShare` of people public, the rest civil, spread
/// over `organisations` organisations and a handful of regions.
func seatingRoom(count: Int, organisations: Int, publicShare: Double = 0.4, seed: UInt64) -> [SeatingPerson] {
    var rng = SplitMix64(seed: seed)
    let regions = ["Halland", "Kalmar", "Norrbotten", "Stockholm", "Värmland", "Örebro"]
    return (0..<count).map { i in
        let isPublic = rng.unit() < publicShare
        let org = rng.int(below: max(1, organisations))
        return SeatingPerson(
            id: "p\(i)", sector: isPublic ? .public : .civil, organisation: (isPublic ? "pub" : "civ") + "\(org)",
            region: regions[org % regions.count])
    }
}

func tableIDs(_ count: Int) -> [String] { (0..<count).map { "t\($0)" } }

/// Everyone seated exactly once, at a known table.
func seatsEveryoneOnce(_ plan: SeatingPlan, _ people: [SeatingPerson], _ tables: [String]) -> Bool {
    let seated = plan.tables.values.flatMap { $0 }
    return seated.count == people.count && Set(seated) == Set(people.map(\.id))
        && Set(plan.tables.keys).isSubset(of: Set(tables))
}

func sizeSpread(_ plan: SeatingPlan) -> Int {
    let sizes = plan.tables.values.map(\.count)
    return (sizes.max() ?? 0) - (sizes.min() ?? 0)
}
