/// Which level of the Code's matrix a meeting (or a round or table of it) had, and why.
public struct MatrixResult: Equatable, Sendable {
    /// The round the result is restricted to, if any.
    public var round: String?
    /// The table the result is restricted to, if any.
    public var table: String?
    /// The level measured from the evidence; nil when there is not enough data.
    public var measuredLevel: MeasuredLevel?
    /// Why there is not enough data, when there is not.
    public var reason: BilingualText?
    public var declaredLevel: DeclaredLevel
    public var declaredStep: DecisionStep
    /// The steps the meeting is placed at: the declared step, then the steps commitments name.
    public var steps: [DecisionStep]
    public var evidence: MatrixEvidence
    public var confidence: MatrixConfidence
    public var perceived: PerceivedTally
    /// Every rule with its threshold, observed value and whether it was met.
    public var rules: [MatrixRule]

    public var notEnoughData: Bool { measuredLevel == nil }

    /// Whether the measured level is below the declared one.
    public var gap: Bool { measuredLevel.map { $0.declaredEquivalent < declaredLevel } ?? false }

    /// "Annonserat som dialog, uppmätt som information", when there is a gap.
    public var gapText: BilingualText? {
        guard gap, let measured = measuredLevel else { return nil }
        let declared = MatrixLabels.of(declaredLevel)
        return BilingualText(
            sv: "Annonserat som \(declared.sv), uppmätt som \(measured.label.sv)",
            en: "Announced as \(declared.en), measured as \(measured.label.en)")
    }

    public var json: JSONValue { json(ruleTexts: true) }

    /// What facilitators' screens get every time the result changes: the rules without their
    /// texts, which a client has from `MatrixRule.catalogueJSON`. The texts were a third of each
    /// result's four kilobytes, sent again for the meeting, every round and every table.
    public var liveJSON: JSONValue { json(ruleTexts: false) }

    func json(ruleTexts: Bool) -> JSONValue {
        .compactObject([
            ("round", round.map(JSONValue.string)), ("table", table.map(JSONValue.string)),
            ("measured_level", measuredLevel.map { .string($0.rawValue) } ?? .null),
            ("measured_label", measuredLevel.map(\.label.json)),
            ("measured_as_declared", measuredLevel.map { .string($0.declaredEquivalent.rawValue) }),
            ("not_enough_data", .bool(notEnoughData)), ("reason", reason?.json),
            ("declared_level", .string(declaredLevel.rawValue)), ("declared_step", .string(declaredStep.rawValue)),
            ("steps", .array(steps.map { .string($0.rawValue) })), ("confidence", .string(confidence.rawValue)),
            ("gap", .bool(gap)), ("gap_text", gapText?.json), ("evidence", evidence.json), ("perceived", perceived.json),
            ("rules", .array(rules.map { $0.json(withText: ruleTexts) })),
        ])
    }
}

extension MatrixResult {
    init(scope: MatrixScope, info: MeetingInfo, evidence: MatrixEvidence, perceived: PerceivedTally) {
        let rules = MatrixRule.evaluate(evidence)
        let level = MatrixRule.level(from: rules)
        // At partnership only the steps of shared commitments: a step one sector committed to
        // alone is no shared responsibility there.
        var steps = [info.decisionStep]
        let named = level == .partnership ? evidence.sharedCommitmentSteps : evidence.commitmentSteps
        for step in named where !steps.contains(step) { steps.append(step) }
        self.init(
            round: scope.round, table: scope.table, measuredLevel: level,
            reason: level == nil ? Self.reason(failing: rules.filter { $0.gate == .data && !$0.isMet }) : nil,
            declaredLevel: info.declaredLevel, declaredStep: info.decisionStep, steps: steps, evidence: evidence,
            confidence: level == nil ? .low : Self.confidence(of: evidence), perceived: perceived, rules: rules)
    }

    /// High with many items and two or more of each sector; medium with some items and both
    /// sectors; low otherwise.
    static func confidence(of e: MatrixEvidence) -> MatrixConfidence {
        typealias T = MatrixThresholds
        let perSector = min(e.present.publicSide, e.present.civil)
        if e.items >= T.highConfidenceItems && perSector >= T.highConfidencePerSector { return .high }
        if e.items >= T.mediumConfidenceItems && perSector >= 1 { return .medium }
        return .low
    }

    static func reason(failing rules: [MatrixRule]) -> BilingualText {
        func say(_ rule: MatrixRule) -> BilingualText {
            let need = Int(rule.threshold)
            let have = Int(rule.observed)
            switch rule.id {
            case "present":
                return BilingualText(
                    sv: "För få närvarande: \(have) av minst \(need).", en: "Too few people present: \(have) of at least \(need).")
            case "items":
                return BilingualText(
                    sv: "För lite har hänt: \(have) bidrag och frågor av minst \(need).",
                    en: "Too little happened: \(have) contributions and questions of at least \(need).")
            default:
                return BilingualText(
                    sv: "Ingen från civilsamhället var närvarande.", en: "Nobody from civil society was present.")
            }
        }
        let parts = rules.map(say)
        return BilingualText(sv: parts.map(\.sv).joined(separator: " "), en: parts.map(\.en).joined(separator: " "))
    }
}
