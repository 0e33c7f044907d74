extension Meeting {
    /// Decides what a command does, or refuses it. Never changes the meeting: `commit` does that.
    ///
    /// - Parameters:
    ///   - actor: the sender; nil only for `join`, which creates the sender.
    ///   - now: the server's clock in milliseconds, injected so replay and tests are deterministic.
    public func decide(_ command: MeetingCommand, by actor: Actor?, at now: Int64) throws(DomainError) -> Decision {
        if case .join(let request) = command { return try decideJoin(request, at: now) }
        guard let actor else { throw .notJoined }
        if isClosed {
            switch command {
            case .giveFeedback, .setFeedbackDue: break
            case .answerExitPoll where exitPollIsOpen(at: now): break
            default: throw .meetingClosed
            }
        }
        if command.isFacilitatorOnly {
            guard actor == .facilitator else { throw .forbidden }
            return try decideFacilitation(command, at: now)
        }
        return try decideContribution(command, by: actor, at: now)
    }

    // MARK: - Joining

    private func decideJoin(_ r: JoinRequest, at now: Int64) throws(DomainError) -> Decision {
        guard !isClosed else { throw .meetingClosed }
        guard participants.count < Limits.participants else { throw .tooMany("deltagare / participants", max: Limits.participants) }
        let participant = Participant(
            id: "p\(participantOrder.count + 1)", name: r.name, sector: r.sector,
            otherKind: r.sector == .other ? r.otherKind : nil, organisation: r.organisation, region: r.region,
            showName: r.showName, joinedAt: now)
        var events: [(MeetingEvent, Audience)] = [(.participantJoined(participant), .members([participant.id]))]
        // Seated into the running round and into any round already seated ahead of its start, so
        // that someone arriving between rounds has a table when the next one begins.
        // Each round's table remembers who the newcomer sat with in the rounds before it in this
        // same decision, so a round seated ahead brings new people as a round seated later would.
        var metHere = PairHistory()
        for round in roundsToSeatNewcomersIn {
            guard let table = lateArrivalTable(for: participant, in: round, metHere: metHere) else { continue }
            metHere.record(tables: [round.members(of: table).filter { participants[$0]?.hasLeft == false } + [participant.id]])
            events.append(
                (
                    .participantSeated(round: round.id, participant: PersonCard(participant), table: table, reason: .late),
                    .members(round.members(of: table) + [participant.id])
                ))
        }
        return Decision(events)
    }

    // MARK: - Facilitation

    private func decideFacilitation(_ command: MeetingCommand, at now: Int64) throws(DomainError) -> Decision {
        switch command {
        case .addTables(let count, let names):
            guard tables.count + count <= Limits.tables else { throw .tooMany("bord / tables", max: Limits.tables) }
            let added = (0..<count).map { offset -> (MeetingEvent, Audience) in
                let number = tables.count + offset + 1
                let name = offset < names.count ? names[offset] : (info.language == .sv ? "Bord \(number)" : "Table \(number)")
                return (.tableAdded(CafeTable(id: "t\(number)", name: name)), .everyone)
            }
            return Decision(added)
        case .setHost(let table, let id):
            guard let chosen = self.table(table) else { throw .unknown("table", table) }
            guard chosen.inUse else { throw .tableNotInUse }
            let p = try requirePresent(id)
            guard p.role != .observer else {
                throw .wrongState("En observatör kan inte vara bordsvärd.", "An observer cannot host a table.")
            }
            return Decision([(.hostSet(table: table, participant: id), .everyone)] + hostSeatings(of: p, at: table))
        case .setTableInUse(let table, let inUse):
            guard let chosen = self.table(table) else { throw .unknown("table", table) }
            if !inUse && chosen.inUse {
                guard chosen.hosts.isEmpty else {
                    throw .wrongState(
                        "Bordet har en bordsvärd: gör värden till deltagare först.",
                        "The table has a host: make the host a participant first.")
                }
                guard tables.filter(\.inUse).count > 1 else {
                    throw .wrongState("Minst ett bord måste användas.", "At least one table must be in use.")
                }
            }
            return Decision([(.tableInUseSet(table: table, inUse: inUse), .everyone)])
        case .setRole(let id, let role):
            _ = try requirePresent(id)
            return Decision([(.roleSet(participant: id, role: role), .everyone)])
        case .planRound(let question, let minutes):
            guard rounds.count < Limits.rounds else { throw .tooMany("rundor / rounds", max: Limits.rounds) }
            let round = Round(id: "r\(rounds.count + 1)", number: rounds.count + 1, question: question, minutes: minutes)
            return Decision([(.roundPlanned(round), .everyone)])
        case .seatRound(let id):
            let round = try requireRound(id)
            guard round.state != .closed else { throw .wrongState("Rundan är redan avslutad.", "The round is already closed.") }
            guard round.state != .skipped else { throw .roundSkipped }
            return Decision([try seatingEvent(for: round)])
        case .moveParticipant(let id, let table):
            let p = try requirePresent(id)
            guard let destination = self.table(table) else { throw .unknown("table", table) }
            guard destination.inUse else { throw .tableNotInUse }
            guard let round = roundToMoveIn else {
                throw .wrongState(
                    "Det finns ingen runda att flytta i: placera nästa runda först.",
                    "There is no round to move within: seat the next round first.")
            }
            if let hosted = hostedTable(by: id), hosted != table {
                throw .wrongState("Bordsvärdar stannar vid sitt bord.", "Table hosts stay at their table.")
            }
            return Decision([move(p, to: table, in: round)])
        case .startRound(let id):
            let round = try requireRound(id)
            guard round.state != .skipped else { throw .roundSkipped }
            guard round.state == .planned else { throw .wrongState("Rundan har redan startat.", "The round has already started.") }
            guard runningRound == nil else {
                throw .wrongState("Avsluta den pågående rundan först.", "Close the running round first.")
            }
            guard !tables.isEmpty else { throw .wrongState("Lägg till bord först.", "Add tables first.") }
            var events: [(MeetingEvent, Audience)] = []
            // A round seated ahead is seated again if a table it uses has since gone out of use.
            let usesTableOutOfUse = round.seating.values.contains { self.table($0)?.inUse == false }
            if round.seating.isEmpty || usesTableOutOfUse { events.append(try seatingEvent(for: round)) }
            events.append((.roundStarted(round: id, endsAt: now + round.minutes * 60_000), .everyone))
            return Decision(events)
        case .extendRound(let id, let minutes):
            let round = try requireRound(id)
            guard round.state == .running, let endsAt = round.endsAt else {
                throw .wrongState("Bara en pågående runda kan förlängas.", "Only a running round can be extended.")
            }
            return Decision([(.roundExtended(round: id, endsAt: max(endsAt, now) + minutes * 60_000), .everyone)])
        case .closeRound(let id):
            let round = try requireRound(id)
            guard round.state == .running else { throw .wrongState("Rundan pågår inte.", "The round is not running.") }
            return Decision([(.roundClosed(round: id), .everyone)])
        case .pushQuestion(let text, let kind, let options, let targetTables, let fromTopic):
            guard questions.count < Limits.questions else { throw .tooMany("frågor / questions", max: Limits.questions) }
            for table in targetTables ?? [] where self.table(table) == nil { throw .unknown("table", table) }
            if targetTables != nil && seatingNow == nil {
                throw .wrongState(
                    "Ingen sitter vid något bord än: placera en runda innan du frågar vissa bord.",
                    "No one sits at a table yet: seat a round before asking some tables.")
            }
            let recipients = targetTables.map { people(at: $0, in: seatingNow) }
            if let recipients, !recipients.contains(where: { participants[$0]?.hasLeft == false }) {
                throw .wrongState(
                    "Ingen sitter vid de borden: frågan skulle inte nå någon.",
                    "No one sits at those tables: the question would reach no one.")
            }
            if let fromTopic, !topics.contains(where: { $0.id == fromTopic && $0.hidden == nil }) { throw .unknown("topic", fromTopic) }
            let question = Question(
                id: "q\(questions.count + 1)", text: text, kind: kind, options: options, tables: targetTables,
                round: runningRound?.id, fromTopic: fromTopic, askedAt: now)
            return Decision([(.questionPushed(question), recipients.map { .members($0) } ?? .everyone)])
        case .closeQuestion(let id):
            guard let question = question(id) else { throw .unknown("question", id) }
            guard question.isOpen else { throw .wrongState("Frågan är redan stängd.", "The question is already closed.") }
            return Decision([(.questionClosed(question: id), audience(of: question))])
        case .hideInput(let id, let reason):
            guard let input = input(id) else { throw .unknown("input", id) }
            guard input.hidden == nil else { throw .wrongState("Inlägget är redan dolt.", "The input is already hidden.") }
            // To everyone: people moved away since, or seated late, may hold the input; the
            // event carries only its id and the reason, and clients skip ids they do not know.
            return Decision([(.inputHidden(input: id, reason: reason), .everyone)])
        case .hideTopic(let id, let reason):
            guard let topic = topics.first(where: { $0.id == id }) else { throw .unknown("topic", id) }
            guard topic.hidden == nil else { throw .wrongState("Förslaget är redan dolt.", "The topic is already hidden.") }
            return Decision([(.topicHidden(topic: id, reason: reason), .members([topic.author]))])
        case .hideAnswer(let questionID, let participant, let reason):
            guard question(questionID) != nil else { throw .unknown("question", questionID) }
            guard answers[questionID]?[participant] != nil else {
                throw .wrongState("Det finns inget sådant svar att dölja.", "There is no such answer to hide.")
            }
            return Decision([
                (.answerHidden(question: questionID, participant: participant, reason: reason), .members([participant]))
            ])
        case .closeMeeting:
            return Decision([(.meetingClosed, .everyone)])
        case .setFeedbackDue(let date):
            return Decision([(.feedbackDueSet(date: date), .everyone)])
        default:
            throw .forbidden
        }
    }

    // MARK: - Contributions

    private func decideContribution(_ command: MeetingCommand, by actor: Actor, at now: Int64) throws(DomainError) -> Decision {
        if case .giveFeedback(let ids, let status, let text) = command {
            return try decideFeedback(ids, status: status, text: text, by: actor, at: now)
        }
        if case .recordCommitment(let what, let owners, let due, let step) = command {
            let by: String
            switch actor {
            case .facilitator: by = "facilitator"
            case .participant(let id):
                guard hostedTable(by: try requirePresent(id).id) != nil else { throw .forbidden }
                by = id
            }
            guard commitments.count < Limits.commitments else { throw .tooMany("åtaganden / commitments", max: Limits.commitments) }
            let commitment = Commitment(
                id: "c\(commitments.count + 1)", what: what, owners: owners, due: due, step: step, recordedBy: by, at: now)
            return Decision([(.commitmentRecorded(commitment), .everyone)])
        }
        guard case .participant(let id) = actor else { throw .forbidden }
        if case .answerExitPoll(let level) = command {
            // People answer the exit poll as they leave and after the close, so neither refuses it.
            guard participants[id] != nil else { throw .unknown("participant", id) }
            guard exitPollCounts[id, default: 0] < Limits.answersPerQuestion else {
                throw .tooMany("svar på slutfrågan / answers to the exit poll", max: Limits.answersPerQuestion)
            }
            return Decision([(.exitPollAnswered(participant: id, level: level), .members([id]))])
        }
        let me = try requirePresent(id)
        let speaks = me.role != .observer
        switch command {
        case .leave:
            return Decision([(.participantLeft(participant: id), .members([id]))])
        case .proposeTopic(let text):
            guard speaks else { throw .forbidden }
            guard topics.count < Limits.topics else { throw .tooMany("förslag / topics", max: Limits.topics) }
            let topic = Topic(id: "k\(topics.count + 1)", text: text, author: id, at: now)
            return Decision([(.topicProposed(topic), .members([id]))])
        case .addInput(let kind, let text):
            guard speaks else { throw .forbidden }
            guard let round = runningRound else {
                throw DomainError(code: "no_running_round", sv: "Ingen runda pågår just nu.", en: "No round is running right now.")
            }
            guard let table = round.seating[id] else {
                throw DomainError(
                    code: "not_seated", sv: "Du har ingen plats vid ett bord i den här rundan.",
                    en: "You have no seat at a table in this round.")
            }
            return try addInput(kind: kind, text: text, author: id, table: table, round: round.id, replyTo: nil, at: now)
        case .reply(let parentID, let text):
            guard speaks else { throw .forbidden }
            guard let parent = input(parentID), parent.hidden == nil else { throw .unknown("input", parentID) }
            guard audience(of: parent).includes(participant: id) else { throw .forbidden }
            return try addInput(
                kind: parent.kind, text: text, author: id, table: parent.table, round: parent.round, replyTo: parentID, at: now)
        case .react(let inputID):
            guard speaks else { throw .forbidden }
            guard let target = input(inputID), target.hidden == nil else { throw .unknown("input", inputID) }
            guard audience(of: target).includes(participant: id) else { throw .forbidden }
            guard target.author != id else {
                throw DomainError(
                    code: "forbidden", sv: "Du kan inte hålla med om ditt eget inlägg.", en: "You cannot agree with your own input.")
            }
            guard !target.agreedBy.contains(id) else {
                throw DomainError(code: "already_reacted", sv: "Du håller redan med.", en: "You already agree.")
            }
            return Decision([(.reactionAdded(input: inputID, participant: id), audience(of: target))])
        case .answer(let questionID, let raw):
            guard speaks else { throw .forbidden }
            guard let question = question(questionID) else { throw .unknown("question", questionID) }
            guard question.isOpen else { throw .wrongState("Frågan är stängd.", "The question is closed.") }
            // One hidden answer per person and question: the record of why stays whole.
            guard hiddenAnswers[questionID]?[id] == nil else {
                throw .wrongState("Samtalsledaren har dolt ditt svar på frågan.", "The facilitator hid your answer to this question.")
            }
            if question.tables != nil {
                guard questionRecipients[questionID]?.contains(id) == true else { throw .forbidden }
            }
            guard answerCounts[questionID]?[id, default: 0] ?? 0 < Limits.answersPerQuestion else {
                throw .tooMany("svar på samma fråga / answers to the same question", max: Limits.answersPerQuestion)
            }
            let value = try validatedAnswer(raw, to: question)
            return Decision([(.answerGiven(question: questionID, participant: id, value: value), .members([id]))])
        case .summarize(let text, let roundID):
            guard let table = hostedTable(by: id) else { throw .forbidden }
            guard
                let round = try roundID.map({ id throws(DomainError) in try requireRound(id) }) ?? runningRound
                    ?? rounds.last(where: { $0.state == .closed })
            else { throw .wrongState("Det finns ingen runda att sammanfatta.", "There is no round to summarise.") }
            guard round.state != .planned else { throw .wrongState("Rundan har inte börjat.", "The round has not started.") }
            // The record says who summed up a round: a host of the table in that round, or, where
            // the table had none then, its host now.
            if let hosts = round.hosts[table], !hosts.isEmpty, !hosts.contains(id) {
                throw DomainError(
                    code: "forbidden", sv: "Bara den som var bordsvärd i rundan kan sammanfatta den.",
                    en: "Only a host of the table in that round can summarise it.")
            }
            guard summaryCounts[SummarySlot(round: round.id, table: table), default: 0] < Limits.summariesPerTable else {
                throw .tooMany("sammanfattningar av bordets runda / summaries of the table's round", max: Limits.summariesPerTable)
            }
            let summary = Summary(round: round.id, table: table, author: id, text: text, at: now)
            return Decision([(.summaryRecorded(summary), .everyone)])
        default:
            throw .forbidden
        }
    }

    private func decideFeedback(
        _ ids: [String], status: FeedbackStatus, text: String, by actor: Actor, at now: Int64
    ) throws(DomainError) -> Decision {
        var sector: Sector?
        if case .participant(let id) = actor {
            guard let p = participants[id], p.sector == .public else { throw .forbidden }
            sector = p.sector
        }
        for inputID in ids where input(inputID) == nil { throw .unknown("input", inputID) }
        guard feedback.count < Limits.feedback else { throw .tooMany("återkopplingar / feedback entries", max: Limits.feedback) }
        let feedback = Feedback(
            id: "f\(feedback.count + 1)", inputs: ids, status: status, text: text, by: actor.storageKey, bySector: sector, at: now)
        return Decision([(.feedbackRecorded(feedback), .everyone)])
    }

    // MARK: - Helpers

    private func addInput(
        kind: InputKind, text: String, author: String, table: String?, round: String?, replyTo: String?, at now: Int64
    ) throws(DomainError) -> Decision {
        guard inputs.count < Limits.inputs else { throw .tooMany("inlägg / inputs", max: Limits.inputs) }
        let input = Input(
            id: "i\(inputs.count + 1)", kind: kind, text: text, author: author, table: table, round: round, replyTo: replyTo, at: now)
        return Decision([(.inputAdded(input), audience(of: input))])
    }

    private func validatedAnswer(_ raw: JSONValue, to question: Question) throws(DomainError) -> AnswerValue {
        switch question.kind {
        case .open, .wordCloud:
            let limit = question.kind == .open ? Limits.textLength : Limits.wordLength
            guard let text = try FieldReader(["value": raw]).optionalString("value", maxLength: limit) else {
                throw .missingField("value")
            }
            return .text(text)
        case .single, .multiple:
            let picked: [String]
            switch raw {
            case .string(let s): picked = [s]
            case .array(let items):
                picked = items.compactMap(\.stringValue)
                guard picked.count == items.count else {
                    throw .invalidField("value", "ska vara en lista av alternativ", "must be a list of options")
                }
            default: throw .invalidField("value", "ska vara ett alternativ", "must be an option")
            }
            guard !picked.isEmpty, picked.allSatisfy(question.options.contains), Set(picked).count == picked.count,
                question.kind == .multiple || picked.count == 1
            else { throw .invalidField("value", "okänt alternativ", "unknown option") }
            return .choices(picked)
        case .scale:
            guard let n = raw.intValue, (1...5).contains(n) else {
                throw .invalidField("value", "ska vara 1–5", "must be 1–5")
            }
            return .scale(n)
        }
    }

    /// A manual move: the people at both tables learn of it.
    private func move(_ p: Participant, to table: String, in round: Round) -> (MeetingEvent, Audience) {
        // Each person once: the one moved also sits at the table they leave (or it is the same one).
        var members = round.members(of: table)
        for id in [p.id] + (round.seating[p.id].map(round.members(of:)) ?? []) where !members.contains(id) { members.append(id) }
        return (.participantSeated(round: round.id, participant: PersonCard(p), table: table, reason: .moved), .members(members))
    }

    /// Moves a new host to their table in the running round and in a round seated ahead of its
    /// start, as hosts sit at their table in every round.
    private func hostSeatings(of p: Participant, at table: String) -> [(MeetingEvent, Audience)] {
        roundsToSeatNewcomersIn.filter { $0.seating[p.id] != table }.map { move(p, to: table, in: $0) }
    }

    /// The running round, even when it started with nobody to seat (everyone arrives after the
    /// start), and any round seated ahead of its start.
    private var roundsToSeatNewcomersIn: [Round] {
        rounds.filter { $0.state == .running || ($0.state == .planned && !$0.seating.isEmpty) }
    }

    /// Whether the exit poll still takes answers: while the meeting runs and for
    /// `Limits.exitPollDaysAfterClose` days after it closed.
    func exitPollIsOpen(at now: Int64) -> Bool {
        guard let closedAt else { return true }
        return now <= closedAt + Int64(Limits.exitPollDaysAfterClose) * 86_400_000
    }

    func requirePresent(_ id: String) throws(DomainError) -> Participant {
        guard let p = participants[id], !p.hasLeft else { throw .unknown("participant", id) }
        return p
    }

    func requireRound(_ id: String) throws(DomainError) -> Round {
        guard let round = round(id) else { throw .unknown("round", id) }
        return round
    }

    /// Who sees an input, its replies and its reactions: its thread's readers, and staff.
    public func audience(of input: Input) -> Audience { .members(readers(of: input)) }

    /// The readers of an input's thread: those recorded when it was added (`inputReaders`), or
    /// for an input not yet added, the people at its table in its round now, and its author.
    func readers(of input: Input) -> [String] {
        if let recorded = inputReaders[input.replyTo ?? input.id] { return recorded }
        guard let table = input.table, let round = input.round.flatMap(round) else { return [input.author] }
        var members = round.members(of: table)
        if !members.contains(input.author) { members.append(input.author) }
        return members
    }

    /// Who a question reaches: everyone, or the people it reached when it was pushed to some
    /// tables (`questionRecipients`), wherever they sit now.
    public func audience(of question: Question) -> Audience {
        question.tables == nil ? .everyone : .members(questionRecipients[question.id] ?? [])
    }

    /// The people seated at `targets` in `round`, in join order.
    func people(at targets: [String], in round: Round?) -> [String] {
        guard let round else { return [] }
        return round.seating.filter { targets.contains($0.value) }.map(\.key).sorted(by: idOrder)
    }
}
