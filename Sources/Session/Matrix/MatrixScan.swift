/// The part of a meeting a matrix result covers: the whole meeting, a round, a table, or a
/// table in a round.
struct MatrixScope: Hashable, Sendable {
    var round: String?
    var table: String?

    static let meeting = MatrixScope(round: nil, table: nil)
}

/// Computes the evidence of several scopes of one meeting in a single walk over its state.
///
/// Each item (input, topic, answer, question, commitment) is placed in a round and a table
/// once and then counted in the at most four requested scopes it belongs to, so the cost is
/// linear in the size of the meeting, whatever the number of scopes.
struct MatrixScan {
    struct Tally {
        var evidence = MatrixEvidence()
        var presentIDs: Set<String> = []
    }

    private(set) var tallies: [MatrixScope: Tally]
    private let meeting: Meeting
    /// Which kinds of scope were requested, so that routing skips lookups that cannot hit.
    private let wantsMeeting: Bool
    private let wantsRounds: Bool
    private let wantsTables: Bool
    private let wantsTablesInRounds: Bool

    init(_ meeting: Meeting, scopes: [MatrixScope]) {
        self.meeting = meeting
        tallies = Dictionary(scopes.map { ($0, Tally()) }, uniquingKeysWith: { first, _ in first })
        wantsMeeting = scopes.contains(.meeting)
        wantsRounds = scopes.contains { $0.round != nil && $0.table == nil }
        wantsTables = scopes.contains { $0.round == nil && $0.table != nil }
        wantsTablesInRounds = scopes.contains { $0.round != nil && $0.table != nil }
        countPresence()
        countInputs()
        countTopics()
        countQuestionsAndAnswers()
        countCommitments()
        for key in tallies.keys { tallies[key]!.evidence.present = presence(of: tallies[key]!.presentIDs) }
    }

    // MARK: - Routing

    /// Applies `change` to every requested scope an item placed at `round` and `table` belongs to.
    private mutating func count(round: String?, table: String?, _ change: (inout Tally) -> Void) {
        if wantsMeeting { change(&tallies[.meeting]!) }
        if wantsRounds, let round {
            let key = MatrixScope(round: round, table: nil)
            if tallies[key] != nil { change(&tallies[key]!) }
        }
        if wantsTables, let table {
            let key = MatrixScope(round: nil, table: table)
            if tallies[key] != nil { change(&tallies[key]!) }
        }
        if wantsTablesInRounds, let round, let table {
            let key = MatrixScope(round: round, table: table)
            if tallies[key] != nil { change(&tallies[key]!) }
        }
    }

    /// The participant who may be counted as a speaker: known and not an observer.
    private func speaker(_ id: String) -> Participant? { Self.speaker(id, in: meeting) }

    private static func speaker(_ id: String, in meeting: Meeting) -> Participant? {
        guard let p = meeting.participants[id], p.role != .observer else { return nil }
        return p
    }

    /// The round that was running at a moment, for items that carry only a time.
    private func round(at time: Int64) -> Round? {
        meeting.rounds.last { round in
            guard let started = round.startedAt, started <= time else { return false }
            return round.closedAt.map { time <= $0 } ?? true
        }
    }

    private func presence(of ids: Set<String>) -> SectorCounts {
        var counts = SectorCounts()
        for id in ids { if let p = meeting.participants[id] { counts[p.sector] += 1 } }
        return counts
    }

    // MARK: - Counting

    private mutating func countPresence() {
        if tallies[.meeting] != nil {
            for id in meeting.participantOrder where speaker(id) != nil { tallies[.meeting]!.presentIDs.insert(id) }
        }
        // Only rounds that took place: a round seated ahead and never started seated no one;
        // nor did it seat someone who left before it began.
        for round in meeting.rounds {
            guard let started = round.startedAt else { continue }
            for (id, table) in round.seating where speaker(id) != nil && (meeting.departures[id] ?? .max) >= started {
                count(round: round.id, table: table) { $0.presentIDs.insert(id) }
            }
        }
        for table in meeting.tables {
            for host in table.hosts where speaker(host) != nil {
                count(round: nil, table: table.id) { $0.presentIDs.insert(host) }
            }
        }
    }

    private mutating func countInputs() {
        let inputs = meeting.inputs
        // Which civil-society threads got a direct public reply, and which got feedback.
        var repliedByPublic = [Bool](repeating: false, count: inputs.count)
        var withFeedback = [Bool](repeating: false, count: inputs.count)
        for input in inputs where input.hidden == nil {
            guard let parent = input.replyTo.flatMap({ meeting.inputIndex[$0] }),
                speaker(input.author)?.sector == .public
            else { continue }
            repliedByPublic[parent] = true
        }
        // The facilitator's feedback, or a public-side participant's; an observer's counts for nothing.
        for record in meeting.feedback where record.bySector == nil || (record.bySector == .public && speaker(record.by) != nil) {
            for id in record.inputs { if let index = meeting.inputIndex[id] { withFeedback[index] = true } }
        }

        for (index, input) in inputs.enumerated() {
            guard let author = meeting.participants[input.author] else { continue }
            if input.hidden != nil {
                count(round: input.round, table: input.table) { $0.evidence.hiddenInputs += 1 }
                continue
            }
            // An observer (made one after speaking) counts for nothing, as everywhere else.
            guard author.role != .observer else { continue }
            let sector = author.sector
            if let parentID = input.replyTo {
                // A reply to a hidden input, or to an observer's, answers nothing on the record:
                // it crosses no sector.
                let parentSector = meeting.input(parentID).flatMap { parent in
                    parent.hidden == nil ? speaker(parent.author)?.sector : nil
                }
                count(round: input.round, table: input.table) { tally in
                    tally.evidence.inputs[sector] += 1
                    tally.presentIDs.insert(author.id)
                    switch (sector, parentSector) {
                    case (.public, .civil): tally.evidence.publicToCivilReplies += 1
                    case (.civil, .public): tally.evidence.civilToPublicReplies += 1
                    case (let a, let b?) where a == b: tally.evidence.sameSectorReplies += 1
                    case (_, .some): tally.evidence.otherCrossSectorReplies += 1
                    case (_, nil): break
                    }
                }
                continue
            }
            let isJoint = input.kind == .proposal && Self.isEndorsedByBothSectors(input, in: meeting)
            let replied = repliedByPublic[index]
            let fed = withFeedback[index]
            count(round: input.round, table: input.table) { tally in
                tally.evidence.inputs[sector] += 1
                tally.presentIDs.insert(author.id)
                if input.kind == .question { tally.evidence.questionInputs[sector] += 1 }
                if input.kind == .proposal {
                    tally.evidence.proposals += 1
                    if isJoint { tally.evidence.jointProposals.append(input.id) }
                }
                if sector == .civil {
                    tally.evidence.civilInputs += 1
                    if replied { tally.evidence.civilInputsRepliedByPublic += 1 }
                    if fed { tally.evidence.civilInputsWithFeedback += 1 }
                    if replied || fed { tally.evidence.civilInputsResponded += 1 }
                }
            }
        }
    }

    /// Whether the author and those who agreed include someone from each of the two sectors.
    static func isEndorsedByBothSectors(_ input: Input, in meeting: Meeting) -> Bool {
        var hasPublic = false
        var hasCivil = false
        for id in CollectionOfOne(input.author) + input.agreedBy {
            switch speaker(id, in: meeting)?.sector {
            case .public?: hasPublic = true
            case .civil?: hasCivil = true
            default: break
            }
            if hasPublic && hasCivil { return true }
        }
        return false
    }

    /// A hidden topic is left out, as a hidden input is: moderation takes it off the record.
    private mutating func countTopics() {
        for topic in meeting.topics where topic.hidden == nil {
            guard let author = speaker(topic.author) else { continue }
            let round = round(at: topic.at)
            let table = round?.seating[author.id]
            count(round: round?.id, table: table) { tally in
                tally.evidence.topics[author.sector] += 1
                if topic.takenUpAs != nil { tally.evidence.topicsTakenUp[author.sector] += 1 }
                tally.presentIDs.insert(author.id)
            }
        }
    }

    private mutating func countQuestionsAndAnswers() {
        // Questions to every table are counted once per scope, not once per table.
        var toAllTables: [String?: (facilitator: Int, fromTopic: Int)] = [:]
        for question in meeting.questions {
            let fromTopic = question.fromTopic != nil
            func add(_ tally: inout Tally) {
                if fromTopic { tally.evidence.questionsFromTopics += 1 } else { tally.evidence.facilitatorQuestions += 1 }
            }
            if let targets = question.tables {
                if tallies[.meeting] != nil { add(&tallies[.meeting]!) }
                if let round = question.round, tallies[MatrixScope(round: round, table: nil)] != nil {
                    add(&tallies[MatrixScope(round: round, table: nil)]!)
                }
                for table in Set(targets) {
                    let whole = MatrixScope(round: nil, table: table)
                    if tallies[whole] != nil { add(&tallies[whole]!) }
                    if let round = question.round, tallies[MatrixScope(round: round, table: table)] != nil {
                        add(&tallies[MatrixScope(round: round, table: table)]!)
                    }
                }
            } else {
                count(round: question.round, table: nil, add)
                toAllTables[question.round, default: (0, 0)].facilitator += fromTopic ? 0 : 1
                toAllTables[question.round, default: (0, 0)].fromTopic += fromTopic ? 1 : 0
            }

            guard question.kind == .open, let answers = meeting.answers[question.id] else { continue }
            // Between rounds a question reaches people where the last seating left them.
            let seating = (question.round ?? meeting.questionSeating[question.id]).flatMap { meeting.round($0) }?.seating
            for (id, _) in answers {
                guard let answerer = speaker(id) else { continue }
                count(round: question.round, table: seating?[id]) { tally in
                    tally.evidence.openAnswers[answerer.sector] += 1
                    tally.presentIDs.insert(id)
                }
            }
        }
        for key in tallies.keys where key.table != nil {
            var sum = (facilitator: 0, fromTopic: 0)
            for (round, counts) in toAllTables where key.round == nil || key.round == round {
                sum.facilitator += counts.facilitator
                sum.fromTopic += counts.fromTopic
            }
            tallies[key]!.evidence.facilitatorQuestions += sum.facilitator
            tallies[key]!.evidence.questionsFromTopics += sum.fromTopic
        }
    }

    private mutating func countCommitments() {
        for commitment in meeting.commitments {
            let shared = Self.isShared(commitment)
            count(round: round(at: commitment.at)?.id, table: meeting.commitmentTables[commitment.id]) { tally in
                tally.evidence.commitments += 1
                if let step = commitment.step { Self.insert(step, into: &tally.evidence.commitmentSteps) }
                if shared, let step = commitment.step {
                    tally.evidence.sharedCommitments.append(commitment.id)
                    Self.insert(step, into: &tally.evidence.sharedCommitmentSteps)
                }
            }
        }
    }

    /// Shared responsibility as the Code means it: owned by both sectors and tied to a step
    /// of the decision process. An owner's sector is the one recorded with the commitment.
    static func isShared(_ commitment: Commitment) -> Bool {
        guard commitment.step != nil else { return false }
        let sectors = Set(commitment.owners.map(\.sector))
        return sectors.contains(.public) && sectors.contains(.civil)
    }

    /// Inserts a step once, keeping the matrix's column order.
    static func insert(_ step: DecisionStep, into steps: inout [DecisionStep]) {
        guard !steps.contains(step) else { return }
        steps.append(step)
        steps.sort { DecisionStep.allCases.firstIndex(of: $0)! < DecisionStep.allCases.firstIndex(of: $1)! }
    }
}
