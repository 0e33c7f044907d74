import Session

/// Remembers every command id, so a command re-sent (after a reconnect, say) is applied once
/// and acknowledged again, and an id reused for different content is refused.
struct CommandLedger {
    struct Key: Hashable {
        /// The meeting code, or `-` for `create_meeting`.
        let scope: String
        /// Who sent it: `facilitator`, a participant id, `join` or `create`.
        let sender: String
        let id: String
    }

    enum Entry {
        /// Decided, waiting for the disk; these connections want the ack.
        case pending(digest: String, waiters: [ConnectionID])
        /// Durable: the last seq and the ack's result.
        case done(digest: String, seq: Int64, result: JSONValue?)

        var digest: String {
            switch self {
            case .pending(let digest, _), .done(let digest, _, _): digest
            }
        }
    }

    private(set) var entries: [Key: Entry] = [:]

    subscript(key: Key) -> Entry? {
        get { entries[key] }
        set { entries[key] = newValue }
    }

    mutating func addWaiter(_ connection: ConnectionID, to key: Key) {
        // A connection that sends the same pending command again is answered once.
        if case .pending(let digest, let waiters) = entries[key], !waiters.contains(connection) {
            entries[key] = .pending(digest: digest, waiters: waiters + [connection])
        }
    }

    /// Forgets deleted meetings' commands, their creation too (kept under the scope `-`, with
    /// the code in its result). One pass over the ledger for all of them: it holds every
    /// command of every live meeting, and this runs on the service thread.
    mutating func removeMeetings(_ codes: Set<String>) {
        guard !codes.isEmpty else { return }
        entries = entries.filter { key, entry in
            guard !codes.contains(key.scope) else { return false }
            if key.sender == "create", case .done(_, _, let result) = entry, let code = result?["code"]?.stringValue,
                codes.contains(code)
            {
                return false
            }
            return true
        }
    }

    /// A short digest of a command's content (everything but its id), to tell a re-send from a reuse.
    static func digest(of message: [String: JSONValue]) -> String {
        var content = message
        content["id"] = nil
        return Array(SHA256.hash(JSONValue.object(content).serializedBytes).prefix(12)).hexString
    }
}
