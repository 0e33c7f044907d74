@testable import Session

/// Scripts a meeting through the real domain API: every step is decided, then committed.
struct MatrixScript {
    var meeting: Meeting
    var now: Int64 = 1_000_000

    init(
        code: String = "M1", title: String = "Dialogkafé", date: String = "2026-03-04",
        declared: DeclaredLevel = .dialogue, step: DecisionStep = .drafting
    ) {
        let info = MeetingInfo(title: title, date: date, declaredLevel: declared, decisionStep: step)
        meeting = Meeting(code: code, info: info, createdAt: now)
        _ = meeting.commit(Meeting.creation(code: code, info: info), at: now)
    }

    /// Decides and commits a command; returns the sender's result.
    @discardableResult
    mutating func run(_ command: MeetingCommand, by actor: Actor?) throws -> JSONValue? {
        now += 1_000
        return try meeting.perform(command, by: actor, at: now).result
    }

    mutating func facilitate(_ command: MeetingCommand) throws -> JSONValue? { try run(command, by: .facilitator) }

    /// Joins someone and returns the participant id.
    mutating func join(_ name: String, _ sector: Sector, organisation: String = "") throws -> String {
        try run(.join(JoinRequest(name: name, sector: sector, organisation: organisation.isEmpty ? name : organisation)), by: nil)![
            "participant"]!
            .stringValue!
    }

    /// Joins `publicCount` public-sector and `civilCount` civil-society participants (`p1…` in that order).
    mutating func people(public publicCount: Int, civil civilCount: Int) throws -> (public: [String], civil: [String]) {
        let p = try (0..<publicCount).map { try join("Region \($0 + 1)", .public, organisation: "Region Exempel") }
        let c = try (0..<civilCount).map { try join("Förening \($0 + 1)", .civil) }
        return (p, c)
    }

    mutating func addTables(_ count: Int) throws { _ = try facilitate(.addTables(count: count, names: [])) }

    /// Plans and starts a round (which seats everyone); returns the round id.
    mutating func startRound(seats: [String: String] = [:]) throws -> String {
        if meeting.tables.isEmpty { try addTables(1) }
        let round = try facilitate(.planRound(question: nil, minutes: 20))!["round"]!.stringValue!
        if !seats.isEmpty {
            _ = try facilitate(.seatRound(round: round))
            for (participant, table) in seats.sorted(by: { idOrder($0.key, $1.key) }) {
                _ = try facilitate(.moveParticipant(participant: participant, table: table))
            }
        }
        _ = try facilitate(.startRound(round: round))
        return round
    }

    mutating func closeRound(_ round: String) throws { _ = try facilitate(.closeRound(round: round)) }

    mutating func input(_ author: String, _ kind: InputKind = .idea, _ text: String = "Inlägg") throws -> String {
        try run(.addInput(kind: kind, text: text), by: .participant(author))!["input"]!.stringValue!
    }

    mutating func reply(_ author: String, to input: String, _ text: String = "Svar") throws -> String {
        try run(.reply(to: input, text: text), by: .participant(author))!["input"]!.stringValue!
    }

    mutating func agree(_ participant: String, with input: String) throws {
        try run(.react(input: input), by: .participant(participant))
    }

    mutating func topic(_ author: String, _ text: String = "Ämne") throws -> String {
        try run(.proposeTopic(text: text), by: .participant(author))!["topic"]!.stringValue!
    }

    mutating func push(_ text: String = "Fråga", kind: QuestionKind = .open, fromTopic: String? = nil) throws -> String {
        try facilitate(.pushQuestion(text: text, kind: kind, options: [], tables: nil, fromTopic: fromTopic))!["question"]!
            .stringValue!
    }

    mutating func answer(_ participant: String, _ question: String, _ text: String = "Svar") throws {
        try run(.answer(question: question, value: .string(text)), by: .participant(participant))
    }

    mutating func commitment(_ owners: [CommitmentOwner], step: DecisionStep?, what: String = "Åtagande") throws {
        _ = try facilitate(.recordCommitment(what: what, owners: owners, due: nil, step: step))
    }

    mutating func exitPoll(_ participant: String, _ level: DeclaredLevel) throws {
        try run(.answerExitPoll(level: level), by: .participant(participant))
    }

    mutating func feedback(_ inputs: [String], by actor: Actor, status: FeedbackStatus = .takenForward) throws {
        try run(.giveFeedback(inputs: inputs, status: status, text: "Återkoppling"), by: actor)
    }

    mutating func close() throws { _ = try facilitate(.closeMeeting) }

    var result: MatrixResult { ParticipationMatrix.classify(meeting) }
}

extension CommitmentOwner {
    static let region = CommitmentOwner(organisation: "Region Exempel", sector: .public)
    static let association = CommitmentOwner(organisation: "Föreningen Bron", sector: .civil)
}
