/// Derives and checks the secrets of a meeting from one server secret.
///
/// Facilitator keys and resume tokens are HMACs of the meeting code (and participant id), so
/// the database never holds a credential, and a re-sent `join` can be answered with the same
/// token. Comparison is constant-time.
struct Credentials: Sendable {
    private let secret: [UInt8]

    init(secret: [UInt8]) { self.secret = secret }

    /// Creates a fresh 256-bit server secret from the system's CSPRNG.
    static func newSecret() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    /// A meeting's key for one purpose: 128 bits of HMAC, as 32 hex characters.
    private func key(_ purpose: String, code: String) -> String {
        Array(SHA256.hmac(key: secret, message: Array("\(purpose)|\(code)".utf8)).prefix(16)).hexString
    }

    func facilitatorKey(code: String) -> String { key("facilitator", code: code) }

    /// Opens the minutes page and Markdown only: the link a facilitator publishes to everyone
    /// who took part, without handing over the facilitator key.
    func minutesKey(code: String) -> String { key("minutes", code: code) }

    /// Opens the projector's read-only view of the meeting and nothing else: the key typed on,
    /// or linked to, a venue's computer, which may keep it after the meeting.
    func projectorKey(code: String) -> String { key("projector", code: code) }

    func isValidProjectorKey(_ key: String, code: String) -> Bool { Self.matches(key, projectorKey(code: code)) }

    func isValidMinutesKey(_ key: String, code: String) -> Bool { Self.matches(key, minutesKey(code: code)) }

    /// `CODE.pN.<128-bit mac>`: names its meeting and participant, unguessable without the secret.
    func resumeToken(code: String, participant: String) -> String { token(.resume, code: code, participant: participant) }

    /// Opens the participant's read-only feedback view and nothing else: the link a participant
    /// keeps or forwards, so it gives no seat (the resume token would).
    func feedbackToken(code: String, participant: String) -> String { token(.feedback, code: code, participant: participant) }

    func isValidFacilitatorKey(_ key: String, code: String) -> Bool { Self.matches(key, facilitatorKey(code: code)) }

    /// The meeting and participant a resume token names, if its mac is right.
    func verify(token: String) -> (code: String, participant: String)? { verify(token, as: .resume) }

    /// The meeting and participant a feedback token names, if its mac is right.
    func verify(feedbackToken: String) -> (code: String, participant: String)? { verify(feedbackToken, as: .feedback) }

    /// What a participant's token is for: each has its own mac, so one never passes for the other.
    private enum TokenPurpose: String {
        case resume, feedback
    }

    private func token(_ purpose: TokenPurpose, code: String, participant: String) -> String {
        "\(code).\(participant).\(mac(purpose, code: code, participant: participant))"
    }

    private func verify(_ token: String, as purpose: TokenPurpose) -> (code: String, participant: String)? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count <= 12, parts[1].count <= 12 else { return nil }
        let code = String(parts[0])
        let participant = String(parts[1])
        return Self.matches(String(parts[2]), mac(purpose, code: code, participant: participant)) ? (code, participant) : nil
    }

    private func mac(_ purpose: TokenPurpose, code: String, participant: String) -> String {
        Array(SHA256.hmac(key: secret, message: Array("\(purpose.rawValue)|\(code)|\(participant)".utf8)).prefix(16)).hexString
    }

    /// Whether a credential someone sent is the expected one, compared in constant time.
    private static func matches(_ sent: String, _ expected: String) -> Bool {
        constantTimeEquals(Array(sent.utf8), Array(expected.utf8))
    }

    static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for i in 0..<max(a.count, b.count) {
            difference |= (i < a.count ? a[i] : 0) ^ (i < b.count ? b[i] : 0)
        }
        return difference == 0
    }
}

/// Join codes: six characters without look-alikes (no 0/O, 1/I/L).
enum JoinCode {
    static let alphabet = Array("23456789ABCDEFGHJKMNPQRSTUVWXYZ")

    static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<6).map { _ in alphabet.randomElement(using: &generator)! })
    }

    /// Upper-cases and checks a code typed by a person.
    static func normalised(_ raw: String) -> String? {
        let code = raw.uppercased().filter { !$0.isWhitespace && $0 != "-" }
        guard code.count == 6, code.allSatisfy(alphabet.contains) else { return nil }
        return code
    }
}
