import Foundation
import Glibc
import Session
import Testing

@testable import LiveServer

/// End-to-end tests of the transport against the real `dialogcafe` binary.
@Suite struct TransportTests {
    static let csp =
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'"

    static func expectSecurityHeaders(_ headers: [String: String], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(headers["content-security-policy"] == csp, sourceLocation: sourceLocation)
        #expect(headers["x-content-type-options"] == "nosniff", sourceLocation: sourceLocation)
        #expect(headers["x-frame-options"] == "DENY", sourceLocation: sourceLocation)
        #expect(headers["referrer-policy"] == "no-referrer", sourceLocation: sourceLocation)
    }

    /// A web folder with a known file.
    static func webFolder() throws -> String {
        let folder = ServerProcess.temporaryDirectory()
        try "<!doctype html><title>test</title><p>marker-7f3a</p>\n".write(
            toFile: folder + "/index.html", atomically: true, encoding: .utf8)
        try "export const x = 1;\n".write(toFile: folder + "/app.js", atomically: true, encoding: .utf8)
        return folder
    }

    @Test func healthzAnswersJSONWithSecurityHeaders() throws {
        let server = try ServerProcess(webRoot: try Self.webFolder())
        let response = try WebSocketTestClient.httpGet(port: server.port, path: "/healthz")
        #expect(response.status == 200)
        #expect(response.text == #"{"status":"ok"}"#)
        #expect(response.headers["content-type"] == "application/json")
        Self.expectSecurityHeaders(response.headers)
    }

    @Test func staticFilesAndNotFoundCarrySecurityHeaders() throws {
        let server = try ServerProcess(webRoot: try Self.webFolder())
        let index = try WebSocketTestClient.httpGet(port: server.port, path: "/")
        #expect(index.status == 200)
        #expect(index.text.contains("marker-7f3a"))
        Self.expectSecurityHeaders(index.headers)
        let script = try WebSocketTestClient.httpGet(port: server.port, path: "/app.js")
        #expect(script.status == 200)
        #expect(script.headers["content-type"]?.contains("javascript") == true)
        let api = try WebSocketTestClient.httpGet(port: server.port, path: "/api/nothing?x=1")
        #expect(api.status == 404)
        Self.expectSecurityHeaders(api.headers)
    }

    @Test func upgradeNegotiatesSubprotocol() throws {
        let server = try ServerProcess(webRoot: try Self.webFolder())
        let client = try WebSocketTestClient(port: server.port)
        #expect(client.upgradeHeaders["sec-websocket-protocol"] == "dialogcafe.v1")
        try client.sendText(#"{"id":"r1","type":"hello"}"#)
        let reply = try #require(client.receiveJSON())
        #expect(reply["type"] as? String == "error")
        #expect(reply["code"] as? String == "unknown_type")
        #expect(reply["id"] as? String == "r1")

        let plain = try WebSocketTestClient(port: server.port, subprotocol: nil)
        try plain.sendText(#"{"id":2}"#)
        #expect(try #require(plain.receiveJSON())["code"] as? String == "missing_field", "served without a subprotocol too")
    }

    @Test func upgradeOutsideEndpointIsRefused() throws {
        let server = try ServerProcess(webRoot: try Self.webFolder())
        #expect(throws: WebSocketTestClient.ClientError.self) {
            _ = try WebSocketTestClient(port: server.port, path: "/other")
        }
    }

    @Test func originIsChecked() throws {
        let server = try ServerProcess(webRoot: try Self.webFolder())
        #expect(throws: WebSocketTestClient.ClientError.self) {
            _ = try WebSocketTestClient(port: server.port, origin: "http://evil.example")
        }
        _ = try WebSocketTestClient(port: server.port, origin: "http://127.0.0.1:\(server.port)")

        let listed = try ServerProcess(
            arguments: ["--allow-origin", "https://cafe.example", "--allow-origin", "http://b.example"],
            webRoot: try Self.webFolder())
        _ = try WebSocketTestClient(port: listed.port, origin: "https://cafe.example")
        _ = try WebSocketTestClient(port: listed.port, origin: "http://b.example")
        #expect(throws: WebSocketTestClient.ClientError.self) {
            _ = try WebSocketTestClient(port: listed.port, origin: "http://127.0.0.1:\(listed.port)")
        }
    }

    @Test func malformedMessagesGetErrorFrames() throws {
        let server = try ServerProcess(webRoot: try Self.webFolder())
        let client = try WebSocketTestClient(port: server.port)
        let deep = String(repeating: "[", count: 40) + String(repeating: "]", count: 40)
        let cases: [([UInt8], UInt8, String)] = [
            (Array("{\"id\":".utf8), 0x1, "invalid_json"),
            (Array("[1,2]".utf8), 0x1, "not_an_object"),
            (Array("{\"a\":\(deep)}".utf8), 0x1, "too_deep"),
            (Array("{\"a\":\"".utf8) + [0xC3, 0x28] + Array("\"}".utf8), 0x1, "invalid_utf8"),
            (Array("{\"a\":1} x".utf8), 0x1, "invalid_json"),
            (Array("{\"a\":99999999999999999999}".utf8), 0x1, "invalid_json"),
            ([1, 2, 3], 0x2, "binary_not_supported"),
        ]
        for (payload, opcode, code) in cases {
            try client.sendRawFrame(opcode: opcode, fin: true, payload: payload)
            let reply = try #require(client.receiveJSON(), "no reply for \(code)")
            #expect(reply["type"] as? String == "error")
            #expect(reply["code"] as? String == code)
            #expect(reply["id"] is NSNull)
            #expect((reply["message"] as? String)?.isEmpty == false)
            #expect((reply["message_sv"] as? String)?.isEmpty == false)
        }
        // The connection survives all of these.
        try client.sendText(#"{"id":"ok"}"#)
        #expect(try #require(client.receiveJSON())["id"] as? String == "ok")
    }

    @Test func oversizedMessageIsRejectedAndClosedWith1009() throws {
        let server = try ServerProcess(arguments: ["--max-message-bytes", "1024"], webRoot: try Self.webFolder())
        let client = try WebSocketTestClient(port: server.port)
        let fitting = "{\"pad\":\"" + String(repeating: "a", count: 1000) + "\"}"
        try client.sendText(fitting)
        #expect(try #require(client.receiveJSON())["code"] as? String == "missing_field", "a fitting message is read")
        // Too large in total although every fragment is small.
        try client.sendRawFrame(opcode: 0x1, fin: false, payload: Array(repeating: 0x20, count: 700))
        try client.sendRawFrame(opcode: 0x0, fin: true, payload: Array(repeating: 0x20, count: 700))
        let reply = try #require(client.receiveJSON())
        #expect(reply["code"] as? String == "message_too_large")
        #expect(client.waitForClosure() == .closeFrame(1009))
    }

    @Test func fragmentedMessageIsReassembled() throws {
        let server = try ServerProcess(webRoot: try Self.webFolder())
        let client = try WebSocketTestClient(port: server.port)
        try client.sendRawFrame(opcode: 0x1, fin: false, payload: Array(#"{"id":"fr"#.utf8))
        try client.sendRawFrame(opcode: 0x0, fin: false, payload: Array(#"ag","x":"#.utf8))
        try client.sendRawFrame(opcode: 0x0, fin: true, payload: Array("[1,2,3]}".utf8))
        #expect(try #require(client.receiveJSON())["id"] as? String == "frag")

        let fanout = try ServerProcess(arguments: ["--raw-fanout"], webRoot: try Self.webFolder())
        let sender = try WebSocketTestClient(port: fanout.port)
        let receiver = try WebSocketTestClient(port: fanout.port)
        let big = String(repeating: "0123456789", count: 1_000)  // 10 kB: several receive callbacks
        let bytes = Array(big.utf8)
        try sender.sendRawFrame(opcode: 0x1, fin: false, payload: Array(bytes[..<3000]))
        try sender.sendRawFrame(opcode: 0x0, fin: false, payload: Array(bytes[3000..<3001]))
        try sender.sendRawFrame(opcode: 0x0, fin: true, payload: Array(bytes[3001...]))
        #expect(receiver.receiveText() == big)
    }

    @Test func rawFanoutReachesEveryConnectionInOrderItsSenderToo() throws {
        let server = try ServerProcess(arguments: ["--raw-fanout"], webRoot: try Self.webFolder())
        let sender = try WebSocketTestClient(port: server.port)
        let receivers = try (0..<3).map { _ in try WebSocketTestClient(port: server.port) }
        let everyone = [sender] + receivers
        // Opening is asynchronous on the server: make sure every receiver is registered.
        try receivers[0].sendText("ready")
        for client in everyone { #expect(client.receiveText() == "ready") }
        for index in 0..<200 { try sender.sendText("m\(index)") }
        for client in everyone {
            for index in 0..<200 {
                let text = client.receiveText()
                #expect(text == "m\(index)")
                if text != "m\(index)" { break }
            }
        }
        for client in everyone { #expect(client.receiveText(timeout: 0.2) == nil) }
    }

    @Test func rawFanoutRoomsKeepMessagesInsideTheirRoom() throws {
        let server = try ServerProcess(arguments: ["--raw-fanout"], webRoot: try Self.webFolder())
        let roomOne = try (0..<3).map { _ in try WebSocketTestClient(port: server.port) }
        let roomTwo = try (0..<2).map { _ in try WebSocketTestClient(port: server.port) }
        let lobby = try (0..<2).map { _ in try WebSocketTestClient(port: server.port) }
        // A first message `room:K` joins room K and is acknowledged to the sender alone.
        for (room, clients) in [(1, roomOne), (2, roomTwo)] {
            for client in clients {
                try client.sendText("room:\(room)")
                #expect(client.receiveText() == "room:\(room)")
            }
        }

        // Every member of the room gets a message, its sender too.
        try roomOne[0].sendText("one")
        for client in roomOne { #expect(client.receiveText() == "one") }
        // Only the first message names a room: later ones are broadcast like any other.
        try roomOne[1].sendText("room:2")
        for client in roomOne { #expect(client.receiveText() == "room:2") }
        try roomTwo[0].sendText("two")
        for client in roomTwo { #expect(client.receiveText() == "two") }
        // Not exactly `room:K`, so the sender stays in the default room with the other roomless client.
        try lobby[0].sendText("room:1x")
        for client in lobby { #expect(client.receiveText() == "room:1x") }
        try lobby[0].sendText("room:1")
        for client in lobby { #expect(client.receiveText() == "room:1") }

        // Nothing leaked between rooms.
        for client in roomOne + roomTwo + lobby { #expect(client.receiveText(timeout: 0.3) == nil) }
        #expect(roomOne.map(\.receivedTexts) == Array(repeating: ["room:1", "one", "room:2"], count: 3))
        #expect(roomTwo.map(\.receivedTexts) == Array(repeating: ["room:2", "two"], count: 2))
        #expect(lobby.map(\.receivedTexts) == Array(repeating: ["room:1x", "room:1"], count: 2))
    }

    @Test func silentClientIsCutOffWhileOthersKeepReceiving() throws {
        let server = try ServerProcess(
            arguments: ["--raw-fanout", "--max-queued-bytes", "65536"], webRoot: try Self.webFolder())
        let silent = try WebSocketTestClient(port: server.port, receiveBufferSize: 4096)
        let reader = try WebSocketTestClient(port: server.port)
        let sender = try WebSocketTestClient(port: server.port)
        try sender.sendText("ready")
        #expect(reader.receiveText() == "ready")
        #expect(sender.receiveText() == "ready")

        let frameCount = 300
        let padding = String(repeating: "x", count: 8_000)
        for index in 0..<frameCount {
            try sender.sendText("\(index):\(padding)")
            let text = reader.receiveText()
            #expect(text == "\(index):\(padding)")
            #expect(sender.receiveText() == text)
            if text == nil { break }
        }
        // 300 × 8 kB far exceeds what the sockets can buffer plus the 64 kB queue bound.
        let closure = silent.waitForClosure(timeout: 10)
        #expect(closure == .closeFrame(1008) || closure == .eof)
        // The server is still healthy and the others are still connected.
        try sender.sendText("after")
        #expect(reader.receiveText() == "after")
        #expect(sender.receiveText() == "after")
    }

    @Test func gracefulStopSendsGoingAway() throws {
        let server = try ServerProcess(webRoot: try Self.webFolder())
        let client = try WebSocketTestClient(port: server.port)
        try client.sendText(#"{"id":1}"#)
        _ = client.receiveJSON()
        server.kill(SIGTERM)
        #expect(client.waitForClosure() == .closeFrame(1001))
        #expect(server.waitForExit() == 0)
    }

    @Test func portInUseFailsClearly() throws {
        let first = try ServerProcess(webRoot: try Self.webFolder())
        let (status, errors) = try CommandLineTests.run(
            ["serve", "--port", String(first.port), "--db", ServerProcess.temporaryDirectory() + "/x.sqlite"])
        #expect(status == 1, "a runtime failure, not a usage error (64)")
        #expect(errors.contains("cannot listen on 127.0.0.1:\(first.port)"))
    }
}

/// The transport driven in-process: delegate callbacks, wake-ups, `/api/` routing, stop.
@Suite struct TransportInProcessTests {
    static func startServer(_ configure: (inout WebSocketServer.Configuration) -> Void = { _ in }) throws -> (
        WebSocketServer, RecordingDelegate
    ) {
        var configuration = WebSocketServer.Configuration()
        configuration.port = 0
        configure(&configuration)
        let server = WebSocketServer(configuration: configuration)
        let delegate = RecordingDelegate()
        server.delegate = delegate
        try server.start()
        let thread = Thread {
            server.run()
            delegate.runFinished.withLock { $0 = true }
        }
        thread.start()
        return (server, delegate)
    }

    @Test func wakesRoutesAPIDeliversMessagesAndStops() throws {
        let (server, delegate) = try Self.startServer()
        #expect(server.port > 0)

        server.wake()
        #expect(eventually { delegate.wakeUps.withLock { $0 } >= 1 })

        let api = try WebSocketTestClient.httpGet(port: server.port, path: "/api/echo?q=hej")
        #expect(api.status == 200)
        let body = try #require(parseJSONText(api.text))
        #expect(body == ["method": "GET", "q": "hej", "host": .string("127.0.0.1:\(server.port)")])
        TransportTests.expectSecurityHeaders(api.headers)

        let client = try WebSocketTestClient(port: server.port)
        try client.sendText(#"{"id":1,"list":[1,2.5,"x"]}"#)
        #expect(eventually { delegate.messages.withLock { $0.count } == 1 })
        #expect(delegate.messages.withLock { $0.first } == ["id": 1, "list": [1, .double(2.5), "x"]])
        #expect(delegate.opened.withLock { $0.count } == 1)

        server.stop()
        #expect(client.waitForClosure() == .closeFrame(1001))
        #expect(eventually { delegate.runFinished.withLock { $0 } })
        #expect(delegate.closed.withLock { $0 } == delegate.opened.withLock { $0 })
    }

    /// A server that pings after 1 s of silence and hangs up after 2 s, and one client on it.
    static func startWithFastKeepalive() throws -> (WebSocketServer, RecordingDelegate, WebSocketTestClient) {
        let (server, delegate) = try startServer {
            $0.secondsBeforePing = 1
            $0.secondsBeforeHangup = 2
        }
        let client = try WebSocketTestClient(port: server.port)
        #expect(eventually { delegate.opened.withLock { $0.count } == 1 })
        return (server, delegate, client)
    }

    @Test func silentPeerIsHungUpByIdlePolicy() throws {
        let (server, delegate, client) = try Self.startWithFastKeepalive()
        defer { server.stop() }
        // The client does not read, so it never answers the server's ping.
        #expect(eventually(timeout: 6) { delegate.closed.withLock { $0.count } == 1 })
        _ = client
    }

    @Test func aPeerThatAnswersPingsStaysPastTheHangUpInterval() throws {
        let (server, delegate, client) = try Self.startWithFastKeepalive()
        defer { server.stop() }
        // Sends nothing, but reading answers each ping with a pong: 4.5 s is more than twice the
        // hang-up interval, so a keepalive that ignored pongs would have dropped it.
        let start = MonotonicClock.milliseconds()
        while MonotonicClock.milliseconds() - start < 4_500 { _ = client.receiveText(timeout: 0.5) }
        #expect(delegate.closed.withLock { $0.count } == 0)
    }

    /// A peer on a slow link that sends nothing while it takes a backlog longer than the hang-up
    /// interval (its ping waits behind the backlog) is not hung up as silent: its TCP keeps
    /// acknowledging what it reads.
    @Test func aPeerStillTakingABacklogIsNotHungUp() throws {
        var configuration = WebSocketServer.Configuration()
        configuration.port = 0
        configuration.secondsBeforePing = 1
        configuration.secondsBeforeHangup = 2
        configuration.maxQueuedBytesPerConnection = 16 << 20
        let server = WebSocketServer(configuration: configuration)
        let payloads = (0..<400).map { "\($0):" + String(repeating: "x", count: 8_000) }
        let delegate = BurstDelegate(server: server, payloads: payloads)
        server.delegate = delegate
        try server.start()
        Thread { server.run() }.start()
        defer { server.stop() }

        let client = try WebSocketTestClient(port: server.port, receiveBufferSize: 4096)
        try client.sendText(#"{"burst":true}"#)
        let started = MonotonicClock.milliseconds()
        var received = 0
        for expected in payloads + payloads {
            usleep(5_000)  // about 1.6 MB a second: the 6.4 MB take twice the hang-up interval
            guard client.receiveText(timeout: 5) == expected else { break }
            received += 1
        }
        #expect(received == 2 * payloads.count, "cut off after \(received) frames")
        #expect(MonotonicClock.milliseconds() - started > 3_500, "the backlog outlasted the hang-up interval")
    }

    @Test func aBurstArrivesAsWholeFramesInOrder() throws {
        // One payload per header form (7-bit, 16-bit and 64-bit lengths and their edges), queued
        // in one callback, so they leave joined in one write: each must arrive whole, in order.
        let sizes = [1, 125, 126, 65_535, 65_536, 70_000, 3]
        let payloads = sizes.enumerated().map { index, size in
            String(repeating: Character(UnicodeScalar(UInt8(ascii: "a") + UInt8(index))), count: size)
        }
        var configuration = WebSocketServer.Configuration()
        configuration.port = 0
        let server = WebSocketServer(configuration: configuration)
        let delegate = BurstDelegate(server: server, payloads: payloads)
        server.delegate = delegate
        try server.start()
        Thread { server.run() }.start()
        defer { server.stop() }

        let client = try WebSocketTestClient(port: server.port)
        try client.sendText(#"{"burst":true}"#)
        for expected in payloads + payloads {
            let text = client.receiveText(timeout: 5)
            #expect(text?.count == expected.count && text == expected)
        }
    }

    @Test func serverStartedButNeverRunIsReleasedCleanly() throws {
        var configuration = WebSocketServer.Configuration()
        configuration.port = 0
        weak var released: WebSocketServer?
        do {
            let server = WebSocketServer(configuration: configuration)
            try server.start()
            released = server
        }
        #expect(released == nil)
    }

    @Test func portInUseThrowsClearError() throws {
        let (server, _) = try Self.startServer()
        defer { server.stop() }
        var configuration = WebSocketServer.Configuration()
        configuration.port = server.port
        let second = WebSocketServer(configuration: configuration)
        #expect {
            try second.start()
        } throws: { error in
            (error as? TransportError)?.description.contains("cannot listen on 127.0.0.1:\(server.port)") == true
        }
    }
}

/// The per-connection queue and reassembly rules, without a network.
@Suite struct ConnectionStateTests {
    static func state(bytes: Int = 100, frames: Int = 3, message: Int = 10) -> ConnectionState {
        ConnectionState(limits: .init(maxQueuedBytes: bytes, maxQueuedFrames: frames, maxMessageBytes: message), openedAtMs: 0)
    }

    @Test func queueIsFIFOAndBounded() {
        var state = Self.state()
        let frames = (0..<3).map { OutboundFrame(text: "f\($0)") }
        #expect(state.enqueue(frames[0]) == .queuedFirst)
        #expect(state.enqueue(frames[1]) == .queued)
        #expect(state.dequeue() === frames[0])
        #expect(state.enqueue(frames[2]) == .queued)
        #expect(state.queuedBytes == 4)
        #expect(state.dequeue() === frames[1])
        #expect(state.dequeue() === frames[2])
        #expect(state.dequeue() == nil)
        #expect(state.enqueue(frames[0]) == .queuedFirst)
    }

    /// A backlog may exceed the bounds once; until it has been written, another may not, and
    /// the bounds shrink back as it is written, also while live frames keep arriving.
    @Test func aBacklogIsAllowedBeyondTheBoundsOnceUntilItIsWritten() {
        var state = Self.state(bytes: 12, frames: 3)
        let frame = OutboundFrame(text: "abcd")
        let first = state.allowBacklog(bytes: 20, frames: 5)
        #expect(first)
        for _ in 0..<5 { let outcome = state.enqueue(frame); #expect(outcome != .overflow) }
        let second = state.allowBacklog(bytes: 20, frames: 5)
        #expect(!second, "no second allowance while the first is queued")
        #expect(state.limits.maxQueuedBytes == 32 && state.limits.maxQueuedFrames == 8)
        _ = state.dequeue()
        #expect(state.limits.maxQueuedBytes == 28 && state.limits.maxQueuedFrames == 7, "it shrinks as the backlog is written")
        for _ in 0..<3 {
            _ = state.dequeue()
            let outcome = state.enqueue(frame)  // a live frame arrives each time: the queue never empties
            #expect(outcome == .queued)
        }
        _ = state.dequeue()
        #expect(state.limits == state.baseLimits, "the allowance ends once the backlog is written")
        #expect(state.queuedFrames == 3)
        while state.dequeue() != nil {}
        let afterDrain = state.allowBacklog(bytes: 8, frames: 2)
        #expect(afterDrain)
        for _ in 0..<4 { _ = state.enqueue(frame) }
        let again = state.allowBacklog(bytes: 8, frames: 2)
        #expect(!again)
        var outcome = ConnectionState.EnqueueOutcome.queued
        for _ in 0..<3 where outcome != .overflow { outcome = state.enqueue(frame) }
        #expect(outcome == .overflow, "beyond the one allowance, the usual bounds cut the connection off")
    }

    @Test(arguments: [(100, 2), (5, 10)])
    func overflowDropsTheQueueAndClosesAsTooSlow(bytes: Int, frames: Int) {
        var state = Self.state(bytes: bytes, frames: frames)
        var outcome = ConnectionState.EnqueueOutcome.queued
        for _ in 0..<5 where outcome != .overflow { outcome = state.enqueue(OutboundFrame(text: "abc")) }
        #expect(outcome == .overflow)
        #expect(state.queuedFrames == 0 && state.queuedBytes == 0)
        #expect(state.pendingClose?.status == .policyViolation)
        #expect(state.enqueue(OutboundFrame(text: "x")) == .ignored)
    }

    @Test func keepaliveAsksForOnePingPerSilenceThenHangsUp() {
        var state = ConnectionState(limits: .init(maxQueuedBytes: 10, maxQueuedFrames: 1, maxMessageBytes: 10), openedAtMs: 1_000)
        func check(_ now: Int64) -> ConnectionState.Idleness { state.checkIdle(nowMs: now, pingAfterMs: 20_000, hangUpAfterMs: 45_000) }
        #expect(check(20_999) == .active)
        #expect(check(21_000) == .ping)
        #expect(state.takePingDue() && !state.takePingDue())
        #expect(check(30_000) == .active)
        state.heard(atMs: 40_000)
        #expect(check(59_999) == .active)
        #expect(check(60_000) == .ping)
        #expect(check(84_999) == .active)
        #expect(check(85_000) == .hangUp)
        state.heard(atMs: 100_000)
        #expect(check(120_000) == .ping)
        state.close(status: .goingAway, reason: "bye", dropQueued: false)
        let pingAfterClose = state.takePingDue()
        #expect(!pingAfterClose, "no ping after a close was decided")
    }

    @Test func aPeerWhoseTCPKeptAcknowledgingSinceThePingCountsAsHeard() {
        var state = ConnectionState(limits: .init(maxQueuedBytes: 10, maxQueuedFrames: 1, maxMessageBytes: 10), openedAtMs: 0)
        func check(_ now: Int64) -> ConnectionState.Idleness { state.checkIdle(nowMs: now, pingAfterMs: 20_000, hangUpAfterMs: 45_000) }
        func kept(_ acked: Int64, _ now: Int64) -> Bool { state.keptTaking(bytesAcked: acked, atMs: now) }
        #expect(!kept(1 << 20, 1_000), "no ping yet, nothing to compare with")
        #expect(check(20_000) == .ping)
        state.notePing(bytesAcked: 5_000)
        #expect(check(45_000) == .hangUp)
        #expect(!kept(5_003, 45_000), "the ping's own bytes show no reader")
        #expect(kept(5_000 + ConnectionState.progressBytes, 45_500))
        #expect(check(46_000) == .active, "heard: the keepalive starts over")
        #expect(check(65_500) == .ping)
        state.notePing(bytesAcked: -1)
        #expect(check(90_500) == .hangUp)
        #expect(!kept(1 << 30, 90_500), "unknown at the ping: no exception")
    }

    @Test func framesJoinedIntoOneWriteStayWithinTheBudget() {
        var state = Self.state(bytes: 1 << 20, frames: 10)
        for size in [100, 200, 70_000, 10] { _ = state.enqueue(OutboundFrame(text: String(repeating: "x", count: size))) }
        #expect(state.framesFitting(bytes: 400, atMost: 32) == (2, 306))  // 102 + 204 bytes; the next is 70,010
        #expect(state.framesFitting(bytes: 400, atMost: 1) == (1, 102))
        _ = state.dequeue()
        _ = state.dequeue()
        #expect(state.framesFitting(bytes: 400, atMost: 32) == (1, 70_010), "a frame larger than the budget still goes alone")
        #expect(CoalescedFrames.frameBytes(payloadCount: 125) == 127)
        #expect(CoalescedFrames.frameBytes(payloadCount: 126) == 130)
        #expect(CoalescedFrames.frameBytes(payloadCount: 65_536) == 65_546)
    }

    @Test func reassemblesFragmentsAndEnforcesTheSizeLimit() {
        var state = Self.state(message: 10)
        func feed(_ text: String, final: Bool, remaining: Int = 0, binary: Bool = false) -> ConnectionState.ReceiveOutcome {
            Array(text.utf8).withUnsafeBytes {
                state.receive($0, isBinary: binary, isFinalFragment: final, remainingInFrame: remaining)
            }
        }
        #expect(feed("abc", final: false) == .incomplete)
        #expect(feed("de", final: true, remaining: 3) == .incomplete)  // frame continues
        #expect(feed("fgh", final: true) == .complete)
        #expect(state.takeMessage() == Array("abcdefgh".utf8))
        #expect(feed("0123456", final: false) == .incomplete)
        #expect(feed("789a", final: false) == .tooLarge)
        #expect(feed("b", final: true) == .discarded)
        #expect(feed("ok", final: true) == .complete)
        #expect(state.takeMessage() == Array("ok".utf8))
        #expect(feed("\u{1}", final: false, binary: true) == .binary)
        #expect(feed("\u{2}", final: true, binary: true) == .discarded)
        #expect(feed("{}", final: true) == .complete)
    }
}

/// The command line: usage errors exit 64 with a message; runtime failures exit 1.
@Suite struct CommandLineTests {
    static func run(_ arguments: [String]) throws -> (status: Int32, errors: String) {
        let (status, output) = try Hardening.run(ServerProcess.binaryPath, arguments)
        return (status, output)
    }

    @Test(arguments: [
        ["--bogus"], ["serve", "--port", "http"], ["serve", "--port", "70000"], ["serve", "--max-message-bytes", "10"],
        ["export"], ["assign"], ["nonsense"], ["serve", "--host", "no-such-host.invalid"],
        ["serve", "--max-queued-bytes", "0"], ["serve", "--max-queued-bytes", "1000000000000000000"],
        ["serve", "--retention-days", "200000000000"], ["serve", "--join-rate", "nan"], ["serve", "--guess-rate", "0"],
        ["serve", "--contribution-rate", "-1"], ["assign", "x.csv", "--table-size", "9223372036854775807", "--rounds", "2"],
        ["assign", "x.csv", "--tables", "100000", "--rounds", "2"],
    ])
    func badFlagsExit64WithAMessage(arguments: [String]) throws {
        let (status, errors) = try Self.run(arguments)
        #expect(status == 64)
        #expect(errors.contains("Error:"))
    }

    @Test func anUnopenableDatabaseIsARuntimeFailure() throws {
        let (status, errors) = try Self.run(["serve", "--port", "0", "--db", "/nonexistent-folder/x/db.sqlite"])
        #expect(status == 1)
        #expect(errors.contains("Cannot open the database"))
    }

    @Test func aHostNameIsResolvedToTheAddressTheServerListensOn() throws {
        let server = try ServerProcess(arguments: ["--host", "localhost"])
        let response = try WebSocketTestClient.httpGet(port: server.port, path: "/healthz")
        #expect(response.status == 200)
        #expect(Self.listeningAddresses(port: server.port) == ["0100007F"])
    }

    @Test func theDefaultAddressIsListenedOnAloneNotEveryInterface() throws {
        let server = try ServerProcess()
        #expect(Self.listeningAddresses(port: server.port) == ["0100007F"], "127.0.0.1 only, as the kernel lists it")
    }

    /// The local addresses of the listening TCP sockets on `port`, as hex in /proc/net/tcp and
    /// tcp6 (127.0.0.1 is `0100007F`; every interface is `00000000` or 32 zeros).
    static func listeningAddresses(port: Int) -> [String] {
        let portHex = String(format: "%04X", port)
        return ["/proc/net/tcp", "/proc/net/tcp6"].flatMap { path in
            ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").dropFirst().compactMap { line in
                let fields = line.split(separator: " ")
                guard fields.count > 3, fields[3] == "0A" else { return nil }
                let local = fields[1].split(separator: ":")
                return local.count == 2 && local[1] == portHex ? String(local[0]) : nil
            }
        }
    }

    @Test func anAddressThisMachineDoesNotHaveFailsInsteadOfListeningNowhere() throws {
        // 203.0.113.1 is reserved for documentation. `timeout` ends a server that claims to
        // listen anyway.
        let (status, errors) = try Hardening.run(
            "/usr/bin/timeout",
            ["10", ServerProcess.binaryPath, "serve", "--host", "203.0.113.1", "--port", "0", "--db", ServerProcess.temporaryDirectory() + "/x.sqlite"])
        #expect(status == 1)
        #expect(errors.contains("cannot listen on 203.0.113.1"))
        #expect(!errors.contains("listening on"))
    }

    @Test func aWebFolderWithoutTheClientIsReported() throws {
        let server = try ServerProcess(webRoot: ServerProcess.temporaryDirectory())
        #expect(server.stderrText.contains("index.html cannot be read"))
    }

    @Test func aRosterThatCannotBeReadSaysWhy() throws {
        let folder = ServerProcess.temporaryDirectory()
        let missing = try Self.run(["assign", folder + "/none.csv", "--tables", "2", "--rounds", "2"])
        #expect(missing.status == 1)
        #expect(missing.errors.contains("no such file"))
    }

    /// Excel's plain CSV on a Swedish Windows: Windows-1252, separated by semicolons, with rows of
    /// empty cells left by rows once touched.
    @Test func aRosterSavedByExcelAsPlainCSVIsRead() throws {
        let file = ServerProcess.temporaryDirectory() + "/excel.csv"
        let text = "name;sector;organisation\r\nG\u{F6}ran;civil;F\u{F6}reningen \u{C5}n\r\nBo;public;Region\r\n;;\r\n"
        try Data(text.data(using: .windowsCP1252)!).write(to: URL(fileURLWithPath: file))
        let (status, output) = try Self.run(["assign", file, "--tables", "1", "--rounds", "1"])
        #expect(status == 0, "\(output)")
        #expect(output.contains("Göran"), "\(output)")
    }

    @Test func helpListsEveryCommand() throws {
        let (status, text) = try Self.run(["--help"])
        #expect(status == 0)
        for command in ["serve", "assign", "export", "delete", "series", "bench-assign"] { #expect(text.contains(command)) }
    }
}

/// Answers any message with the same burst of frames, twice, queued in one callback.
private final class BurstDelegate: TransportDelegate, @unchecked Sendable {
    /// Used on the service thread only, inside callbacks.
    private unowned let server: WebSocketServer
    private let frames: [OutboundFrame]

    init(server: WebSocketServer, payloads: [String]) {
        self.server = server
        frames = payloads.map { OutboundFrame(text: $0) }
    }

    func connectionOpened(_ id: ConnectionID, peer: String) {}
    func connectionClosed(_ id: ConnectionID) {}
    func received(_ message: [String: JSONValue], from id: ConnectionID) {
        for frame in frames + frames { server.send(frame, to: id) }
    }
}
