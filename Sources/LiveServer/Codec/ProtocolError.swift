/// A wire-level error the server reports to a client: a stable machine code and a message in
/// Swedish and English.
///
/// New errors are added as static members; `code` never changes once shipped because the web
/// client and the protocol fixtures match on it.
struct ProtocolError: Error, Equatable, Sendable {
    /// snake_case machine code, e.g. `invalid_json`.
    let code: String
    /// Swedish message for people.
    let sv: String
    /// English message for people.
    let en: String

    init(code: String, sv: String, en: String) {
        self.code = code
        self.sv = sv
        self.en = en
    }

    static let invalidJSON = ProtocolError(
        code: "invalid_json", sv: "Meddelandet är inte giltig JSON.", en: "The message is not valid JSON.")
    static let invalidUTF8 = ProtocolError(
        code: "invalid_utf8", sv: "Meddelandet är inte giltig UTF-8.", en: "The message is not valid UTF-8.")
    static let tooDeep = ProtocolError(
        code: "too_deep", sv: "Meddelandet är för djupt nästlat.", en: "The message is nested too deeply.")
    static let notAnObject = ProtocolError(
        code: "not_an_object", sv: "Meddelandet måste vara ett JSON-objekt.", en: "The message must be a JSON object.")
    static let messageTooLarge = ProtocolError(
        code: "message_too_large", sv: "Meddelandet är för stort.", en: "The message is too large.")
    static let binaryNotSupported = ProtocolError(
        code: "binary_not_supported", sv: "Binära meddelanden stöds inte.",
        en: "Binary messages are not supported.")
    static let numberOutOfRange = ProtocolError(
        code: "invalid_json", sv: "Ett tal i meddelandet ligger utanför det tillåtna intervallet.",
        en: "A number in the message is out of range.")
}
