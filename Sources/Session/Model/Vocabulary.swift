/// The fixed vocabularies of a meeting. Raw values are the wire and storage spelling.

public enum Language: String, CaseIterable, Sendable { case sv, en }

/// Which side of the table a participant speaks for.
public enum Sector: String, CaseIterable, Sendable {
    case `public`
    case civil
    case other
}

/// What an `other` participant is.
public enum OtherKind: String, CaseIterable, Sendable {
    case targetGroup = "target_group"
    case expert
    case researcher
}

public enum Role: String, CaseIterable, Sendable {
    case participant
    case host
    case observer
}

/// The Code's levels of participation as a meeting can be announced (declared).
public enum DeclaredLevel: String, CaseIterable, Sendable, Comparable {
    case information, consultation, dialogue, partnership
    var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
}

/// The steps of the political decision-making process (the matrix's columns).
public enum DecisionStep: String, CaseIterable, Sendable {
    case agendaSetting = "agenda_setting"
    case drafting, decision, implementation, monitoring, reformulation
}

/// The four themes of dialogue found in the research.
public enum Theme: String, CaseIterable, Sendable {
    case activity
    case grants
    case steeringDocuments = "steering_documents"
    case politicalDecision = "political_decision"
}

/// The phases of MUCF's collaboration model.
public enum CollaborationPhase: String, CaseIterable, Sendable {
    case preconditions
    case identifyInvolve = "identify_involve"
    case planAdjust = "plan_adjust"
    case implementPolish = "implement_polish"
}

public enum InputKind: String, CaseIterable, Sendable {
    case idea, question, concern, proposal
}

public enum QuestionKind: String, CaseIterable, Sendable {
    case open, single, multiple, scale
    case wordCloud = "word_cloud"
}

/// `skipped`: a round still planned when a later one began; it never runs and seats nobody.
public enum RoundState: String, CaseIterable, Sendable { case planned, running, closed, skipped }

public enum FeedbackStatus: String, CaseIterable, Sendable {
    case noted
    case takenForward = "taken_forward"
    case inProgress = "in_progress"
    case done
    case notPursued = "not_pursued"
}
