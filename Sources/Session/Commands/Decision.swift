/// What a command decided: the events to append (with who receives each) and a result for the sender.
public struct Decision: Equatable, Sendable {
    public var events: [(MeetingEvent, Audience)]
    public var result: JSONValue?

    public init(_ events: [(MeetingEvent, Audience)], result: JSONValue? = nil) {
        self.events = events
        self.result = result
    }

    public static func == (a: Decision, b: Decision) -> Bool {
        a.result == b.result && a.events.count == b.events.count
            && zip(a.events, b.events).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    }
}

extension Meeting {
    /// Starts a meeting's log.
    public static func creation(code: String, info: MeetingInfo) -> Decision {
        Decision([(.meetingCreated(code: code, info: info), .everyone)], result: ["code": .string(code)])
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
