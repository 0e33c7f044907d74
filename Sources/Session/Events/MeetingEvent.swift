/// Something that happened in a meeting. Events are the only source of truth: state is their fold.
public enum MeetingEvent: Equatable, Sendable {
    case meetingCreated(code: String, info: MeetingInfo)
    case participantJoined(Participant)
    case participantLeft(participant: String)
    case roleSet(participant: String, role: Role)
    case tableAdded(CafeTable)
    case hostSet(table: String, participant: String)
    case tableInUseSet(table: String, inUse: Bool)
    case roundPlanned(Round)
    /// A whole round seated; `people` are the cards of everyone seated, for the clients.
    case roundSeated(round: String, tables: [String: [String]], people: [PersonCard])
    /// One person seated or moved while others stay (late arrival or a facilitator's move).
    case participantSeated(round: String, participant: PersonCard, table: String, reason: SeatReason)
    case roundStarted(round: String, endsAt: Int64)
    case roundExtended(round: String, endsAt: Int64)
    case roundClosed(round: String)
    case questionPushed(Question)
    case questionClosed(question: String)
    case topicProposed(Topic)
    case inputAdded(Input)
    case reactionAdded(input: String, participant: String)
    case answerGiven(question: String, participant: String, value: AnswerValue)
    case inputHidden(input: String, reason: String)
    case topicHidden(topic: String, reason: String)
    case answerHidden(question: String, participant: String, reason: String)
    case summaryRecorded(Summary)
    case commitmentRecorded(Commitment)
    case exitPollAnswered(participant: String, level: DeclaredLevel)
    case meetingClosed
    case feedbackDueSet(date: String)
    case feedbackRecorded(Feedback)
}

public enum SeatReason: String, CaseIterable, Sendable { case late, moved }

/// The few facts about a person that table mates see.
public struct PersonCard: Equatable, Sendable {
    public var id: String
    public var name: String
    public var organisation: String
    public var sector: Sector

    public init(_ p: Participant) {
        self.init(id: p.id, name: p.name, organisation: p.organisation, sector: p.sector)
    }
    public init(id: String, name: String, organisation: String, sector: Sector) {
        self.id = id
        self.name = name
        self.organisation = organisation
        self.sector = sector
    }
    public var json: JSONValue {
        ["id": .string(id), "name": .string(name), "organisation": .string(organisation), "sector": .string(sector.rawValue)]
    }
    init(json: JSONValue) throws(DomainError) {
        let f = FieldReader(stored: json.objectValue ?? [:])
        self.init(
            id: try f.string("id", maxLength: 20), name: try f.string("name", maxLength: Limits.nameLength),
            organisation: try f.optionalString("organisation", maxLength: Limits.organisationLength) ?? "",
            sector: try f.enumeration("sector", Sector.self))
    }
}

/// An event with its place in the meeting's log.
public struct EventRecord: Equatable, Sendable {
    public var seq: Int64
    public var at: Int64
    public var event: MeetingEvent
    public var audience: Audience

    public init(seq: Int64, at: Int64, event: MeetingEvent, audience: Audience) {
        self.seq = seq
        self.at = at
        self.event = event
        self.audience = audience
    }
}
