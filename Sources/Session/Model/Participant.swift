/// Someone at the café: named or pseudonymous, speaking for a sector and an organisation.
public struct Participant: Equatable, Sendable {
    public var id: String
    public var name: String
    public let sector: Sector
    public var otherKind: OtherKind?
    public let organisation: String
    public let region: String?
    /// Sector, organisation and region as seating compares them.
    public let seatingKeys: SeatingKeys
    public var role: Role
    /// Whether the minutes may show the name; otherwise they show a pseudonym.
    public var showName: Bool
    public var joinedAt: Int64
    public var hasLeft: Bool = false

    public var json: JSONValue {
        .compactObject([
            ("id", .string(id)), ("name", .string(name)), ("sector", .string(sector.rawValue)),
            ("other_kind", otherKind.map { .string($0.rawValue) }), ("organisation", .string(organisation)),
            ("region", region.map(JSONValue.string)), ("role", .string(role.rawValue)),
            ("show_name", .bool(showName)), ("joined_at", .int(joinedAt)),
        ])
    }

    /// The short card table mates see.
    public var card: JSONValue {
        ["id": .string(id), "name": .string(name), "organisation": .string(organisation), "sector": .string(sector.rawValue)]
    }

    public init(
        id: String, name: String, sector: Sector, otherKind: OtherKind? = nil, organisation: String,
        region: String? = nil, role: Role = .participant, showName: Bool = true, joinedAt: Int64
    ) {
        self.id = id
        self.name = name
        self.sector = sector
        self.otherKind = otherKind
        self.organisation = organisation
        self.region = region
        seatingKeys = SeatingKeys(sector: sector, organisation: organisation, region: region)
        self.role = role
        self.showName = showName
        self.joinedAt = joinedAt
    }

    public init(json: JSONValue) throws(DomainError) {
        let f = FieldReader(stored: json.objectValue ?? [:])
        self.init(
            id: try f.string("id", maxLength: 20), name: try f.string("name", maxLength: Limits.nameLength),
            sector: try f.enumeration("sector", Sector.self), otherKind: try f.optionalEnumeration("other_kind", OtherKind.self),
            organisation: try f.optionalString("organisation", maxLength: Limits.organisationLength) ?? "",
            region: try f.optionalString("region", maxLength: Limits.nameLength),
            role: try f.optionalEnumeration("role", Role.self) ?? .participant,
            showName: try f.bool("show_name", default: true), joinedAt: try f.optionalInt("joined_at", in: 0...Int64.max) ?? 0)
    }
}

/// A table of the café; its hosts stay for every round.
public struct CafeTable: Equatable, Sendable {
    public var id: String
    public var name: String
    public var hosts: [String] = []
    /// Whether seatings use the table: a facilitator who set out more tables than people came
    /// takes the rest out of use, so the tables that are used stay full enough to mix.
    public var inUse = true

    public var json: JSONValue { ["id": .string(id), "name": .string(name)] }
}

/// A timed round of conversation at the tables.
public struct Round: Equatable, Sendable {
    public var id: String
    public var number: Int
    public var question: String?
    public var minutes: Int64
    public var state: RoundState = .planned
    public var startedAt: Int64?
    public var endsAt: Int64?
    public var closedAt: Int64?
    /// Participant id → table id. Changed only through `seat(_:at:)` and `clearSeating()`.
    public private(set) var seating: [String: String] = [:]
    /// A facilitator's manual moves in this round: person → table. Re-seating keeps them.
    public var pinned: [String: String] = [:]
    /// Table id → its people in id order, kept with `seating` (tables nobody sits at are absent).
    public private(set) var membersByTable: [String: [String]] = [:]
    /// Who hosted each table in this round: the hosts when it started, and anyone made host while
    /// it ran. A host who leaves or hands over later still hosted this round (the minutes say so).
    public var hosts: [String: Set<String>] = [:]

    public init(id: String, number: Int, question: String?, minutes: Int64) {
        self.id = id
        self.number = number
        self.question = question
        self.minutes = minutes
    }

    public var json: JSONValue {
        .compactObject([
            ("id", .string(id)), ("number", .int(Int64(number))), ("question", question.map(JSONValue.string)),
            ("minutes", .int(minutes)),
        ])
    }

    /// The people at a table, in id order.
    public func members(of table: String) -> [String] { membersByTable[table] ?? [] }

    /// Seats (or moves) one person.
    public mutating func seat(_ person: String, at table: String) {
        if let previous = seating[person] { membersByTable[previous]?.removeAll { $0 == person } }
        seating[person] = table
        var members = membersByTable[table] ?? []
        let index = members.firstIndex(where: { idOrder(person, $0) }) ?? members.count
        members.insert(person, at: index)
        membersByTable[table] = members
    }

    public mutating func clearSeating() {
        seating = [:]
        membersByTable = [:]
    }
}

/// Orders ids like `p2` < `p10` (prefix, then number).
public func idOrder(_ a: String, _ b: String) -> Bool {
    let na = Int(a.drop(while: { !$0.isNumber })) ?? 0
    let nb = Int(b.drop(while: { !$0.isNumber })) ?? 0
    return na != nb ? na < nb : a < b
}
