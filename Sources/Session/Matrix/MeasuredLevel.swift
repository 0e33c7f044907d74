/// The Code's level of participation as measured from what happened in a meeting.
///
/// Finer than `DeclaredLevel`: the Code splits dialogue into broad and collaborative
/// dialogue, and the evidence can tell them apart (a joint output makes it collaborative).
public enum MeasuredLevel: String, CaseIterable, Sendable, Comparable {
    case information
    case consultation
    case broadDialogue = "broad_dialogue"
    case collaborativeDialogue = "collaborative_dialogue"
    case partnership

    var rank: Int {
        switch self {
        case .information: 0
        case .consultation: 1
        case .broadDialogue: 2
        case .collaborativeDialogue: 3
        case .partnership: 4
        }
    }

    public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }

    /// The level on the scale an organiser declares: both kinds of dialogue count as `dialogue`.
    public var declaredEquivalent: DeclaredLevel {
        switch self {
        case .information: .information
        case .consultation: .consultation
        case .broadDialogue, .collaborativeDialogue: .dialogue
        case .partnership: .partnership
        }
    }

    /// The level's name as MUCF's Swedish text and the Code's English text spell it.
    public var label: BilingualText {
        switch self {
        case .information: BilingualText(sv: "information", en: "information")
        case .consultation: BilingualText(sv: "samråd", en: "consultation")
        case .broadDialogue: BilingualText(sv: "bred dialog", en: "broad dialogue")
        case .collaborativeDialogue: BilingualText(sv: "samverkande dialog", en: "collaborative dialogue")
        case .partnership: BilingualText(sv: "partnerskap", en: "partnership")
        }
    }

    public func label(in language: Language) -> String { label.text(in: language) }
}

/// How far a matrix result can be trusted, from how much happened and who was there.
public enum MatrixConfidence: String, CaseIterable, Sendable, Comparable {
    case low, medium, high

    public static func < (a: Self, b: Self) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// A short text in both languages of the product.
public struct BilingualText: Equatable, Sendable {
    public var sv: String
    public var en: String

    public init(sv: String, en: String) {
        self.sv = sv
        self.en = en
    }

    public func text(in language: Language) -> String { language == .sv ? sv : en }

    public var json: JSONValue { ["sv": .string(sv), "en": .string(en)] }
}

/// The matrix's words for the vocabularies it shows (declared levels, steps, sectors): the
/// minutes' own words in both languages, so the two never say it differently.
public enum MatrixLabels {
    public static func of(_ level: DeclaredLevel) -> BilingualText { both(\.levels, level) }

    public static func of(_ step: DecisionStep) -> BilingualText { both(\.steps, step) }

    public static func of(_ sector: Sector) -> BilingualText { both(\.sectors, sector) }

    private static func both<Key>(_ table: KeyPath<MinutesText, [Key: String]>, _ key: Key) -> BilingualText {
        BilingualText(sv: MinutesText.sv[keyPath: table][key] ?? "", en: MinutesText.en[keyPath: table][key] ?? "")
    }
}
