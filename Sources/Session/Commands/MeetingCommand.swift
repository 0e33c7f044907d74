/// What a joined participant or a facilitator asks of a meeting.
public enum MeetingCommand: Equatable, Sendable {
    case join(JoinRequest)
    case leave
    case addTables(count: Int, names: [String])
    case setHost(table: String, participant: String)
    case setTableInUse(table: String, inUse: Bool)
    case setRole(participant: String, role: Role)
    case planRound(question: String?, minutes: Int64)
    case seatRound(round: String)
    case moveParticipant(participant: String, table: String)
    case startRound(round: String)
    case extendRound(round: String, minutes: Int64)
    case closeRound(round: String)
    case pushQuestion(text: String, kind: QuestionKind, options: [String], tables: [String]?, fromTopic: String?)
    case closeQuestion(question: String)
    case proposeTopic(text: String)
    case addInput(kind: InputKind, text: String)
    case reply(to: String, text: String)
    case react(input: String)
    case answer(question: String, value: JSONValue)
    case hideInput(input: String, reason: String)
    case hideTopic(topic: String, reason: String)
    case hideAnswer(question: String, participant: String, reason: String)
    case summarize(text: String, round: String?)
    case recordCommitment(what: String, owners: [CommitmentOwner], due: String?, step: DecisionStep?)
    case answerExitPoll(level: DeclaredLevel)
    case closeMeeting
    case setFeedbackDue(date: String)
    case giveFeedback(inputs: [String], status: FeedbackStatus, text: String)
}

/// The fields of `join`.
public struct JoinRequest: Equatable, Sendable {
    public var name: String
    public var sector: Sector
    public var otherKind: OtherKind?
    public var organisation: String
    public var region: String?
    public var showName: Bool

    public init(
        name: String, sector: Sector, otherKind: OtherKind? = nil, organisation: String, region: String? = nil,
        showName: Bool = true
    ) {
        self.name = name
        self.sector = sector
        self.otherKind = otherKind
        self.organisation = organisation
        self.region = region
        self.showName = showName
    }
}

extension JoinRequest {
    /// Whether a name reads as the minutes' word for the facilitator ("Samtalsledare") or for an
    /// anonymous participant ("Deltagare 5"): such a name would pass for the facilitator's
    /// feedback and commitments, or for someone else's words.
    /// Only letters and digits count: spaces of every width, invisible characters and
    /// punctuation ("Samtalsledare.", "Deltagare\u{202F}5") read the same in the minutes.
    static func readsAsAnotherRole(_ name: String) -> Bool {
        let words = name.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        guard let first = words.first else { return false }
        if words.count == 1 { return ["samtalsledare", "facilitator", "moderator"].contains(String(first)) }
        return words.count == 2 && ["deltagare", "participant"].contains(String(first)) && words[1].allSatisfy(\.isNumber)
    }
}

extension MeetingCommand {
    /// Every command type a meeting understands, as spelled on the wire.
    public static let types: [String] = [
        "join", "leave", "add_tables", "set_host", "set_table_in_use", "set_role", "plan_round", "seat_round", "move_participant",
        "start_round", "extend_round", "close_round", "push_question", "close_question", "propose_topic", "add_input",
        "reply", "react", "answer", "hide_input", "hide_topic", "hide_answer", "summarize", "record_commitment", "exit_poll",
        "close_meeting",
        "set_feedback_due", "give_feedback",
    ]

    /// Parses a command object's fields for its `type`; unknown types and bad fields are refused.
    public static func parse(type: String, fields f: FieldReader) throws(DomainError) -> MeetingCommand {
        func id(_ key: String) throws(DomainError) -> String { try f.string(key, maxLength: 40) }
        func text(_ key: String = "text") throws(DomainError) -> String { try f.string(key, maxLength: Limits.textLength) }
        switch type {
        case "join":
            let name = try f.string("name", maxLength: Limits.nameLength)
            guard !JoinRequest.readsAsAnotherRole(name) else {
                throw .invalidField(
                    "name", "får inte vara samtalsledarens eller en anonym deltagares beteckning",
                    "may not be what the minutes call the facilitator or an anonymous participant")
            }
            return .join(
                JoinRequest(
                    name: name, sector: try f.enumeration("sector", Sector.self),
                    otherKind: try f.optionalEnumeration("other_kind", OtherKind.self),
                    organisation: try f.optionalString("organisation", maxLength: Limits.organisationLength) ?? "",
                    region: try f.optionalString("region", maxLength: Limits.nameLength),
                    showName: try f.bool("show_name", default: true)))
        case "leave": return .leave
        case "add_tables":
            let count = Int(try f.int("count", in: 1...Int64(Limits.tables)))
            return .addTables(count: count, names: try f.strings("names", maxCount: count, maxLength: Limits.nameLength) ?? [])
        case "set_host": return .setHost(table: try id("table"), participant: try id("participant"))
        case "set_table_in_use": return .setTableInUse(table: try id("table"), inUse: try f.requiredBool("in_use"))
        case "set_role": return .setRole(participant: try id("participant"), role: try f.enumeration("role", Role.self))
        case "plan_round":
            return .planRound(
                question: try f.optionalString("question", maxLength: Limits.textLength),
                minutes: try f.optionalInt("minutes", in: Limits.roundMinutes) ?? 20)
        case "seat_round": return .seatRound(round: try id("round"))
        case "move_participant": return .moveParticipant(participant: try id("participant"), table: try id("table"))
        case "start_round": return .startRound(round: try id("round"))
        case "extend_round": return .extendRound(round: try id("round"), minutes: try f.int("minutes", in: 1...60))
        case "close_round": return .closeRound(round: try id("round"))
        case "push_question":
            let kind = try f.optionalEnumeration("kind", QuestionKind.self) ?? .open
            let options = try f.strings("options", maxCount: Limits.options, maxLength: Limits.optionLength) ?? []
            if (kind == .single || kind == .multiple) && options.count < 2 {
                throw .invalidField("options", "minst två alternativ behövs", "at least two options are needed")
            }
            let tables = try f.strings("tables", maxCount: Limits.tables, maxLength: 40)
            if tables?.isEmpty == true {
                throw .invalidField("tables", "ange minst ett bord, eller utelämna fältet för alla bord",
                    "name at least one table, or leave the field out for all tables")
            }
            return .pushQuestion(
                text: try text(), kind: kind, options: kind == .single || kind == .multiple ? options : [],
                tables: tables,
                fromTopic: try f.optionalString("from_topic", maxLength: 40))
        case "close_question": return .closeQuestion(question: try id("question"))
        case "propose_topic": return .proposeTopic(text: try text())
        case "add_input": return .addInput(kind: try f.optionalEnumeration("kind", InputKind.self) ?? .idea, text: try text())
        case "reply": return .reply(to: try id("input"), text: try text())
        case "react": return .react(input: try id("input"))
        case "answer":
            guard let value = f.object["value"], value != .null else { throw .missingField("value") }
            return .answer(question: try id("question"), value: value)
        case "hide_input": return .hideInput(input: try id("input"), reason: try f.string("reason", maxLength: Limits.reasonLength))
        case "hide_topic": return .hideTopic(topic: try id("topic"), reason: try f.string("reason", maxLength: Limits.reasonLength))
        case "hide_answer":
            return .hideAnswer(
                question: try id("question"), participant: try id("participant"),
                reason: try f.string("reason", maxLength: Limits.reasonLength))
        case "summarize": return .summarize(text: try text(), round: try f.optionalString("round", maxLength: 40))
        case "record_commitment":
            // Absent or empty: missing; anything but a list: invalid, as for every other field.
            if let given = f.object["owners"], given != .null, given.arrayValue == nil {
                throw .invalidField("owners", "ska vara en lista", "must be a list")
            }
            guard case .array(let raw)? = f.object["owners"], !raw.isEmpty else { throw .missingField("owners") }
            if raw.count > Limits.owners { throw .tooMany("owners", max: Limits.owners) }
            var owners: [CommitmentOwner] = []
            for item in raw {
                let o = FieldReader(item.objectValue ?? [:])
                owners.append(
                    CommitmentOwner(
                        organisation: try o.string("organisation", maxLength: Limits.organisationLength),
                        sector: try o.enumeration("sector", Sector.self)))
            }
            let due = try f.optionalString("due", maxLength: 10)
            if let due, !MeetingInfo.isISODate(due) { throw .invalidField("due", "ska vara ÅÅÅÅ-MM-DD", "must be YYYY-MM-DD") }
            return .recordCommitment(
                what: try text("what"), owners: owners, due: due, step: try f.optionalEnumeration("step", DecisionStep.self))
        case "exit_poll": return .answerExitPoll(level: try f.enumeration("level", DeclaredLevel.self))
        case "close_meeting": return .closeMeeting
        case "set_feedback_due":
            let date = try f.string("date", maxLength: 10)
            guard MeetingInfo.isISODate(date) else { throw .invalidField("date", "ska vara ÅÅÅÅ-MM-DD", "must be YYYY-MM-DD") }
            return .setFeedbackDue(date: date)
        case "give_feedback":
            guard let inputs = try f.strings("inputs", maxCount: Limits.feedbackInputs, maxLength: 40), !inputs.isEmpty else {
                throw .missingField("inputs")
            }
            return .giveFeedback(inputs: inputs, status: try f.enumeration("status", FeedbackStatus.self), text: try text())
        default:
            throw DomainError(
                code: "unknown_type", sv: "Okänd meddelandetyp: \(type).", en: "Unknown message type: \(type).")
        }
    }

    /// Commands only a facilitator may send.
    public var isFacilitatorOnly: Bool {
        switch self {
        case .addTables, .setHost, .setTableInUse, .setRole, .planRound, .seatRound, .moveParticipant, .startRound, .extendRound,
            .closeRound, .pushQuestion, .closeQuestion, .hideInput, .hideTopic, .hideAnswer, .closeMeeting, .setFeedbackDue:
            true
        default: false
        }
    }
}
