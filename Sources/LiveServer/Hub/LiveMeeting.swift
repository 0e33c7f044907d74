import Session

/// One meeting as the hub holds it on the service thread.
///
/// `state` runs ahead of the disk: it includes events decided but not yet durable, so the next
/// command is decided on top of them. `log` holds only durable events, with their frames
/// serialised once for every recipient; resume and rollback read it.
final class LiveMeeting {
    var state: Meeting
    private(set) var log: [LoggedEvent] = []
    /// Facilitator and projector connections.
    private(set) var staff: Set<ConnectionID> = [] { didSet { everyone = nil } }
    /// Participant id → that participant's open connections (several tabs or devices).
    private(set) var participantConnections: [String: Set<ConnectionID>] = [:] { didSet { everyone = nil } }
    /// Staff and every participant connection, built on the first event for everyone after an
    /// attach or detach: each such event in a 10,000-person café then copies one array instead
    /// of walking 10,000 sets.
    /// In connection order, so the fan-out touches each connection's state in the order it was
    /// allocated rather than in hash order (fewer cache misses at thousands of connections).
    private var everyone: [ConnectionID]?
    /// Whether the matrix result changed since it was last pushed to staff.
    var matrixIsStale = false
    var matrixPushedAt: Int64 = 0
    /// Whether a matrix result for this meeting is being computed off the service thread.
    var matrixInFlight = false

    init(state: Meeting) { self.state = state }

    var code: String { state.code }
    var durableSeq: Int64 { log.last?.record.seq ?? 0 }

    /// Records events that are now durable.
    func appendDurable(_ records: [EventRecord], payloads: [String]) {
        for (record, payload) in zip(records, payloads) {
            log.append(LoggedEvent(record: record, frame: OutboundFrame(text: ServerFrames.event(seq: record.seq, eventJSONText: payload))))
        }
        matrixIsStale = true
    }

    /// Drops what was decided but not stored, rebuilding the state from durable events only.
    func rollBackToDurable() {
        if let rebuilt = Meeting.replay(log.map(\.record)) { state = rebuilt }
    }

    /// Connections that receive an event for `audience`.
    func recipients(of audience: Audience) -> [ConnectionID] {
        switch audience {
        case .staff:
            return Array(staff)
        case .everyone:
            if let everyone { return everyone }
            var all = Array(staff)
            for connections in participantConnections.values { all.append(contentsOf: connections) }
            all.sort { $0.rawValue < $1.rawValue }
            everyone = all
            return all
        case .members(let ids):
            var result = Array(staff)
            for id in ids { result.append(contentsOf: participantConnections[id] ?? []) }
            return result
        }
    }

    /// Durable events after `seq` that `participant` (nil for staff) may see, in order.
    func replay(after seq: Int64, for participant: String?) -> [OutboundFrame] {
        var start = log.count
        while start > 0 && log[start - 1].record.seq > seq { start -= 1 }
        return log[start...].filter { $0.record.audience.includes(participant: participant) }.map(\.frame)
    }

    func attach(_ connection: ConnectionID, as actor: Actor) {
        switch actor {
        case .facilitator: staff.insert(connection)
        case .participant(let id): participantConnections[id, default: []].insert(connection)
        }
    }

    func detach(_ connection: ConnectionID, as actor: Actor) {
        switch actor {
        case .facilitator: staff.remove(connection)
        case .participant(let id):
            participantConnections[id]?.remove(connection)
            if participantConnections[id]?.isEmpty == true { participantConnections[id] = nil }
        }
    }
}

/// A durable event with its frame, serialised once.
struct LoggedEvent {
    let record: EventRecord
    let frame: OutboundFrame
}
