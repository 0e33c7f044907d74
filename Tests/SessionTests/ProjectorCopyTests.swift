import Testing

@testable import Session

/// What a projector screen receives of each event (`MeetingEvent.projectorCopy`).
@Suite struct ProjectorCopyTests {
    @Test func namesOrganisationsAndTextsStayOffTheBigScreen() {
        let amina = Participant(
            id: "p1", name: "Amina", sector: .civil, organisation: "Ideell kulturallians", region: "Kalmar", joinedAt: 5)
        guard case .reduced(.participantJoined(let shown)) = MeetingEvent.participantJoined(amina).projectorCopy else {
            Issue.record("a join is reduced")
            return
        }
        #expect(shown.id == "p1" && shown.sector == .civil && shown.joinedAt == 5)
        #expect(shown.name.isEmpty && shown.organisation.isEmpty && shown.region == nil && !shown.showName)

        let input = Input(id: "i1", kind: .idea, text: "Fler lokaler", author: "p1", table: "t1", round: "r1", at: 7)
        guard case .reduced(.inputAdded(let counted)) = MeetingEvent.inputAdded(input).projectorCopy else {
            Issue.record("an input is reduced")
            return
        }
        #expect(counted.text.isEmpty && counted.id == "i1" && counted.author == "p1")
        #expect(
            MeetingEvent.inputHidden(input: "i1", reason: "Namn på en anställd").projectorCopy
                == .reduced(.inputHidden(input: "i1", reason: MeetingEvent.reasonWithheld)))
        #expect(!MeetingEvent.reasonWithheld.isEmpty, "a hidden input stays hidden for the screen's counts")

        #expect(
            MeetingEvent.roundSeated(round: "r1", tables: ["t1": ["p1"]], people: [PersonCard(amina)]).projectorCopy
                == .reduced(.roundSeated(round: "r1", tables: ["t1": ["p1"]], people: [])))
        #expect(
            MeetingEvent.participantSeated(round: "r1", participant: PersonCard(amina), table: "t1", reason: .late).projectorCopy
                == .reduced(
                    .participantSeated(
                        round: "r1", participant: PersonCard(id: "p1", name: "", organisation: "", sector: .civil), table: "t1", reason: .late)))
        #expect(MeetingEvent.summaryRecorded(Summary(round: "r1", table: "t1", author: "p1", text: "x", at: 1)).projectorCopy == .none)
        #expect(MeetingEvent.exitPollAnswered(participant: "p1", level: .dialogue).projectorCopy == .none)
        #expect(MeetingEvent.roundClosed(round: "r1").projectorCopy == .same)
        #expect(MeetingEvent.answerGiven(question: "q1", participant: "p1", value: .text("Mod")).projectorCopy == .same)
    }
}
