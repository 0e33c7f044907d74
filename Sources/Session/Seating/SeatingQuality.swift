/// How good one seated round is, measured against the history before it.
public struct SeatingQuality: Equatable, Sendable {
    /// Pairs at a table who had already met before this round.
    public var repeatedPairs: Int
    /// The most times any pair at a table had already met (0: no repeats).
    public var maxTimesMet: Int
    /// Pairs at a table from the same organisation.
    public var sameOrganisationPairs: Int
    /// Tables lacking `public`, plus tables lacking `civil`, beyond what the counts force
    /// (with P public people at T occupied tables, T − P tables must lack public).
    public var tablesMissingSector: Int
    /// Tables with more public than civil people.
    public var civilOutnumberedTables: Int
    /// Table id → people seated there.
    public var tableSizes: [String: Int]
    /// A proven minimum of `repeatedPairs` for any plan with these table sizes and history,
    /// from three counting arguments: seated pairs minus pairs who have not yet met; each
    /// person needs (smallest table − 1) tablemates but has only so many not yet met; and a
    /// group who have all met each other, spread as evenly as possible over the tables.
    /// Nil when the plan seats people not in the list.
    public var lowerBoundRepeatedPairs: Int?

    public init(
        repeatedPairs: Int, maxTimesMet: Int, sameOrganisationPairs: Int, tablesMissingSector: Int,
        civilOutnumberedTables: Int, tableSizes: [String: Int], lowerBoundRepeatedPairs: Int?
    ) {
        self.repeatedPairs = repeatedPairs
        self.maxTimesMet = maxTimesMet
        self.sameOrganisationPairs = sameOrganisationPairs
        self.tablesMissingSector = tablesMissingSector
        self.civilOutnumberedTables = civilOutnumberedTables
        self.tableSizes = tableSizes
        self.lowerBoundRepeatedPairs = lowerBoundRepeatedPairs
    }

    /// Largest minus smallest table (0 or 1 when sizes are even).
    public var sizeSpread: Int {
        guard let low = tableSizes.values.min(), let high = tableSizes.values.max() else { return 0 }
        return high - low
    }

    /// The report as JSON, for the CLI and clients.
    public var json: JSONValue {
        .compactObject([
            ("repeated_pairs", .int(Int64(repeatedPairs))),
            ("max_times_met", .int(Int64(maxTimesMet))),
            ("same_organisation_pairs", .int(Int64(sameOrganisationPairs))),
            ("tables_missing_sector", .int(Int64(tablesMissingSector))),
            ("civil_outnumbered_tables", .int(Int64(civilOutnumberedTables))),
            ("table_sizes", .object(tableSizes.mapValues { .int(Int64($0)) })),
            ("size_spread", .int(Int64(sizeSpread))),
            ("lower_bound_repeated_pairs", lowerBoundRepeatedPairs.map { .int(Int64($0)) }),
        ])
    }
}

extension SeatingEngine {
    /// Measures a seated round against `history`, the pairs met before this round.
    public static func quality(of plan: SeatingPlan, people: [SeatingPerson], history: PairHistory) -> SeatingQuality {
        let byID = Dictionary(people.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var repeated = 0
        var maxTimes = 0
        var sameOrganisation = 0
        var withoutPublic = 0
        var withoutCivil = 0
        var outnumbered = 0
        var occupied = 0
        var seatedPublic = 0
        var seatedCivil = 0
        var seatedPairs = 0
        var allKnown = true
        var sizes: [String: Int] = [:]
        for (table, members) in plan.tables {
            sizes[table] = members.count
            guard !members.isEmpty else { continue }
            occupied += 1
            seatedPairs += members.count * (members.count - 1) / 2
            let seated = members.compactMap { byID[$0] }
            if seated.count != members.count { allKnown = false }
            let publicSeats = seated.filter { $0.sector == .public }.count
            let civilSeats = seated.filter { $0.sector == .civil }.count
            seatedPublic += publicSeats
            seatedCivil += civilSeats
            if publicSeats == 0 { withoutPublic += 1 }
            if civilSeats == 0 { withoutCivil += 1 }
            if publicSeats > civilSeats { outnumbered += 1 }
            for i in members.indices {
                for j in members.indices where j > i {
                    let times = history.timesMet(members[i], members[j])
                    if times > 0 { repeated += 1 }
                    maxTimes = max(maxTimes, times)
                    if let x = byID[members[i]], let y = byID[members[j]],
                        !SeatingModel.normalised(x.organisation).isEmpty,
                        SeatingModel.normalised(x.organisation) == SeatingModel.normalised(y.organisation)
                    {
                        sameOrganisation += 1
                    }
                }
            }
        }
        let missing =
            (seatedPublic > 0 ? max(0, withoutPublic - max(0, occupied - seatedPublic)) : 0)
            + (seatedCivil > 0 ? max(0, withoutCivil - max(0, occupied - seatedCivil)) : 0)

        var lowerBound: Int?
        if allKnown {
            var seatedIDs = Set<String>()
            for members in plan.tables.values { seatedIDs.formUnion(members) }
            let n = seatedIDs.count
            var metPartners: [String: Int] = [:]
            var metPairs = 0
            for (pair, times) in history.counts where times > 0 && seatedIDs.contains(pair.a) && seatedIDs.contains(pair.b) {
                metPairs += 1
                metPartners[pair.a, default: 0] += 1
                metPartners[pair.b, default: 0] += 1
            }
            let freshPairs = n * (n - 1) / 2 - metPairs
            let smallest = plan.tables.values.filter { !$0.isEmpty }.map(\.count).min() ?? 0
            var shortfall = 0
            for id in seatedIDs {
                let fresh = n - 1 - (metPartners[id] ?? 0)
                shortfall += max(0, smallest - 1 - fresh)
            }
            lowerBound = max(
                0, seatedPairs - freshPairs, (shortfall + 1) / 2,
                cliqueSpreadBound(seated: seatedIDs, history: history, tables: occupied))
        }
        return SeatingQuality(
            repeatedPairs: repeated, maxTimesMet: maxTimes, sameOrganisationPairs: sameOrganisation,
            tablesMissingSector: missing, civilOutnumberedTables: outnumbered, tableSizes: sizes,
            lowerBoundRepeatedPairs: lowerBound)
    }

    /// Repeats forced by groups who have all met each other: greedily find disjoint cliques of
    /// the met-graph (after one round: exactly that round's tables); a clique of m people at T
    /// tables puts at least the pairs of an even split of m over T at shared tables.
    static func cliqueSpreadBound(seated: Set<String>, history: PairHistory, tables: Int) -> Int {
        guard tables > 0 else { return 0 }
        var partners: [String: Set<String>] = [:]
        for (pair, times) in history.counts where times > 0 && seated.contains(pair.a) && seated.contains(pair.b) {
            partners[pair.a, default: []].insert(pair.b)
            partners[pair.b, default: []].insert(pair.a)
        }
        var assigned = Set<String>()
        var bound = 0
        for id in seated.sorted() where !assigned.contains(id) {
            var clique = [id]
            assigned.insert(id)
            for other in (partners[id] ?? []).sorted() where !assigned.contains(other) {
                let known = partners[other] ?? []
                if clique.allSatisfy({ known.contains($0) }) {
                    clique.append(other)
                    assigned.insert(other)
                }
            }
            let m = clique.count
            let base = m / tables
            let larger = m % tables
            bound += larger * (base + 1) * base / 2 + (tables - larger) * base * (base - 1) / 2
        }
        return bound
    }
}
