/// The human-readable minutes (Markdown and HTML) as one outline.
extension Minutes {
    var document: MinutesDocument {
        let info = meeting.info
        return MinutesDocument(
            title: "\(text.minutesOf): \(info.title)",
            subtitle: "\(info.date) · \(text.declaredLevel): \(text.level(info.declaredLevel)) · \(text.code): \(meeting.code)",
            sections: [
                factsSection, participantsSection, roundsSection, questionsSection, topicsSection,
                commitmentsSection, exitPollSection, moderationSection, matrixSection, feedbackSection,
            ],
            footer: generatedAt.map { "\(text.generatedAt): \(MinutesClock.swedishDateTime(milliseconds: $0))" })
    }

    // MARK: - Facts

    var factsSection: MinutesBlock {
        let info = meeting.info
        var facts: [(String, String)] = [(text.title, info.title)]
        if !info.purpose.isEmpty { facts.append((text.purpose, info.purpose)) }
        facts.append((text.date, info.date))
        facts.append((text.declaredLevel, text.level(info.declaredLevel)))
        facts.append((text.decisionStep, text.step(info.decisionStep)))
        if let theme = info.theme { facts.append((text.theme, text.themes[theme] ?? theme.rawValue)) }
        if let phase = info.phase { facts.append((text.phase, text.phases[phase] ?? phase.rawValue)) }
        if let series = info.series { facts.append((text.series, series)) }
        facts.append((text.code, meeting.code))
        let status = meeting.closedAt.map {
            "\(text.closedAt) \(MinutesClock.swedishDateTime(milliseconds: $0))"
        }
        facts.append((text.status, status ?? text.open))
        return .section(id: "facts", title: text.facts, style: nil, blocks: [.facts(facts), .note(text.timesNote)])
    }

    // MARK: - Participants

    var participantsSection: MinutesBlock {
        let people = participantsInOrder
        var counts: [[String]] = Sector.allCases.map { sector in
            let inSector = people.filter { $0.sector == sector }
            return [text.sector(sector), "\(inSector.count)", "\(inSector.filter(\.hasLeft).count)"]
        }
        counts.append([text.total, "\(people.count)", "\(people.filter(\.hasLeft).count)"])
        let organisationItems: [MinutesListItem] = Sector.allCases.compactMap { sector in
            let names = organisations(of: sector)
            guard !names.isEmpty else { return nil }
            return MinutesListItem(spans: [.strong(text.sector(sector))], children: names.map { MinutesListItem(spans: [.text($0)]) })
        }
        let list = people.map { p -> [String] in
            var sector = text.sector(p.sector)
            if let kind = p.otherKind { sector += " (\(text.otherKinds[kind] ?? kind.rawValue))" }
            return [label(of: p.id), sector, p.organisation.isEmpty ? text.none : p.organisation, text.roles[p.role] ?? p.role.rawValue]
        }
        var blocks: [MinutesBlock] = [
            .table(MinutesTableBlock(caption: nil, headers: [text.sector, text.count, text.left], rows: counts))
        ]
        if !organisationItems.isEmpty {
            blocks.append(.section(id: "organisations", title: text.organisations, style: nil, blocks: [.list(organisationItems)]))
        }
        blocks.append(
            .section(
                id: "people", title: text.participantList, style: nil,
                blocks: [
                    .table(MinutesTableBlock(caption: nil, headers: [text.name, text.sector, text.organisation, text.role], rows: list)),
                    .note(text.pseudonymNote),
                ]))
        return .section(id: "participants", title: text.participants, style: nil, blocks: blocks)
    }

    // MARK: - Rounds, summaries and inputs

    var roundsSection: MinutesBlock {
        var blocks: [MinutesBlock] = meeting.rounds.map(roundSection)
        let loose = inputGroups.filter { group in
            guard let round = group.round, let table = group.tableID else { return true }
            return index.tables[table] == nil || meeting.round(round.id) == nil
        }
        if !loose.isEmpty {
            let items = loose.flatMap { group in
                [MinutesListItem(spans: [.strong(tableName(group.tableID))], children: nest(group.entries))]
            }
            blocks.append(.section(id: "inputs-outside-rounds", title: text.inputsOutsideRounds, style: nil, blocks: [.list(items)]))
        }
        if blocks.isEmpty { blocks = [.note(text.none)] }
        return .section(id: "rounds", title: text.rounds, style: nil, blocks: blocks)
    }

    func roundSection(_ round: Round) -> MinutesBlock {
        var facts: [(String, String)] = []
        if let question = round.question { facts.append((text.question, question)) }
        facts.append((text.time, roundTime(round)))
        facts.append((text.status, text.roundStates[round.state] ?? round.state.rawValue))
        var blocks: [MinutesBlock] = [.facts(facts)]
        let seated = seating(of: round)
        if !seated.isEmpty {
            let rows = seated.map { table, members in
                [
                    table.name,
                    members.map { id in hosted(table, by: id, in: round) ? "\(label(of: id)) (\(text.host))" : label(of: id) }
                        .joined(separator: ", "),
                ]
            }
            blocks.append(.table(MinutesTableBlock(caption: text.seating, headers: [text.table, text.people], rows: rows)))
        }
        for table in meeting.tables {
            let entries = inputs(of: round, table: table.id)
            let summary = summary(of: round, table: table.id)
            guard !entries.isEmpty || summary != nil || index.seating[round.id]?[table.id] != nil else { continue }
            var tableBlocks: [MinutesBlock] = []
            if let summary {
                tableBlocks.append(.paragraph([.strong("\(text.summary) (\(label(of: summary.author))):"), .text(" \(summary.text)")]))
            }
            tableBlocks.append(entries.isEmpty ? .note(text.noInputs) : .list(nest(entries)))
            blocks.append(
                .section(id: "\(round.id)-\(table.id)", title: "\(table.name) – \(roundTitle(round))", style: nil, blocks: tableBlocks))
        }
        return .section(id: "round-\(round.id)", title: roundTitle(round), style: "round", blocks: blocks)
    }

    /// Flat thread entries as a nested list, replies under their parents.
    func nest(_ entries: [ThreadEntry]) -> [MinutesListItem] {
        var index = 0
        func items(atDepth depth: Int) -> [MinutesListItem] {
            var result: [MinutesListItem] = []
            while index < entries.count, entries[index].depth >= depth {
                let entry = entries[index]
                index += 1
                var item = MinutesListItem(spans: spans(for: entry.input))
                item.children = items(atDepth: entry.depth + 1)
                result.append(item)
            }
            return result
        }
        return items(atDepth: 0)
    }

    /// "[i3] förslag · Anna (civilsamhället, Förening X): text · 2 håller med · Återkoppling: tas vidare"
    func spans(for input: Input) -> [Span] {
        var spans: [Span] = [
            .text("[\(input.id)] "), .strong(input.replyTo == nil ? text.kind(input.kind) : text.reply),
            .text(" · \(label(of: input.author))"),
        ]
        if let affiliation = affiliation(of: input.author) { spans.append(.text(" (\(affiliation))")) }
        spans.append(.text(": "))
        if let hidden = input.hidden {
            spans.append(.emphasis(hiddenMark(hidden)))
        } else {
            spans.append(.text(input.text))
        }
        if !input.agreedBy.isEmpty { spans.append(.text(" · \(input.agreedBy.count) \(text.agree)")) }
        if let last = feedback(for: input.id).last {
            spans.append(.text(" · \(text.feedbackShort): \(text.status(last.status))"))
        }
        return spans
    }

    // MARK: - Questions

    var questionsSection: MinutesBlock {
        guard !meeting.questions.isEmpty else {
            return .section(id: "questions", title: text.questions, style: nil, blocks: [.note(text.none)])
        }
        return .section(id: "questions", title: text.questions, style: nil, blocks: meeting.questions.map(questionSection))
    }

    func questionSection(_ question: Question) -> MinutesBlock {
        var facts: [(String, String)] = [
            (text.kind, text.questionKinds[question.kind] ?? question.kind.rawValue),
            (text.time, MinutesClock.swedishTime(milliseconds: question.askedAt)),
        ]
        if let round = question.round.flatMap(meeting.round) { facts.append((text.round, "\(round.number)")) }
        facts.append((text.tables, question.tables.map { $0.map(tableName).joined(separator: ", ") } ?? text.allTables))
        if let topic = question.fromTopic { facts.append((text.fromTopic, topic)) }
        facts.append((text.respondents, "\(respondents(of: question))"))
        var blocks: [MinutesBlock] = [.facts(facts)]
        switch result(of: question) {
        case .choices(let counts):
            blocks.append(
                .table(
                    MinutesTableBlock(caption: nil, headers: [text.option, text.answers], rows: counts.map { [$0.option, "\($0.count)"] })))
        case .scale(let counts, let mean):
            blocks.append(
                .table(
                    MinutesTableBlock(
                        caption: nil, headers: [text.value, text.answers], rows: counts.enumerated().map { ["\($0 + 1)", "\($1)"] })))
            if let mean {
                blocks.append(.paragraph([.strong("\(text.mean):"), .text(" \(decimal(tenths: mean, language: meeting.info.language))")]))
            }
        case .words(let words):
            blocks.append(
                words.isEmpty
                    ? .note(text.noAnswers)
                    : .table(
                        MinutesTableBlock(caption: nil, headers: [text.word, text.answers], rows: words.map { [$0.word, "\($0.count)"] })))
        case .texts(let texts):
            blocks.append(texts.isEmpty ? .note(text.noAnswers) : .list(texts.map { MinutesListItem(spans: [.text($0)]) }))
        }
        return .section(id: "question-\(question.id)", title: "\(question.id): \(shownText(of: question))", style: nil, blocks: blocks)
    }

    // MARK: - Topics, commitments, exit poll, moderation

    var topicsSection: MinutesBlock {
        let rows = meeting.topics.map { topic -> [String] in
            let takenUp = topic.takenUpAs.map { id in meeting.question(id).map { "\(id): \(shownText(of: $0))" } ?? id } ?? text.notTakenUp
            return [topic.hidden.map(hiddenMark) ?? topic.text, label(of: topic.author), takenUp]
        }
        return .section(
            id: "topics", title: text.topics, style: nil,
            blocks: [
                rows.isEmpty
                    ? .note(text.none)
                    : .table(MinutesTableBlock(caption: nil, headers: [text.topic, text.proposedBy, text.takenUp], rows: rows))
            ])
    }

    var commitmentsSection: MinutesBlock {
        let rows = meeting.commitments.map { c -> [String] in
            [
                c.what, c.owners.map { "\($0.organisation) (\(text.sector($0.sector)))" }.joined(separator: "; "), c.due ?? text.none,
                c.step.map(text.step) ?? text.none, label(of: c.recordedBy),
            ]
        }
        return .section(
            id: "commitments", title: text.commitments, style: nil,
            blocks: [
                rows.isEmpty
                    ? .note(text.none)
                    : .table(
                        MinutesTableBlock(
                            caption: nil, headers: [text.what, text.owners, text.due, text.step, text.recordedBy], rows: rows))
            ])
    }

    var exitPollSection: MinutesBlock {
        let tally = exitPollTally
        let levels = DeclaredLevel.allCases
        var rows = Sector.allCases.map { sector in
            [text.sector(sector)] + levels.map { "\(tally[sector]?[$0] ?? 0)" } + ["\(tally[sector]?.values.reduce(0, +) ?? 0)"]
        }
        rows.append(
            [text.total] + levels.map { level in "\(tally.values.reduce(0) { $0 + ($1[level] ?? 0) })" } + ["\(meeting.exitPoll.count)"])
        return .section(
            id: "exit-poll", title: text.exitPoll, style: nil,
            blocks: [
                .paragraph([.text(text.exitPollQuestion)]),
                .table(MinutesTableBlock(caption: nil, headers: [text.sector] + levels.map(text.level) + [text.total], rows: rows)),
                .paragraph([.strong("\(text.declaredLevel):"), .text(" \(text.level(meeting.info.declaredLevel))")]),
            ])
    }

    var moderationSection: MinutesBlock {
        let rows = moderatedItems.map { item -> [String] in
            [item.label, item.place, MinutesClock.swedishTime(milliseconds: item.moderation.at), item.moderation.reason]
        }
        return .section(
            id: "moderation", title: text.moderation, style: nil,
            blocks: [
                rows.isEmpty
                    ? .note(text.noModeration)
                    : .table(MinutesTableBlock(caption: nil, headers: [text.input, text.place, text.time, text.reason], rows: rows))
            ])
    }

    // MARK: - Feedback

    var feedbackSection: MinutesBlock {
        var blocks: [MinutesBlock] = [.facts([(text.feedbackDue, meeting.feedbackDue ?? text.noFeedbackDue)])]
        let rows = inputsForFeedback.map { input -> [String] in
            let responses = feedback(for: input.id)
            let excerpt = input.hidden.map(hiddenMark) ?? input.text
            guard !responses.isEmpty else { return [input.id, excerpt, text.noFeedbackYet, ""] }
            let status = responses.map { text.status($0.status) }.joined(separator: " → ")
            let answers = responses.map {
                "\($0.text) (\(text.respondedBy) \(label(of: $0.by)), \(MinutesClock.swedishDate(milliseconds: $0.at)))"
            }
            return [input.id, excerpt, status, answers.joined(separator: " / ")]
        }
        if !rows.isEmpty {
            blocks.append(
                .table(MinutesTableBlock(caption: nil, headers: [text.input, text.inputText, text.status, text.feedback], rows: rows)))
        }
        let waiting = inputsWithoutFeedback
        blocks.append(
            .section(
                id: "without-feedback", title: text.withoutResponse, style: nil,
                blocks: [
                    waiting.isEmpty
                        ? .note(inputsForFeedback.isEmpty ? text.noneAsked : text.allResponded)
                        : .list(waiting.map { MinutesListItem(spans: [.text("[\($0.id)] \(label(of: $0.author)): \($0.text)")]) })
                ]))
        return .section(id: "feedback", title: text.feedback, style: nil, blocks: blocks)
    }
}
