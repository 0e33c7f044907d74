/// The people of one seating problem as dense arrays, with the pair cost the search minimises.
struct SeatingModel: Sendable {
    static let publicSector: UInt8 = 0
    static let civilSector: UInt8 = 1
    static let otherSector: UInt8 = 2

    var sector: [UInt8]
    var organisation: [Int32]
    /// A region id, or -1 when none is given.
    var region: [Int32]
    /// Whether a person has met anyone yet; spares the pair lookup in a first round.
    var hasHistory: [Bool]
    var met: PairCounts
    let weights: SeatingWeights
    let publicCount: Int
    let civilCount: Int

    var count: Int { sector.count }

    init(people: [SeatingPerson], weights: SeatingWeights) {
        var organisations: [String: Int32] = [:]
        var regions: [String: Int32] = [:]
        var nextOrganisation: Int32 = 0
        sector = []
        organisation = []
        region = []
        sector.reserveCapacity(people.count)
        organisation.reserveCapacity(people.count)
        region.reserveCapacity(people.count)
        for person in people {
            sector.append(Self.code(person.sector))
            let orgKey = Self.normalised(person.organisation)
            if orgKey.isEmpty {
                // No organisation given: shares one with nobody.
                organisation.append(nextOrganisation)
                nextOrganisation += 1
            } else if let id = organisations[orgKey] {
                organisation.append(id)
            } else {
                organisations[orgKey] = nextOrganisation
                organisation.append(nextOrganisation)
                nextOrganisation += 1
            }
            let regionKey = Self.normalised(person.region ?? "")
            if regionKey.isEmpty {
                region.append(-1)
            } else if let id = regions[regionKey] {
                region.append(id)
            } else {
                let id = Int32(regions.count)
                regions[regionKey] = id
                region.append(id)
            }
        }
        hasHistory = Array(repeating: false, count: people.count)
        met = PairCounts()
        self.weights = weights
        publicCount = sector.lazy.filter { $0 == Self.publicSector }.count
        civilCount = sector.lazy.filter { $0 == Self.civilSector }.count
    }

    static func code(_ sector: Sector) -> UInt8 {
        switch sector {
        case .public: publicSector
        case .civil: civilSector
        case .other: otherSector
        }
    }

    static func normalised(_ text: String) -> String {
        String(text.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")).lowercased()
    }

    /// Records that `x` and `y` sat together once more.
    mutating func recordMeeting(_ x: Int, _ y: Int) {
        met.add(x, y)
        hasHistory[x] = true
        hasHistory[y] = true
    }

    /// Records every pair of a seated round given as person → table.
    mutating func recordRound(tableOf: [Int], tableCount: Int) {
        var members = Array(repeating: [Int](), count: tableCount)
        for (person, table) in tableOf.enumerated() where table >= 0 { members[table].append(person) }
        for table in members {
            for i in table.indices {
                for j in table.indices where j > i { recordMeeting(table[i], table[j]) }
            }
        }
    }

    /// The cost of seating `x` and `y` at one table.
    @inline(__always) func pairCost(_ x: Int, _ y: Int) -> Int {
        var cost = 0
        if organisation[x] == organisation[y] { cost += weights.sameOrganisation }
        let rx = region[x]
        if rx >= 0 && rx == region[y] { cost += weights.sameRegion }
        if hasHistory[x] && hasHistory[y] {
            let times = met.count(x, y)
            cost += weights.repeatedEncounter * times * times
        }
        return cost
    }

    /// The cost of a table's sector mix.
    @inline(__always) func sectorCost(publicSeats: Int, civilSeats: Int) -> Int {
        Self.sectorCost(
            publicSeats: publicSeats, civilSeats: civilSeats, roomHasPublic: publicCount > 0, roomHasCivil: civilCount > 0,
            weights: weights)
    }

    /// A missing sector counts only when the room has someone of it.
    @inline(__always) static func sectorCost(
        publicSeats: Int, civilSeats: Int, roomHasPublic: Bool, roomHasCivil: Bool, weights: SeatingWeights
    ) -> Int {
        var cost = 0
        if publicSeats == 0 && roomHasPublic { cost += weights.missingSector }
        if civilSeats == 0 && roomHasCivil { cost += weights.missingSector }
        if publicSeats > civilSeats {
            let excess = publicSeats - civilSeats
            cost += weights.civilOutnumbered * excess * excess
        }
        return cost
    }
}
