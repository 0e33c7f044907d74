import Foundation
import Testing

/// A protocol-level client on a real WebSocket: sends commands, collects events, awaits replies.
final class CafeClient {
    let socket: WebSocketTestClient
    private(set) var events: [[String: Any]] = []
    private var counter = 0
    let name: String

    /// `forwardedFor`: an `X-Forwarded-For` header on the upgrade, as a proxy in front would add.
    init(port: Int, name: String = "client", forwardedFor: String? = nil) throws {
        socket = try WebSocketTestClient(port: port, headers: forwardedFor.map { ["X-Forwarded-For": $0] } ?? [:])
        self.name = name
    }

    /// Sends a command with a fresh (or given) id and returns the id.
    @discardableResult
    func send(_ type: String, id: String? = nil, _ fields: [String: Any] = [:]) throws -> String {
        counter += 1
        let commandID = id ?? "\(name)-\(counter)-\(UUID().uuidString.prefix(8))"
        var message = fields
        message["type"] = type
        message["id"] = commandID
        let data = try JSONSerialization.data(withJSONObject: message, options: [.sortedKeys])
        try socket.sendText(String(decoding: data, as: UTF8.self))
        return commandID
    }

    /// Reads until the ack or error for `id`, keeping events seen meanwhile.
    func reply(to id: String, timeout: Double = 10) throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(timeout)
        while deadline.timeIntervalSinceNow > 0 {
            guard let message = socket.receiveJSON(timeout: deadline.timeIntervalSinceNow) else { break }
            if message["type"] as? String == "event" {
                events.append(message)
            } else if message["id"] as? String == id {
                return message
            }
        }
        throw WebSocketTestClient.ClientError(description: "\(name): no reply to \(id)")
    }

    /// Sends and expects an ack; returns its result.
    @discardableResult
    func command(_ type: String, id: String? = nil, _ fields: [String: Any] = [:], sourceLocation: SourceLocation = #_sourceLocation)
        throws -> [String: Any]
    {
        let sent = try send(type, id: id, fields)
        let reply = try reply(to: sent)
        #expect(reply["type"] as? String == "ack", "\(type): \(reply)", sourceLocation: sourceLocation)
        return reply
    }

    /// Sends and expects an error with `code`.
    func refused(_ type: String, _ fields: [String: Any] = [:], code: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let reply = try reply(to: try send(type, fields))
        #expect(reply["type"] as? String == "error", sourceLocation: sourceLocation)
        #expect(reply["code"] as? String == code, "\(type): \(reply)", sourceLocation: sourceLocation)
        #expect((reply["message"] as? String)?.isEmpty == false, sourceLocation: sourceLocation)
        #expect((reply["message_sv"] as? String)?.isEmpty == false, sourceLocation: sourceLocation)
    }

    /// Reads events until one of `kind` arrives (or the timeout).
    func awaitEvent(_ kind: String, timeout: Double = 5) -> [String: Any]? {
        if let seen = events.first(where: { ($0["event"] as? [String: Any])?["kind"] as? String == kind }) { return seen }
        let deadline = Date().addingTimeInterval(timeout)
        while deadline.timeIntervalSinceNow > 0, let message = socket.receiveJSON(timeout: deadline.timeIntervalSinceNow) {
            guard message["type"] as? String == "event" else { continue }
            events.append(message)
            if (message["event"] as? [String: Any])?["kind"] as? String == kind { return message }
        }
        return nil
    }

    /// Reads whatever arrives within `seconds`.
    func drain(for seconds: Double = 0.3) {
        let deadline = Date().addingTimeInterval(seconds)
        while deadline.timeIntervalSinceNow > 0, let message = socket.receiveJSON(timeout: deadline.timeIntervalSinceNow) {
            if message["type"] as? String == "event" { events.append(message) }
        }
    }

    /// The frames of `type` that arrive within `seconds` (others are read and dropped); with
    /// `untilFirst`, it returns as soon as one has arrived.
    func frames(ofType type: String, for seconds: Double, untilFirst: Bool = false) -> [[String: Any]] {
        var found: [[String: Any]] = []
        let deadline = Date().addingTimeInterval(seconds)
        while deadline.timeIntervalSinceNow > 0, let message = socket.receiveJSON(timeout: deadline.timeIntervalSinceNow) {
            guard message["type"] as? String == type else { continue }
            found.append(message)
            if untilFirst { break }
        }
        return found
    }

    var eventKinds: [String] { events.compactMap { ($0["event"] as? [String: Any])?["kind"] as? String } }
    var eventSeqs: [Int] { events.compactMap { $0["seq"] as? Int } }

    func eventsOf(_ kind: String) -> [[String: Any]] {
        events.compactMap { $0["event"] as? [String: Any] }.filter { $0["kind"] as? String == kind }
    }

    static var meetingFields: [String: Any] {
        [
            "title": "Dialog om kulturplanen", "date": "2026-12-03", "declared_level": "dialogue", "decision_step": "drafting",
            "language": "sv", "series": "Kultursamverkan Kalmar",
        ]
    }

    /// Creates a meeting; returns (code, key).
    func createMeeting() throws -> (code: String, key: String) {
        let result = try command("create_meeting", Self.meetingFields)["result"] as? [String: Any] ?? [:]
        return (result["code"] as? String ?? "", result["facilitator_key"] as? String ?? "")
    }

    /// Joins; returns (participant id, token).
    func join(code: String, name: String, sector: String, organisation: String) throws -> (id: String, token: String) {
        let result =
            try command("join", ["code": code, "name": name, "sector": sector, "organisation": organisation])["result"]
            as? [String: Any] ?? [:]
        return (result["participant"] as? String ?? "", result["token"] as? String ?? "")
    }
}
