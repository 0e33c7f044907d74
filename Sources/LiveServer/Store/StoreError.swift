/// A storage failure. `code` is the stable code sent to clients (`storage_unavailable`);
/// `detail` carries the underlying cause for logs and never goes on the wire.
struct StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    let code: String
    let sv: String
    let en: String
    /// The underlying cause, e.g. `SQLITE_FULL (13): database or disk is full`.
    let detail: String
    /// The SQLite primary result code when the cause is SQLite.
    let sqliteCode: Int32?

    static func unavailable(_ detail: String, sqliteCode: Int32? = nil) -> StoreError {
        StoreError(
            code: "storage_unavailable",
            sv: "Lagringen är inte tillgänglig just nu; ändringen sparades inte. Försök igen.",
            en: "Storage is unavailable right now; the change was not saved. Try again.",
            detail: detail, sqliteCode: sqliteCode)
    }

    var description: String { "\(code): \(detail)" }
}
