/// A question a facilitator pushes to all tables or some.
public struct Question: Equatable, Sendable {
    public var id: String
    public var text: String
    public var kind: QuestionKind
    public var options: [String]
    /// nil means every table.
    public var tables: [String]?
    public var round: String?
    /// The proposed topic this question takes up, if it came from a participant.
    public var fromTopic: String?
    public var askedAt: Int64
    public var isOpen = true

    public var json: JSONValue {
        .compactObject([
            ("id", .string(id)), ("text", .string(text)), ("kind", .string(kind.rawValue)),
            ("options", .array(options.map(JSONValue.string))), ("tables", tables.map { .array($0.map(JSONValue.string)) }),
            ("round", round.map(JSONValue.string)), ("from_topic", fromTopic.map(JSONValue.string)), ("asked_at", .int(askedAt)),
        ])
    }
}

/// A question or topic a participant proposes for the agenda.
public struct Topic: Equatable, Sendable {
    public var id: String
    public var text: String
    public var author: String
    public var at: Int64
    public var takenUpAs: String?
    /// Set when a facilitator hid the topic: its text stays in the log, out of the results and minutes.
    public var hidden: Moderation?

    public var json: JSONValue {
        ["id": .string(id), "text": .string(text), "author": .string(author), "at": .int(at)]
    }
}

/// A note, proposal, question or concern from a table, or a reply to one.
public struct Input: Equatable, Sendable {
    public var id: String
    public var kind: InputKind
    public var text: String
    public var author: String
    public var table: String?
    public var round: String?
    public var replyTo: String?
    public var at: Int64
    /// Participants who agree, in the order they reacted.
    public var agreedBy: [String] = []
    public var hidden: Moderation?

    public var json: JSONValue {
        .compactObject([
            ("id", .string(id)), ("kind", .string(kind.rawValue)), ("text", .string(text)), ("author", .string(author)),
            ("table", table.map(JSONValue.string)), ("round", round.map(JSONValue.string)),
            ("reply_to", replyTo.map(JSONValue.string)), ("at", .int(at)),
        ])
    }
}

public struct Moderation: Equatable, Sendable {
    public var reason: String
    public var at: Int64
}

/// A participant's answer to a pushed question.
public enum AnswerValue: Equatable, Sendable {
    case text(String)
    case choices([String])
    case scale(Int64)

    public var json: JSONValue {
        switch self {
        case .text(let s): .string(s)
        case .choices(let c): .array(c.map(JSONValue.string))
        case .scale(let n): .int(n)
        }
    }
}

/// A table host's summary of a round.
public struct Summary: Equatable, Sendable {
    public var round: String
    public var table: String
    public var author: String
    public var text: String
    public var at: Int64
}

/// One organisation that owns a commitment.
public struct CommitmentOwner: Equatable, Sendable {
    public var organisation: String
    public var sector: Sector
    public var json: JSONValue { ["organisation": .string(organisation), "sector": .string(sector.rawValue)] }
}

/// An action item: what, by whom, by when.
public struct Commitment: Equatable, Sendable {
    public var id: String
    public var what: String
    public var owners: [CommitmentOwner]
    public var due: String?
    public var step: DecisionStep?
    public var recordedBy: String
    public var at: Int64

    public var json: JSONValue {
        .compactObject([
            ("id", .string(id)), ("what", .string(what)), ("owners", .array(owners.map(\.json))),
            ("due", due.map(JSONValue.string)), ("step", step.map { .string($0.rawValue) }),
            ("recorded_by", .string(recordedBy)), ("at", .int(at)),
        ])
    }
}

/// The public side's response (återkoppling) to one or more inputs.
public struct Feedback: Equatable, Sendable {
    public var id: String
    public var inputs: [String]
    public var status: FeedbackStatus
    public var text: String
    public var by: String
    /// The responder's sector; nil for a facilitator.
    public var bySector: Sector?
    public var at: Int64

    public var json: JSONValue {
        .compactObject([
            ("id", .string(id)), ("inputs", .array(inputs.map(JSONValue.string))), ("status", .string(status.rawValue)),
            ("text", .string(text)), ("by", .string(by)), ("by_sector", bySector.map { .string($0.rawValue) }),
            ("at", .int(at)),
        ])
    }
}
