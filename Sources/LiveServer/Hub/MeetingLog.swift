import Session

/// Rebuilds the hub's meetings and command ledger from the stored event log at start-up.
enum MeetingLog {
    struct Rebuilt {
        var meetings: [LiveMeeting] = []
        var ledger = CommandLedger()
        /// Rows that could not be read back (reported, never silently used).
        var unreadable = 0
        /// Meetings whose creation could not be read back, so none of their rows could be used.
        /// Their codes are not given to a new meeting: its first event would collide with the
        /// stored ones (failing every batch it is in), and people may still hold the old code.
        var unloadableCodes: Set<String> = []
    }

    static func rebuild(from rows: [StoredEvent]) -> Rebuilt {
        var rebuilt = Rebuilt()
        var start = 0
        while start < rows.count {
            var end = start
            while end < rows.count && rows[end].meeting == rows[start].meeting { end += 1 }
            rebuildMeeting(rows[start..<end], into: &rebuilt)
            start = end
        }
        return rebuilt
    }

    private static func rebuildMeeting(_ rows: ArraySlice<StoredEvent>, into rebuilt: inout Rebuilt) {
        var records: [EventRecord] = []
        var payloads: [String] = []
        var commands: [CommandLedger.Key: (digest: String, seq: Int64, events: [MeetingEvent])] = [:]
        for row in rows {
            guard let json = parseJSONText(row.payload), let decoded = try? MeetingEvent.decode(json) else {
                rebuilt.unreadable += 1
                continue
            }
            let audience = parseJSONText(row.audience).map(Audience.init(json:)) ?? .staff
            records.append(EventRecord(seq: row.seq, at: decoded.at, event: decoded.event, audience: audience))
            payloads.append(row.payload)
            if let id = row.commandID, let sender = row.actor {
                let key = CommandLedger.Key(scope: sender == "create" ? "-" : row.meeting, sender: sender, id: id)
                var entry = commands[key] ?? (row.commandDigest ?? "", row.seq, [])
                entry.seq = row.seq
                entry.events.append(decoded.event)
                commands[key] = entry
            }
        }
        guard let state = Meeting.replay(records) else {
            rebuilt.unreadable += records.count
            if let code = rows.first?.meeting { rebuilt.unloadableCodes.insert(code) }
            return
        }
        let meeting = LiveMeeting(state: state)
        meeting.appendDurable(records, payloads: payloads)
        meeting.seqFloor = rows.map(\.seq).max() ?? 0
        rebuilt.meetings.append(meeting)
        for (key, entry) in commands {
            rebuilt.ledger[key] = .done(digest: entry.digest, seq: entry.seq, result: MeetingEvent.result(of: entry.events))
        }
    }
}
