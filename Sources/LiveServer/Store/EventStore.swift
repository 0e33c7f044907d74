/// One persisted domain event of a meeting. `audience` and `payload` are JSON text, stored
/// and returned verbatim so the server can splice them into frames without re-encoding.
struct StoredEvent: Equatable, Sendable {
    var meeting: String
    var seq: Int64
    /// Milliseconds since the Unix epoch.
    var at: Int64
    var commandID: String?
    var actor: String?
    var commandDigest: String?
    var audience: String
    var payload: String

    init(
        meeting: String, seq: Int64, at: Int64, commandID: String? = nil, actor: String? = nil,
        commandDigest: String? = nil, audience: String, payload: String
    ) {
        self.meeting = meeting
        self.seq = seq
        self.at = at
        self.commandID = commandID
        self.actor = actor
        self.commandDigest = commandDigest
        self.audience = audience
        self.payload = payload
    }
}

/// An append-only event log. Implementations are confined to one thread at a time; the
/// server drives them from `GroupCommitWriter`.
protocol EventStore: AnyObject {
    /// Every event, ordered by meeting and then seq.
    func loadAll() throws(StoreError) -> [StoredEvent]
    /// One meeting's events, ordered by seq.
    func loadMeeting(_ code: String) throws(StoreError) -> [StoredEvent]
    /// Appends all events in one transaction: either all are durable or none is.
    func append(_ events: [StoredEvent]) throws(StoreError)
    /// Removes meetings' events in one transaction and retires their codes; returns how many
    /// events were removed.
    func deleteMeetings(_ codes: [String]) throws(StoreError) -> Int
    /// Removes every meeting whose newest event is older than `ms` (epoch milliseconds) and
    /// retires its code; returns their codes.
    func deleteMeetings(olderThan ms: Int64) throws(StoreError) -> [String]
    /// Codes of deleted meetings: never given out again, since a code's keys and tokens are
    /// derived from it and would open a new meeting under the old code.
    func retiredCodes() throws(StoreError) -> Set<String>
    func meta(_ key: String) throws(StoreError) -> String?
    func setMeta(_ key: String, _ value: String) throws(StoreError)
}

extension EventStore {
    /// For stores that cannot select by meeting: everything, filtered.
    func loadMeeting(_ code: String) throws(StoreError) -> [StoredEvent] {
        try loadAll().filter { $0.meeting == code }
    }
}
