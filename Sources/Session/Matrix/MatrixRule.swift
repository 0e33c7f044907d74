/// One rule of the classification: a measured number, its threshold, and whether it was met.
///
/// Every rule reads "observed ≥ threshold". A result lists all of them, so a facilitator
/// sees why a meeting was placed where it was.
public struct MatrixRule: Equatable, Sendable {
    /// What a rule decides.
    public enum Gate: Equatable, Sendable {
        /// Whether there is enough data to classify at all.
        case data
        /// A condition of this level (and so of every level above it that builds on it).
        case level(MeasuredLevel)
        /// Shown for guidance; does not change the level.
        case advisory

        public var name: String {
            switch self {
            case .data: "data"
            case .level(let level): level.rawValue
            case .advisory: "advisory"
            }
        }
    }

    /// A stable machine name, such as `civil_to_public_replies`.
    public var id: String
    public var gate: Gate
    public var text: BilingualText
    public var threshold: Double
    public var observed: Double

    public var isMet: Bool { observed >= threshold }

    public var json: JSONValue { json(withText: true) }

    /// The rule with or without its text (which never changes for an id; see `catalogueJSON`).
    func json(withText: Bool) -> JSONValue {
        .compactObject([
            ("id", .string(id)), ("gate", .string(gate.name)), ("text", withText ? Optional(text.json) : JSONValue?.none),
            ("threshold", .ratio(threshold)), ("observed", .ratio(observed)), ("met", .bool(isMet)),
        ])
    }
}

/// The thresholds of the classification, as documented in `docs/participation-matrix.md`.
public enum MatrixThresholds {
    /// People present (observers excepted) needed to classify.
    public static let minimumPresent = 3
    /// Contributions plus pushed questions needed to classify.
    public static let minimumItems = 3
    /// Civil-society participants needed to classify: the matrix measures their participation.
    public static let minimumCivilPresent = 1

    /// Consultation: civil society contributes at least this often …
    public static let civilContributions = 2
    /// … and at least this fraction of a proportional share (civil voice ratio).
    public static let civilVoiceRatio = 0.2

    /// Broad dialogue: crossing replies in each direction, and civil-society initiative.
    public static let publicToCivilReplies = 1
    public static let civilToPublicReplies = 1
    public static let civilInitiative = 1

    /// Collaborative dialogue: proposals endorsed by both sectors.
    public static let jointProposals = 1
    /// Partnership: commitments owned by both sectors.
    public static let sharedCommitments = 1

    /// Advisory: share of civil-society inputs the public side responded to.
    public static let responsiveness = 0.5

    /// Confidence is high with this many items and at least two present of each of the two sectors.
    public static let highConfidenceItems = 20
    public static let highConfidencePerSector = 2
    /// Confidence is medium with this many items and both sectors present.
    public static let mediumConfidenceItems = 8
}

extension MatrixRule {
    /// A rule as defined: what it is called, what it gates, its threshold and what it observes.
    struct Definition: Sendable {
        let id: String
        let gate: Gate
        let text: BilingualText
        let threshold: Double
        let observe: @Sendable (MatrixEvidence) -> Double

        init(
            _ id: String, _ gate: Gate, sv: String, en: String, _ threshold: Double,
            _ observe: @escaping @Sendable (MatrixEvidence) -> Double
        ) {
            self.id = id
            self.gate = gate
            self.text = BilingualText(sv: sv, en: en)
            self.threshold = threshold
            self.observe = observe
        }
    }

    /// Every rule, lowest gate first.
    static let definitions: [Definition] = {
        typealias T = MatrixThresholds
        @Sendable func n(_ i: Int) -> Double { Double(i) }
        return [
            Definition(
                "present", .data, sv: "Närvarande deltagare (observatörer räknas inte)",
                en: "Participants present (observers not counted)", n(T.minimumPresent)
            ) { n($0.present.total) },
            Definition(
                "items", .data, sv: "Bidrag och frågor från samtalsledaren", en: "Contributions and pushed questions",
                n(T.minimumItems)
            ) { n($0.items) },
            Definition(
                "civil_present", .data, sv: "Närvarande från civilsamhället", en: "Civil-society participants present",
                n(T.minimumCivilPresent)
            ) { n($0.present.civil) },
            Definition(
                "civil_contributions", .level(.consultation), sv: "Bidrag från civilsamhället",
                en: "Civil-society contributions", n(T.civilContributions)
            ) { n($0.contributions.civil) },
            Definition(
                "civil_voice_ratio", .level(.consultation),
                sv: "Civilsamhällets andel av bidragen i förhållande till andelen närvarande",
                en: "Civil society's share of contributions relative to its share of those present", T.civilVoiceRatio
            ) { $0.civilVoiceRatio },
            Definition(
                "public_to_civil_replies", .level(.broadDialogue), sv: "Svar från offentlig sektor på civilsamhällets inlägg",
                en: "Public-side replies to civil-society inputs", n(T.publicToCivilReplies)
            ) { n($0.publicToCivilReplies) },
            Definition(
                "civil_to_public_replies", .level(.broadDialogue), sv: "Svar från civilsamhället på offentlig sektors inlägg",
                en: "Civil-society replies to public-side inputs", n(T.civilToPublicReplies)
            ) { n($0.civilToPublicReplies) },
            Definition(
                "civil_initiative", .level(.broadDialogue),
                sv: "Frågor och ämnen som civilsamhället själv tog upp",
                en: "Questions and topics raised by civil society itself", n(T.civilInitiative)
            ) { n($0.civilInitiative) },
            Definition(
                "joint_proposals", .level(.collaborativeDialogue),
                sv: "Förslag som både offentlig sektor och civilsamhället står bakom",
                en: "Proposals endorsed by both the public side and civil society", n(T.jointProposals)
            ) { n($0.jointProposals.count) },
            Definition(
                "shared_commitments", .level(.partnership),
                sv: "Åtaganden som ägs av både offentlig sektor och civilsamhället",
                en: "Commitments owned by both the public side and civil society", n(T.sharedCommitments)
            ) { n($0.sharedCommitments.count) },
            Definition(
                "responsiveness", .advisory,
                sv: "Andel av civilsamhällets inlägg som offentlig sektor svarat på eller återkopplat",
                en: "Share of civil-society inputs the public side replied to or gave feedback on", T.responsiveness
            ) { $0.responsiveness },
        ]
    }()

    /// All rules, evaluated on one scope's evidence, lowest gate first.
    static func evaluate(_ e: MatrixEvidence) -> [MatrixRule] {
        definitions.map { MatrixRule(id: $0.id, gate: $0.gate, text: $0.text, threshold: $0.threshold, observed: $0.observe(e)) }
    }

    /// Every rule's id, gate, text and threshold. Live results leave the texts out (see
    /// `MatrixResult.liveJSON`); a client reads them here once, by id.
    public static var catalogueJSON: JSONValue {
        .array(
            definitions.map {
                ["id": .string($0.id), "gate": .string($0.gate.name), "text": $0.text.json, "threshold": .ratio($0.threshold)]
            })
    }

    /// The level the rules give, or nil when a data rule fails.
    ///
    /// Levels are cumulative: consultation needs its own rules; both kinds of dialogue need
    /// consultation's and broad dialogue's rules; collaborative dialogue adds a joint
    /// proposal; partnership adds shared commitments (a joint proposal is not required).
    static func level(from rules: [MatrixRule]) -> MeasuredLevel? {
        func met(_ gate: Gate) -> Bool { rules.filter { $0.gate == gate }.allSatisfy(\.isMet) }
        guard met(.data) else { return nil }
        guard met(.level(.consultation)) else { return .information }
        guard met(.level(.broadDialogue)) else { return .consultation }
        if met(.level(.partnership)) { return .partnership }
        if met(.level(.collaborativeDialogue)) { return .collaborativeDialogue }
        return .broadDialogue
    }
}
