/// What a command decided: the events to append, with who receives each.
public struct Decision: Equatable, Sendable {
    public var events: [(MeetingEvent, Audience)]

    public init(_ events: [(MeetingEvent, Audience)]) { self.events = events }

    /// What the sender learns in the ack: the ids the command created.
    public var result: JSONValue? { MeetingEvent.result(of: events.map(\.0)) }

    public static func == (a: Decision, b: Decision) -> Bool {
        a.events.count == b.events.count && zip(a.events, b.events).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    }
}

extension MeetingEvent {
    /// The ack's result for a command that produced `events`. Derived rather than stored, so a
    /// command re-sent after a restart is answered from the log alone.
    public static func result(of events: [MeetingEvent]) -> JSONValue? {
        var result: [String: JSONValue] = [:]
        var tables: [JSONValue] = []
        for event in events {
            switch event {
            case .meetingCreated(let code, _): result["code"] = .string(code)
            case .participantJoined(let p): result["participant"] = .string(p.id)
            case .tableAdded(let t): tables.append(.string(t.id))
            case .roundPlanned(let r): result["round"] = .string(r.id)
            case .questionPushed(let q): result["question"] = .string(q.id)
            case .topicProposed(let t): result["topic"] = .string(t.id)
            case .inputAdded(let i): result["input"] = .string(i.id)
            case .commitmentRecorded(let c): result["commitment"] = .string(c.id)
            case .feedbackRecorded(let f): result["feedback"] = .string(f.id)
            default: break
            }
        }
        if !tables.isEmpty { result["tables"] = .array(tables) }
        return result.isEmpty ? nil : .object(result)
    }
}

extension Meeting {
    /// Starts a meeting's log.
    public static func creation(code: String, info: MeetingInfo) -> Decision {
        Decision([(.meetingCreated(code: code, info: info), .everyone)])
    }

    /// Applies a decision's events as the records they become, numbering them after `lastSeq`.
    public mutating func commit(_ decision: Decision, at now: Int64) -> [EventRecord] {
        var records: [EventRecord] = []
        for (event, audience) in decision.events {
            let record = EventRecord(seq: lastSeq + 1, at: now, event: event, audience: audience)
            apply(record)
            records.append(record)
        }
        return records
    }
}
