import Foundation
import Session

@testable import LiveServer

/// Records what the transport reports; read from the test thread, written on the service thread.
final class RecordingDelegate: TransportDelegate, Sendable {
    let wakeUps = Locked(0)
    let opened = Locked<[ConnectionID]>([])
    let closed = Locked<[ConnectionID]>([])
    let messages = Locked<[[String: JSONValue]]>([])
    let runFinished = Locked(false)

    func connectionOpened(_ id: ConnectionID, peer: String) { opened.withLock { $0.append(id) } }
    func connectionClosed(_ id: ConnectionID) { closed.withLock { $0.append(id) } }
    func received(_ message: [String: JSONValue], from id: ConnectionID) { messages.withLock { $0.append(message) } }
    func wakeUp() { wakeUps.withLock { $0 += 1 } }

    func httpRequest(method: String, path: String, query: [String: String], headers: [String: String])
        -> HTTPResponse?
    {
        guard path == "/api/echo" else { return nil }
        return .json([
            "method": .string(method), "q": .string(query["q"] ?? ""), "host": .string(headers["host"] ?? ""),
        ])
    }
}

/// Polls `condition` until true or the timeout passes.
func eventually(timeout: Double = 3, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while !condition() {
        if deadline.timeIntervalSinceNow <= 0 { return false }
        usleep(5_000)
    }
    return true
}
