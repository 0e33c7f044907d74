import Session

extension MeetingHub {
    // MARK: Creating, facilitating, joining, resuming

    func handleCreate(_ id: String, fields: FieldReader, message: [String: JSONValue], from connection: ConnectionID) {
        let key = CommandLedger.Key(scope: "-", sender: "create", id: id)
        let digest = CommandLedger.digest(of: message)
        if answeredBeforeWriting(key, digest: digest, id: id, from: connection) { return }
        let info: MeetingInfo
        do { info = try MeetingInfo(fields: fields) } catch { return refuse(connection, id: .string(id), error) }
        // Charged after the check: a malformed request creates nothing, so it costs nothing.
        guard createLimiter.allow(address(of: connection), now: clock()) else {
            return refuse(connection, id: .string(id), .rateLimited)
        }
        var code = JoinCode.random()
        while meetings[code] != nil || retiredCodes.contains(code) { code = JoinCode.random() }
        var empty = Meeting(code: code, info: info, createdAt: clock())
        empty.lastSeq = 0
        let meeting = LiveMeeting(state: empty)
        meetings[code] = meeting
        enqueue(Meeting.creation(code: code, info: info), kind: .create, in: meeting, key: key, digest: digest, waiter: connection)
        Log.info("meeting", "created \(code)")
    }

    func handleFacilitate(_ id: String, fields: FieldReader, from connection: ConnectionID) {
        guard let meeting = meeting(openedBy: fields, id: id, from: connection, accepting: credentials.isValidFacilitatorKey)
        else { return }
        let result: JSONValue = [
            "code": .string(meeting.code), "role": "facilitator",
            "minutes_key": .string(credentials.minutesKey(code: meeting.code)),
            "projector_key": .string(credentials.projectorKey(code: meeting.code)),
        ]
        guard attachScreen(connection, to: meeting, id: id, fields: fields, result: result) else { return }
        meeting.matrixIsStale = true
    }

    /// The projector's read-only view: with the projector key (or the facilitator key), the
    /// events' projector copies (`MeetingEvent.projectorCopy`), and no meeting command. A venue's computer that keeps the key it was
    /// given can show the meeting again, never run it.
    func handleProject(_ id: String, fields: FieldReader, from connection: ConnectionID) {
        let credentials = self.credentials
        guard
            let meeting = meeting(
                openedBy: fields, id: id, from: connection,
                accepting: { credentials.isValidProjectorKey($0, code: $1) || credentials.isValidFacilitatorKey($0, code: $1) })
        else { return }
        // The screen is for the meeting itself: once it is closed, a key a venue's computer
        // kept opens nothing more (a screen already showing it stays until it is closed).
        guard !meeting.state.isClosed else { return refuse(connection, id: .string(id), .meetingClosed) }
        let result: JSONValue = ["code": .string(meeting.code), "role": "projector"]
        _ = attachScreen(connection, to: meeting, id: id, fields: fields, result: result, projector: true)
    }

    /// Attaches a facilitator's or a projector's screen: the events after the handshake's `after`
    /// first, then the ack with `result`, then (facilitators) the last matrix result. False once refused.
    private func attachScreen(
        _ connection: ConnectionID, to meeting: LiveMeeting, id: String, fields: FieldReader, result: JSONValue,
        projector: Bool = false
    ) -> Bool {
        do throws(DomainError) {
            let after = try fields.optionalInt("after", in: 0...Int64.max) ?? 0
            attach(connection, to: meeting, as: .facilitator, projector: projector)
            if projector {
                server.sendCatchUp(meeting.projectorReplay(after: after), to: connection)
            } else {
                catchUp(connection, on: meeting, after: after, for: nil)
            }
            ack(connection, id: id, seq: meeting.durableSeq, result: result)
            if !projector, let matrix = meeting.lastMatrixFrame { send(matrix, to: connection) }
            return true
        } catch {
            refuse(connection, id: .string(id), error)
            return false
        }
    }

    func handleJoin(_ id: String, fields: FieldReader, message: [String: JSONValue], from connection: ConnectionID) {
        let meeting: LiveMeeting
        do { meeting = try self.meeting(named: fields) } catch { return refuseGuess(connection, id: id, error) }
        let key = CommandLedger.Key(scope: meeting.code, sender: "join", id: id)
        let digest = CommandLedger.digest(of: message)
        // A page sending its own join again gets its seat (the id is its own, never guessed).
        if answeredBeforeWriting(key, digest: digest, id: id, from: connection) { return }
        // Once an address has spent its wrong guesses, a right code is refused as a wrong one is
        // then, until the budget refills: no answer tells a guesser which code is in use.
        guard hasGuessesLeft(connection) else { return refuse(connection, id: .string(id), .rateLimited) }
        do throws(DomainError) {
            let command = try MeetingCommand.parse(type: "join", fields: fields)
            // Charged once the join is well formed: a malformed one adds no one.
            guard joinLimiter.allow(address(of: connection), now: clock()) else { throw .rateLimited }
            let decision = try meeting.state.decide(command, by: nil, at: clock())
            enqueue(decision, kind: .join, in: meeting, key: key, digest: digest, waiter: connection)
        } catch {
            refuse(connection, id: .string(id), error)
        }
    }

    func handleResume(_ id: String, fields: FieldReader, from connection: ConnectionID) {
        do throws(DomainError) {
            let token = try fields.string("token", maxLength: 100)
            let badToken = DomainError(code: "bad_token", sv: "Återanslutningskoden gäller inte.", en: "The resume token is not valid.")
            guard let (code, participant) = credentials.verify(token: token) else { throw badToken }
            guard let meeting = meetings[code] else { throw DomainError.unknownMeeting }
            // Tokens are handed out only in a durable join's ack, and a failed batch rolls the
            // state back, so a participant in the state is a durable one.
            guard meeting.state.participants[participant] != nil else { throw badToken }
            let after = try fields.optionalInt("after", in: 0...Int64.max) ?? 0
            attach(connection, to: meeting, as: .participant(participant))
            catchUp(connection, on: meeting, after: after, for: participant)
            ack(
                connection, id: id, seq: meeting.durableSeq,
                result: [
                    "code": .string(code), "participant": .string(participant),
                    "minutes_key": .string(credentials.minutesKey(code: code)),
                    "feedback_token": .string(credentials.feedbackToken(code: code, participant: participant)),
                ])
        } catch {
            refuse(connection, id: .string(id), error)
        }
    }

    // MARK: Meeting commands

    func handleMeetingCommand(
        _ type: String, _ id: String, fields: FieldReader, message: [String: JSONValue], from connection: ConnectionID
    ) {
        guard MeetingCommand.types.contains(type), type != "join" else {
            return refuse(
                connection, id: .string(id),
                DomainError(code: "unknown_type", sv: "Okänd meddelandetyp: \(type).", en: "Unknown message type: \(type)."))
        }
        guard let attachment = attachments[connection], let meeting = meetings[attachment.code] else {
            return refuse(connection, id: .string(id), .notJoined)
        }
        guard !viewers.contains(connection) else { return refuse(connection, id: .string(id), .forbidden) }
        let key = CommandLedger.Key(scope: meeting.code, sender: attachment.actor.storageKey, id: id)
        let digest = CommandLedger.digest(of: message)
        if answeredBeforeWriting(key, digest: digest, id: id, from: connection) { return }
        do throws(DomainError) {
            let command = try MeetingCommand.parse(type: type, fields: fields)
            if let participant = attachment.actor.participantID {
                if command.isContribution && !contributionLimiter.allow("\(meeting.code)/\(participant)", now: clock()) {
                    throw DomainError.rateLimited
                }
            } else if !staffLimiter.allow(meeting.code, now: clock()) {
                throw DomainError.rateLimited
            }
            let decision = try meeting.state.decide(command, by: attachment.actor, at: clock())
            enqueue(decision, kind: .command, in: meeting, key: key, digest: digest, waiter: connection)
        } catch {
            refuse(connection, id: .string(id), error)
        }
    }

    // MARK: Helpers

    /// What every writing command meets before it is decided: an id seen before is answered from
    /// the ledger (even while stopping: a command that was stored, or is being stored, is owed its
    /// ack), and a new one is refused while the server stops. False if the command may go on.
    private func answeredBeforeWriting(_ key: CommandLedger.Key, digest: String, id: String, from connection: ConnectionID) -> Bool {
        if answerRepeat(key, digest: digest, id: id, from: connection) { return true }
        guard isStopping else { return false }
        refuse(connection, id: .string(id), .shuttingDown)
        return true
    }

    /// Answers a command id seen before: re-acks it, waits with it, or refuses a reuse. False if the id is new.
    private func answerRepeat(_ key: CommandLedger.Key, digest: String, id: String, from connection: ConnectionID) -> Bool {
        guard let entry = ledger[key] else { return false }
        guard entry.digest == digest else {
            refuse(
                connection, id: .string(id),
                DomainError(
                    code: "id_reused", sv: "Id:t har redan använts för ett annat meddelande.",
                    en: "This id was already used for a different message."))
            return true
        }
        switch entry {
        case .pending: ledger.addWaiter(connection, to: key)
        case .done(_, let seq, let result):
            // A create is keyed before its meeting exists: its code is in the stored result.
            let code = key.sender == "create" ? (result?["code"]?.stringValue ?? "") : key.scope
            if let meeting = meetings[code], key.sender == "join" || key.sender == "create" {
                let actor: Actor = key.sender == "join" ? .participant(result?["participant"]?.stringValue ?? "") : .facilitator
                attach(connection, to: meeting, as: actor)
                catchUp(connection, on: meeting, after: 0, for: actor.participantID)
            }
            ack(connection, id: id, seq: seq, result: ackResult(result, code: code))
        }
        return true
    }

    /// Refuses a wrong join code or facilitator key, and charges the sender's address for it.
    private func refuseGuess(_ connection: ConnectionID, id: String, _ error: DomainError) {
        let allowed = guessLimiter.allow(address(of: connection), now: clock())
        refuse(connection, id: .string(id), allowed ? error : .rateLimited)
    }

    /// Whether the sender's address may still try a join code: once it has spent its wrong
    /// guesses, codes cannot be tried faster than `guessesPerSecond`.
    private func hasGuessesLeft(_ connection: ConnectionID) -> Bool {
        guessLimiter.hasToken(address(of: connection), now: clock())
    }

    /// The address rate limits count a connection against (see `ClientAddress`).
    private func address(of connection: ConnectionID) -> String { server.peer(of: connection) ?? "?" }

    /// The meeting a `facilitate` or `project` opens, or nil once refused. The key is checked
    /// against the code before the meeting is looked up: a key is an HMAC of the code, so a wrong
    /// one gets `bad_key` whether the meeting exists or not, and a right one needs no guess
    /// budget, so a venue whose address was spent by someone guessing does not lock its
    /// facilitator or projector out.
    private func meeting(
        openedBy fields: FieldReader, id: String, from connection: ConnectionID, accepting isValid: (String, String) -> Bool
    ) -> LiveMeeting? {
        do throws(DomainError) {
            let typed = try fields.string("code", maxLength: 12)
            let key = try fields.string("key", maxLength: 64)
            guard let code = JoinCode.normalised(typed), isValid(key, code) else {
                refuseGuess(connection, id: id, .badKey)
                return nil
            }
            return try liveMeeting(code)
        } catch {
            refuse(connection, id: .string(id), error)
            return nil
        }
    }

    private func meeting(named fields: FieldReader) throws(DomainError) -> LiveMeeting {
        guard let code = JoinCode.normalised(try fields.string("code", maxLength: 12)) else { throw .unknownMeeting }
        return try liveMeeting(code)
    }

    /// The meeting with `code`, once its creation is on disk.
    private func liveMeeting(_ code: String) throws(DomainError) -> LiveMeeting {
        guard let meeting = meetings[code], !meeting.log.isEmpty else { throw .unknownMeeting }
        return meeting
    }
}

extension DomainError {
    static let unknownMeeting = DomainError(
        code: "unknown_meeting", sv: "Det finns inget möte med den koden.", en: "There is no meeting with that code.")
    /// A key is checked against the code it was given with, so either may be the one mistyped.
    static let badKey = DomainError(
        code: "bad_key", sv: "Koden och nyckeln hör inte ihop: kontrollera båda.", en: "The code and the key do not match: check both.")
    static let rateLimited = DomainError(
        code: "rate_limited", sv: "För många försök på kort tid. Vänta en stund.", en: "Too many attempts in a short time. Wait a moment.")
    static let shuttingDown = DomainError(
        code: "shutting_down", sv: "Servern startar om; försök igen strax.", en: "The server is restarting; try again shortly.")
}

extension MeetingCommand {
    /// Commands a participant sends while talking (and a public participant's feedback); these are
    /// rate-limited per participant.
    var isContribution: Bool {
        switch self {
        case .addInput, .reply, .react, .answer, .proposeTopic, .summarize, .answerExitPoll, .giveFeedback: true
        default: false
        }
    }
}
