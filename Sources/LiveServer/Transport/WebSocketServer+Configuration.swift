extension WebSocketServer {
    /// Everything the transport needs to listen and to bound each connection.
    struct Configuration: Sendable {
        var host = "127.0.0.1"
        /// 0 picks a free port; read `WebSocketServer.port` after `start()`.
        var port = 8080
        /// Folder served for paths outside `/ws`, `/healthz` and `/api/`; nil serves nothing.
        var webRoot: String?
        /// Largest accepted message after reassembly.
        var maxMessageBytes = 16_384
        /// Outbound bytes queued for one connection before it is cut off as too slow.
        var maxQueuedBytesPerConnection = 1 << 20
        /// Outbound frames queued for one connection before it is cut off as too slow.
        var maxQueuedFramesPerConnection = 4_096
        /// Accepted `Origin` values for WebSocket upgrades (e.g. `https://cafe.example`).
        /// Empty: only an origin whose host equals the request's `Host` header. Requests
        /// without `Origin` (non-browser clients) are accepted.
        var allowedOrigins: [String] = []
        /// Addresses of proxies whose `X-Forwarded-For` names the client (see `ClientAddress`).
        var trustedProxies: Set<String> = []
        /// Seconds of silence before the server pings a connection.
        var secondsBeforePing: UInt16 = 20
        /// Seconds of silence (no message, no pong) before the server drops a connection; 0 never.
        var secondsBeforeHangup: UInt16 = 45
        /// Deliver messages undecoded through `receivedRaw` (fan-out baseline).
        var rawMessages = false
        /// WebSocket endpoint path.
        var webSocketPath = "/ws"
        /// Maximum JSON nesting depth.
        var maxJSONDepth: Int32 = 16

        init() {}
    }
}
