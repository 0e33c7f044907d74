import CWebsockets
import Glibc

/// C memory lws reads for the whole life of a context (protocol table, mounts, header list,
/// retry policy, strings). Allocated before `lws_create_context`, freed after
/// `lws_context_destroy`.
final class LWSResources {
    private var strings: [UnsafeMutablePointer<CChar>] = []
    let protocols: UnsafeMutablePointer<lws_protocols>
    let mounts: UnsafeMutablePointer<lws_http_mount>
    private(set) var headers: UnsafeMutablePointer<lws_protocol_vhost_options>?
    private var headerCount = 0
    let retryPolicy: UnsafeMutablePointer<lws_retry_bo_t>

    static let httpProtocolName = "http"
    static let webSocketProtocolName = "dialogcafe.v1"

    init(
        sessionDataSize: Int, headers extraHeaders: [(String, String)]
    ) {
        protocols = .allocate(capacity: 3)
        protocols.initialize(repeating: lws_protocols(), count: 3)
        retryPolicy = .allocate(capacity: 1)
        // All zero: lws keeps no validity timers; the transport's own sweep pings and hangs up.
        retryPolicy.initialize(to: lws_retry_bo_t())
        mounts = .allocate(capacity: 1)
        mounts.initialize(to: lws_http_mount())

        // protocols[0] serves HTTP and also WebSocket upgrades that name no subprotocol; both
        // entries share one callback and the same per-session data (a connection id).
        protocols[0].name = UnsafePointer(string(Self.httpProtocolName))
        protocols[0].callback = dialogcafeLWSCallback
        protocols[0].per_session_data_size = sessionDataSize
        protocols[1].name = UnsafePointer(string(Self.webSocketProtocolName))
        protocols[1].callback = dialogcafeLWSCallback
        protocols[1].per_session_data_size = sessionDataSize
        protocols[1].rx_buffer_size = 4096
        // lws hands the socket at most this much of one write (without it, the receive buffer
        // size: 4 KB) and copies the rest to send on later writeable callbacks; a write of joined
        // frames (up to `coalescedBytes`, or one larger frame) should leave in one system call.
        for index in 0..<2 { protocols[index].tx_packet_size = 2 * WebSocketServer.coalescedBytes }

        // One mount for every path, answered by the callback: `/healthz`, `/api/` and the web
        // client's files (served from memory, compressed, by the transport).
        mounts.pointee.mountpoint = UnsafePointer(string("/"))
        mounts.pointee.mountpoint_len = 1
        mounts.pointee.origin = UnsafePointer(string(Self.httpProtocolName))
        mounts.pointee.protocol = UnsafePointer(string(Self.httpProtocolName))
        mounts.pointee.origin_protocol = UInt8(LWSMPRO_CALLBACK.rawValue)

        if !extraHeaders.isEmpty {
            let list = UnsafeMutablePointer<lws_protocol_vhost_options>.allocate(capacity: extraHeaders.count)
            list.initialize(repeating: lws_protocol_vhost_options(), count: extraHeaders.count)
            for (index, header) in extraHeaders.enumerated() {
                list[index].next = index + 1 < extraHeaders.count ? UnsafePointer(list + index + 1) : nil
                list[index].name = UnsafePointer(string(header.0 + ":"))
                list[index].value = UnsafePointer(string(header.1))
            }
            headers = list
            headerCount = extraHeaders.count
        }
    }

    deinit {
        protocols.deinitialize(count: 3)
        protocols.deallocate()
        mounts.deinitialize(count: 1)
        mounts.deallocate()
        headers?.deinitialize(count: headerCount)
        headers?.deallocate()
        retryPolicy.deinitialize(count: 1)
        retryPolicy.deallocate()
        for pointer in strings { free(pointer) }
    }

    /// A C copy of `value` that lives as long as these resources.
    func string(_ value: String) -> UnsafeMutablePointer<CChar> {
        let pointer = strdup(value)!
        strings.append(pointer)
        return pointer
    }
}
