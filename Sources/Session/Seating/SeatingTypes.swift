/// One person to seat, with what the seating engine balances on.
public struct SeatingPerson: Equatable, Sendable {
    public var id: String
    public var sector: Sector
    public var organisation: String
    public var region: String?
    public var language: String?

    public init(id: String, sector: Sector, organisation: String, region: String? = nil, language: String? = nil) {
        self.id = id
        self.sector = sector
        self.organisation = organisation
        self.region = region
        self.language = language
    }
}

/// Everything needed to seat one round.
public struct SeatingRequest: Sendable {
    /// Everyone present, hosts included.
    public var people: [SeatingPerson]
    /// The tables to fill, in order.
    public var tableIDs: [String]
    /// Hosts stay at their table: person id → table id (hard).
    public var hosts: [String: String]
    /// A facilitator's manual placements for this round: person id → table id (hard).
    public var pinned: [String: String]
    /// How often each pair has already sat together.
    public var history: PairHistory
    public var seed: UInt64
    /// How the soft goals are traded against each other.
    public var weights: SeatingWeights

    public init(
        people: [SeatingPerson], tableIDs: [String], hosts: [String: String] = [:], pinned: [String: String] = [:],
        history: PairHistory = PairHistory(), seed: UInt64 = 1, weights: SeatingWeights = .standard
    ) {
        self.people = people
        self.tableIDs = tableIDs
        self.hosts = hosts
        self.pinned = pinned
        self.history = history
        self.seed = seed
        self.weights = weights
    }
}

/// Counts of how many times two people have shared a table.
public struct PairHistory: Equatable, Sendable {
    public private(set) var counts: [Pair: Int] = [:]

    public struct Pair: Hashable, Sendable {
        public let a: String
        public let b: String
        public init(_ x: String, _ y: String) {
            if x < y { (a, b) = (x, y) } else { (a, b) = (y, x) }
        }
    }

    public init() {}

    public func timesMet(_ x: String, _ y: String) -> Int { counts[Pair(x, y)] ?? 0 }

    /// Records every pair at every table of a seated round.
    public mutating func record(tables: [[String]]) {
        for members in tables {
            for i in members.indices {
                for j in members.indices where j > i { counts[Pair(members[i], members[j]), default: 0] += 1 }
            }
        }
    }
}

/// A seated round: table id → the people at it, in a stable order.
public struct SeatingPlan: Equatable, Sendable {
    public var tables: [String: [String]]
    public init(tables: [String: [String]]) { self.tables = tables }

    /// Which table a person sits at, if any.
    public func table(of person: String) -> String? {
        tables.first(where: { $0.value.contains(person) })?.key
    }
}
