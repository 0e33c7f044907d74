import CWebsockets
import Glibc

/// C memory lws reads for the whole life of a context (protocol table, mounts, header list,
/// retry policy, strings). Allocated before `lws_create_context`, freed after
/// `lws_context_destroy`.
final class LWSResources {
    private var strings: [UnsafeMutablePointer<CChar>] = []
    let protocols: UnsafeMutablePointer<lws_protocols>
    private(set) var mounts: UnsafeMutablePointer<lws_http_mount>?
    private var mountCount = 0
    private(set) var headers: UnsafeMutablePointer<lws_protocol_vhost_options>?
    private var headerCount = 0
    let retryPolicy: UnsafeMutablePointer<lws_retry_bo_t>

    static let httpProtocolName = "http"
    static let webSocketProtocolName = "dialogcafe.v1"

    init(
        sessionDataSize: Int, webRoot: String?,
        callbackMountpoints: [String], headers extraHeaders: [(String, String)]
    ) {
        protocols = .allocate(capacity: 3)
        protocols.initialize(repeating: lws_protocols(), count: 3)
        retryPolicy = .allocate(capacity: 1)
        // All zero: lws keeps no validity timers; the transport's own sweep pings and hangs up.
        retryPolicy.initialize(to: lws_retry_bo_t())

        // protocols[0] serves HTTP and also WebSocket upgrades that name no subprotocol; both
        // entries share one callback and the same per-session data (a connection id).
        protocols[0].name = UnsafePointer(string(Self.httpProtocolName))
        protocols[0].callback = dialogcafeLWSCallback
        protocols[0].per_session_data_size = sessionDataSize
        protocols[1].name = UnsafePointer(string(Self.webSocketProtocolName))
        protocols[1].callback = dialogcafeLWSCallback
        protocols[1].per_session_data_size = sessionDataSize
        protocols[1].rx_buffer_size = 4096

        var mountSpecs: [(point: String, origin: String, def: String?, kind: lws_mount_protocols)] =
            callbackMountpoints.map { ($0, Self.httpProtocolName, nil, LWSMPRO_CALLBACK) }
        if let webRoot { mountSpecs.append(("/", webRoot, "index.html", LWSMPRO_FILE)) }
        if !mountSpecs.isEmpty {
            let list = UnsafeMutablePointer<lws_http_mount>.allocate(capacity: mountSpecs.count)
            list.initialize(repeating: lws_http_mount(), count: mountSpecs.count)
            for (index, spec) in mountSpecs.enumerated() {
                list[index].mount_next = index + 1 < mountSpecs.count ? UnsafePointer(list + index + 1) : nil
                list[index].mountpoint = UnsafePointer(string(spec.point))
                list[index].mountpoint_len = UInt8(spec.point.utf8.count)
                list[index].origin = UnsafePointer(string(spec.origin))
                list[index].def = spec.def.map { UnsafePointer(string($0)) }
                if spec.kind == LWSMPRO_CALLBACK {
                    list[index].protocol = UnsafePointer(string(Self.httpProtocolName))
                }
                list[index].origin_protocol = UInt8(spec.kind.rawValue)
            }
            mounts = list
            mountCount = mountSpecs.count
        }

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
        mounts?.deinitialize(count: mountCount)
        mounts?.deallocate()
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
