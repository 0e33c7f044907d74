extension MeetingEvent {
    /// The wire and storage name of the event.
    public var kind: String {
        switch self {
        case .meetingCreated: "meeting_created"
        case .participantJoined: "participant_joined"
        case .participantLeft: "participant_left"
        case .roleSet: "role_set"
        case .tableAdded: "table_added"
        case .hostSet: "host_set"
        case .tableInUseSet: "table_in_use_set"
        case .roundPlanned: "round_planned"
        case .roundSeated: "round_seated"
        case .participantSeated: "participant_seated"
        case .roundStarted: "round_started"
        case .roundExtended: "round_extended"
        case .roundClosed: "round_closed"
        case .questionPushed: "question_pushed"
        case .questionClosed: "question_closed"
        case .topicProposed: "topic_proposed"
        case .inputAdded: "input_added"
        case .reactionAdded: "reaction_added"
        case .answerGiven: "answer_given"
        case .inputHidden: "input_hidden"
        case .topicHidden: "topic_hidden"
        case .answerHidden: "answer_hidden"
        case .summaryRecorded: "summary_recorded"
        case .commitmentRecorded: "commitment_recorded"
        case .exitPollAnswered: "exit_poll_answered"
        case .meetingClosed: "meeting_closed"
        case .feedbackDueSet: "feedback_due_set"
        case .feedbackRecorded: "feedback_recorded"
        }
    }

    /// The event as sent and stored: `{"kind":…, "at":…, …fields}`.
    public func json(at: Int64) -> JSONValue {
        var o: [String: JSONValue] = ["kind": .string(kind), "at": .int(at)]
        switch self {
        case .meetingCreated(let code, let info):
            o["code"] = .string(code)
            o["meeting"] = info.json
        case .participantJoined(let p): o["participant"] = p.json
        case .participantLeft(let p): o["participant"] = .string(p)
        case .roleSet(let p, let role):
            o["participant"] = .string(p)
            o["role"] = .string(role.rawValue)
        case .tableAdded(let t): o["table"] = t.json
        case .hostSet(let t, let p):
            o["table"] = .string(t)
            o["participant"] = .string(p)
        case .tableInUseSet(let t, let inUse):
            o["table"] = .string(t)
            o["in_use"] = .bool(inUse)
        case .roundPlanned(let r): o["round"] = r.json
        case .roundSeated(let r, let tables, let people):
            o["round"] = .string(r)
            o["tables"] = .object(tables.mapValues { .array($0.map(JSONValue.string)) })
            o["people"] = .array(people.map(\.json))
        case .participantSeated(let r, let card, let t, let reason):
            o["round"] = .string(r)
            o["participant"] = card.json
            o["table"] = .string(t)
            o["reason"] = .string(reason.rawValue)
        case .roundStarted(let r, let endsAt), .roundExtended(let r, let endsAt):
            o["round"] = .string(r)
            o["ends_at"] = .int(endsAt)
        case .roundClosed(let r): o["round"] = .string(r)
        case .questionPushed(let q): o["question"] = q.json
        case .questionClosed(let q): o["question"] = .string(q)
        case .topicProposed(let t): o["topic"] = t.json
        case .inputAdded(let i): o["input"] = i.json
        case .reactionAdded(let i, let p):
            o["input"] = .string(i)
            o["participant"] = .string(p)
        case .answerGiven(let q, let p, let v):
            o["question"] = .string(q)
            o["participant"] = .string(p)
            o["value"] = v.json
        case .inputHidden(let i, let reason):
            o["input"] = .string(i)
            o["reason"] = .string(reason)
        case .topicHidden(let k, let reason):
            o["topic"] = .string(k)
            o["reason"] = .string(reason)
        case .answerHidden(let q, let p, let reason):
            o["question"] = .string(q)
            o["participant"] = .string(p)
            o["reason"] = .string(reason)
        case .summaryRecorded(let s):
            o["summary"] = [
                "round": .string(s.round), "table": .string(s.table), "author": .string(s.author), "text": .string(s.text),
            ]
        case .commitmentRecorded(let c): o["commitment"] = c.json
        case .exitPollAnswered(let p, let level):
            o["participant"] = .string(p)
            o["level"] = .string(level.rawValue)
        case .meetingClosed: break
        case .feedbackDueSet(let date): o["date"] = .string(date)
        case .feedbackRecorded(let f): o["feedback"] = f.json
        }
        return .object(o)
    }

    /// Reads a stored event back; the inverse of `json(at:)`.
    public static func decode(_ json: JSONValue) throws(DomainError) -> (at: Int64, event: MeetingEvent) {
        let f = FieldReader(stored: json.objectValue ?? [:])
        let at = try f.int("at", in: 0...Int64.max)
        let kind = try f.string("kind", maxLength: 40)
        func sub(_ key: String) throws(DomainError) -> FieldReader {
            guard let o = json[key]?.objectValue else { throw .missingField(key) }
            return FieldReader(stored: o)
        }
        func id(_ key: String, in r: FieldReader? = nil) throws(DomainError) -> String {
            try (r ?? f).string(key, maxLength: 40)
        }
        let event: MeetingEvent
        switch kind {
        case "meeting_created":
            event = .meetingCreated(code: try id("code"), info: try MeetingInfo(fields: try sub("meeting")))
        case "participant_joined": event = .participantJoined(try Participant(json: json["participant"] ?? .null))
        case "participant_left": event = .participantLeft(participant: try id("participant"))
        case "role_set": event = .roleSet(participant: try id("participant"), role: try f.enumeration("role", Role.self))
        case "table_added":
            let t = try sub("table")
            event = .tableAdded(CafeTable(id: try id("id", in: t), name: try t.string("name", maxLength: Limits.nameLength)))
        case "host_set": event = .hostSet(table: try id("table"), participant: try id("participant"))
        case "table_in_use_set": event = .tableInUseSet(table: try id("table"), inUse: try f.requiredBool("in_use"))
        case "round_planned":
            let r = try sub("round")
            event = .roundPlanned(
                Round(
                    id: try id("id", in: r), number: Int(try r.int("number", in: 1...Int64(Limits.rounds))),
                    question: try r.optionalString("question", maxLength: Limits.textLength),
                    minutes: try r.int("minutes", in: Limits.roundMinutes)))
        case "round_seated":
            var tables: [String: [String]] = [:]
            for (table, members) in json["tables"]?.objectValue ?? [:] {
                tables[table] = members.arrayValue?.compactMap(\.stringValue) ?? []
            }
            var people: [PersonCard] = []
            for card in json["people"]?.arrayValue ?? [] { people.append(try PersonCard(json: card)) }
            event = .roundSeated(round: try id("round"), tables: tables, people: people)
        case "participant_seated":
            event = .participantSeated(
                round: try id("round"), participant: try PersonCard(json: json["participant"] ?? .null),
                table: try id("table"), reason: try f.enumeration("reason", SeatReason.self))
        case "round_started": event = .roundStarted(round: try id("round"), endsAt: try f.int("ends_at", in: 0...Int64.max))
        case "round_extended": event = .roundExtended(round: try id("round"), endsAt: try f.int("ends_at", in: 0...Int64.max))
        case "round_closed": event = .roundClosed(round: try id("round"))
        case "question_pushed": event = .questionPushed(try Question.decode(try sub("question")))
        case "question_closed": event = .questionClosed(question: try id("question"))
        case "topic_proposed":
            let t = try sub("topic")
            event = .topicProposed(
                Topic(
                    id: try id("id", in: t), text: try t.string("text", maxLength: Limits.textLength),
                    author: try id("author", in: t), at: try t.int("at", in: 0...Int64.max)))
        case "input_added": event = .inputAdded(try Input.decode(try sub("input")))
        case "reaction_added": event = .reactionAdded(input: try id("input"), participant: try id("participant"))
        case "answer_given":
            let value: AnswerValue
            switch json["value"] ?? .null {
            case .string(let s): value = .text(s)
            case .array(let items): value = .choices(items.compactMap(\.stringValue))
            case let other: value = .scale(other.intValue ?? 0)
            }
            event = .answerGiven(question: try id("question"), participant: try id("participant"), value: value)
        case "input_hidden":
            event = .inputHidden(input: try id("input"), reason: try f.string("reason", maxLength: Limits.reasonLength))
        case "topic_hidden":
            event = .topicHidden(topic: try id("topic"), reason: try f.string("reason", maxLength: Limits.reasonLength))
        case "answer_hidden":
            event = .answerHidden(
                question: try id("question"), participant: try id("participant"),
                reason: try f.string("reason", maxLength: Limits.reasonLength))
        case "summary_recorded":
            let s = try sub("summary")
            event = .summaryRecorded(
                Summary(
                    round: try id("round", in: s), table: try id("table", in: s), author: try id("author", in: s),
                    text: try s.string("text", maxLength: Limits.textLength), at: at))
        case "commitment_recorded": event = .commitmentRecorded(try Commitment.decode(try sub("commitment")))
        case "exit_poll_answered":
            event = .exitPollAnswered(participant: try id("participant"), level: try f.enumeration("level", DeclaredLevel.self))
        case "meeting_closed": event = .meetingClosed
        case "feedback_due_set": event = .feedbackDueSet(date: try f.string("date", maxLength: 10))
        case "feedback_recorded": event = .feedbackRecorded(try Feedback.decode(try sub("feedback")))
        default: throw .invalidField("kind", "okänd händelse", "unknown event")
        }
        return (at, event)
    }
}

extension Question {
    static func decode(_ f: FieldReader) throws(DomainError) -> Question {
        Question(
            id: try f.string("id", maxLength: 40), text: try f.string("text", maxLength: Limits.textLength),
            kind: try f.enumeration("kind", QuestionKind.self),
            options: try f.strings("options", maxCount: Limits.options, maxLength: Limits.optionLength) ?? [],
            tables: try f.strings("tables", maxCount: Limits.tables, maxLength: 40),
            round: try f.optionalString("round", maxLength: 40), fromTopic: try f.optionalString("from_topic", maxLength: 40),
            askedAt: try f.int("asked_at", in: 0...Int64.max))
    }
}

extension Input {
    static func decode(_ f: FieldReader) throws(DomainError) -> Input {
        Input(
            id: try f.string("id", maxLength: 40), kind: try f.enumeration("kind", InputKind.self),
            text: try f.string("text", maxLength: Limits.textLength), author: try f.string("author", maxLength: 40),
            table: try f.optionalString("table", maxLength: 40), round: try f.optionalString("round", maxLength: 40),
            replyTo: try f.optionalString("reply_to", maxLength: 40), at: try f.int("at", in: 0...Int64.max))
    }
}

extension Commitment {
    static func decode(_ f: FieldReader) throws(DomainError) -> Commitment {
        var owners: [CommitmentOwner] = []
        for owner in f.object["owners"]?.arrayValue ?? [] {
            let o = FieldReader(stored: owner.objectValue ?? [:])
            owners.append(
                CommitmentOwner(
                    organisation: try o.string("organisation", maxLength: Limits.organisationLength),
                    sector: try o.enumeration("sector", Sector.self)))
        }
        return Commitment(
            id: try f.string("id", maxLength: 40), what: try f.string("what", maxLength: Limits.textLength), owners: owners,
            due: try f.optionalString("due", maxLength: 10), step: try f.optionalEnumeration("step", DecisionStep.self),
            recordedBy: try f.string("recorded_by", maxLength: 40), at: try f.int("at", in: 0...Int64.max))
    }
}

extension Feedback {
    static func decode(_ f: FieldReader) throws(DomainError) -> Feedback {
        Feedback(
            id: try f.string("id", maxLength: 40),
            inputs: try f.strings("inputs", maxCount: Limits.feedbackInputs, maxLength: 40) ?? [],
            status: try f.enumeration("status", FeedbackStatus.self), text: try f.string("text", maxLength: Limits.textLength),
            by: try f.string("by", maxLength: 40), bySector: try f.optionalEnumeration("by_sector", Sector.self),
            at: try f.int("at", in: 0...Int64.max))
    }
}
