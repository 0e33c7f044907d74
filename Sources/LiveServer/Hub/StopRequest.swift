import Synchronization

/// A request to stop, raised from a signal handler's thread and read on the service thread.
final class StopRequest: Sendable {
    private let requested = Atomic<Bool>(false)
    private let server: WebSocketServer

    init(server: WebSocketServer) { self.server = server }

    /// Raises the request and wakes the service thread so it notices.
    func raise() {
        requested.store(true, ordering: .releasing)
        server.wake()
    }

    var isRaised: Bool { requested.load(ordering: .acquiring) }
}
