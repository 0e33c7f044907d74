import Glibc
import Session

/// Identifies one WebSocket connection for its lifetime; never reused within a process.
struct ConnectionID: Hashable, Sendable, CustomStringConvertible {
    let rawValue: UInt64
    init(_ rawValue: UInt64) { self.rawValue = rawValue }
    var description: String { "c\(rawValue)" }
}

/// A WebSocket close status code (RFC 6455 §7.4).
struct CloseStatus: Hashable, Sendable {
    let code: UInt16
    init(_ code: UInt16) { self.code = code }

    static let normal = CloseStatus(1000)
    static let goingAway = CloseStatus(1001)
    static let policyViolation = CloseStatus(1008)
    static let messageTooLarge = CloseStatus(1009)
    static let internalError = CloseStatus(1011)
}

/// A response to a dynamic HTTP request. Security headers are added by the transport.
struct HTTPResponse: Sendable {
    var status: Int
    var contentType: String
    var body: [UInt8]
    /// Extra headers, name without the trailing colon (e.g. `"cache-control"`).
    var headers: [String: String]

    init(status: Int, contentType: String, body: [UInt8], headers: [String: String] = [:]) {
        self.status = status
        self.contentType = contentType
        self.body = body
        self.headers = headers
    }

    /// Returned by a delegate that will answer later through `WebSocketServer.completeHTTPResponse`.
    static let deferred = HTTPResponse(status: 0, contentType: "", body: [])
    var isDeferred: Bool { status == 0 }

    /// A JSON response with `cache-control: no-store`.
    static func json(_ value: JSONValue, status: Int = 200) -> HTTPResponse {
        HTTPResponse(
            status: status, contentType: "application/json", body: value.serializedBytes,
            headers: ["cache-control": "no-store"])
    }
}

/// Receives transport events. Every method is called on the lws service thread, the only
/// thread that may call back into `WebSocketServer` (except `wake()` and `stop()`).
protocol TransportDelegate: AnyObject {
    func connectionOpened(_ id: ConnectionID, peer: String)
    func connectionClosed(_ id: ConnectionID)
    /// A complete text message that decoded to a JSON object (not called in raw mode).
    func received(_ message: [String: JSONValue], from id: ConnectionID)
    /// A complete text message, undecoded (raw mode only). The bytes are valid only during
    /// the call.
    func receivedRaw(_ bytes: UnsafeRawBufferPointer, from id: ConnectionID)
    /// Another thread called `wake()`, or the periodic wake came (every
    /// `WebSocketServer.timerWakeSeconds`, so time-driven work runs without traffic): drain
    /// the owner's cross-thread queue and do what is due. Several wake-ups may collapse into one.
    func wakeUp()
    /// A request under `/api/`; `nil` answers 404.
    func httpRequest(method: String, path: String, query: [String: String], headers: [String: String])
        -> HTTPResponse?
}

extension TransportDelegate {
    func received(_ message: [String: JSONValue], from id: ConnectionID) {}
    func receivedRaw(_ bytes: UnsafeRawBufferPointer, from id: ConnectionID) {}
    func wakeUp() {}
    func httpRequest(method: String, path: String, query: [String: String], headers: [String: String])
        -> HTTPResponse?
    { nil }
}

/// Failures of the transport's lifecycle.
struct TransportError: Error, CustomStringConvertible, Sendable {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Milliseconds on the monotonic clock: for intervals (keepalive), never for dates.
enum MonotonicClock {
    static func milliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1_000 + Int64(now.tv_nsec) / 1_000_000
    }
}
