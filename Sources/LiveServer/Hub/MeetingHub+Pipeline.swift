import Dispatch
import Session

/// A decided command on its way to the disk.
struct PendingCommand {
    enum Kind {
        case create
        case join
        case command
    }

    let kind: Kind
    let code: String
    let key: CommandLedger.Key
    let records: [EventRecord]
    /// The event JSON text of each record: stored, and spliced into frames when durable.
    let payloads: [String]
    let rows: [StoredEvent]
}

extension MeetingHub {
    /// Applies a decision to a meeting's running state and queues its events for the disk.
    /// With no batch in flight, the first command queued asks for a wake: the batch leaves when
    /// the loop has read what arrived in this turn (see `wakeUp`), not with that command alone.
    func enqueue(
        _ decision: Decision, kind: PendingCommand.Kind, in meeting: LiveMeeting, key: CommandLedger.Key, digest: String,
        waiter: ConnectionID
    ) {
        let now = clock()
        let records = meeting.state.commit(decision, at: now)
        let payloads = records.map { $0.event.json(at: $0.at).serialized }
        let rows = zip(records, payloads).map { record, payload in
            StoredEvent(
                meeting: meeting.code, seq: record.seq, at: record.at, commandID: key.id, actor: key.sender,
                commandDigest: digest, audience: record.audience.json.serialized, payload: payload)
        }
        ledger[key] = .pending(digest: digest, waiters: [waiter])
        accumulating.append(PendingCommand(kind: kind, code: meeting.code, key: key, records: records, payloads: payloads, rows: rows))
        if inFlight == nil && accumulating.count == 1 { server.wake() }
    }

    /// Sends everything decided so far to the writer as one batch, and waits up to
    /// `options.commitWaitMs` for it: a result in time is handled at once, a later one on a wake.
    func submitAccumulated() {
        guard inFlight == nil, !accumulating.isEmpty else { return }
        let batch = accumulating
        accumulating = []
        inFlight = batch
        let server = self.server
        let completions = self.completions
        let committed = DispatchSemaphore(value: 0)
        writer.submit(batch.flatMap(\.rows)) { result in
            completions.post(result)
            committed.signal()
            server.wake()
        }
        if options.commitWaitMs > 0, committed.wait(timeout: .now() + .milliseconds(options.commitWaitMs)) == .success {
            for result in completions.takeAll() { complete(result) }
        }
    }

    /// Handles the writer's answer for the batch in flight (service thread).
    func complete(_ result: Result<Void, StoreError>) {
        guard let batch = inFlight else { return }
        inFlight = nil
        switch result {
        case .success:
            for command in batch { deliver(command) }
        case .failure(let error):
            fail(batch + accumulating, error)
            accumulating = []
        }
        submitAccumulated()
    }

    /// A durable command: attach new members, fan its events out, ack every waiter.
    private func deliver(_ command: PendingCommand) {
        guard let meeting = meetings[command.code], let last = command.records.last else { return }
        meeting.appendDurable(command.records, payloads: command.payloads)
        let result = MeetingEvent.result(of: command.records.map(\.event))
        let waiters: [ConnectionID]
        if case .pending(let digest, let pendingWaiters) = ledger[command.key] {
            waiters = pendingWaiters.filter(server.isOpen)
            ledger[command.key] = .done(digest: digest, seq: last.seq, result: result)
        } else {
            waiters = []
        }
        var caughtUp: Set<ConnectionID> = []
        if command.kind != .command {
            let actor = attachedActor(after: command, result: result)
            for connection in waiters {
                attach(connection, to: meeting, as: actor)
                catchUp(connection, on: meeting, after: 0, for: actor.participantID)
                caughtUp.insert(connection)
            }
        }
        for logged in meeting.log.suffix(command.records.count) {
            let recipients = meeting.recipients(of: logged.record.audience)
            server.send(logged.frame, to: caughtUp.isEmpty ? recipients : recipients.filter { !caughtUp.contains($0) })
            if !meeting.projectors.isEmpty, let frame = meeting.projectorFrame(of: logged) { server.send(frame, to: Array(meeting.projectors)) }
        }
        for connection in waiters {
            ack(connection, id: command.key.id, seq: last.seq, result: ackResult(result, code: meeting.code))
        }
    }

    private func attachedActor(after command: PendingCommand, result: JSONValue?) -> Actor {
        if command.kind == .join, let participant = result?["participant"]?.stringValue { return .participant(participant) }
        return .facilitator
    }

    /// Adds the secrets a sender is owed: the facilitator key after creating, the resume and feedback
    /// tokens after joining, and the minutes key (which only reads the minutes) with either.
    func ackResult(_ result: JSONValue?, code: String) -> JSONValue? {
        guard var object = result?.objectValue else { return result }
        let created = object["code"] != nil
        let joined = object["participant"]?.stringValue.flatMap { object["input"] == nil ? $0 : nil }
        if created {
            object["facilitator_key"] = .string(credentials.facilitatorKey(code: code))
            object["projector_key"] = .string(credentials.projectorKey(code: code))
        }
        if let joined {
            object["token"] = .string(credentials.resumeToken(code: code, participant: joined))
            object["feedback_token"] = .string(credentials.feedbackToken(code: code, participant: joined))
        }
        if created || joined != nil { object["minutes_key"] = .string(credentials.minutesKey(code: code)) }
        return .object(object)
    }

    /// Storage failed: nothing of these commands is acked, and each meeting goes back to what is durable.
    private func fail(_ commands: [PendingCommand], _ error: StoreError) {
        Log.error("store", "batch of \(commands.count) commands not stored: \(error.detail)")
        var touched: Set<String> = []
        for command in commands {
            touched.insert(command.code)
            if case .pending(_, let waiters) = ledger[command.key] {
                for connection in waiters where server.isOpen(connection) {
                    send(ServerFrames.error(id: .string(command.key.id), code: error.code, sv: error.sv, en: error.en), to: connection)
                }
            }
            ledger[command.key] = nil
        }
        for code in touched {
            guard let meeting = meetings[code] else { continue }
            if meeting.log.isEmpty {
                meetings[code] = nil
                for connection in meeting.staff { attachments[connection] = nil }
            } else {
                meeting.rollBackToDurable()
            }
        }
    }

    /// Sends a connection every event of the meeting after `seq` that is meant for `participant`
    /// (nil: staff, who see everything).
    func catchUp(_ connection: ConnectionID, on meeting: LiveMeeting, after seq: Int64, for participant: String?) {
        server.sendCatchUp(meeting.replay(after: seq, for: participant), to: connection)
    }

    /// Attaches a connection to a meeting, as a projector (a staff screen that runs nothing and
    /// receives `projectorCopy` of each event) or as `actor`, leaving any earlier attachment.
    func attach(_ connection: ConnectionID, to meeting: LiveMeeting, as actor: Actor, projector: Bool = false) {
        detach(connection)
        attachments[connection] = (meeting.code, actor)
        if projector {
            viewers.insert(connection)
            meeting.attachProjector(connection)
        } else {
            meeting.attach(connection, as: actor)
        }
        if actor == .facilitator { server.widenQueue(of: connection, by: Self.staffQueueFactor) }
        if actor == .facilitator && !projector { server.send(Self.matrixRulesFrame, to: connection) }
    }

    /// Ends a connection's attachment, if any.
    func detach(_ connection: ConnectionID) {
        let wasProjector = viewers.remove(connection) != nil
        guard let previous = attachments.removeValue(forKey: connection), let meeting = meetings[previous.code] else { return }
        if wasProjector { meeting.detachProjector(connection) } else { meeting.detach(connection, as: previous.actor) }
    }
}
