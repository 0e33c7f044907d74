/// The exit poll ("was this information, consultation, dialogue or partnership?") by sector.
public struct PerceivedTally: Equatable, Sendable {
    /// Sector → level → number of answers.
    public var counts: [Sector: [DeclaredLevel: Int]] = [:]

    public init() {}

    public func count(_ sector: Sector, _ level: DeclaredLevel) -> Int { counts[sector]?[level] ?? 0 }
    public func respondents(_ sector: Sector) -> Int { counts[sector]?.values.reduce(0, +) ?? 0 }
    public var respondents: Int { Sector.allCases.reduce(0) { $0 + respondents($1) } }

    mutating func add(_ sector: Sector, _ level: DeclaredLevel) { counts[sector, default: [:]][level, default: 0] += 1 }

    /// The most common answer of a sector; a tie goes to the lower level. Nil without answers.
    public func modal(_ sector: Sector) -> DeclaredLevel? {
        guard let levels = counts[sector], !levels.isEmpty else { return nil }
        return DeclaredLevel.allCases.reduce(nil) { best, level in
            let n = levels[level] ?? 0
            guard n > 0 else { return best }
            guard let best, let bestCount = levels[best] else { return level }
            return n > bestCount ? level : best
        }
    }

    /// Whether the sectors that answered do not share a modal answer.
    public var sectorsDiffer: Bool { Set(Sector.allCases.compactMap(modal)).count > 1 }

    /// Plain words naming each sector's modal answer, when the sectors differ.
    public var note: BilingualText? {
        guard sectorsDiffer else { return nil }
        let parts = Sector.allCases.compactMap { sector in modal(sector).map { (sector, $0) } }
        return BilingualText(
            sv: "Sektorerna uppfattade mötet olika: "
                + parts.map { "\(MatrixLabels.of($0.0).sv) mest \(MatrixLabels.of($0.1).sv)" }.joined(separator: ", ") + ".",
            en: "The sectors perceived the meeting differently: "
                + parts.map { "\(MatrixLabels.of($0.0).en) mostly \(MatrixLabels.of($0.1).en)" }.joined(separator: ", ") + ".")
    }

    public var json: JSONValue {
        var bySector: [String: JSONValue] = [:]
        var modals: [String: JSONValue] = [:]
        for sector in Sector.allCases {
            var levels: [String: JSONValue] = [:]
            for level in DeclaredLevel.allCases { levels[level.rawValue] = .int(Int64(count(sector, level))) }
            bySector[sector.rawValue] = .object(levels)
            modals[sector.rawValue] = modal(sector).map { .string($0.rawValue) } ?? .null
        }
        return .compactObject([
            ("by_sector", .object(bySector)), ("modal", .object(modals)), ("respondents", .int(Int64(respondents))),
            ("sectors_differ", .bool(sectorsDiffer)), ("note", note?.json),
        ])
    }
}
