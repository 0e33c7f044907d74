import PropertyBased
import Testing

@testable import Session

/// Random command sequences from random senders: whatever is accepted, the log rebuilds the state.
@Suite struct ReplayPropertyTests {
    /// One random step: which command, who sends it, and a number to pick its arguments.
    static let steps = Gen.int(in: 0...10_000).array(of: 3).array(of: 5...70)

    static func command(_ pick: Int, _ arg: Int, meeting: Meeting) -> MeetingCommand {
        let inputID = "i\(arg % max(1, meeting.inputs.count) + 1)"
        let participant = "p\(arg % max(1, meeting.participantOrder.count) + 1)"
        let table = "t\(arg % max(1, meeting.tables.count) + 1)"
        let round = "r\(arg % max(1, meeting.rounds.count) + 1)"
        let sectors: [Sector] = [.public, .civil, .other]
        switch pick % 22 {
        case 0, 1, 2:
            return .join(JoinRequest(name: "N\(arg)", sector: sectors[arg % 3], organisation: "Org \(arg % 4)"))
        case 3: return .addTables(count: 1 + arg % 3, names: [])
        case 4: return .planRound(question: "Fråga \(arg)", minutes: Int64(1 + arg % 30))
        case 5: return .startRound(round: round)
        case 6: return .closeRound(round: round)
        case 7, 8, 9: return .addInput(kind: InputKind.allCases[arg % 4], text: "Inlägg \(arg)")
        case 10: return .reply(to: inputID, text: "Svar \(arg)")
        case 11: return .react(input: inputID)
        case 12: return .setHost(table: table, participant: participant)
        case 13: return .pushQuestion(text: "F\(arg)", kind: .scale, options: [], tables: nil, fromTopic: nil)
        case 14: return .answer(question: "q\(arg % max(1, meeting.questions.count) + 1)", value: .int(Int64(1 + arg % 5)))
        case 15: return .proposeTopic(text: "Ämne \(arg)")
        case 16: return .hideInput(input: inputID, reason: "Skäl")
        case 17: return .moveParticipant(participant: participant, table: table)
        case 18: return .summarize(text: "Sammanfattning \(arg)", round: nil)
        case 19: return .answerExitPoll(level: DeclaredLevel.allCases[arg % 4])
        case 20:
            return .recordCommitment(
                what: "Åtagande", owners: [CommitmentOwner(organisation: "Org", sector: sectors[arg % 2])], due: nil, step: nil)
        default: return arg % 7 == 0 ? .closeMeeting : .giveFeedback(inputs: [inputID], status: .noted, text: "Tack")
        }
    }

    static func actor(_ pick: Int, meeting: Meeting) -> Actor {
        pick % 4 == 0 || meeting.participantOrder.isEmpty
            ? .facilitator : .participant(meeting.participantOrder[pick % meeting.participantOrder.count])
    }

    /// What only a facilitator may change (a host who leaves stops hosting, so hosts are left out).
    struct FacilitatorState: Equatable {
        var tables: [String]
        var rounds: [String]
        var questions: [Question]
        var hidden: [String]
        var closedAt: Int64?
        var feedbackDue: String?
        var roles: [String]

        init(_ m: Meeting) {
            tables = m.tables.map { "\($0.id) \($0.name)" }
            rounds = m.rounds.map { "\($0.id) \($0.state) \($0.question ?? "") \($0.minutes) \($0.endsAt ?? 0)" }
            questions = m.questions
            hidden = m.inputs.compactMap { input in input.hidden.map { "\(input.id) \($0.reason)" } }
            closedAt = m.closedAt
            feedbackDue = m.feedbackDue
            roles = m.participantOrder.map { "\($0) \(m.participants[$0]!.role)" }
        }
    }

    /// Half the sequences start from an empty meeting, half from a café with a running round, so
    /// random steps reach deep states as well as early refusals.
    static func start(_ steps: [[Int]]) -> CafeScript {
        if (steps.first?.first ?? 0) % 2 == 0 { return CafeScript() }
        return MeetingCommandTests.runningCafe().0
    }

    /// Plays random steps: each accepted command is committed; `accepted` sees the meeting before
    /// and after, with the command and its sender.
    static func play(
        _ steps: [[Int]], accepted: (_ before: Meeting, _ after: Meeting, MeetingCommand, Actor?) -> Void = { _, _, _, _ in }
    ) -> CafeScript {
        var cafe = start(steps)
        for step in steps {
            let command = Self.command(step[0], step[2], meeting: cafe.meeting)
            let actor: Actor? = if case .join = command { nil } else { Self.actor(step[1], meeting: cafe.meeting) }
            cafe.clock += 500
            guard let decision = try? cafe.meeting.decide(command, by: actor, at: cafe.clock) else { continue }
            let before = cafe.meeting
            cafe.records += cafe.meeting.commit(decision, at: cafe.clock)
            accepted(before, cafe.meeting, command, actor)
        }
        return cafe
    }

    @Test func replayingTheLogRebuildsTheSameState() async {
        var kindsSeen = Set<String>()
        await propertyCheck(count: 150, input: Self.steps) { steps in
            let cafe = Self.play(steps) { before, after, command, actor in
                if let actor, actor != .facilitator {
                    #expect(FacilitatorState(after) == FacilitatorState(before), "\(command) by \(String(describing: actor))")
                }
            }
            #expect(Meeting.replay(cafe.records) == cafe.meeting)
            #expect(cafe.records.map(\.seq) == Array(1...Int64(cafe.records.count)))
            kindsSeen.formUnion(cafe.records.map(\.event.kind))
        }
        // The generator reaches deep into the state machine, not just joins and refusals.
        #expect(kindsSeen.count >= 18, "kinds seen: \(kindsSeen.sorted())")
    }

    @Test func everyEventSurvivesItsJSONRoundTrip() async throws {
        await propertyCheck(count: 60, input: Self.steps) { steps in
            for record in Self.play(steps).records {
                let text = record.event.json(at: record.at).serialized
                let decoded = try MeetingEvent.decode(try JSONValue.parse(text))
                #expect(decoded.event == record.event)
                #expect(decoded.at == record.at)
            }
        }
    }
}
