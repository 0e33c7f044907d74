/// Who sends a command: a facilitator (authenticated by the meeting's key) or a participant.
public enum Actor: Hashable, Sendable {
    case facilitator
    case participant(String)

    /// The storage spelling: `facilitator` or the participant id.
    public var storageKey: String {
        switch self {
        case .facilitator: "facilitator"
        case .participant(let id): id
        }
    }

    public var participantID: String? { if case .participant(let id) = self { id } else { nil } }
}

/// Who receives an event. Staff (facilitators and the projector) receive every event.
public enum Audience: Equatable, Sendable {
    case everyone
    case staff
    /// These participants, and staff.
    case members([String])

    public var json: JSONValue {
        switch self {
        case .everyone: "*"
        case .staff: "staff"
        case .members(let ids): .array(ids.map(JSONValue.string))
        }
    }

    public init(json: JSONValue) {
        switch json {
        case .string("*"): self = .everyone
        case .array(let ids): self = .members(ids.compactMap(\.stringValue))
        default: self = .staff
        }
    }

    /// Whether a participant (nil for staff) receives events for this audience.
    public func includes(participant: String?) -> Bool {
        guard let participant else { return true }
        switch self {
        case .everyone: return true
        case .staff: return false
        case .members(let ids): return ids.contains(participant)
        }
    }
}
