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
    /// typed on a venue's computer, so it opens no names, organisations, seatings, or texts of
    /// inputs, topics, summaries, commitments, moderation reasons or feedback: events the screen
    /// counts keep their ids and sectors only, and the rest do not reach it.
    public var projectorCopy: ProjectorCopy {
        switch self {
        case .meetingCreated, .participantLeft, .roleSet, .tableAdded, .hostSet, .tableInUseSet, .roundPlanned,
            .roundStarted, .roundExtended, .roundClosed, .questionPushed, .questionClosed, .answerGiven, .meetingClosed:
            return .same
        case .participantJoined(let p):
            return .reduced(
                .participantJoined(
                    Participant(id: p.id, name: "", sector: p.sector, organisation: "", role: p.role, showName: false, joinedAt: p.joinedAt)))
        case .inputAdded(var input):
            input.text = ""
            return .reduced(.inputAdded(input))
        case .inputHidden(let input, _): return .reduced(.inputHidden(input: input, reason: ""))
        case .answerHidden(let question, let participant, _):
            return .reduced(.answerHidden(question: question, participant: participant, reason: ""))
        case .roundSeated, .participantSeated, .topicProposed, .reactionAdded, .topicHidden, .summaryRecorded,
            .commitmentRecorded, .exitPollAnswered, .feedbackDueSet, .feedbackRecorded:
            return .none
        }
    }
}
