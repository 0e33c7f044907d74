/// What a participant sees on the read-only feedback page: their own inputs and the public
/// side's response to each. Replies are left out, as the feedback form leaves them out; an
/// input the facilitator hid stays, with the reason instead of its text, as in the minutes, so
/// it does not vanish from its author's view without a word.
public enum FeedbackView {
    public static func json(of meeting: Meeting, for participant: String) -> JSONValue {
        let own = meeting.inputs.filter { $0.author == participant && $0.replyTo == nil }
        let responses = meeting.feedback
        return [
            "meeting": .compactObject([
                ("code", .string(meeting.code)), ("title", .string(meeting.info.title)), ("date", .string(meeting.info.date)),
                ("language", .string(meeting.info.language.rawValue)), ("closed", .bool(meeting.isClosed)),
                ("feedback_due", meeting.feedbackDue.map(JSONValue.string)),
            ]),
            "participant": .string(participant),
            "inputs": .array(
                own.map { input in
                    [
                        "id": .string(input.id), "kind": .string(input.kind.rawValue),
                        "text": input.hidden == nil ? .string(input.text) : .null,
                        "hidden": input.hidden.map { .string($0.reason) } ?? .null,
                        "round": input.round.map(JSONValue.string) ?? .null, "table": input.table.map(JSONValue.string) ?? .null,
                        "feedback": .array(
                            responses.filter { $0.inputs.contains(input.id) }.map { f in
                                ["status": .string(f.status.rawValue), "text": .string(f.text), "at": .int(f.at)]
                            }),
                    ]
                }),
        ]
    }
}

/// UTC timestamps for callers outside the minutes.
public enum ISOTime {
    /// `YYYY-MM-DDTHH:MM:SSZ` for epoch milliseconds.
    public static func string(fromMilliseconds ms: Int64) -> String { MinutesClock.iso8601(milliseconds: ms) }
}
