import Glibc

/// `EventStore` in one SQLite file: WAL journal, `synchronous=FULL` (an acknowledged event
/// survives power loss), prepared statements reused.
///
/// Confined to one thread at a time: create it, load, then hand it to `GroupCommitWriter`.
final class SQLiteEventStore: EventStore {
    private let db: SQLiteDatabase
    let path: String
    /// Set when checkpoints are handed to a `WALCheckpointer` (see `emptyTheLogWhenLarge`).
    private var logLimitBytes: Int?
    private var checkpointPasses: Locked<Int>?
    private var lastPassSeen = 0
    /// Set when a deletion could not empty the log because a reader held it: earlier images of
    /// the deleted rows' pages may still be there, so later commits try again (once a second).
    private var deletedPagesInLog = false
    private var nextEmptyingAttemptMs: Int64 = 0
    private var passAtLastEmptyingAttempt = 0

    /// How long a statement waits for another connection's lock (a reader beside the server).
    private static let busyTimeoutMs = 5_000

    init(path: String) throws(StoreError) {
        self.path = path
        db = try SQLiteDatabase(path: path)
        try db.execute("PRAGMA busy_timeout=\(Self.busyTimeoutMs)")
        try db.execute("PRAGMA journal_mode=WAL")
        try db.execute("PRAGMA synchronous=FULL")
        // Deleted rows are overwritten with zeros rather than left in free pages: deleting a
        // meeting (by hand or by retention) must remove its personal data from the file.
        try db.execute("PRAGMA secure_delete=ON")
        try migrateKeyedEventTable()
        try db.execute(Self.schemaSQL)
    }

    /// Events are appended in commit order to a rowid table, so a batch of commands from many
    /// meetings writes the table's last pages plus small index entries. (Keyed by meeting, the
    /// rows of one batch landed on as many leaf pages as there were meetings: hundreds of pages
    /// written to the WAL and synced per commit.)
    private static let schemaSQL = """
        CREATE TABLE IF NOT EXISTS events(
            id INTEGER PRIMARY KEY,
            meeting TEXT NOT NULL, seq INTEGER NOT NULL, at INTEGER NOT NULL,
            command_id TEXT, actor TEXT, command_digest TEXT,
            audience TEXT NOT NULL, payload TEXT NOT NULL);
        CREATE UNIQUE INDEX IF NOT EXISTS events_by_meeting ON events(meeting, seq);
        CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS retired_codes(code TEXT PRIMARY KEY NOT NULL) WITHOUT ROWID;
        """

    /// Moves events from the earlier table keyed by (meeting, seq) into the append-ordered one,
    /// in one transaction; a database already in the new layout is left alone.
    private func migrateKeyedEventTable() throws(StoreError) {
        let statement = try db.statement("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'events'")
        var sql: String?
        while try statement.step() { sql = statement.text(0) }  // read to the end: a pending row would hold a lock
        guard let sql, sql.uppercased().contains("WITHOUT ROWID") else { return }
        try transaction { () throws(StoreError) in
            try db.execute("ALTER TABLE events RENAME TO events_keyed")
            try db.execute(Self.schemaSQL)
            try db.execute(
                """
                INSERT INTO events(meeting, seq, at, command_id, actor, command_digest, audience, payload)
                SELECT meeting, seq, at, command_id, actor, command_digest, audience, payload FROM events_keyed ORDER BY at, meeting, seq
                """)
            try db.execute("DROP TABLE events_keyed")
        }
        _ = emptyTheLog(patienceMs: 10_000)
    }

    func loadAll() throws(StoreError) -> [StoredEvent] {
        try read(try db.statement("\(Self.selectSQL) ORDER BY meeting, seq"))
    }

    func loadMeeting(_ code: String) throws(StoreError) -> [StoredEvent] {
        let statement = try db.statement("\(Self.selectSQL) WHERE meeting = ? ORDER BY seq")
        try statement.bind(1, code)
        return try read(statement)
    }

    private static let selectSQL = "SELECT meeting, seq, at, command_id, actor, command_digest, audience, payload FROM events"

    private func read(_ statement: SQLiteDatabase.Statement) throws(StoreError) -> [StoredEvent] {
        var events: [StoredEvent] = []
        while try statement.step() {
            events.append(
                StoredEvent(
                    meeting: statement.text(0) ?? "", seq: statement.int64(1), at: statement.int64(2),
                    commandID: statement.text(3), actor: statement.text(4), commandDigest: statement.text(5),
                    audience: statement.text(6) ?? "null", payload: statement.text(7) ?? "null"))
        }
        return events
    }

    func append(_ events: [StoredEvent]) throws(StoreError) {
        guard !events.isEmpty else { return }
        try transaction { () throws(StoreError) in
            for event in events {
                // The cached statement is reset and its bindings cleared on each fetch.
                let statement = try db.statement(Self.insertSQL)
                try statement.bind(1, event.meeting)
                try statement.bind(2, event.seq)
                try statement.bind(3, event.at)
                try statement.bind(4, event.commandID)
                try statement.bind(5, event.actor)
                try statement.bind(6, event.commandDigest)
                try statement.bind(7, event.audience)
                try statement.bind(8, event.payload)
                try statement.step()
            }
        }
        emptyTheLogWhenLarge()
        retryEmptyingTheLogAfterDeletion()
    }

    /// The `WALCheckpointer`'s passive checkpoints copy the log only up to where it stood when
    /// each began, and SQLite writes the log from its beginning again only once all of it was
    /// copied. Under steady commits (thousands of inputs a second) every checkpoint overlaps
    /// one, and the log grew by about 17 MB a second without end. Past the limit, the writer
    /// itself copies what is left and starts the log from its beginning again, between two
    /// commits and right after a passive checkpoint went through, when what is left is what was
    /// committed during it. The file keeps its size: writing over it costs less per commit than
    /// growing it again (at 2,000 inputs a second, emptying it doubled the ack p99).
    private func emptyTheLogWhenLarge() {
        guard let logLimitBytes, let pass = checkpointPasses?.withLock({ $0 }), pass != lastPassSeen else { return }
        lastPassSeen = pass
        var status = stat()
        guard stat(path + "-wal", &status) == 0, Int(status.st_size) > logLimitBytes else { return }
        // Without waiting: a reader (an `export` run beside the server) holds the restart back,
        // and the commits behind this one must not wait for it; the next pass retries.
        let restart = withoutBusyWait { Result { () throws(StoreError) in try db.checkpoint("RESTART") } }
        if case .failure(let error) = restart { Log.error("store", "the write-ahead log could not be started over: \(error)") }
    }

    private static let insertSQL =
        "INSERT INTO events(meeting, seq, at, command_id, actor, command_digest, audience, payload) VALUES (?,?,?,?,?,?,?,?)"

    func deleteMeetings(_ codes: [String]) throws(StoreError) -> Int {
        var removed = 0
        try transaction { () throws(StoreError) in
            for code in codes { removed += try deleteAndRetire(code) }
        }
        if !codes.isEmpty { emptyTheLogAfterDeletion() }
        return removed
    }

    func deleteMeetings(olderThan ms: Int64) throws(StoreError) -> [String] {
        var codes: [String] = []
        try transaction { () throws(StoreError) in
            let select = try db.statement("SELECT meeting FROM events GROUP BY meeting HAVING max(at) < ?")
            try select.bind(1, ms)
            while try select.step() { if let code = select.text(0) { codes.append(code) } }
            for code in codes { _ = try deleteAndRetire(code) }
        }
        if !codes.isEmpty { emptyTheLogAfterDeletion() }
        return codes
    }

    func retiredCodes() throws(StoreError) -> Set<String> {
        let statement = try db.statement("SELECT code FROM retired_codes")
        var codes: Set<String> = []
        while try statement.step() { if let code = statement.text(0) { codes.insert(code) } }
        return codes
    }

    /// Inside a transaction: one meeting's events out, its code kept as used.
    private func deleteAndRetire(_ code: String) throws(StoreError) -> Int {
        let delete = try db.statement("DELETE FROM events WHERE meeting = ?")
        try delete.bind(1, code)
        try delete.step()
        let removed = db.changes
        guard removed > 0 else { return 0 }
        let retire = try db.statement("INSERT OR IGNORE INTO retired_codes(code) VALUES (?)")
        try retire.bind(1, code)
        try retire.step()
        return removed
    }

    func meta(_ key: String) throws(StoreError) -> String? {
        let statement = try db.statement("SELECT value FROM meta WHERE key = ?")
        try statement.bind(1, key)
        guard try statement.step() else { return nil }
        let value = statement.text(0)
        try statement.step()
        return value
    }

    func setMeta(_ key: String, _ value: String) throws(StoreError) {
        let statement = try db.statement(
            "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
        try statement.bind(1, key)
        try statement.bind(2, value)
        try statement.step()
    }

    /// Turns off the checkpoints this connection would run inside commits and starts a
    /// `WALCheckpointer` that does them on its own thread (the server; one-off commands keep
    /// SQLite's automatic checkpoints).
    func handCheckpointsTo(interval: Double = 1, logLimitBytes: Int = 64 << 20) throws(StoreError) -> WALCheckpointer {
        try db.execute("PRAGMA wal_autocheckpoint=0")
        self.logLimitBytes = logLimitBytes
        let checkpointer = try WALCheckpointer(path: path, interval: interval)
        checkpointPasses = checkpointer.passes
        return checkpointer
    }

    /// Runs SQL directly, for maintenance and for tests that simulate a full disk
    /// (`PRAGMA max_page_count`) or a read-only database (`PRAGMA query_only`).
    func execute(_ sql: String) throws(StoreError) { try db.execute(sql) }

    /// After a deletion (already committed): the log is emptied so that no earlier image of a
    /// page that held the deleted rows stays in it. In the server the writer gets back to the
    /// live cafés' commits soon, and later commits retry; a one-off command may wait longer.
    private func emptyTheLogAfterDeletion() {
        deletedPagesInLog = !emptyTheLog(patienceMs: logLimitBytes == nil ? 10_000 : 250)
        nextEmptyingAttemptMs = MonotonicClock.milliseconds() + 1_000
        passAtLastEmptyingAttempt = checkpointPasses?.withLock { $0 } ?? 0
        if deletedPagesInLog {
            Log.error("store", "deleted; a reader holds the write-ahead log, so it is emptied by a later commit")
        }
    }

    /// With a checkpointer, right after one of its passes (which copied the bulk of the log, so
    /// the writer copies only the last commits); without one, at most once a second.
    private func retryEmptyingTheLogAfterDeletion() {
        guard deletedPagesInLog else { return }
        if let checkpointPasses {
            let pass = checkpointPasses.withLock { $0 }
            guard pass != passAtLastEmptyingAttempt else { return }
            passAtLastEmptyingAttempt = pass
        } else {
            guard MonotonicClock.milliseconds() >= nextEmptyingAttemptMs else { return }
            nextEmptyingAttemptMs = MonotonicClock.milliseconds() + 1_000
        }
        deletedPagesInLog = !emptyTheLog(patienceMs: 0)
        if !deletedPagesInLog { Log.info("store", "the write-ahead log was emptied after a deletion") }
    }

    /// Copies the WAL into the database and empties it; false if that did not go through within
    /// `patienceMs`. It cannot while another connection checkpoints (the `WALCheckpointer`) or
    /// reads (an `export` beside the server), and SQLite's busy handler would wait for a reader
    /// for the whole busy timeout at each try, so it is off here and the tries are 10 ms apart.
    private func emptyTheLog(patienceMs: Int64) -> Bool {
        let deadline = MonotonicClock.milliseconds() + patienceMs
        return withoutBusyWait {
            while true {
                if (try? db.checkpoint("TRUNCATE")) == true { return true }
                if MonotonicClock.milliseconds() >= deadline { return false }
                usleep(10_000)
            }
        }
    }

    /// Runs `body` with SQLite's busy handler off, so a checkpoint that cannot go through says so
    /// at once instead of waiting out the busy timeout.
    private func withoutBusyWait<T>(_ body: () -> T) -> T {
        try? db.execute("PRAGMA busy_timeout=0")
        defer { try? db.execute("PRAGMA busy_timeout=\(Self.busyTimeoutMs)") }
        return body()
    }

    private func transaction(_ body: () throws(StoreError) -> Void) throws(StoreError) {
        try db.execute("BEGIN IMMEDIATE")
        do {
            try body()
            try db.execute("COMMIT")
        } catch {
            if db.isInTransaction { try? db.execute("ROLLBACK") }
            throw error
        }
    }
}

@available(*, unavailable, message: "a SQLite connection is confined to one thread")
extension SQLiteEventStore: Sendable {}
