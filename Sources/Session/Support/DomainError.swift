/// A refusal a user sees: a stable machine code and a human message in Swedish and English.
///
/// Codes are snake_case and never change meaning; clients switch on them. Messages may be
/// reworded freely.
public struct DomainError: Error, Equatable, Sendable, CustomStringConvertible {
    public let code: String
    public let sv: String
    public let en: String

    public init(code: String, sv: String, en: String) {
        self.code = code
        self.sv = sv
        self.en = en
    }

    public var description: String { "\(code): \(en)" }
}

extension DomainError {
    public static func missingField(_ name: String) -> DomainError {
        DomainError(code: "missing_field", sv: "Fältet \"\(name)\" saknas.", en: "The field \"\(name)\" is missing.")
    }
    public static func invalidField(_ name: String, _ detailSv: String, _ detailEn: String) -> DomainError {
        DomainError(
            code: "invalid_field", sv: "Fältet \"\(name)\" är ogiltigt: \(detailSv).",
            en: "The field \"\(name)\" is invalid: \(detailEn).")
    }
    public static func tooLong(_ name: String, max: Int) -> DomainError {
        DomainError(
            code: "too_long", sv: "\"\(name)\" får vara högst \(max) tecken.",
            en: "\"\(name)\" may be at most \(max) characters.")
    }
    public static func tooMany(_ what: String, max: Int) -> DomainError {
        DomainError(
            code: "limit_reached", sv: "Gränsen är nådd: högst \(max) \(what).",
            en: "The limit is reached: at most \(max) \(what).")
    }
    public static let forbidden = DomainError(
        code: "forbidden", sv: "Din roll får inte göra detta.", en: "Your role may not do this.")
    public static let notJoined = DomainError(
        code: "not_joined", sv: "Gå med i ett möte först.", en: "Join a meeting first.")
    public static let meetingClosed = DomainError(
        code: "meeting_closed", sv: "Mötet är avslutat; bara återkoppling (och i två veckor utvärderingen) tas emot.",
        en: "The meeting is closed; only feedback (and for two weeks the exit poll) is accepted.")
    public static func unknown(_ what: String, _ id: String) -> DomainError {
        DomainError(code: "unknown_\(what)", sv: "Okänt id: \(id).", en: "Unknown \(what): \(id).")
    }
    static let roundSkipped = wrongState(
        "Rundan hoppades över när en senare runda startade: rundorna körs i ordning.",
        "The round was skipped when a later round began: rounds run in order.")
    static let tableNotInUse = wrongState("Bordet används inte: ta det i bruk först.", "The table is not in use: put it in use first.")
    public static func wrongState(_ sv: String, _ en: String) -> DomainError {
        DomainError(code: "wrong_state", sv: sv, en: en)
    }
}
