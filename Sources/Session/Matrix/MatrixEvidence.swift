/// The numbers a matrix result rests on, for a meeting or one of its rounds or tables.
///
/// Hidden (moderated) inputs count for nothing but `hiddenInputs`. The facilitator is not a
/// participant: the questions a facilitator pushes count as the authority's initiative, and
/// a facilitator's feedback counts as the public side's response. Observers are never
/// counted as present. See `docs/participation-matrix.md` for what each number counts.
public struct MatrixEvidence: Equatable, Sendable {
    // MARK: Presence

    /// Participants who joined (and may since have left), observers excepted; for a round or
    /// table, those seated there in a round that started, and anyone who contributed there.
    public var present = SectorCounts()

    // MARK: Voice

    /// Visible inputs, replies included, by the author's sector.
    public var inputs = SectorCounts()
    /// Topics proposed for the agenda, by the proposer's sector.
    public var topics = SectorCounts()
    /// Answers to open (free-text) questions, by the answerer's sector.
    public var openAnswers = SectorCounts()
    /// Inputs a facilitator hid; they count for nothing else.
    public var hiddenInputs = 0

    /// Inputs, topics and open answers: everything that gives a participant a voice.
    public var contributions: SectorCounts { inputs + topics + openAnswers }

    /// A sector's contributions per person present of that sector (0 when none is present).
    public func contributionsPerPerson(_ sector: Sector) -> Double {
        present[sector] == 0 ? 0 : Double(contributions[sector]) / Double(present[sector])
    }

    public var civilShareOfContributions: Double { Self.share(contributions.civil, of: contributions.total) }
    public var civilShareOfPresence: Double { Self.share(present.civil, of: present.total) }

    /// Civil society's share of the contributions divided by its share of the people present:
    /// 1 means civil society spoke as much per person as the average participant.
    public var civilVoiceRatio: Double {
        // One division of whole numbers, so a ratio of exactly 0.2 or 0.5 is exactly that (two
        // shares divided gave 0.19999999999999998 for 2 of 25 contributions by 2 of 5 people).
        let denominator = contributions.total * present.civil
        return denominator == 0 ? 0 : Double(contributions.civil * present.total) / Double(denominator)
    }

    // MARK: Initiative

    /// Questions the facilitator pushed on the authority's initiative (not from a topic).
    public var facilitatorQuestions = 0
    /// Questions the facilitator pushed to take up a participant's topic.
    public var questionsFromTopics = 0
    /// Proposed topics that a pushed question took up, by the proposer's sector.
    public var topicsTakenUp = SectorCounts()
    /// Inputs of kind `question` that open a thread (replies excluded), by sector.
    public var questionInputs = SectorCounts()

    /// What civil society put on the agenda: its topics and the questions it raised.
    public var civilInitiative: Int { topics.civil + questionInputs.civil }

    // MARK: Reciprocity

    /// Replies by the public side to visible civil-society inputs.
    public var publicToCivilReplies = 0
    /// Replies by civil society to visible public-side inputs.
    public var civilToPublicReplies = 0
    /// Replies to visible inputs between `other` participants and either sector, either way.
    public var otherCrossSectorReplies = 0
    public var sameSectorReplies = 0

    // MARK: Responsiveness

    /// Visible civil-society inputs that open a thread: what the public side should respond to.
    public var civilInputs = 0
    /// Of those, inputs with at least one direct reply from the public side.
    public var civilInputsRepliedByPublic = 0
    /// Of those, inputs covered by a feedback record (public participant or facilitator).
    public var civilInputsWithFeedback = 0
    /// Of those, inputs with a reply or feedback or both.
    public var civilInputsResponded = 0

    /// The share of civil-society inputs the public side responded to (0 when there are none).
    public var responsiveness: Double { Self.share(civilInputsResponded, of: civilInputs) }

    // MARK: Joint output

    /// Visible inputs of kind `proposal` that open a thread.
    public var proposals = 0
    /// Ids of proposals endorsed (authored or agreed) by at least one public and one civil participant.
    public var jointProposals: [String] = []

    // MARK: Shared responsibility

    public var commitments = 0
    /// Ids of commitments that name a decision step and whose owners include both the public
    /// side and civil society.
    public var sharedCommitments: [String] = []
    /// The decision steps named by commitments, in the matrix's column order.
    public var commitmentSteps: [DecisionStep] = []
    /// The decision steps named by shared commitments, in the matrix's column order.
    public var sharedCommitmentSteps: [DecisionStep] = []

    /// Contributions plus pushed questions: how much happened at all.
    public var items: Int { contributions.total + facilitatorQuestions + questionsFromTopics }

    public init() {}

    static func share(_ part: Int, of whole: Int) -> Double { whole == 0 ? 0 : Double(part) / Double(whole) }
}

extension MatrixEvidence {
    public var json: JSONValue {
        [
            "presence": present.json,
            "voice": [
                "inputs": inputs.json, "topics": topics.json, "open_answers": openAnswers.json,
                "contributions": contributions.json, "hidden_inputs": .int(Int64(hiddenInputs)),
                "per_person": [
                    "public": .ratio(contributionsPerPerson(.public)), "civil": .ratio(contributionsPerPerson(.civil)),
                    "other": .ratio(contributionsPerPerson(.other)),
                ],
                "civil_share_of_contributions": .ratio(civilShareOfContributions),
                "civil_share_of_presence": .ratio(civilShareOfPresence), "civil_voice_ratio": .ratio(civilVoiceRatio),
            ],
            "initiative": [
                "facilitator_questions": .int(Int64(facilitatorQuestions)),
                "questions_from_topics": .int(Int64(questionsFromTopics)), "topics_proposed": topics.json,
                "topics_taken_up": topicsTakenUp.json, "question_inputs": questionInputs.json,
                "civil_initiative": .int(Int64(civilInitiative)),
            ],
            "reciprocity": [
                "public_to_civil": .int(Int64(publicToCivilReplies)), "civil_to_public": .int(Int64(civilToPublicReplies)),
                "other_cross_sector": .int(Int64(otherCrossSectorReplies)), "same_sector": .int(Int64(sameSectorReplies)),
            ],
            "responsiveness": [
                "civil_inputs": .int(Int64(civilInputs)), "replied_by_public": .int(Int64(civilInputsRepliedByPublic)),
                "with_feedback": .int(Int64(civilInputsWithFeedback)), "responded": .int(Int64(civilInputsResponded)),
                "share": .ratio(responsiveness),
            ],
            "joint_output": [
                "proposals": .int(Int64(proposals)), "joint_proposals": .array(jointProposals.map(JSONValue.string)),
            ],
            "shared_responsibility": [
                "commitments": .int(Int64(commitments)),
                "shared_commitments": .array(sharedCommitments.map(JSONValue.string)),
                "steps": .array(commitmentSteps.map { .string($0.rawValue) }),
                "shared_steps": .array(sharedCommitmentSteps.map { .string($0.rawValue) }),
            ],
            "items": .int(Int64(items)),
        ]
    }
}

extension JSONValue {
    /// A ratio rounded to three decimals, so the wire and the minutes show stable numbers.
    static func ratio(_ value: Double) -> JSONValue { .double((value * 1000).rounded() / 1000) }
}
