/// The fan-out baseline for benchmarks (`dialogcafe serve --raw-fanout`): every text message
/// is re-broadcast unchanged, as one shared frame, to all other open connections. No parsing,
/// no domain, no persistence; the same transport queues and writeable handling as the real
/// server. Lives on the service thread.
final class RawFanout: TransportDelegate {
    private unowned let server: WebSocketServer
    private var open: [ConnectionID] = []

    init(server: WebSocketServer) { self.server = server }

    func connectionOpened(_ id: ConnectionID, peer: String) { open.append(id) }

    func connectionClosed(_ id: ConnectionID) {
        if let index = open.firstIndex(of: id) { open.remove(at: index) }
    }

    func receivedRaw(_ bytes: UnsafeRawBufferPointer, from id: ConnectionID) {
        let frame = OutboundFrame(bytes: bytes)
        for other in open where other != id { server.send(frame, to: other) }
    }
}
