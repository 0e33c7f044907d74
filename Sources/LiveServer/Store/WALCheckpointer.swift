import Foundation

/// Copies the write-ahead log into the database file on its own thread and connection, at a
/// fixed interval, instead of inside a commit. SQLite's automatic checkpoint runs in the
/// committing transaction: every few megabytes of events, one commit also copied the log and
/// synced the database file, and every ack and push of that batch waited for it. A `PASSIVE`
/// checkpoint never blocks the writer's commits; the writer's connection turns its own
/// checkpoints off (`SQLiteEventStore.handCheckpointsTo`), and a deletion's `TRUNCATE`
/// checkpoint retries while this one runs.
///
/// `@unchecked Sendable`: the connection is used only by the checkpoint thread; the flags are
/// guarded by `condition`.
final class WALCheckpointer: @unchecked Sendable {
    private let database: SQLiteDatabase
    private let interval: TimeInterval
    private let condition = NSCondition()
    private var stopping = false
    private var finished = false
    /// Whether the last checkpoint failed (logged once per failing stretch, not every second).
    private var failing = false
    /// How many checkpoints went through: right after one, little of the log is left to copy.
    let passes = Locked(0)

    init(path: String, interval: TimeInterval = 1) throws(StoreError) {
        database = try SQLiteDatabase(path: path)
        try database.execute("PRAGMA busy_timeout=5000")
        self.interval = interval
        let thread = Thread { [self] in run() }
        thread.name = "dialogcafe.checkpoint"
        thread.start()
    }

    /// Stops the thread after the checkpoint in progress, if any. Blocks until done.
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
    }

    private func run() {
        condition.lock()
        while !stopping {
            _ = condition.wait(until: Date().addingTimeInterval(interval))
            if stopping { break }
            condition.unlock()
            // A failure (a full disk) leaves the log as it is; the next round retries.
            do {
                _ = try database.checkpoint("PASSIVE")
                passes.withLock { $0 += 1 }
                failing = false
            } catch {
                if !failing { Log.error("store", "checkpoint failed, retrying every \(interval) s: \(error)") }
                failing = true
            }
            condition.lock()
        }
        finished = true
        condition.broadcast()
        condition.unlock()
    }
}
