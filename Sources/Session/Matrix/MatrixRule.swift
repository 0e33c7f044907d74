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
    /// The threshold that applied to this scope; some grow with the people present.
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

extension MatrixRule {
    /// How a rule's threshold is set: a constant, or one that grows with the people present.
    enum Threshold: Sendable {
        case fixed(Double)
        /// `MatrixThresholds.perPresent` of the scope's people present.
        case perPresent

        func value(for e: MatrixEvidence) -> Double {
            switch self {
            case .fixed(let value): value
            case .perPresent: Double(MatrixThresholds.perPresent(e.present.total))
            }
        }

        /// The threshold the catalogue shows: the constant, or the smallest a growing one can be.
        var smallest: Double {
            switch self {
            case .fixed(let value): value
            case .perPresent: Double(MatrixThresholds.perPresent(0))
            }
        }
    }

    /// A rule as defined: what it is called, what it gates, its threshold and what it observes.
    struct Definition: Sendable {
        let id: String
        let gate: Gate
        let text: BilingualText
        let threshold: Threshold
        let observe: @Sendable (MatrixEvidence) -> Double

        init(
            _ id: String, _ gate: Gate, sv: String, en: String, _ threshold: Threshold,
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
        func at(_ value: Double) -> Threshold { .fixed(value) }
        func at(_ count: Int) -> Threshold { .fixed(Double(count)) }
        let perPresentSv = "(minst en per påbörjat \(T.peoplePerExchange)-tal närvarande)"
        let perPresentEn = "(at least one per \(T.peoplePerExchange) people present, rounded up)"
        return [
            Definition(
                "present", .data, sv: "Närvarande deltagare (observatörer räknas inte)",
                en: "Participants present (observers not counted)", at(T.minimumPresent)
            ) { n($0.present.total) },
            Definition(
                "items", .data, sv: "Deltagarnas bidrag och samtalsledarens frågor",
                en: "Participants' contributions and the facilitator's questions", at(T.minimumItems)
            ) { n($0.items) },
            Definition(
                "civil_present", .data, sv: "Närvarande från civilsamhället", en: "Civil-society participants present",
                at(T.minimumCivilPresent)
            ) { n($0.present.civil) },
            Definition(
                "civil_contributions", .level(.consultation), sv: "Bidrag från civilsamhället",
                en: "Civil-society contributions", at(T.civilContributions)
            ) { n($0.contributions.civil) },
            Definition(
                "civil_voice_ratio", .level(.consultation),
                sv: "Civilsamhällets andel av bidragen i förhållande till andelen närvarande",
                en: "Civil society's share of contributions relative to its share of those present", at(T.civilVoiceRatio)
            ) { $0.civilVoiceRatio },
            Definition(
                "dialogue_civil_voice_ratio", .level(.broadDialogue),
                sv: "Civilsamhällets andel av bidragen i förhållande till andelen närvarande, för dialog åt båda hållen",
                en: "Civil society's share of contributions relative to its share of those present, for two-way dialogue",
                at(T.dialogueCivilVoiceRatio)
            ) { $0.civilVoiceRatio },
            Definition(
                "public_to_civil_replies", .level(.broadDialogue),
                sv: "Svar från offentlig sektor på civilsamhällets inlägg \(perPresentSv)",
                en: "Public-side replies to civil-society inputs \(perPresentEn)", .perPresent
            ) { n($0.publicToCivilReplies) },
            Definition(
                "civil_to_public_replies", .level(.broadDialogue),
                sv: "Svar från civilsamhället på offentlig sektors inlägg \(perPresentSv)",
                en: "Civil-society replies to public-side inputs \(perPresentEn)", .perPresent
            ) { n($0.civilToPublicReplies) },
            Definition(
                "civil_initiative", .level(.broadDialogue),
                sv: "Frågor och ämnen som civilsamhället själv tog upp \(perPresentSv)",
                en: "Questions and topics raised by civil society itself \(perPresentEn)", .perPresent
            ) { n($0.civilInitiative) },
            Definition(
                "joint_proposals", .level(.collaborativeDialogue),
                sv: "Förslag som både offentlig sektor och civilsamhället står bakom",
                en: "Proposals endorsed by both the public side and civil society", at(T.jointProposals)
            ) { n($0.jointProposals.count) },
            Definition(
                "shared_commitments", .level(.partnership),
                sv: "Åtaganden som ägs av både offentlig sektor och civilsamhället och gäller ett steg i beslutsprocessen",
                en: "Commitments owned by both the public side and civil society and tied to a step of the decision process",
                at(T.sharedCommitments)
            ) { n($0.sharedCommitments.count) },
            Definition(
                "responsiveness", .advisory,
                sv: "Andel av civilsamhällets inlägg som offentlig sektor svarat på eller återkopplat",
                en: "Share of civil-society inputs the public side replied to or gave feedback on", at(T.responsiveness)
            ) { $0.responsiveness },
        ]
    }()

    /// All rules, evaluated on one scope's evidence, lowest gate first.
    static func evaluate(_ e: MatrixEvidence) -> [MatrixRule] {
        definitions.map {
            MatrixRule(id: $0.id, gate: $0.gate, text: $0.text, threshold: $0.threshold.value(for: e), observed: $0.observe(e))
        }
    }

    /// Every rule's id, gate, text and threshold. Live results leave the texts out (see
    /// `MatrixResult.liveJSON`); a client reads them here once, by id.
    public static var catalogueJSON: JSONValue {
        .array(
            definitions.map {
                ["id": .string($0.id), "gate": .string($0.gate.name), "text": $0.text.json, "threshold": .ratio($0.threshold.smallest)]
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
