import Testing

@testable import Session

extension Meeting {
    /// Decides a command and, if accepted, commits it, as the server does.
    mutating func perform(_ command: MeetingCommand, by actor: Actor?, at now: Int64) throws(DomainError) -> (
        records: [EventRecord], result: JSONValue?
    ) {
        let decision = try decide(command, by: actor, at: now)
        return (commit(decision, at: now), decision.result)
    }
}

/// Drives a meeting through the real decide → commit path, keeping every record, as the server does.
struct CafeScript {
    var meeting: Meeting
    var records: [EventRecord]
    var clock: Int64 = 1_764_000_000_000

    init(
        code: String = "K7QM3P", level: DeclaredLevel = .dialogue, step: DecisionStep = .drafting,
        language: Language = .sv
    ) {
        let info = MeetingInfo(
            title: "Dialog om kulturplanen", purpose: "Samla idéer", language: language, date: "2026-12-03",
            declaredLevel: level, decisionStep: step, theme: .steeringDocuments, series: "Kultursamverkan")
        meeting = Meeting(code: code, info: info, createdAt: clock)
        records = []
        var empty = meeting
        empty.lastSeq = 0
        records = empty.commit(Meeting.creation(code: code, info: info), at: clock)
        meeting = empty
    }

    /// Runs a command that must succeed and returns its result.
    @discardableResult
    mutating func run(_ command: MeetingCommand, by actor: Actor? = .facilitator, sourceLocation: SourceLocation = #_sourceLocation)
        -> JSONValue?
    {
        clock += 1_000
        do {
            let (newRecords, result) = try meeting.perform(command, by: actor, at: clock)
            records += newRecords
            return result
        } catch {
            Issue.record("\(command) refused: \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }

    /// Runs a command that must be refused with `code`, and checks nothing changed.
    mutating func refuse(_ command: MeetingCommand, by actor: Actor?, code: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let before = meeting
        do {
            _ = try meeting.decide(command, by: actor, at: clock)
            Issue.record("\(command) by \(String(describing: actor)) was accepted", sourceLocation: sourceLocation)
        } catch {
            #expect(error.code == code, sourceLocation: sourceLocation)
            #expect(!error.sv.isEmpty && !error.en.isEmpty, sourceLocation: sourceLocation)
        }
        #expect(meeting == before, sourceLocation: sourceLocation)
    }

    /// Joins someone and returns their actor.
    mutating func join(_ name: String, _ sector: Sector, _ organisation: String) -> Actor {
        let result = run(.join(JoinRequest(name: name, sector: sector, organisation: organisation)), by: nil)
        return .participant(result?["participant"]?.stringValue ?? "?")
    }

    var lastRound: String { meeting.rounds.last?.id ?? "r?" }
}
