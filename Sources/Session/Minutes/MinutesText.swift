/// Every heading and label of the minutes, in Swedish and English.
///
/// The only place where the minutes' wording lives; `Minutes` picks the table for the
/// meeting's language. Pseudonyms and counts are built from the nouns here.
struct MinutesText: Sendable {
    // Document
    var minutesOf: String
    var contents: String
    var generatedAt: String
    var timesNote: String
    var none: String
    var yes: String
    var no: String

    // Facts
    var facts: String
    var title: String
    var purpose: String
    var date: String
    var declaredLevel: String
    var decisionStep: String
    var theme: String
    var phase: String
    var series: String
    var code: String
    var status: String
    var open: String
    var closedAt: String

    // Participants
    var participants: String
    var participant: String
    var participantList: String
    var facilitator: String
    var sector: String
    var count: String
    var left: String
    var organisations: String
    var organisation: String
    var name: String
    var role: String
    var total: String
    var pseudonymNote: String

    // Rounds and inputs
    var rounds: String
    var round: String
    var question: String
    var time: String
    var plannedMinutes: String
    var seating: String
    var table: String
    var people: String
    var host: String
    var summary: String
    var inputs: String
    var noInputs: String
    var inputsOutsideRounds: String
    var agree: String
    var reply: String
    var hiddenByModerator: String
    var feedbackShort: String

    // Questions
    var questions: String
    var kind: String
    var tables: String
    var allTables: String
    var respondents: String
    var option: String
    var answers: String
    /// One answer to a question, in the moderation list.
    var answer: String
    var word: String
    var mean: String
    var fromTopic: String

    // Topics, commitments, exit poll, moderation
    var topics: String
    var topic: String
    var proposedBy: String
    var takenUp: String
    var notTakenUp: String
    var commitments: String
    var what: String
    var owners: String
    var due: String
    var step: String
    var recordedBy: String
    var exitPoll: String
    var exitPollQuestion: String
    var moderation: String
    var input: String
    var reason: String
    var noModeration: String
    var place: String
    var inputText: String
    var noAnswers: String

    // Participation matrix
    var matrix: String
    var noMatrix: String
    var measuredLevel: String
    var perceived: String
    var confidence: String
    var gap: String
    var rules: String
    var rule: String
    var threshold: String
    var observed: String
    var matrixSteps: String
    var met: String
    var fulfilled: String
    var notMet: String
    var evidence: String
    var value: String
    var notEnoughData: String

    // Feedback
    var feedback: String
    var feedbackDue: String
    var noFeedbackDue: String
    var noFeedbackYet: String
    var respondedBy: String
    var withoutResponse: String
    var allResponded: String
    /// No input asked the public side for a response (none from civil society or others).
    var noneAsked: String

    // Vocabularies
    var sectors: [Sector: String]
    var otherKinds: [OtherKind: String]
    var roles: [Role: String]
    var levels: [DeclaredLevel: String]
    var steps: [DecisionStep: String]
    var themes: [Theme: String]
    var phases: [CollaborationPhase: String]
    var inputKinds: [InputKind: String]
    var questionKinds: [QuestionKind: String]
    var roundStates: [RoundState: String]
    var feedbackStatuses: [FeedbackStatus: String]
    /// Further wire spellings the participation matrix uses (finer levels, confidence).
    var matrixTerms: [String: String]

    static func of(_ language: Language) -> MinutesText { language == .sv ? .sv : .en }

    static let sv = MinutesText(
        minutesOf: "Protokoll", contents: "Innehåll", generatedAt: "Skapat", timesNote: "Tider anges i svensk tid.",
        none: "–", yes: "ja", no: "nej",
        facts: "Om mötet", title: "Rubrik", purpose: "Syfte", date: "Datum", declaredLevel: "Utlyst nivå",
        decisionStep: "Steg i beslutsprocessen", theme: "Tema", phase: "Fas i samverkansmodellen", series: "Serie",
        code: "Möteskod", status: "Status", open: "pågår", closedAt: "avslutat",
        participants: "Deltagare", participant: "Deltagare", participantList: "Deltagarlista", facilitator: "Samtalsledare",
        sector: "Sektor",
        count: "Antal", left: "Varav lämnade", organisations: "Organisationer", organisation: "Organisation",
        name: "Namn", role: "Roll", total: "Totalt",
        pseudonymNote: "Deltagare som inte valt att visa sitt namn anges med pseudonym.",
        rounds: "Rundor", round: "Runda", question: "Fråga", time: "Tid", plannedMinutes: "planerat",
        seating: "Placering", table: "Bord", people: "Personer", host: "värd", summary: "Sammanfattning",
        inputs: "Inlägg", noInputs: "Inga inlägg.", inputsOutsideRounds: "Inlägg utanför rundor", agree: "håller med",
        reply: "svar", hiddenByModerator: "dolt av moderator", feedbackShort: "Återkoppling",
        questions: "Frågor till borden", kind: "Typ", tables: "Bord", allTables: "alla bord", respondents: "Svarande",
        option: "Alternativ", answers: "Svar", answer: "ett svar", word: "Ord", mean: "Medelvärde", fromTopic: "Från förslag",
        topics: "Förslag från deltagare", topic: "Förslag", proposedBy: "Föreslaget av", takenUp: "Togs upp",
        notTakenUp: "togs inte upp", commitments: "Åtaganden", what: "Vad", owners: "Ansvariga", due: "Klart senast",
        step: "Steg", recordedBy: "Antecknat av", exitPoll: "Upplevd nivå (utvärdering)",
        exitPollQuestion: "Var det här information, samråd, dialog eller partnerskap? Svar per sektor.",
        moderation: "Moderering", input: "Inlägg", reason: "Skäl", noModeration: "Inga inlägg har dolts.", place: "Plats",
        inputText: "Text", noAnswers: "Inga svar.",
        matrix: "Deltagandenivå enligt Koden", noMatrix: "Ingen bedömning av deltagandenivån finns ännu.",
        measuredLevel: "Uppmätt nivå", perceived: "Upplevd nivå per sektor", confidence: "Säkerhet", gap: "Skillnad",
        rules: "Regler", rule: "Regel", threshold: "Gräns", observed: "Uppmätt", matrixSteps: "Placeras i steg", met: "uppfylld",
        fulfilled: "Uppfylld", notMet: "inte uppfylld",
        evidence: "Underlag", value: "Värde", notEnoughData: "För lite underlag för en bedömning.",
        feedback: "Återkoppling", feedbackDue: "Återkoppling utlovad senast", noFeedbackDue: "inget datum satt",
        noFeedbackYet: "Ingen återkoppling ännu", respondedBy: "av", withoutResponse: "Inlägg som ännu saknar återkoppling",
        allResponded: "Alla inlägg har fått återkoppling.",
        noneAsked: "Inga inlägg från civilsamhället eller övriga att återkoppla på.",
        sectors: [.public: "offentlig sektor", .civil: "civilsamhället", .other: "övriga"],
        otherKinds: [.targetGroup: "målgruppen", .expert: "expert", .researcher: "forskare"],
        roles: [.participant: "deltagare", .host: "bordsvärd", .observer: "observatör"],
        levels: [.information: "information", .consultation: "samråd", .dialogue: "dialog", .partnership: "partnerskap"],
        steps: [
            .agendaSetting: "dagordning", .drafting: "utformning", .decision: "beslut", .implementation: "genomförande",
            .monitoring: "uppföljning", .reformulation: "omformulering",
        ],
        themes: [
            .activity: "verksamhet", .grants: "bidragsgivning", .steeringDocuments: "styrdokument",
            .politicalDecision: "särskilda frågor inför politiska beslut",
        ],
        phases: [
            .preconditions: "förutsättningar", .identifyInvolve: "identifiera och involvera",
            .planAdjust: "planera och justera", .implementPolish: "implementera och polera",
        ],
        inputKinds: [.idea: "idé", .question: "fråga", .concern: "farhåga", .proposal: "förslag"],
        questionKinds: [
            .open: "öppen fråga", .single: "ett val", .multiple: "flerval", .scale: "skala 1–5", .wordCloud: "ordmoln",
        ],
        roundStates: [.planned: "planerad", .running: "pågår", .closed: "avslutad", .skipped: "överhoppad"],
        feedbackStatuses: [
            .noted: "noterat", .takenForward: "tas vidare", .inProgress: "pågår", .done: "genomfört",
            .notPursued: "går inte vidare",
        ],
        matrixTerms: [
            "broad_dialogue": "bred dialog", "collaborative_dialogue": "samverkande dialog", "low": "låg", "medium": "medel",
            "high": "hög",
        ])

    static let en = MinutesText(
        minutesOf: "Minutes", contents: "Contents", generatedAt: "Generated", timesNote: "Times are Swedish time.",
        none: "–", yes: "yes", no: "no",
        facts: "About the meeting", title: "Title", purpose: "Purpose", date: "Date", declaredLevel: "Declared level",
        decisionStep: "Step of the decision process", theme: "Theme", phase: "Phase of the collaboration model",
        series: "Series", code: "Meeting code", status: "Status", open: "in progress", closedAt: "closed",
        participants: "Participants", participant: "Participant", participantList: "List of participants", facilitator: "Facilitator",
        sector: "Sector",
        count: "Count", left: "Of whom left", organisations: "Organisations", organisation: "Organisation",
        name: "Name", role: "Role", total: "Total",
        pseudonymNote: "Participants who chose not to show their name are listed by pseudonym.",
        rounds: "Rounds", round: "Round", question: "Question", time: "Time", plannedMinutes: "planned",
        seating: "Seating", table: "Table", people: "People", host: "host", summary: "Summary",
        inputs: "Inputs", noInputs: "No inputs.", inputsOutsideRounds: "Inputs outside rounds", agree: "agree",
        reply: "reply", hiddenByModerator: "hidden by moderator", feedbackShort: "Feedback",
        questions: "Questions to the tables", kind: "Kind", tables: "Tables", allTables: "all tables",
        respondents: "Respondents", option: "Option", answers: "Answers", answer: "an answer", word: "Word", mean: "Mean",
        fromTopic: "From proposal",
        topics: "Topics proposed by participants", topic: "Topic", proposedBy: "Proposed by", takenUp: "Taken up",
        notTakenUp: "not taken up", commitments: "Commitments", what: "What", owners: "Owners", due: "Due",
        step: "Step", recordedBy: "Recorded by", exitPoll: "Perceived level (exit poll)",
        exitPollQuestion: "Was this information, consultation, dialogue or partnership? Answers by sector.",
        moderation: "Moderation", input: "Input", reason: "Reason", noModeration: "No inputs were hidden.", place: "Where",
        inputText: "Text", noAnswers: "No answers.",
        matrix: "Level of participation (the Code)", noMatrix: "No assessment of the level of participation yet.",
        measuredLevel: "Measured level", perceived: "Perceived level by sector", confidence: "Confidence", gap: "Gap",
        rules: "Rules", rule: "Rule", threshold: "Threshold", observed: "Observed", matrixSteps: "Placed at steps", met: "met",
        fulfilled: "Met", notMet: "not met",
        evidence: "Evidence", value: "Value", notEnoughData: "Too little data for an assessment.",
        feedback: "Feedback", feedbackDue: "Feedback promised by", noFeedbackDue: "no date set",
        noFeedbackYet: "No feedback yet", respondedBy: "by", withoutResponse: "Inputs still without feedback",
        allResponded: "Every input has received feedback.",
        noneAsked: "No inputs from civil society or others to give feedback on.",
        sectors: [.public: "public sector", .civil: "civil society", .other: "others"],
        otherKinds: [.targetGroup: "target group", .expert: "expert", .researcher: "researcher"],
        roles: [.participant: "participant", .host: "table host", .observer: "observer"],
        levels: [.information: "information", .consultation: "consultation", .dialogue: "dialogue", .partnership: "partnership"],
        steps: [
            .agendaSetting: "agenda setting", .drafting: "drafting", .decision: "decision", .implementation: "implementation",
            .monitoring: "monitoring", .reformulation: "reformulation",
        ],
        themes: [
            .activity: "the organisation's activity", .grants: "grants", .steeringDocuments: "steering documents",
            .politicalDecision: "specific questions before political decisions",
        ],
        phases: [
            .preconditions: "preconditions", .identifyInvolve: "identify and involve", .planAdjust: "plan and adjust",
            .implementPolish: "implement and polish",
        ],
        inputKinds: [.idea: "idea", .question: "question", .concern: "concern", .proposal: "proposal"],
        questionKinds: [
            .open: "open question", .single: "single choice", .multiple: "multiple choice", .scale: "scale 1–5",
            .wordCloud: "word cloud",
        ],
        roundStates: [.planned: "planned", .running: "running", .closed: "closed", .skipped: "skipped"],
        feedbackStatuses: [
            .noted: "noted", .takenForward: "taken forward", .inProgress: "in progress", .done: "done",
            .notPursued: "not pursued",
        ],
        matrixTerms: [
            "broad_dialogue": "broad dialogue", "collaborative_dialogue": "collaborative dialogue", "low": "low", "medium": "medium",
            "high": "high",
        ])
}

extension MinutesText {
    func sector(_ s: Sector) -> String { sectors[s] ?? s.rawValue }
    func level(_ l: DeclaredLevel) -> String { levels[l] ?? l.rawValue }
    func step(_ s: DecisionStep) -> String { steps[s] ?? s.rawValue }
    func kind(_ k: InputKind) -> String { inputKinds[k] ?? k.rawValue }
    func status(_ s: FeedbackStatus) -> String { feedbackStatuses[s] ?? s.rawValue }

    /// Sorts wire spellings: levels low to high, then sectors in their order, then the rest alphabetically.
    func termOrder(_ a: String, _ b: String) -> Bool {
        func rank(_ raw: String) -> Int {
            if let l = DeclaredLevel(rawValue: raw) { return DeclaredLevel.allCases.firstIndex(of: l)! * 2 }
            if raw == "broad_dialogue" || raw == "collaborative_dialogue" { return 5 }
            if let s = Sector(rawValue: raw) { return 10 + Sector.allCases.firstIndex(of: s)! }
            return 100
        }
        return rank(a) != rank(b) ? rank(a) < rank(b) : a < b
    }

    /// A wire spelling (as the participation matrix sends it) in words, when it is a level or a step.
    func term(_ raw: String) -> String {
        if let l = DeclaredLevel(rawValue: raw) { return level(l) }
        if let s = DecisionStep(rawValue: raw) { return step(s) }
        if let s = Sector(rawValue: raw) { return sector(s) }
        return matrixTerms[raw] ?? raw
    }
}
