/// The minutes as one machine-readable JSON document (keys sorted when serialised).
///
/// Names only for participants who chose `showName`; everyone has a `label`. Hidden inputs
/// keep their place with `text` null and a `hidden` reason, as does a question taken up from a
/// topic that was hidden. Times are epoch milliseconds.
extension Minutes {
    var json: JSONValue {
        .compactObject([
            ("format", "dialogkafe.minutes"), ("version", 1), ("language", .string(meeting.info.language.rawValue)),
            ("generated_at", generatedAt.map { .string(MinutesClock.iso8601(milliseconds: $0)) }),
            ("meeting", meetingJSON), ("participants", .array(participantsInOrder.map(participantJSON))),
            ("sectors", sectorsJSON), ("tables", .array(meeting.tables.map(tableJSON))),
            ("rounds", .array(meeting.rounds.map(roundJSON))), ("questions", .array(meeting.questions.map(questionJSON))),
            ("topics", .array(meeting.topics.map(topicJSON))),
            ("inputs", .array(inputGroups.flatMap { $0.entries.map { inputJSON($0.input) } })),
            ("summaries", .array(summariesInOrder.map(summaryJSON))), ("commitments", .array(meeting.commitments.map(\.json))),
            ("exit_poll", exitPollJSON), ("moderation", .array(moderatedItems.map(moderationJSON))),
            ("feedback", feedbackJSON), ("matrix", matrix ?? .null),
        ])
    }

    var meetingJSON: JSONValue {
        guard case .object(var object) = meeting.info.json else { return .null }
        object["code"] = .string(meeting.code)
        object["created_at"] = .int(meeting.createdAt)
        object["closed_at"] = meeting.closedAt.map(JSONValue.int) ?? .null
        object["feedback_due"] = meeting.feedbackDue.map(JSONValue.string) ?? .null
        return .object(object)
    }

    func participantJSON(_ p: Participant) -> JSONValue {
        .compactObject([
            ("id", .string(p.id)), ("label", .string(label(of: p.id))), ("name", p.showName ? .string(p.name) : nil),
            ("sector", .string(p.sector.rawValue)), ("other_kind", p.otherKind.map { .string($0.rawValue) }),
            ("organisation", .string(p.organisation)), ("region", p.region.map(JSONValue.string)),
            ("role", .string(p.role.rawValue)), ("left", .bool(p.hasLeft)),
        ])
    }

    var sectorsJSON: JSONValue {
        .object(
            Dictionary(
                uniqueKeysWithValues: Sector.allCases.map { sector in
                    let people = participantsInOrder.filter { $0.sector == sector }
                    return (
                        sector.rawValue,
                        [
                            "count": .int(Int64(people.count)), "left": .int(Int64(people.filter(\.hasLeft).count)),
                            "organisations": .array(organisations(of: sector).map(JSONValue.string)),
                        ]
                    )
                }))
    }

    func tableJSON(_ table: CafeTable) -> JSONValue {
        ["id": .string(table.id), "name": .string(table.name), "hosts": .array(table.hosts.map(JSONValue.string))]
    }

    func roundJSON(_ round: Round) -> JSONValue {
        guard case .object(var object) = round.json else { return .null }
        object["state"] = .string(round.state.rawValue)
        object["started_at"] = round.startedAt.map(JSONValue.int) ?? .null
        object["closed_at"] = round.closedAt.map(JSONValue.int) ?? .null
        object["seating"] = .object(
            Dictionary(uniqueKeysWithValues: seating(of: round).map { ($0.table.id, JSONValue.array($0.members.map(JSONValue.string))) }))
        return .object(object)
    }

    func questionJSON(_ question: Question) -> JSONValue {
        guard case .object(var object) = question.json else { return .null }
        if let hidden = hiddenTopic(of: question) {
            object["text"] = .null
            object["hidden"] = ["reason": .string(hidden.reason), "at": .int(hidden.at)]
        }
        object["is_open"] = .bool(question.isOpen)
        object["respondents"] = .int(Int64(respondents(of: question)))
        switch result(of: question) {
        case .choices(let counts):
            object["results"] = .array(counts.map { ["option": .string($0.option), "count": .int(Int64($0.count))] })
        case .scale(let counts, let mean):
            object["results"] = .array(counts.enumerated().map { ["value": .int(Int64($0 + 1)), "count": .int(Int64($1))] })
            object["mean"] = mean.map { .double(Double($0) / 10) } ?? .null
        case .words(let words):
            object["results"] = .array(words.map { ["word": .string($0.word), "count": .int(Int64($0.count))] })
        case .texts(let texts):
            object["results"] = .array(texts.map(JSONValue.string))
        }
        return .object(object)
    }

    func topicJSON(_ topic: Topic) -> JSONValue {
        guard case .object(var object) = topic.json else { return .null }
        object["author_label"] = .string(label(of: topic.author))
        object["taken_up_as"] = topic.takenUpAs.map(JSONValue.string) ?? .null
        object["hidden"] = topic.hidden.map { ["reason": .string($0.reason), "at": .int($0.at)] } ?? .null
        if topic.hidden != nil { object["text"] = .null }
        return .object(object)
    }

    func inputJSON(_ input: Input) -> JSONValue {
        guard case .object(var object) = input.json else { return .null }
        let author = meeting.participants[input.author]
        object["author_label"] = .string(label(of: input.author))
        object["author_sector"] = author.map { .string($0.sector.rawValue) } ?? .null
        object["author_organisation"] = author.map { .string($0.organisation) } ?? .null
        object["agree_count"] = .int(Int64(input.agreedBy.count))
        object["hidden"] = input.hidden.map { ["reason": .string($0.reason), "at": .int($0.at)] } ?? .null
        if input.hidden != nil { object["text"] = .null }
        let responses = feedback(for: input.id)
        object["feedback_status"] = responses.last.map { .string($0.status.rawValue) } ?? .null
        object["feedback"] = .array(responses.map { .string($0.id) })
        return .object(object)
    }

    /// Summaries in round, then table order.
    var summariesInOrder: [Summary] {
        let tableRank = Dictionary(uniqueKeysWithValues: meeting.tables.enumerated().map { ($1.id, $0) })
        let roundRank = Dictionary(uniqueKeysWithValues: meeting.rounds.map { ($0.id, $0.number) })
        return meeting.summaries.sorted {
            let a = (roundRank[$0.round] ?? Int.max, tableRank[$0.table] ?? Int.max)
            let b = (roundRank[$1.round] ?? Int.max, tableRank[$1.table] ?? Int.max)
            return a != b ? a < b : $0.at < $1.at
        }
    }

    func summaryJSON(_ summary: Summary) -> JSONValue {
        [
            "round": .string(summary.round), "table": .string(summary.table), "author": .string(summary.author),
            "author_label": .string(label(of: summary.author)), "text": .string(summary.text), "at": .int(summary.at),
        ]
    }

    var exitPollJSON: JSONValue {
        let tally = exitPollTally
        let bySector = Dictionary(
            uniqueKeysWithValues: Sector.allCases.map { sector in
                (
                    sector.rawValue,
                    JSONValue.object(
                        Dictionary(
                            uniqueKeysWithValues: DeclaredLevel.allCases.map {
                                ($0.rawValue, JSONValue.int(Int64(tally[sector]?[$0] ?? 0)))
                            }))
                )
            })
        return ["by_sector": .object(bySector), "answers": .int(Int64(meeting.exitPoll.count))]
    }

    func moderationJSON(_ item: ModeratedItem) -> JSONValue {
        .object(Dictionary(uniqueKeysWithValues: item.ids + [("reason", .string(item.moderation.reason)), ("at", .int(item.moderation.at))]))
    }

    var feedbackJSON: JSONValue {
        let responses = meeting.feedback.map { f -> JSONValue in
            guard case .object(var object) = f.json else { return .null }
            object["by_label"] = .string(label(of: f.by))
            return .object(object)
        }
        return [
            "due": meeting.feedbackDue.map(JSONValue.string) ?? .null, "responses": .array(responses),
            "without_response": .array(inputsWithoutFeedback.map { .string($0.id) }),
        ]
    }
}
