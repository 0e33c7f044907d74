import Session

/// One meeting as the hub holds it on the service thread.
///
/// `state` runs ahead of the disk: it includes events decided but not yet durable, so the next
/// command is decided on top of them. `log` holds only durable events, with their frames
/// serialised once for every recipient; resume and rollback read it.
final class LiveMeeting {
    var state: Meeting
    private(set) var log: [LoggedEvent] = []
    /// Facilitator connections.
    private(set) var staff: Set<ConnectionID> = []
    /// Projector connections: they receive each event's `projectorCopy`, never the event itself.
    private(set) var projectors: Set<ConnectionID> = []
    /// Participant id → that participant's open connections (several tabs or devices).
    private var participantConnections: [String: Set<ConnectionID>] = [:]
    /// Staff and every participant connection, kept by `attach` and `detach`: an event for
    /// everyone in a 10,000-person café copies one array instead of walking 10,000 sets. In
    /// connection order, so the fan-out touches each connection's state in the order it was
    /// allocated rather than in hash order (fewer cache misses at thousands of connections);
    /// connection ids only grow, so an attach is usually an append.
    private var everyone: [ConnectionID] = []
    /// Whether the matrix result changed since it was last pushed to staff.
    var matrixIsStale = false
    var matrixPushedAt: Int64 = 0
    /// Whether a matrix result for this meeting is being computed off the service thread.
    var matrixInFlight = false
    /// The last `matrix` frame sent to staff: a screen that attaches gets it at once, and an
    /// unchanged result is not sent again.
    var lastMatrixFrame: String?
    /// The minutes last rendered per format (`MeetingHub.minutes`): at which seq and when.
    var renderedMinutes: [String: (seq: Int64, at: Int64, response: HTTPResponse)] = [:]

    /// The highest seq stored for the meeting, readable or not: new events are numbered after
    /// it, so a row that could not be read back never has its seq given out again (which the
    /// store's unique index would refuse, failing every batch it is in).
    var seqFloor: Int64 = 0 {
        didSet { state.lastSeq = max(state.lastSeq, seqFloor) }
    }

    init(state: Meeting) { self.state = state }

    var code: String { state.code }
    var durableSeq: Int64 { log.last?.record.seq ?? 0 }
    /// Whether every event decided for the meeting is on disk (nothing waits in a batch).
    var isSettled: Bool { state.lastSeq == max(durableSeq, seqFloor) }

    /// The meeting as far as it is on disk, for what leaves the live protocol (the minutes, the
    /// feedback page, a PDF): a download never shows an event that a failed write may still take
    /// back. The same as `state` when nothing waits to be written; otherwise rebuilt from the
    /// durable log, once per durable seq.
    var durableState: Meeting {
        if isSettled { return state }
        if let kept = rebuiltDurable, kept.seq == durableSeq { return kept.meeting }
        guard var rebuilt = Meeting.replay(log.map(\.record)) else { return state }
        rebuilt.lastSeq = durableSeq
        rebuiltDurable = (durableSeq, rebuilt)
        return rebuilt
    }
    private var rebuiltDurable: (seq: Int64, meeting: Meeting)?

    /// Records events that are now durable.
    func appendDurable(_ records: [EventRecord], payloads: [String]) {
        for (record, payload) in zip(records, payloads) {
            log.append(LoggedEvent(record: record, frame: OutboundFrame(text: ServerFrames.event(seq: record.seq, eventJSONText: payload))))
        }
        matrixIsStale = true
    }

    /// Drops what was decided but not stored, rebuilding the state from durable events only.
    /// How many times the meeting went back to what is durable: a matrix classified before that
    /// may count what was dropped, so its result is not sent (`MeetingHub.pushClassifiedMatrices`).
    private(set) var rollbacks = 0

    func rollBackToDurable() {
        rollbacks += 1
        if let rebuilt = Meeting.replay(log.map(\.record)) { state = rebuilt }
        state.lastSeq = max(state.lastSeq, seqFloor)
        matrixIsStale = true
        // Those renderings may show what was just dropped, under a seq that will be given again.
        renderedMinutes = [:]
        rebuiltDurable = nil
    }

    /// Connections that receive an event for `audience`.
    func recipients(of audience: Audience) -> [ConnectionID] {
        switch audience {
        case .staff:
            return Array(staff)
        case .everyone:
            return everyone
        case .members(let ids):
            var result = Array(staff)
            for id in ids { result.append(contentsOf: participantConnections[id] ?? []) }
            return result
        }
    }

    /// Durable events after `seq` that `participant` (nil for staff) may see, in order.
    func replay(after seq: Int64, for participant: String?) -> [OutboundFrame] {
        log[firstIndex(after: seq)...].filter { $0.record.audience.includes(participant: participant) }.map(\.frame)
    }

    /// What a projector receives of the durable events after `seq`, in order.
    func projectorReplay(after seq: Int64) -> [OutboundFrame] {
        log[firstIndex(after: seq)...].compactMap(projectorFrame)
    }

    /// What a projector receives of a durable event: its frame, a reduced copy, or nothing.
    func projectorFrame(of logged: LoggedEvent) -> OutboundFrame? {
        switch logged.record.event.projectorCopy {
        case .same: logged.frame
        case .reduced(let event):
            OutboundFrame(text: ServerFrames.event(seq: logged.record.seq, eventJSONText: event.json(at: logged.record.at).serialized))
        case .none: nil
        }
    }

    private func firstIndex(after seq: Int64) -> Int {
        var start = log.count
        while start > 0 && log[start - 1].record.seq > seq { start -= 1 }
        return start
    }

    func attachProjector(_ connection: ConnectionID) { projectors.insert(connection) }
    func detachProjector(_ connection: ConnectionID) { projectors.remove(connection) }

    func attach(_ connection: ConnectionID, as actor: Actor) {
        let inserted: Bool
        switch actor {
        case .facilitator: inserted = staff.insert(connection).inserted
        case .participant(let id): inserted = participantConnections[id, default: []].insert(connection).inserted
        }
        if inserted { everyone.insert(connection, at: everyoneIndex(of: connection)) }
    }

    func detach(_ connection: ConnectionID, as actor: Actor) {
        let removed: Bool
        switch actor {
        case .facilitator: removed = staff.remove(connection) != nil
        case .participant(let id):
            removed = participantConnections[id]?.remove(connection) != nil
            if participantConnections[id]?.isEmpty == true { participantConnections[id] = nil }
        }
        let index = everyoneIndex(of: connection)
        if removed, index < everyone.count, everyone[index] == connection { everyone.remove(at: index) }
    }

    /// Where `connection` is or belongs in `everyone` (binary search; the end for the newest).
    private func everyoneIndex(of connection: ConnectionID) -> Int {
        if let last = everyone.last, last.rawValue < connection.rawValue { return everyone.count }
        var low = 0
        var high = everyone.count
        while low < high {
            let middle = (low + high) / 2
            if everyone[middle].rawValue < connection.rawValue { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

/// A durable event with its frame, serialised once.
struct LoggedEvent {
    let record: EventRecord
    let frame: OutboundFrame
}
