import Foundation

/// Wakes the service thread once a second, so time-driven work happens without traffic: the
/// last throttled matrix update of a quiet meeting, and the retention sweep.
final class Ticker: Sendable {
    private let stopped = Locked(false)

    init(server: WebSocketServer, interval: TimeInterval = 1) {
        let stopped = self.stopped
        let thread = Thread {
            while !stopped.withLock({ $0 }) {
                Thread.sleep(forTimeInterval: interval)
                server.wake()
            }
        }
        thread.name = "dialogcafe.ticker"
        thread.start()
    }

    func stop() { stopped.withLock { $0 = true } }
}
