import CSQLite

/// Owns one sqlite3 connection and its prepared statements; the only place SQLite result codes
/// are looked at. Confined to one thread at a time (not `Sendable`).
final class SQLiteDatabase {
    private var handle: OpaquePointer?
    private var statements: [String: OpaquePointer] = [:]

    init(path: String) throws(StoreError) {
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(db)
            throw .unavailable("open \(path): \(message)", sqliteCode: rc)
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
    }

    deinit {
        for statement in statements.values { sqlite3_finalize(statement) }
        sqlite3_close_v2(handle)
    }

    /// Runs `PRAGMA wal_checkpoint(mode)`; false when it could not finish because another
    /// connection was checkpointing or a reader still used old pages (SQLite reports that in
    /// the result row, not as an error).
    func checkpoint(_ mode: String) throws(StoreError) -> Bool {
        let statement = try statement("PRAGMA wal_checkpoint(\(mode))")
        var finished = true
        while try statement.step() { finished = statement.int64(0) == 0 }
        return finished
    }

    /// Runs SQL text without results (schema, pragmas, transaction control).
    func execute(_ sql: String) throws(StoreError) {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        if rc != SQLITE_OK {
            let message = errorMessage.map { String(cString: $0) } ?? lastErrorMessage
            sqlite3_free(errorMessage)
            throw .unavailable("\(sql): \(message)", sqliteCode: rc & 0xFF)
        }
    }

    /// A cached prepared statement, reset and with bindings cleared.
    func statement(_ sql: String) throws(StoreError) -> Statement {
        if let cached = statements[sql] {
            sqlite3_reset(cached)
            sqlite3_clear_bindings(cached)
            return Statement(handle: cached, database: self)
        }
        var prepared: OpaquePointer?
        let rc = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &prepared, nil)
        guard rc == SQLITE_OK, let prepared else { throw failure("prepare", rc) }
        statements[sql] = prepared
        return Statement(handle: prepared, database: self)
    }

    var changes: Int { Int(sqlite3_changes(handle)) }
    var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    fileprivate var lastErrorMessage: String { String(cString: sqlite3_errmsg(handle)) }

    fileprivate func failure(_ what: String, _ rc: Int32) -> StoreError {
        .unavailable("\(what): \(lastErrorMessage) (\(rc))", sqliteCode: rc & 0xFF)
    }

    /// One use of a prepared statement: bind, then step.
    struct Statement {
        let handle: OpaquePointer
        let database: SQLiteDatabase

        func bind(_ index: Int32, _ text: String?) throws(StoreError) {
            let rc: Int32
            if let text {
                rc = sqlite3_bind_text(handle, index, text, -1, dialogcafe_sqlite_transient())
            } else {
                rc = sqlite3_bind_null(handle, index)
            }
            guard rc == SQLITE_OK else { throw database.failure("bind", rc) }
        }

        func bind(_ index: Int32, _ value: Int64) throws(StoreError) {
            let rc = sqlite3_bind_int64(handle, index, value)
            guard rc == SQLITE_OK else { throw database.failure("bind", rc) }
        }

        /// Steps once; `true` while a row is available.
        @discardableResult
        func step() throws(StoreError) -> Bool {
            let rc = sqlite3_step(handle)
            switch rc {
            case SQLITE_ROW: return true
            case SQLITE_DONE:
                sqlite3_reset(handle)
                return false
            default:
                let error = database.failure("step", rc)
                sqlite3_reset(handle)
                throw error
            }
        }

        func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

        func text(_ column: Int32) -> String? {
            guard sqlite3_column_type(handle, column) != SQLITE_NULL,
                let chars = sqlite3_column_text(handle, column)
            else { return nil }
            let count = Int(sqlite3_column_bytes(handle, column))
            return String(decoding: UnsafeRawBufferPointer(start: chars, count: count), as: UTF8.self)
        }
    }
}

@available(*, unavailable, message: "a SQLite connection is confined to one thread")
extension SQLiteDatabase: Sendable {}
