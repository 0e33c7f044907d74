/// Everything one café holds: the fold of its events.
///
/// A value type with no I/O; `apply` is the only way it changes, so replaying the log
/// rebuilds exactly the same meeting.
public struct Meeting: Equatable, Sendable {
    public var code: String
    public var info: MeetingInfo
    public var createdAt: Int64
    public var closedAt: Int64?
    public var feedbackDue: String?
    /// The seq of the last applied event.
    public var lastSeq: Int64 = 0

    public var participants: [String: Participant] = [:]
    /// Participant ids in join order.
    public var participantOrder: [String] = []
    public var tables: [CafeTable] = []
    public var rounds: [Round] = []
    public var questions: [Question] = []
    /// Question id → who a question to some tables reached: the people at those tables when it
    /// was pushed. They, and only they, may answer it, and its close reaches them, wherever they
    /// sit later; someone who arrives or moves to those tables afterwards never got it.
    public var questionRecipients: [String: [String]] = [:]
    public var topics: [Topic] = []
    public var inputs: [Input] = []
    var inputIndex: [String: Int] = [:]
    /// Input id (of an input that opens a thread) → who received it: the people at its table in
    /// its round when it was added, and its author. They, and only they, may reply to it and
    /// agree with it and its replies, and get those, wherever they sit later; someone who comes
    /// to the table afterwards never got it.
    public var inputReaders: [String: [String]] = [:]
    /// Question id → participant id → latest answer.
    public var answers: [String: [String: AnswerValue]] = [:]
    /// Answers a facilitator hid, by question and participant: out of `answers`, so out of every
    /// tally, the results and the minutes; the log keeps them.
    public var hiddenAnswers: [String: [String: Moderation]] = [:]
    public var summaries: [Summary] = []
    public var commitments: [Commitment] = []
    /// Commitment id → the table its recorder hosted when recording it (none for the
    /// facilitator's): where it counts on the matrix, whoever hosts that table later.
    public var commitmentTables: [String: String] = [:]
    public var exitPoll: [String: DeclaredLevel] = [:]
    public var feedback: [Feedback] = []
    /// How many times each answer, exit-poll answer and table summary was given, counting the
    /// ones later replaced: they bound the changes (`Limits.answersPerQuestion`,
    /// `Limits.summariesPerTable`). Keys: question id and participant id; participant id;
    /// round id and table id.
    public var answerCounts: [String: [String: Int]] = [:]
    public var exitPollCounts: [String: Int] = [:]
    public var summaryCounts: [SummarySlot: Int] = [:]
    /// When each participant who left did so: who sat in a round only counts as present there
    /// if they had not left before it began.
    public var departures: [String: Int64] = [:]
    /// Question id → the round whose seating held when a question was pushed between rounds
    /// (its `round` is nil then): where its answerers sat.
    public var questionSeating: [String: String] = [:]

    /// One table's summary of one round.
    public struct SummarySlot: Hashable, Sendable {
        public let round: String
        public let table: String
    }

    public init(code: String, info: MeetingInfo, createdAt: Int64) {
        self.code = code
        self.info = info
        self.createdAt = createdAt
    }

    public var isClosed: Bool { closedAt != nil }
    public var runningRound: Round? { rounds.last(where: { $0.state == .running }) }
    /// The round a move changes: the running one, else the next round, once it is seated.
    public var roundToMoveIn: Round? {
        runningRound ?? rounds.first(where: { $0.state == .planned }).flatMap { $0.seating.isEmpty ? nil : $0 }
    }
    /// Where people sit now: the round a move changes, else the last round seated (the one just
    /// closed, while the next is not seated yet).
    public var seatingNow: Round? { roundToMoveIn ?? rounds.last(where: { !$0.seating.isEmpty }) }

    public func input(_ id: String) -> Input? { inputIndex[id].map { inputs[$0] } }
    public func table(_ id: String) -> CafeTable? { tables.first(where: { $0.id == id }) }
    public func round(_ id: String) -> Round? { rounds.first(where: { $0.id == id }) }
    public func question(_ id: String) -> Question? { questions.first(where: { $0.id == id }) }

    /// The table a participant hosts, if any.
    public func hostedTable(by participant: String) -> String? {
        tables.first(where: { $0.hosts.contains(participant) })?.id
    }

    /// Participants who have not left, in join order.
    public var present: [Participant] {
        participantOrder.compactMap { participants[$0] }.filter { !$0.hasLeft }
    }
}

extension Meeting {
    /// Rebuilds a meeting from its log. Returns nil for a log that does not start with its creation.
    public static func replay(_ records: [EventRecord]) -> Meeting? {
        guard let first = records.first, case .meetingCreated(let code, let info) = first.event else { return nil }
        var meeting = Meeting(code: code, info: info, createdAt: first.at)
        meeting.lastSeq = first.seq
        for record in records.dropFirst() { meeting.apply(record) }
        return meeting
    }

    /// Folds one event into the state. Events were validated when decided, so this never refuses.
    public mutating func apply(_ record: EventRecord) {
        lastSeq = record.seq
        let at = record.at
        switch record.event {
        case .meetingCreated: break
        case .participantJoined(let p):
            participants[p.id] = p
            participantOrder.append(p.id)
        case .participantLeft(let id):
            participants[id]?.hasLeft = true
            departures[id] = at
            for index in tables.indices { tables[index].hosts.removeAll { $0 == id } }
        case .roleSet(let id, let role):
            participants[id]?.role = role
            if role != .host, let hosted = hostedTable(by: id) {
                for index in tables.indices { tables[index].hosts.removeAll { $0 == id } }
                // A round seated ahead held them at the table they hosted; re-seating it may now move them.
                for index in rounds.indices where rounds[index].state == .planned && rounds[index].pinned[id] == hosted {
                    rounds[index].pinned[id] = nil
                }
            }
        case .tableAdded(let table): tables.append(table)
        case .tableInUseSet(let table, let inUse):
            if let index = tables.firstIndex(where: { $0.id == table }) { tables[index].inUse = inUse }
        case .hostSet(let table, let id):
            for index in tables.indices { tables[index].hosts.removeAll { $0 == id } }
            if let index = tables.firstIndex(where: { $0.id == table }) { tables[index].hosts.append(id) }
            participants[id]?.role = .host
            for index in rounds.indices where rounds[index].state == .running { rounds[index].hosts[table, default: []].insert(id) }
        case .roundPlanned(let round): rounds.append(round)
        case .roundSeated(let id, let seatedTables, _):
            updateRound(id) { round in
                round.clearSeating()
                for (table, members) in seatedTables { for member in members { round.seat(member, at: table) } }
            }
        case .participantSeated(let id, let card, let table, let reason):
            updateRound(id) { round in
                round.seat(card.id, at: table)
                if reason == .moved { round.pinned[card.id] = table }
            }
        case .roundStarted(let id, let endsAt):
            // Rounds run in order: one still planned ahead of this one is passed over for good, so
            // its seating no longer counts as pairs met, takes moves or seats late arrivals.
            for index in rounds.indices.prefix(while: { rounds[$0].id != id }) where rounds[index].state == .planned {
                rounds[index].state = .skipped
                rounds[index].clearSeating()
                rounds[index].pinned = [:]
            }
            let hosts = Dictionary(tables.filter { !$0.hosts.isEmpty }.map { ($0.id, Set($0.hosts)) }, uniquingKeysWith: { $0.union($1) })
            updateRound(id) {
                $0.hosts = hosts
                $0.state = .running
                $0.startedAt = at
                $0.endsAt = endsAt
            }
        case .roundExtended(let id, let endsAt): updateRound(id) { $0.endsAt = endsAt }
        case .roundClosed(let id):
            updateRound(id) {
                $0.state = .closed
                $0.closedAt = at
            }
        case .questionPushed(let question):
            if let targets = question.tables { questionRecipients[question.id] = people(at: targets, in: seatingNow) }
            if question.round == nil, let seated = seatingNow { questionSeating[question.id] = seated.id }
            questions.append(question)
            if let topic = question.fromTopic, let index = topics.firstIndex(where: { $0.id == topic }) {
                topics[index].takenUpAs = question.id
            }
        case .questionClosed(let id):
            if let index = questions.firstIndex(where: { $0.id == id }) { questions[index].isOpen = false }
        case .topicProposed(let topic): topics.append(topic)
        case .inputAdded(let input):
            if input.replyTo == nil { inputReaders[input.id] = readers(of: input) }
            inputIndex[input.id] = inputs.count
            inputs.append(input)
        case .reactionAdded(let id, let participant):
            if let index = inputIndex[id] { inputs[index].agreedBy.append(participant) }
        case .answerGiven(let question, let participant, let value):
            answers[question, default: [:]][participant] = value
            answerCounts[question, default: [:]][participant, default: 0] += 1
        case .inputHidden(let id, let reason):
            if let index = inputIndex[id] { inputs[index].hidden = Moderation(reason: reason, at: at) }
        case .topicHidden(let id, let reason):
            if let index = topics.firstIndex(where: { $0.id == id }) { topics[index].hidden = Moderation(reason: reason, at: at) }
        case .answerHidden(let question, let participant, let reason):
            answers[question]?[participant] = nil
            hiddenAnswers[question, default: [:]][participant] = Moderation(reason: reason, at: at)
        case .summaryRecorded(var summary):
            // Stored without its own time: it is the event's, here as when the log is read back.
            summary.at = at
            summaries.removeAll { $0.round == summary.round && $0.table == summary.table }
            summaries.append(summary)
            summaryCounts[SummarySlot(round: summary.round, table: summary.table), default: 0] += 1
        case .commitmentRecorded(let commitment):
            commitmentTables[commitment.id] = hostedTable(by: commitment.recordedBy)
            commitments.append(commitment)
        case .exitPollAnswered(let participant, let level):
            exitPoll[participant] = level
            exitPollCounts[participant, default: 0] += 1
        case .meetingClosed:
            closedAt = at
            for index in rounds.indices where rounds[index].state == .running {
                rounds[index].state = .closed
                rounds[index].closedAt = at
            }
        case .feedbackDueSet(let date): feedbackDue = date
        case .feedbackRecorded(let f): feedback.append(f)
        }
    }

    private mutating func updateRound(_ id: String, _ change: (inout Round) -> Void) {
        if let index = rounds.firstIndex(where: { $0.id == id }) { change(&rounds[index]) }
    }
}
