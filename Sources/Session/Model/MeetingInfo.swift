/// What a facilitator states about a meeting when creating it.
public struct MeetingInfo: Equatable, Sendable {
    public var title: String
    public var purpose: String
    public var language: Language
    /// ISO date, `YYYY-MM-DD`.
    public var date: String
    public var declaredLevel: DeclaredLevel
    public var decisionStep: DecisionStep
    public var theme: Theme?
    public var phase: CollaborationPhase?
    public var series: String?

    public init(
        title: String, purpose: String = "", language: Language = .sv, date: String,
        declaredLevel: DeclaredLevel, decisionStep: DecisionStep, theme: Theme? = nil,
        phase: CollaborationPhase? = nil, series: String? = nil
    ) {
        self.title = title
        self.purpose = purpose
        self.language = language
        self.date = date
        self.declaredLevel = declaredLevel
        self.decisionStep = decisionStep
        self.theme = theme
        self.phase = phase
        self.series = series
    }
}

extension MeetingInfo {
    public var json: JSONValue {
        .compactObject([
            ("title", .string(title)), ("purpose", .string(purpose)), ("language", .string(language.rawValue)),
            ("date", .string(date)), ("declared_level", .string(declaredLevel.rawValue)),
            ("decision_step", .string(decisionStep.rawValue)), ("theme", theme.map { .string($0.rawValue) }),
            ("phase", phase.map { .string($0.rawValue) }), ("series", series.map(JSONValue.string)),
        ])
    }

    /// Reads and validates the fields of `create_meeting` (and of the stored event).
    public init(fields f: FieldReader) throws(DomainError) {
        let date = try f.string("date", maxLength: 10)
        guard Self.isISODate(date) else { throw .invalidField("date", "ska vara ÅÅÅÅ-MM-DD", "must be YYYY-MM-DD") }
        self.init(
            title: try f.string("title", maxLength: Limits.titleLength),
            purpose: try f.optionalString("purpose", maxLength: Limits.textLength) ?? "",
            language: try f.optionalEnumeration("language", Language.self) ?? .sv,
            date: date,
            declaredLevel: try f.enumeration("declared_level", DeclaredLevel.self),
            decisionStep: try f.enumeration("decision_step", DecisionStep.self),
            theme: try f.optionalEnumeration("theme", Theme.self),
            phase: try f.optionalEnumeration("phase", CollaborationPhase.self),
            series: try f.optionalString("series", maxLength: Limits.titleLength))
    }

    static func isISODate(_ s: String) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let month = Int(parts[1]), let day = Int(parts[2]), Int(parts[0]) != nil
        else { return false }
        return (1...12).contains(month) && (1...31).contains(day)
    }
}
