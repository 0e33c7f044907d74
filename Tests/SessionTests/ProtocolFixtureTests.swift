import Foundation
import Testing

@testable import Session

/// Every event kind and command type is pinned by a fixture file that the docs and the web client share.
@Suite struct ProtocolFixtureTests {
    static let allEventKinds = [
        "meeting_created", "participant_joined", "participant_left", "role_set", "table_added", "host_set", "table_in_use_set",
        "round_planned", "round_seated", "participant_seated", "round_started", "round_extended", "round_closed",
        "question_pushed", "question_closed", "topic_proposed", "input_added", "reaction_added", "answer_given",
        "input_hidden", "topic_hidden", "answer_hidden", "summary_recorded", "commitment_recorded", "exit_poll_answered", "meeting_closed",
        "feedback_due_set", "feedback_recorded",
    ]

    /// A café that produces every kind of event.
    static func fullCafe() -> CafeScript {
        var (cafe, people) = MeetingCommandTests.runningCafe()
        cafe.run(.setHost(table: "t1", participant: "p1"))
        cafe.run(.setRole(participant: "p4", role: .observer))
        cafe.run(.moveParticipant(participant: "p2", table: "t1"))
        cafe.run(.extendRound(round: "r1", minutes: 5))
        cafe.run(.proposeTopic(text: "Lokaler på landsbygden"), by: people[2])
        cafe.run(.pushQuestion(text: "Vilket är viktigast?", kind: .single, options: ["Bidrag", "Lokaler"], tables: nil, fromTopic: "k1"))
        cafe.run(.answer(question: "q1", value: "Lokaler"), by: people[0])
        cafe.run(.closeQuestion(question: "q1"))
        cafe.run(.addInput(kind: .proposal, text: "En gemensam bidragsportal"), by: people[0])
        cafe.run(.reply(to: "i1", text: "Bra, vi kan ta fram den"), by: people[1])
        cafe.run(.react(input: "i1"), by: people[1])
        cafe.run(.addInput(kind: .concern, text: "Spam"), by: people[0])
        cafe.run(.hideInput(input: "i3", reason: "Irrelevant"))
        cafe.run(.hideTopic(topic: "k1", reason: "Upprepning"))
        cafe.run(.hideAnswer(question: "q1", participant: "p1", reason: "Personuppgifter"))
        cafe.run(.summarize(text: "Portal och lokaler", round: nil), by: people[0])
        cafe.run(
            .recordCommitment(
                what: "Ta fram portal",
                owners: [
                    CommitmentOwner(organisation: "Region Kalmar län", sector: .public),
                    CommitmentOwner(organisation: "Ideell kulturallians", sector: .civil),
                ], due: "2027-03-01", step: .implementation))
        cafe.run(.closeRound(round: "r1"))
        _ = cafe.join("Eva", .other, "Linnéuniversitetet")
        cafe.run(.answerExitPoll(level: .dialogue), by: people[0])
        cafe.run(.leave, by: people[2])
        cafe.run(.closeMeeting)
        cafe.run(.setFeedbackDue(date: "2027-01-15"))
        cafe.run(.giveFeedback(inputs: ["i1"], status: .takenForward, text: "Med i budgeten 2027"), by: people[1])
        // A late arrival in a running round gives participant_seated (late) too.
        var late = MeetingCommandTests.runningCafe().0
        _ = late.join("Fia", .civil, "Coompanion")
        late.run(.setTableInUse(table: "t2", inUse: false))
        cafe.records += late.records.filter { ["participant_seated", "table_in_use_set"].contains($0.event.kind) }
        return cafe
    }

    @Test func everyEventKindHasAFixtureThatRoundTrips() throws {
        let cafe = Self.fullCafe()
        var firstOfKind: [String: EventRecord] = [:]
        for record in cafe.records where firstOfKind[record.event.kind] == nil { firstOfKind[record.event.kind] = record }
        #expect(Set(firstOfKind.keys) == Set(Self.allEventKinds))
        if Fixtures.updating {
            for (kind, record) in firstOfKind {
                try Fixtures.write(record.event.json(at: record.at).serialized, to: "events", name: kind)
            }
        }
        let files = try Fixtures.files(in: "events")
        #expect(Set(files.keys) == Set(Self.allEventKinds))
        for (kind, text) in files {
            let json = try JSONValue.parse(text)
            let decoded = try MeetingEvent.decode(json)
            #expect(decoded.event.kind == kind)
            #expect(decoded.event.json(at: decoded.at) == json, "fixture \(kind) re-encodes identically")
            #expect(decoded.event == firstOfKind[kind]?.event, "fixture \(kind) matches what the domain emits")
        }
    }

    static let commandExamples: [String: JSONValue] = [
        "create_meeting": [
            "title": "Dialog om regional kulturplan", "date": "2026-12-03", "declared_level": "dialogue",
            "decision_step": "drafting", "language": "sv", "theme": "steering_documents", "series": "Kultursamverkan Kalmar",
        ],
        "facilitate": ["code": "K7QM3P", "key": "9f0c2a41d3b7e8f60a1b2c3d4e5f6071", "after": 0],
        "project": ["code": "K7QM3P", "key": "3c5e7a9b1d2f4061728394a5b6c7d8e9", "after": 0],
        "join": ["code": "K7QM3P", "name": "Amina", "sector": "civil", "organisation": "Ideell kulturallians i Kalmar"],
        "resume": ["token": "K7QM3P.p1.5be1c0de5be1c0de5be1c0de5be1c0de", "after": 12],
        "leave": [:],
        "add_tables": ["count": 4],
        "set_host": ["table": "t1", "participant": "p1"],
        "set_table_in_use": ["table": "t2", "in_use": false],
        "set_role": ["participant": "p4", "role": "observer"],
        "plan_round": ["question": "Vad behöver föreningarna av regionen?", "minutes": 20],
        "seat_round": ["round": "r1"],
        "move_participant": ["participant": "p2", "table": "t3"],
        "start_round": ["round": "r1"],
        "extend_round": ["round": "r1", "minutes": 5],
        "close_round": ["round": "r1"],
        "push_question": ["text": "Vilket är viktigast?", "kind": "single", "options": ["Bidrag", "Lokaler"]],
        "close_question": ["question": "q1"],
        "propose_topic": ["text": "Lokaler på landsbygden"],
        "add_input": ["kind": "proposal", "text": "En gemensam bidragsportal"],
        "reply": ["input": "i1", "text": "Bra, vi kan ta fram den"],
        "react": ["input": "i1"],
        "answer": ["question": "q1", "value": "Lokaler"],
        "hide_input": ["input": "i3", "reason": "Personangrepp"],
        "hide_topic": ["topic": "k1", "reason": "Upprepning"],
        "hide_answer": ["question": "q1", "participant": "p1", "reason": "Personuppgifter"],
        "summarize": ["text": "Portal och lokaler"],
        "record_commitment": [
            "what": "Ta fram portal", "due": "2027-03-01", "step": "implementation",
            "owners": [["organisation": "Region Kalmar län", "sector": "public"], ["organisation": "Activa", "sector": "civil"]],
        ],
        "exit_poll": ["level": "dialogue"],
        "close_meeting": [:],
        "set_feedback_due": ["date": "2027-01-15"],
        "give_feedback": ["inputs": ["i1"], "status": "taken_forward", "text": "Med i budgeten 2027"],
    ]

    static let sessionCommandTypes = ["create_meeting", "facilitate", "project", "join", "resume"]

    @Test func everyCommandTypeHasAFixtureThatParses() throws {
        if Fixtures.updating {
            for (type, fields) in Self.commandExamples {
                var envelope = fields.objectValue ?? [:]
                envelope["type"] = .string(type)
                envelope["id"] = .string("cmd-\(type)")
                try Fixtures.write(JSONValue.object(envelope).serialized, to: "commands", name: type)
            }
        }
        let files = try Fixtures.files(in: "commands")
        #expect(Set(files.keys) == Set(MeetingCommand.types + Self.sessionCommandTypes))
        for (type, text) in files {
            let json = try JSONValue.parse(text)
            let fields = FieldReader(json.objectValue ?? [:])
            #expect(json["type"]?.stringValue == type)
            switch type {
            case "create_meeting": _ = try MeetingInfo(fields: fields)
            case "facilitate", "project", "resume": #expect(json["after"]?.intValue != nil)
            default: _ = try MeetingCommand.parse(type: type, fields: fields)
            }
        }
    }
}

/// The protocol document shows every fixture verbatim, so the docs cannot drift from the wire.
@Suite struct ProtocolDocumentTests {
    static let document: String = {
        let url = Fixtures.sourceFolder.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/protocol.md")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }()

    @Test(arguments: ["commands", "events"]) func everyFixtureIsShownInTheDocument(folder: String) throws {
        let files = try Fixtures.files(in: folder)
        #expect(!files.isEmpty)
        for (name, text) in files {
            #expect(
                Self.document.contains("`\(name)`\n\n```json\n\(text.trimmingWhitespace)\n```"), "docs/protocol.md shows \(folder)/\(name)")
        }
    }
}
