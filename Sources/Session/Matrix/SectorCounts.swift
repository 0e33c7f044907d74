/// A count for each sector: public side, civil society, others.
public struct SectorCounts: Equatable, Sendable {
    public var publicSide: Int
    public var civil: Int
    public var other: Int

    public init(public publicSide: Int = 0, civil: Int = 0, other: Int = 0) {
        self.publicSide = publicSide
        self.civil = civil
        self.other = other
    }

    public subscript(sector: Sector) -> Int {
        get {
            switch sector {
            case .public: publicSide
            case .civil: civil
            case .other: other
            }
        }
        set {
            switch sector {
            case .public: publicSide = newValue
            case .civil: civil = newValue
            case .other: other = newValue
            }
        }
    }

    public var total: Int { publicSide + civil + other }

    public static func + (a: Self, b: Self) -> Self {
        SectorCounts(public: a.publicSide + b.publicSide, civil: a.civil + b.civil, other: a.other + b.other)
    }

    public var json: JSONValue {
        ["public": .int(Int64(publicSide)), "civil": .int(Int64(civil)), "other": .int(Int64(other)), "total": .int(Int64(total))]
    }
}
