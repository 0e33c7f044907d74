import Foundation
import Glibc

/// A minimal RFC 6455 client over a blocking POSIX socket, for tests against the real server.
final class WebSocketTestClient {
    struct ClientError: Error, CustomStringConvertible {
        let description: String
    }

    /// What ended the connection, once known.
    enum Closure: Equatable {
        /// A close frame with this status code (nil when the frame had no code).
        case closeFrame(UInt16?)
        /// The TCP connection ended without a close frame.
        case eof
    }

    private let fd: Int32
    private var buffer: [UInt8] = []
    private var fragments: [UInt8] = []
    private(set) var closure: Closure?
    /// Every text message received so far, in order (for scanning what a client was sent).
    private(set) var receivedTexts: [String] = []
    /// Response headers of the upgrade (lowercased names).
    private(set) var upgradeHeaders: [String: String] = [:]

    /// Connects and upgrades. Throws when the server refuses the upgrade.
    init(
        port: Int, path: String = "/ws", origin: String? = nil, subprotocol: String? = "dialogcafe.v1",
        receiveBufferSize: Int32? = nil, headers: [String: String] = [:]
    ) throws {
        fd = try Self.connect(port: port, receiveBufferSize: receiveBufferSize)
        var request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        request += "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        if let subprotocol { request += "Sec-WebSocket-Protocol: \(subprotocol)\r\n" }
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { request += "\(name): \(value)\r\n" }
        request += "Origin: \(origin ?? "http://127.0.0.1:\(port)")\r\n\r\n"
        // No close here when the upgrade fails: the object is whole, so `deinit` closes the socket.
        // A second close could close a descriptor another test's thread has just been given.
        try writeAll(Array(request.utf8))
        let head = try readHead(timeout: 5)
        let (status, headers) = Self.parseHead(head)
        upgradeHeaders = headers
        guard status == 101 else { throw ClientError(description: "upgrade refused with status \(status)") }
    }

    deinit { Glibc.close(fd) }

    // MARK: Sending

    func sendText(_ text: String) throws { try sendRawFrame(opcode: 0x1, fin: true, payload: Array(text.utf8)) }

    /// Sends one masked frame exactly as given (for fragments and invalid payloads).
    func sendRawFrame(opcode: UInt8, fin: Bool, payload: [UInt8]) throws {
        var frame: [UInt8] = [(fin ? 0x80 : 0) | opcode]
        let count = payload.count
        if count < 126 {
            frame.append(0x80 | UInt8(count))
        } else if count <= 0xFFFF {
            frame.append(0x80 | 126)
            frame += [UInt8(count >> 8), UInt8(count & 0xFF)]
        } else {
            frame.append(0x80 | 127)
            for shift in stride(from: 56, through: 0, by: -8) { frame.append(UInt8((count >> shift) & 0xFF)) }
        }
        let mask: [UInt8] = (0..<4).map { _ in UInt8.random(in: 0...255) }
        frame += mask
        frame.reserveCapacity(frame.count + count)
        for (index, byte) in payload.enumerated() { frame.append(byte ^ mask[index & 3]) }
        try writeAll(frame)
    }

    /// Sends a close frame and shuts the socket down.
    func close(status: UInt16 = 1000) {
        try? sendRawFrame(opcode: 0x8, fin: true, payload: [UInt8(status >> 8), UInt8(status & 0xFF)])
        shutdown(fd, Int32(SHUT_RDWR))
    }

    // MARK: Receiving

    /// The next text message, or nil on timeout or when the connection closed.
    func receiveText(timeout: Double = 5) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while closure == nil {
            if let frame = parseFrame() {
                switch frame.opcode {
                case 0x0, 0x1, 0x2:
                    fragments += frame.payload
                    if frame.fin {
                        defer { fragments.removeAll() }
                        let text = String(decoding: fragments, as: UTF8.self)
                        receivedTexts.append(text)
                        return text
                    }
                case 0x8:
                    let code = frame.payload.count >= 2 ? UInt16(frame.payload[0]) << 8 | UInt16(frame.payload[1]) : nil
                    closure = .closeFrame(code)
                case 0x9:
                    try? sendRawFrame(opcode: 0xA, fin: true, payload: frame.payload)
                default:
                    break
                }
                continue
            }
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 { return nil }
            if !fill(timeout: remaining) { return nil }
        }
        return nil
    }

    /// The next text message parsed as a JSON object.
    func receiveJSON(timeout: Double = 5) -> [String: Any]? {
        guard let text = receiveText(timeout: timeout),
            let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        else { return nil }
        return object
    }

    /// Reads (and discards) messages until the connection ends; nil on timeout.
    func waitForClosure(timeout: Double = 5) -> Closure? {
        let deadline = Date().addingTimeInterval(timeout)
        while closure == nil && deadline.timeIntervalSinceNow > 0 {
            _ = receiveText(timeout: deadline.timeIntervalSinceNow)
        }
        return closure
    }

    // MARK: Plain HTTP

    struct HTTPResult {
        let status: Int
        /// Lowercased names; repeated headers are joined with "\n".
        let headers: [String: String]
        let body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// One request (GET unless `method` says otherwise; a HEAD answer has no body) on a new
    /// connection. `body` is sent with its `Content-Length`; `readingAfter` seconds pass before
    /// the answer is read, through a receive buffer of `receiveBufferSize` bytes when given (a
    /// phone on a weak link).
    static func httpGet(
        port: Int, path: String, headers extra: [String: String] = [:], method: String = "GET", body: String? = nil,
        readingAfter delay: Double = 0, receiveBufferSize: Int32? = nil, timeout: Double = 5
    ) throws -> HTTPResult {
        let fd = try connect(port: port, receiveBufferSize: receiveBufferSize)
        defer { Glibc.close(fd) }
        let headOnly = method == "HEAD"
        var request = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in extra { request += "\(name): \(value)\r\n" }
        if let body { request += "Content-Length: \(body.utf8.count)\r\n" }
        request += "\r\n" + (body ?? "")
        let bytes = Array(request.utf8)
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        if delay > 0 { usleep(UInt32(delay * 1_000_000)) }
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let deadline = Date().addingTimeInterval(timeout)
        while deadline.timeIntervalSinceNow > 0 {
            var pollfd = Glibc.pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pollfd, 1, 200) >= 0 else { break }
            if pollfd.revents == 0 {
                if let result = completeResponse(data, headOnly: headOnly) { return result }
                continue
            }
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            data += chunk[0..<count]
            if let result = completeResponse(data, headOnly: headOnly) { return result }
        }
        guard let result = completeResponse(data, atEOF: true, headOnly: headOnly) else {
            throw ClientError(description: "incomplete HTTP response (\(data.count) bytes)")
        }
        return result
    }

    private static func completeResponse(_ data: [UInt8], atEOF: Bool = false, headOnly: Bool = false) -> HTTPResult? {
        guard let end = headEnd(data) else { return nil }
        let (status, headers) = parseHead(Array(data[..<end]))
        // A HEAD answer and a 304 have no body, whatever their content-length says.
        if headOnly || status == 304 { return HTTPResult(status: status, headers: headers, body: Array(data[end...])) }
        let body = Array(data[end...])
        if let length = headers["content-length"].flatMap({ Int($0) }) {
            guard body.count >= length else { return nil }
            return HTTPResult(status: status, headers: headers, body: Array(body.prefix(length)))
        }
        return atEOF ? HTTPResult(status: status, headers: headers, body: body) : nil
    }

    // MARK: Internals

    private static func connect(port: Int, receiveBufferSize: Int32?) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ClientError(description: "socket: \(errno)") }
        if var size = receiveBufferSize {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port)).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            Glibc.close(fd)
            throw ClientError(description: "connect to port \(port): errno \(errno)")
        }
        return fd
    }

    private func writeAll(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes {
                send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL))
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw ClientError(description: "send: errno \(errno)")
            }
            offset += written
        }
    }

    /// Waits for more bytes; false on timeout or end of stream (which sets `closure`).
    private func fill(timeout: Double) -> Bool {
        var pollfd = Glibc.pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&pollfd, 1, Int32(max(1, min(timeout * 1000, 60_000))))
        guard ready > 0 else { return false }
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count <= 0 {
            if closure == nil { closure = .eof }
            return false
        }
        buffer += chunk[0..<count]
        return true
    }

    private func readHead(timeout: Double) throws -> [UInt8] {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let end = Self.headEnd(buffer) {
                let head = Array(buffer[..<end])
                buffer.removeFirst(end)
                return head
            }
            if deadline.timeIntervalSinceNow <= 0 || !fill(timeout: deadline.timeIntervalSinceNow) {
                throw ClientError(description: "no upgrade response (connection \(closure == .eof ? "closed" : "timed out"))")
            }
        }
    }

    /// Index just past the blank line that ends the HTTP head.
    private static func headEnd(_ data: [UInt8]) -> Int? {
        guard data.count >= 4 else { return nil }
        for index in 0...(data.count - 4)
        where data[index] == 13 && data[index + 1] == 10 && data[index + 2] == 13 && data[index + 3] == 10 {
            return index + 4
        }
        return nil
    }

    private static func parseHead(_ head: [UInt8]) -> (Int, [String: String]) {
        let lines = String(decoding: head, as: UTF8.self).components(separatedBy: "\r\n")
        let status = lines.first.flatMap { line in line.split(separator: " ").dropFirst().first.flatMap { Int($0) } } ?? 0
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers[name] = headers[name].map { $0 + "\n" + value } ?? value
        }
        return (status, headers)
    }

    private struct Frame {
        let fin: Bool
        let opcode: UInt8
        let payload: [UInt8]
    }

    private func parseFrame() -> Frame? {
        guard buffer.count >= 2 else { return nil }
        let fin = buffer[0] & 0x80 != 0
        let opcode = buffer[0] & 0x0F
        let masked = buffer[1] & 0x80 != 0
        var length = Int(buffer[1] & 0x7F)
        var offset = 2
        if length == 126 {
            guard buffer.count >= 4 else { return nil }
            length = Int(buffer[2]) << 8 | Int(buffer[3])
            offset = 4
        } else if length == 127 {
            guard buffer.count >= 10 else { return nil }
            length = (2..<10).reduce(0) { $0 << 8 | Int(buffer[$1]) }
            offset = 10
        }
        let maskOffset = offset
        if masked { offset += 4 }
        guard buffer.count >= offset + length else { return nil }
        var payload = Array(buffer[offset..<(offset + length)])
        if masked {
            for index in payload.indices { payload[index] ^= buffer[maskOffset + (index & 3)] }
        }
        buffer.removeFirst(offset + length)
        return Frame(fin: fin, opcode: opcode, payload: payload)
    }
}
