/// What a projector screen receives of an event.
public enum ProjectorCopy: Equatable, Sendable {
    /// The event as staff receive it.
    case same
    /// The event with what the big screen never shows taken out.
    case reduced(MeetingEvent)
    /// Nothing: the big screen does not use it.
    case none
}

extension MeetingEvent {
    /// The big screen shows the join code, the round and its clock, the last question put to
    /// everyone with its results, and how many of each sector joined and wrote. Its key may be
    /// typed on a venue's computer, so it opens no names, organisations, or texts of inputs,
    /// topics, summaries, commitments, moderation reasons or feedback: people are ids with a
    /// sector, inputs are counted without their text, and the rest does not reach it. Seatings
    /// come as ids only: they tell the screen which round people sit in now.
    public var projectorCopy: ProjectorCopy {
        switch self {
        case .meetingCreated, .participantLeft, .roleSet, .tableAdded, .hostSet, .tableInUseSet, .roundPlanned,
            .roundStarted, .roundExtended, .roundClosed, .questionPushed, .questionClosed, .answerGiven, .meetingClosed:
            return .same
        case .participantJoined(let p):
            return .reduced(
                .participantJoined(
                    Participant(id: p.id, name: "", sector: p.sector, organisation: "", role: p.role, showName: false, joinedAt: p.joinedAt)))
        case .roundSeated(let round, let tables, _): return .reduced(.roundSeated(round: round, tables: tables, people: []))
        case .participantSeated(let round, let card, let table, let reason):
            return .reduced(
                .participantSeated(
                    round: round, participant: PersonCard(id: card.id, name: "", organisation: "", sector: card.sector), table: table,
                    reason: reason))
        case .inputAdded(var input):
            input.text = ""
            return .reduced(.inputAdded(input))
        // The reason may name someone; the screen needs only that it was hidden.
        case .inputHidden(let input, _): return .reduced(.inputHidden(input: input, reason: Self.reasonWithheld))
        case .answerHidden(let question, let participant, _):
            return .reduced(.answerHidden(question: question, participant: participant, reason: Self.reasonWithheld))
        case .topicProposed, .reactionAdded, .topicHidden, .summaryRecorded, .commitmentRecorded, .exitPollAnswered,
            .feedbackDueSet, .feedbackRecorded:
            return .none
        }
    }

    /// The moderation reason in a projector's copy: not empty, as every reason is.
    public static let reasonWithheld = "–"
}
