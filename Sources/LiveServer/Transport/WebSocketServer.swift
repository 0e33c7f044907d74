import CWebsockets
import CSocketInfo
import Glibc
import Session
import Synchronization

/// The libwebsockets server: HTTP (static files, `/healthz`, `/api/`) and the WebSocket
/// endpoint `/ws` with subprotocol `dialogcafe.v1`.
///
/// Threading: `start()`, `run()` and every other method run on ONE thread, the service thread,
/// which owns all lws state; delegate callbacks happen there too. The only cross-thread entry
/// points are `wake()` and `stop()`.
///
/// `@unchecked Sendable` so that other threads can hold a reference to call `wake()`/`stop()`:
/// those touch only the `Atomic` stop flag and the lock-guarded context pointer, and
/// `lws_cancel_service` is documented as safe from any thread. Everything else is confined to
/// the service thread by contract.
final class WebSocketServer: @unchecked Sendable {
    let configuration: Configuration
    /// Receives events on the service thread. Not retained.
    weak var delegate: (any TransportDelegate)?
    /// The port actually listened on (meaningful after `start()`).
    private(set) var port = 0

    private let decoder: FrameDecoder
    private let stopRequested = Atomic<Bool>(false)
    /// The context's address for `wake()`; zero when there is no context.
    private let wakeTarget = Locked<UInt>(0)

    private var context: OpaquePointer?
    private var loop: EventLoop?
    private var resources: LWSResources?
    private var connections: [ConnectionID: Connection] = [:]
    private var nextConnectionID: UInt64 = 1
    private var pendingHTTPBodies: [OpaquePointer: OutboundFrame] = [:]
    /// HTTP requests whose answer comes later (`deferHTTPResponse`): ticket → request.
    private var deferredRequests: [UInt64: OpaquePointer] = [:]
    /// Answers that arrived for deferred requests, written on the next HTTP writeable callback.
    private var deferredReplies: [OpaquePointer: HTTPResponse] = [:]
    private var nextTicket: UInt64 = 0
    /// The HTTP request being handed to the delegate right now.
    private var currentHTTPRequest: OpaquePointer?
    private var isShuttingDown = false
    /// When the keepalive sweep last ran (monotonic milliseconds).
    private var lastIdleSweepMs: Int64 = 0

    final class Connection {
        let id: ConnectionID
        let wsi: OpaquePointer
        /// The client's address (see `ClientAddress`).
        let peer: String
        var state: ConnectionState
        init(id: ConnectionID, wsi: OpaquePointer, peer: String, state: ConnectionState) {
            self.id = id
            self.wsi = wsi
            self.peer = peer
            self.state = state
        }
    }

    /// Security headers on every HTTP response, static or dynamic.
    static let securityHeaders: [(String, String)] = [
        (
            "content-security-policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'"
        ),
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        ("referrer-policy", "no-referrer"),
        ("cross-origin-opener-policy", "same-origin"),
    ]

    /// Request headers lws keeps for one request (cookies included).
    static let maxRequestHeaderBytes = 16_384

    /// The web client's files (`Configuration.webRoot`), kept in memory with their gzip form.
    private let staticFiles: StaticFiles?

    init(configuration: Configuration) {
        self.configuration = configuration
        staticFiles = configuration.webRoot.map(StaticFiles.init(root:))
        decoder = FrameDecoder(maxDepth: configuration.maxJSONDepth, maxBytes: configuration.maxMessageBytes)
    }

    deinit { destroyContext() }

    /// How often the loop wakes on a quiet server: the lateness of lws's timers (close grace
    /// periods, HTTP deadlines) and the keepalive sweep's resolution. The delegate's `wakeUp`
    /// runs on each wake too.
    static let timerWakeSeconds = 0.25

    // MARK: Lifecycle

    /// Creates the lws context and starts listening. Throws when the address cannot be bound.
    func start() throws(TransportError) {
        guard context == nil else { throw TransportError("server already started") }
        lws_set_log_level(LLL_ERR | LLL_WARN, nil)
        let resources = LWSResources(
            sessionDataSize: MemoryLayout<UInt64>.size, headers: Self.securityHeaders)

        var info = lws_context_creation_info()
        info.port = Int32(configuration.port)
        info.iface = UnsafePointer(resources.string(configuration.host))
        info.vhost_name = UnsafePointer(resources.string("default"))
        info.protocols = UnsafePointer(resources.protocols)
        info.mounts = UnsafePointer(resources.mounts)
        info.headers = UnsafePointer(resources.headers)
        info.retry_and_idle_policy = UnsafePointer(resources.retryPolicy)
        // lws's default of 4 KB of request headers drops, without an answer, a browser that
        // carries the cookies of a region's shared domain. The buffer is held only while a
        // request's headers are read, not by an open WebSocket.
        info.max_http_header_data = UInt16(Self.maxRequestHeaderBytes)
        // Security headers come from `info.headers`, which lws adds to every response, static
        // and dynamic. LWS_SERVER_OPTION_HTTP_HEADERS_SECURITY_BEST_PRACTICES_ENFORCE is left off:
        // it appends a second, different content-security-policy (with `connect-src ws: wss:`,
        // i.e. any host) and duplicate x-frame-options/referrer-policy lines.
        info.options = dialogcafe_lws_option_libev | dialogcafe_lws_option_fail_upon_unable_to_bind
        if Self.isIPv4Address(configuration.host) { info.options |= dialogcafe_lws_option_disable_ipv6 }
        info.user = Unmanaged.passUnretained(self).toOpaque()
        guard let loop = EventLoop() else { throw TransportError("cannot create the libev event loop") }
        var foreignLoops: [UnsafeMutableRawPointer?] = [UnsafeMutableRawPointer(loop.handle)]

        // lws reads `foreign_loops` only during creation.
        let created = foreignLoops.withUnsafeMutableBufferPointer { loops in
            info.foreign_loops = loops.baseAddress
            return lws_create_context(&info)
        }
        guard let created else {
            throw TransportError(Self.listenFailureMessage(host: configuration.host, port: configuration.port))
        }
        context = created
        self.loop = loop
        loop.wakeTimers(of: created, every: Self.timerWakeSeconds)
        self.resources = resources
        if let vhost = lws_get_vhost_by_name(created, "default") {
            port = Int(lws_get_vhost_listen_port(vhost))
        }
        wakeTarget.withLock { $0 = UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(created))) }
    }

    /// Services the event loop on the calling thread until `stop()`; then sends every
    /// connection a 1001 close frame, waits briefly for them to go, and destroys the context.
    func run() {
        guard context != nil, let loop else { return }
        loop.run()
        destroyContext()
    }

    /// Begins the shutdown once `stop()` was requested, and ends the loop when the last
    /// connection has gone. Called on every wake-up (at least every `timerWakeSeconds`) and
    /// every closed connection.
    private func continueOrStop() {
        guard stopRequested.load(ordering: .acquiring) else { return }
        if !isShuttingDown { beginShutdown() }
        if connections.isEmpty { loop?.stop() }
    }

    /// Asks the loop to shut down gracefully. Safe from any thread.
    func stop() {
        stopRequested.store(true, ordering: .releasing)
        wake()
    }

    /// Wakes the service thread, which then calls `delegate.wakeUp()`. Safe from any thread.
    func wake() {
        wakeTarget.withLock { address in
            if address != 0, let context = OpaquePointer(bitPattern: address) { lws_cancel_service(context) }
        }
    }

    private func beginShutdown() {
        isShuttingDown = true
        for connection in connections.values {
            close(connection, status: .goingAway, reason: "server shutting down", dropQueued: false, graceSeconds: 1)
        }
    }

    private func destroyContext() {
        wakeTarget.withLock { $0 = 0 }
        loop?.stopWakingTimers()
        if let context { lws_context_destroy(context) }
        context = nil
        loop?.drain()
        loop = nil
        resources = nil
        pendingHTTPBodies.removeAll()
    }

    // MARK: Sending (service thread only)

    /// Queues `frame` for one connection; a connection whose queue overflows is cut off.
    func send(_ frame: OutboundFrame, to id: ConnectionID) {
        guard let connection = connections[id] else { return }
        enqueue(frame, on: connection)
    }

    /// Queues the same shared frame for several connections.
    func send(_ frame: OutboundFrame, to ids: [ConnectionID]) {
        for id in ids {
            if let connection = connections[id] { enqueue(frame, on: connection) }
        }
    }

    /// Closes a connection after its queued frames are written.
    func close(_ id: ConnectionID, status: CloseStatus, reason: String) {
        guard let connection = connections[id] else { return }
        close(connection, status: status, reason: reason, dropQueued: false, graceSeconds: 5)
    }

    /// Multiplies a connection's send-queue bounds: for the few authenticated staff connections,
    /// which legitimately receive every event of a large meeting in bursts.
    func widenQueue(of id: ConnectionID, by factor: Int) {
        guard let connection = connections[id] else { return }
        connection.state.setBaseQueueBounds(
            bytes: configuration.maxQueuedBytesPerConnection * factor, frames: configuration.maxQueuedFramesPerConnection * factor)
    }

    /// Queues the events a connection missed, all at once, beyond its send-queue bounds: the
    /// bounds grow by the backlog's size until the queue has drained (`allowBacklog`), so a long
    /// backlog (a late arrival at a large café) is written out as the socket drains instead of
    /// cutting the connection off, which would only repeat on every reconnect. The frames are the
    /// log's own, shared with every recipient, so this costs no copies.
    func sendCatchUp(_ frames: [OutboundFrame], to id: ConnectionID) {
        guard let connection = connections[id], !frames.isEmpty else { return }
        _ = connection.state.allowBacklog(bytes: frames.reduce(0) { $0 + $1.count }, frames: frames.count)
        for frame in frames { enqueue(frame, on: connection) }
    }

    /// The client address of an open connection: its peer's, or the one a trusted proxy forwarded.
    func peer(of id: ConnectionID) -> String? { connections[id]?.peer }

    /// Whether a connection is still open.
    func isOpen(_ id: ConnectionID) -> Bool { connections[id] != nil }

    private func enqueue(_ frame: OutboundFrame, on connection: Connection) {
        switch connection.state.enqueue(frame) {
        case .queuedFirst: lws_callback_on_writable(connection.wsi)
        case .queued, .ignored: break
        case .overflow:
            // The queue is already released; a close frame goes out if the socket drains,
            // otherwise lws drops the connection when the timeout fires.
            lws_callback_on_writable(connection.wsi)
            lws_set_timeout(connection.wsi, PENDING_TIMEOUT_USER_OK, 2)
        }
    }

    private func close(
        _ connection: Connection, status: CloseStatus, reason: String, dropQueued: Bool, graceSeconds: Int32
    ) {
        connection.state.close(status: status, reason: reason, dropQueued: dropQueued)
        lws_callback_on_writable(connection.wsi)
        lws_set_timeout(connection.wsi, PENDING_TIMEOUT_USER_OK, graceSeconds)
    }

    private func sendError(_ error: ProtocolError, to connection: Connection) {
        enqueue(OutboundFrame(text: ServerFrames.error(id: nil, error)), on: connection)
    }

    // MARK: Callback handling (service thread)

    fileprivate func handle(
        _ wsi: OpaquePointer, _ reason: lws_callback_reasons, _ user: UnsafeMutableRawPointer?,
        _ input: UnsafeMutableRawPointer?, _ length: Int
    ) -> Int32 {
        switch reason {
        case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION:
            return isUpgradeAllowed(wsi) ? 0 : 1
        case LWS_CALLBACK_ESTABLISHED:
            opened(wsi, user)
            return 0
        case LWS_CALLBACK_CLOSED:
            closed(user)
            return 0
        case LWS_CALLBACK_RECEIVE:
            received(wsi, user, input, length)
            return 0
        case LWS_CALLBACK_RECEIVE_PONG:
            connection(user)?.state.heard(atMs: MonotonicClock.milliseconds())
            return 0
        case LWS_CALLBACK_SERVER_WRITEABLE:
            return writeable(wsi, user)
        case LWS_CALLBACK_EVENT_WAIT_CANCELLED:
            // Delivered once per protocol (lws may use its own copy of the table): react once,
            // for the entry whose name is our first protocol's name string.
            if let resources, lws_get_protocol(wsi)?.pointee.name == resources.protocols[0].name {
                continueOrStop()
                sweepIdleConnections()
                delegate?.wakeUp()
            }
            return 0
        case LWS_CALLBACK_HTTP:
            return respondToHTTP(wsi)
        case LWS_CALLBACK_HTTP_WRITEABLE:
            if let reply = deferredReplies.removeValue(forKey: wsi) {
                lws_set_timeout(wsi, NO_PENDING_TIMEOUT, 0)
                return respond(wsi, reply, includeBody: true)
            }
            if let body = pendingHTTPBodies.removeValue(forKey: wsi) {
                // lws keeps what the socket does not take and sends it as the socket drains, but
                // its 5 s content timeout from the request keeps running meanwhile: a large file
                // on a weak link was cut off. Allow 30 s plus a second per 16 KB.
                lws_set_timeout(wsi, PENDING_TIMEOUT_HTTP_CONTENT, Int32(min(30 + body.count / 16_384, 900)))
                if lws_write(wsi, body.payload, body.count, LWS_WRITE_HTTP_FINAL) < body.count { return -1 }
                return lws_http_transaction_completed(wsi) != 0 ? -1 : 0
            }
        case LWS_CALLBACK_HTTP_BODY, LWS_CALLBACK_HTTP_BODY_COMPLETION:
            // Every answer is given from the request line and headers; a body is read and
            // dropped. lws's default would end the transaction here, before the answer's body
            // went out (a POST with `Content-Length: 0` got the 405's headers and nothing more).
            return 0
        case LWS_CALLBACK_CLOSED_HTTP:
            pendingHTTPBodies.removeValue(forKey: wsi)
            deferredReplies.removeValue(forKey: wsi)
            if let ticket = deferredRequests.first(where: { $0.value == wsi })?.key { deferredRequests[ticket] = nil }
        default:
            break
        }
        return lws_callback_http_dummy(wsi, reason, user, input, length)
    }

    private func connection(_ user: UnsafeMutableRawPointer?) -> Connection? {
        guard let user else { return nil }
        let raw = user.load(as: UInt64.self)
        return raw == 0 ? nil : connections[ConnectionID(raw)]
    }

    private func opened(_ wsi: OpaquePointer, _ user: UnsafeMutableRawPointer?) {
        guard let user else { return }
        let id = ConnectionID(nextConnectionID)
        nextConnectionID += 1
        user.storeBytes(of: id.rawValue, as: UInt64.self)
        let limits = ConnectionState.Limits(
            maxQueuedBytes: configuration.maxQueuedBytesPerConnection,
            maxQueuedFrames: configuration.maxQueuedFramesPerConnection,
            maxMessageBytes: configuration.maxMessageBytes)
        var peerBuffer = [CChar](repeating: 0, count: 128)
        let tcpPeer = lws_get_peer_simple(wsi, &peerBuffer, peerBuffer.count).map { String(cString: $0) } ?? ""
        let peer = ClientAddress.resolve(
            peer: tcpPeer, forwardedFor: configuration.trustedProxies.isEmpty ? nil : header(wsi, WSI_TOKEN_X_FORWARDED_FOR),
            trustedProxies: configuration.trustedProxies)
        let connection = Connection(
            id: id, wsi: wsi, peer: peer, state: ConnectionState(limits: limits, openedAtMs: MonotonicClock.milliseconds()))
        connections[id] = connection
        if isShuttingDown {
            close(connection, status: .goingAway, reason: "server shutting down", dropQueued: false, graceSeconds: 1)
        }
        delegate?.connectionOpened(id, peer: peer)
    }

    private func closed(_ user: UnsafeMutableRawPointer?) {
        guard let connection = connection(user) else { return }
        connections.removeValue(forKey: connection.id)
        user?.storeBytes(of: 0, as: UInt64.self)
        delegate?.connectionClosed(connection.id)
        continueOrStop()
    }

    private func received(
        _ wsi: OpaquePointer, _ user: UnsafeMutableRawPointer?, _ input: UnsafeMutableRawPointer?, _ length: Int
    ) {
        guard let connection = connection(user) else { return }
        connection.state.heard(atMs: MonotonicClock.milliseconds())
        let outcome = connection.state.receive(
            UnsafeRawBufferPointer(start: input, count: input == nil ? 0 : length),
            isBinary: lws_frame_is_binary(wsi) != 0,
            isFinalFragment: lws_is_final_fragment(wsi) != 0,
            remainingInFrame: Int(lws_remaining_packet_payload(wsi)))
        switch outcome {
        case .incomplete, .discarded:
            return
        case .binary:
            sendError(.binaryNotSupported, to: connection)
        case .tooLarge:
            sendError(.messageTooLarge, to: connection)
            close(connection, status: .messageTooLarge, reason: "message too large", dropQueued: false, graceSeconds: 2)
        case .complete:
            let message = connection.state.takeMessage()
            if configuration.rawMessages {
                message.withUnsafeBytes { delegate?.receivedRaw($0, from: connection.id) }
                return
            }
            do {
                let object = try decoder.decodeObject(message)
                delegate?.received(object, from: connection.id)
            } catch {
                sendError(error, to: connection)
            }
        }
    }

    /// The most frames joined into one write, so one busy connection cannot hold the loop.
    static let framesPerWriteable = 32
    /// The most bytes of queued frames joined into one write (one frame may be larger).
    static let coalescedBytes = 65_536

    /// The keepalive ping. One payload byte: lws 4.1 does not report a pong with an empty payload.
    /// One per server: lws writes each frame's header into its headroom.
    private let pingFrame = OutboundFrame(text: "k")

    private func writeable(_ wsi: OpaquePointer, _ user: UnsafeMutableRawPointer?) -> Int32 {
        guard let connection = connection(user) else { return 0 }
        if connection.state.takePingDue() {
            let ping = pingFrame
            if lws_write(wsi, ping.payload, ping.count, LWS_WRITE_PING) < 0 { return -1 }
            if lws_send_pipe_choked(wsi) != 0 {
                lws_callback_on_writable(wsi)
                return 0
            }
        }
        let (joinable, joinedBytes) = connection.state.framesFitting(bytes: Self.coalescedBytes, atMost: Self.framesPerWriteable)
        if joinable > 1 {
            // A burst (an ack and its event, or thousands of joins seen by a facilitator) leaves
            // as one write of ready-made WebSocket frames. LWS_WRITE_RAW sends the bytes as they
            // are (no permessage-deflate is negotiated, so lws would not transform them either),
            // and lws keeps any unsent rest and sends it before the next writeable callback.
            var batch = CoalescedFrames(reservingCapacity: joinedBytes)
            for _ in 0..<joinable { batch.append(connection.state.dequeue()!) }
            if batch.write(to: wsi) < batch.count { return -1 }
        } else if let frame = connection.state.dequeue() {
            if lws_write(wsi, frame.payload, frame.count, LWS_WRITE_TEXT) < frame.count { return -1 }
        } else if let pending = connection.state.pendingClose {
            var reason = Array(pending.reason.utf8.prefix(123))
            lws_close_reason(wsi, lws_close_status(rawValue: UInt32(pending.status.code)), &reason, reason.count)
            return -1
        }
        if connection.state.queuedFrames > 0 || connection.state.isClosing { lws_callback_on_writable(wsi) }
        return 0
    }

    // MARK: Keepalive

    /// How often the keepalive sweep looks at every connection.
    static let idleSweepMs: Int64 = 500

    /// Pings connections silent for `secondsBeforePing` and drops those silent for
    /// `secondsBeforeHangup` (a half-open TCP connection never says so itself), unless their TCP
    /// kept acknowledging since the ping (`ConnectionState.keptTaking`). Done here, in
    /// one pass over the connections at most every `idleSweepMs`, rather than with lws's
    /// per-connection validity timers: lws 4.1 keeps those in one sorted list, and every pong
    /// re-inserted its connection at the far end, O(connections) each.
    private func sweepIdleConnections() {
        guard configuration.secondsBeforePing > 0 || configuration.secondsBeforeHangup > 0 else { return }
        let now = MonotonicClock.milliseconds()
        guard now - lastIdleSweepMs >= Self.idleSweepMs else { return }
        lastIdleSweepMs = now
        func milliseconds(_ seconds: UInt16) -> Int64 { seconds == 0 ? .max : Int64(seconds) * 1_000 }
        let pingAfter = milliseconds(configuration.secondsBeforePing)
        let hangUpAfter = milliseconds(configuration.secondsBeforeHangup)
        for connection in connections.values where !connection.state.isClosing {
            switch connection.state.checkIdle(nowMs: now, pingAfterMs: pingAfter, hangUpAfterMs: hangUpAfter) {
            case .active: break
            case .ping:
                connection.state.notePing(bytesAcked: dialogcafe_tcp_bytes_acked(lws_get_socket_fd(connection.wsi)))
                lws_callback_on_writable(connection.wsi)
            case .hangUp:
                let acked = dialogcafe_tcp_bytes_acked(lws_get_socket_fd(connection.wsi))
                if connection.state.keptTaking(bytesAcked: acked, atMs: now) { break }
                // No close handshake with a peer that answers nothing: drop it now.
                close(connection, status: .goingAway, reason: "silent", dropQueued: true, graceSeconds: LWS_TO_KILL_ASYNC)
            }
        }
    }

    // MARK: HTTP

    private func isUpgradeAllowed(_ wsi: OpaquePointer) -> Bool {
        guard header(wsi, WSI_TOKEN_GET_URI) == configuration.webSocketPath else { return false }
        guard let origin = header(wsi, WSI_TOKEN_ORIGIN), !origin.isEmpty else { return true }
        if configuration.allowedOrigins.isEmpty {
            guard let host = header(wsi, WSI_TOKEN_HOST) else { return false }
            return origin == "http://\(host)" || origin == "https://\(host)"
        }
        return configuration.allowedOrigins.contains(origin)
    }

    private func header(_ wsi: OpaquePointer, _ token: lws_token_indexes) -> String? {
        let length = lws_hdr_total_length(wsi, token)
        guard length > 0 else { return nil }
        var buffer = [CChar](repeating: 0, count: Int(length) + 1)
        guard lws_hdr_copy(wsi, &buffer, Int32(buffer.count), token) >= 0 else { return nil }
        return String(nulTerminated: buffer)
    }

    private static let methodTokens: [(lws_token_indexes, String)] = [
        (WSI_TOKEN_GET_URI, "GET"), (WSI_TOKEN_POST_URI, "POST"), (WSI_TOKEN_PUT_URI, "PUT"),
        (WSI_TOKEN_PATCH_URI, "PATCH"), (WSI_TOKEN_DELETE_URI, "DELETE"), (WSI_TOKEN_OPTIONS_URI, "OPTIONS"),
        (WSI_TOKEN_HEAD_URI, "HEAD"),
    ]

    private func respondToHTTP(_ wsi: OpaquePointer) -> Int32 {
        var method = "GET"
        var path = "/"
        for (token, name) in Self.methodTokens {
            if let value = header(wsi, token) {
                method = name
                path = value
                break
            }
        }
        let response: HTTPResponse
        if path == "/healthz" {
            response = method == "GET" || method == "HEAD" ? .json(["status": "ok"]) : Self.notFound(405)
        } else if path == "/api" || path.hasPrefix("/api/") {
            currentHTTPRequest = wsi
            defer { currentHTTPRequest = nil }
            // HEAD is answered as GET without the body (`respond`); other methods change nothing here.
            response =
                method == "GET" || method == "HEAD"
                ? delegate?.httpRequest(method: method, path: path, query: query(wsi), headers: requestHeaders(wsi)) ?? Self.notFound(404)
                : Self.notFound(405)
            if response.isDeferred { return 0 }
        } else if let staticFiles {
            response =
                method == "GET" || method == "HEAD"
                ? staticFiles.response(
                    path: path, acceptEncoding: header(wsi, WSI_TOKEN_HTTP_ACCEPT_ENCODING),
                    ifNoneMatch: header(wsi, WSI_TOKEN_HTTP_IF_NONE_MATCH)) ?? Self.notFound(404)
                : Self.notFound(405)
        } else {
            response = Self.notFound(404)
        }
        // A 304 has the length of the body it stands for, and no body.
        return respond(wsi, response, includeBody: method != "HEAD" && response.status != 304)
    }

    /// Lets the delegate answer the HTTP request it is handling later (work off this thread):
    /// it returns `HTTPResponse.deferred` now and calls `completeHTTPResponse` with the ticket.
    /// The request times out after `seconds`. Service thread only, inside `httpRequest`.
    func deferHTTPResponse(timeoutSeconds seconds: Int32 = 60) -> UInt64? {
        guard let wsi = currentHTTPRequest else { return nil }
        nextTicket += 1
        deferredRequests[nextTicket] = wsi
        lws_set_timeout(wsi, PENDING_TIMEOUT_HTTP_CONTENT, seconds)
        return nextTicket
    }

    /// Answers a deferred request; nothing happens if its client has gone. Service thread only.
    func completeHTTPResponse(_ ticket: UInt64, with response: HTTPResponse) {
        guard let wsi = deferredRequests.removeValue(forKey: ticket) else { return }
        deferredReplies[wsi] = response
        lws_callback_on_writable(wsi)
    }

    /// 404 or 405 in the same shape as every other error: a stable code and both languages.
    private static func notFound(_ status: Int) -> HTTPResponse {
        let (code, sv, en) =
            status == 405
            ? ("method_not_allowed", "Metoden stöds inte här.", "The method is not allowed here.")
            : ("not_found", "Det finns inget här.", "There is nothing here.")
        var response = HTTPResponse.json(["code": .string(code), "message": .string(en), "message_sv": .string(sv)], status: status)
        if status == 405 { response.headers["allow"] = "GET, HEAD" }
        return response
    }

    private func query(_ wsi: OpaquePointer) -> [String: String] {
        var result: [String: String] = [:]
        var buffer = [CChar](repeating: 0, count: 2048)
        var index: Int32 = 0
        while lws_hdr_copy_fragment(wsi, &buffer, Int32(buffer.count), WSI_TOKEN_HTTP_URI_ARGS, index) > 0 {
            let fragment = String(nulTerminated: buffer)
            if let equals = fragment.firstIndex(of: "=") {
                result[String(fragment[..<equals])] = String(fragment[fragment.index(after: equals)...])
            } else {
                result[fragment] = ""
            }
            index += 1
        }
        return result
    }

    private func requestHeaders(_ wsi: OpaquePointer) -> [String: String] {
        var result: [String: String] = [:]
        let uriTokens = Set(Self.methodTokens.map(\.0.rawValue) + [WSI_TOKEN_HTTP_URI_ARGS.rawValue])
        for raw in 0..<WSI_TOKEN_COUNT.rawValue where !uriTokens.contains(raw) {
            let token = lws_token_indexes(rawValue: raw)
            guard let namePointer = lws_token_to_string(token) else { continue }
            let name = String(cString: UnsafeRawPointer(namePointer).assumingMemoryBound(to: CChar.self))
            guard name.hasSuffix(":"), !name.hasPrefix(":"), let value = header(wsi, token) else { continue }
            result[String(name.dropLast()).lowercased()] = value
        }
        // Headers lws has no token for, read by name.
        for name in Self.customHeaders {
            let length = lws_hdr_custom_length(wsi, name + ":", Int32(name.utf8.count + 1))
            guard length > 0, length < 1024 else { continue }
            var buffer = [CChar](repeating: 0, count: Int(length) + 1)
            if lws_hdr_custom_copy(wsi, &buffer, Int32(buffer.count), name + ":", Int32(name.utf8.count + 1)) >= 0 {
                result[name] = String(nulTerminated: buffer)
            }
        }
        return result
    }

    /// Set by the TLS proxy in front (`https` for the join address in the QR code).
    private static let customHeaders = ["x-forwarded-proto"]

    private func respond(_ wsi: OpaquePointer, _ response: HTTPResponse, includeBody: Bool) -> Int32 {
        let bodyLength = includeBody ? response.body.count : 0
        var buffer = [UInt8](repeating: 0, count: dialogcafe_lws_pre + 4096)
        let failed = buffer.withUnsafeMutableBufferPointer { buffer -> Bool in
            let start = buffer.baseAddress! + dialogcafe_lws_pre
            let end = buffer.baseAddress! + buffer.count - 1
            var cursor: UnsafeMutablePointer<UInt8>? = start
            if lws_add_http_common_headers(
                wsi, UInt32(response.status), response.contentType, lws_filepos_t(response.body.count), &cursor, end)
                != 0
            {
                return true
            }
            for (name, value) in response.headers {
                let nameBytes = Array((name.lowercased() + ":").utf8) + [0]
                let valueBytes = Array(value.utf8)
                if lws_add_http_header_by_name(wsi, nameBytes, valueBytes, Int32(valueBytes.count), &cursor, end) != 0 {
                    return true
                }
            }
            return lws_finalize_write_http_header(wsi, start, &cursor, end) != 0
        }
        if failed { return 1 }
        if bodyLength == 0 {
            return lws_http_transaction_completed(wsi) != 0 ? -1 : 0
        }
        pendingHTTPBodies[wsi] = OutboundFrame(response.body)
        lws_callback_on_writable(wsi)
        return 0
    }

    /// Whether `host` is a numeric IPv4 address (which gets an IPv4 listening socket).
    static func isIPv4Address(_ host: String) -> Bool {
        var address = in_addr()
        return inet_pton(AF_INET, host, &address) == 1
    }

    /// Why lws could not start: the address when it cannot be bound, else most likely the libev
    /// event library, which lws loads at run time.
    private static func listenFailureMessage(host: String, port: Int) -> String {
        var reason = "lws_create_context failed (is libwebsockets-evlib-ev installed?)"
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        if fd >= 0 {
            defer { Glibc.close(fd) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(clamping: port)).bigEndian
            if inet_pton(AF_INET, host, &address.sin_addr) == 1 {
                let result = withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                    }
                }
                if result != 0 { reason = String(cString: strerror(errno)) }
            }
        }
        return "cannot listen on \(host):\(port): \(reason)"
    }
}

/// The one C entry point lws calls; finds the server through the context user pointer.
func dialogcafeLWSCallback(
    _ wsi: OpaquePointer?, _ reason: lws_callback_reasons, _ user: UnsafeMutableRawPointer?,
    _ input: UnsafeMutableRawPointer?, _ length: Int
) -> Int32 {
    guard let wsi else { return 0 }
    guard let context = lws_get_context(wsi), let server = lws_context_user(context) else {
        return lws_callback_http_dummy(wsi, reason, user, input, length)
    }
    return Unmanaged<WebSocketServer>.fromOpaque(server).takeUnretainedValue()
        .handle(wsi, reason, user, input, length)
}

extension String {
    /// Decodes a C buffer up to its first NUL byte as UTF-8 (invalid bytes are replaced).
    init(nulTerminated buffer: [CChar]) {
        let end = buffer.firstIndex(of: 0) ?? buffer.endIndex
        self = buffer[..<end].withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    }
}
