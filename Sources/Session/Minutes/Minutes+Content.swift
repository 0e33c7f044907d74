/// The facts the minutes derive from a meeting, shared by every format.
extension Minutes {
    /// One input in its thread, with its depth below the top-level input (0 for top level).
    struct ThreadEntry {
        var input: Input
        var depth: Int
    }

    /// The inputs of one round at one table, as threads in the order they were written.
    struct InputGroup {
        var round: Round?
        var tableID: String?
        var entries: [ThreadEntry]
    }

    /// The result of a pushed question.
    enum QuestionResult {
        case choices([(option: String, count: Int)])
        case scale(counts: [Int], meanTenths: Int?)
        case words([(word: String, count: Int)])
        case texts([String])
    }

    // MARK: - People

    /// 1-based join order: the number in a participant's pseudonym.
    func joinNumber(of id: String) -> Int? {
        index.joinNumbers[id]
    }

    /// How the minutes name someone: their name if they allowed it, else "Deltagare N".
    func label(of id: String) -> String {
        if id == Actor.facilitator.storageKey { return text.facilitator }
        guard let p = meeting.participants[id] else { return id }
        if p.showName { return p.name }
        return "\(text.participant) \(joinNumber(of: id) ?? 0)"
    }

    /// "civilsamhället, Förening X" for someone, or just the sector when no organisation is given.
    func affiliation(of id: String) -> String? {
        guard let p = meeting.participants[id] else { return nil }
        var sector = text.sector(p.sector)
        if let kind = p.otherKind { sector += " – \(text.otherKinds[kind] ?? kind.rawValue)" }
        return p.organisation.isEmpty ? sector : "\(sector), \(p.organisation)"
    }

    var participantsInOrder: [Participant] { meeting.participantOrder.compactMap { meeting.participants[$0] } }

    /// Distinct organisations of a sector, sorted.
    func organisations(of sector: Sector) -> [String] {
        let names = Set(participantsInOrder.filter { $0.sector == sector && !$0.organisation.isEmpty }.map(\.organisation))
        return names.sorted(by: textOrder)
    }

    // MARK: - Tables and rounds

    func tableName(_ id: String?) -> String {
        guard let id else { return text.none }
        return index.tables[id]?.name ?? id
    }

    func roundTitle(_ round: Round) -> String { "\(text.round) \(round.number)" }

    /// "18:05–18:25 (20 min planerat)"; only the planned length when the round has not run.
    func roundTime(_ round: Round) -> String {
        let planned = "\(round.minutes) min \(text.plannedMinutes)"
        guard let start = round.startedAt else { return planned }
        let end = round.closedAt.map(MinutesClock.swedishTime) ?? ""
        return "\(MinutesClock.swedishTime(milliseconds: start))–\(end) (\(planned))"
    }

    /// The people at each table of a round, tables in their order, hosts first marked.
    func seating(of round: Round) -> [(table: CafeTable, members: [String])] {
        let byTable = index.seating[round.id] ?? [:]
        return meeting.tables.compactMap { table in byTable[table.id].map { (table, $0) } }
    }

    /// Whether someone hosted a table in a round: as the round recorded it once started, else
    /// (a round seated ahead) as the table's hosts are now.
    func hosted(_ table: CafeTable, by id: String, in round: Round) -> Bool {
        round.startedAt == nil ? table.hosts.contains(id) : round.hosts[table.id]?.contains(id) == true
    }

    // MARK: - Inputs

    /// Inputs grouped by round (in round order) and table (in table order), replies under
    /// their parent; inputs without a round or table come last.
    var inputGroups: [InputGroup] {
        let roundRank = Dictionary(uniqueKeysWithValues: meeting.rounds.map { ($0.id, $0.number) })
        let tableRank = Dictionary(uniqueKeysWithValues: meeting.tables.enumerated().map { ($1.id, $0) })
        var keys: [String] = []
        var byKey: [String: [Input]] = [:]
        for input in meeting.inputs {
            let key = "\(input.round ?? "")|\(input.table ?? "")"
            if byKey[key] == nil { keys.append(key) }
            byKey[key, default: []].append(input)
        }
        func rank(_ input: Input) -> (Int, Int) {
            (input.round.flatMap { roundRank[$0] } ?? Int.max, input.table.flatMap { tableRank[$0] } ?? Int.max)
        }
        let ordered = keys.sorted { a, b in
            let ra = rank(byKey[a]![0]), rb = rank(byKey[b]![0])
            return ra != rb ? ra < rb : a < b
        }
        return ordered.map { key in
            let inputs = byKey[key]!
            return InputGroup(
                round: inputs[0].round.flatMap(meeting.round), tableID: inputs[0].table, entries: threads(of: inputs))
        }
    }

    /// Top-level inputs in order, each followed by its replies (depth-first). A reply whose
    /// parent is not in the list counts as top level, so nothing is lost.
    func threads(of inputs: [Input]) -> [ThreadEntry] {
        let ids = Set(inputs.map(\.id))
        var children: [String: [Input]] = [:]
        var roots: [Input] = []
        for input in inputs {
            if let parent = input.replyTo, ids.contains(parent), parent != input.id {
                children[parent, default: []].append(input)
            } else {
                roots.append(input)
            }
        }
        var out: [ThreadEntry] = []
        var seen: Set<String> = []
        func visit(_ input: Input, depth: Int) {
            guard seen.insert(input.id).inserted else { return }
            out.append(ThreadEntry(input: input, depth: depth))
            for child in children[input.id] ?? [] { visit(child, depth: depth + 1) }
        }
        for root in roots { visit(root, depth: 0) }
        // A cycle of replies has no root; keep its inputs at top level rather than drop them.
        for input in inputs where !seen.contains(input.id) { visit(input, depth: 0) }
        return out
    }

    func inputs(of round: Round, table: String) -> [ThreadEntry] {
        threads(of: index.inputs[round.id]?[table] ?? [])
    }

    func summary(of round: Round, table: String) -> Summary? {
        meeting.summaries.first { $0.round == round.id && $0.table == table }
    }

    /// The moderation mark shown instead of a hidden input's text.
    func hiddenMark(_ moderation: Moderation) -> String { "[\(text.hiddenByModerator): \(moderation.reason)]" }

    /// The moderation of the topic a question was taken up from, when that topic was hidden: the
    /// question carries the topic's words, so they leave the minutes with it.
    func hiddenTopic(of question: Question) -> Moderation? {
        question.fromTopic.flatMap { id in meeting.topics.first { $0.id == id }?.hidden }
    }

    /// A question's text as the minutes show it.
    func shownText(of question: Question) -> String { hiddenTopic(of: question).map(hiddenMark) ?? question.text }

    // MARK: - Feedback

    /// Every response that names the input, oldest first.
    func feedback(for inputID: String) -> [Feedback] {
        index.feedback[inputID] ?? []
    }

    /// Whether an input asks the public side for a response: a visible top-level input by civil
    /// society or another actor. The public side's own inputs do not, as in the matrix.
    func asksForFeedback(_ input: Input) -> Bool {
        input.replyTo == nil && input.hidden == nil && meeting.participants[input.author]?.sector != .public
    }

    /// Inputs that ask for a response, plus any input already answered.
    var inputsForFeedback: [Input] {
        meeting.inputs.filter { asksForFeedback($0) || !feedback(for: $0.id).isEmpty }
    }

    /// Inputs that ask for a response and have none yet.
    var inputsWithoutFeedback: [Input] {
        meeting.inputs.filter { asksForFeedback($0) && feedback(for: $0.id).isEmpty }
    }

    // MARK: - Questions and polls

    func result(of question: Question) -> QuestionResult {
        let given = (meeting.answers[question.id] ?? [:]).sorted { idOrder($0.key, $1.key) }.map(\.value)
        switch question.kind {
        case .single, .multiple:
            var counts: [String: Int] = [:]
            for case .choices(let picked) in given { for option in picked { counts[option, default: 0] += 1 } }
            return .choices(question.options.map { ($0, counts[$0] ?? 0) })
        case .scale:
            var counts = [Int](repeating: 0, count: 5)
            var sum: Int64 = 0
            var n: Int64 = 0
            for case .scale(let value) in given where (1...5).contains(value) {
                counts[Int(value) - 1] += 1
                sum += value
                n += 1
            }
            return .scale(counts: counts, meanTenths: n == 0 ? nil : Int((sum * 20 + n) / (2 * n)))
        case .wordCloud:
            var counts: [String: Int] = [:]
            for case .text(let word) in given { counts[word.trimmingWhitespace.lowercased(), default: 0] += 1 }
            return .words(
                counts.sorted { $0.value != $1.value ? $0.value > $1.value : textOrder($0.key, $1.key) }.map { ($0.key, $0.value) })
        case .open:
            var texts: [String] = []
            for case .text(let answer) in given { texts.append(answer) }
            return .texts(texts.sorted(by: textOrder))
        }
    }

    func respondents(of question: Question) -> Int { meeting.answers[question.id]?.count ?? 0 }

    /// Exit-poll answers: sector → level → count.
    var exitPollTally: [Sector: [DeclaredLevel: Int]] {
        var tally: [Sector: [DeclaredLevel: Int]] = [:]
        for (id, level) in meeting.exitPoll {
            guard let sector = meeting.participants[id]?.sector else { continue }
            tally[sector, default: [:]][level, default: 0] += 1
        }
        return tally
    }

    /// Something a facilitator hid: an input, a topic or an answer.
    struct ModeratedItem {
        /// What was hidden, as the minutes name it: `i3`, `k2`, or a question's id and who answered.
        let label: String
        /// Where it was: the round and table of an input, the topics, or the question's text.
        let place: String
        let moderation: Moderation
        /// The item's ids for the JSON minutes.
        let ids: [(String, JSONValue)]
    }

    /// Hidden inputs, topics and answers in the order they were hidden.
    var moderatedItems: [ModeratedItem] {
        var items = meeting.inputs.compactMap { input -> ModeratedItem? in
            guard let hidden = input.hidden else { return nil }
            let place = [input.round.flatMap(meeting.round).map(roundTitle), input.table.map(tableName)].compactMap { $0 }
            return ModeratedItem(label: input.id, place: place.joined(separator: ", "), moderation: hidden, ids: [("input", .string(input.id))])
        }
        for topic in meeting.topics {
            guard let hidden = topic.hidden else { continue }
            items.append(ModeratedItem(label: topic.id, place: text.topics, moderation: hidden, ids: [("topic", .string(topic.id))]))
        }
        // Answers are anonymous everywhere else in the minutes, which everyone who took part may
        // read: a hidden one is named by its question alone. The JSON (facilitator key) keeps who.
        for (questionID, byParticipant) in meeting.hiddenAnswers.sorted(by: { $0.key < $1.key }) {
            let byJoin = byParticipant.sorted { (joinNumber(of: $0.key) ?? 0) < (joinNumber(of: $1.key) ?? 0) }
            for (participant, hidden) in byJoin {
                items.append(
                    ModeratedItem(
                        label: "\(questionID) · \(text.answer)", place: meeting.question(questionID).map(shownText) ?? questionID,
                        moderation: hidden, ids: [("question", .string(questionID)), ("participant", .string(participant))]))
            }
        }
        return items.enumerated().sorted { a, b in
            if a.element.moderation.at != b.element.moderation.at { return a.element.moderation.at < b.element.moderation.at }
            return a.element.label != b.element.label ? textOrder(a.element.label, b.element.label) : a.offset < b.offset
        }.map(\.element)
    }
}

/// Swedish alphabetical order (å, ä, ö after z; é with e, ü with y), case-insensitive, ties
/// broken by the exact text, so sorting is total and stable.
func textOrder(_ a: String, _ b: String) -> Bool {
    let ka = swedishSortKey(a), kb = swedishSortKey(b)
    return ka != kb ? ka.lexicographicallyPrecedes(kb) : a < b
}

/// A text's letters as sort weights in the Swedish alphabet. Letters outside it keep their code
/// point, after z, å, ä and ö are placed; digits and punctuation come before letters.
private func swedishSortKey(_ text: String) -> [UInt32] {
    let z = ("z" as Unicode.Scalar).value
    return text.lowercased().unicodeScalars.map { scalar in
        let folded = swedishFold[scalar] ?? scalar
        switch folded {
        case "å": return z + 1
        case "ä": return z + 2
        case "ö": return z + 3
        default: return folded.value <= z ? folded.value : folded.value + 0x100
        }
    }
}

/// Letters a Swedish dictionary files with another one (SAOL: é with e, ü with y, æ with ä, ø with ö).
private let swedishFold: [Unicode.Scalar: Unicode.Scalar] = [
    "á": "a", "à": "a", "â": "a", "ã": "a", "é": "e", "è": "e", "ê": "e", "ë": "e", "í": "i", "ì": "i", "î": "i", "ï": "i",
    "ó": "o", "ò": "o", "ô": "o", "õ": "o", "ú": "u", "ù": "u", "û": "u", "ü": "y", "ý": "y", "ñ": "n", "ç": "c", "æ": "ä",
    "ø": "ö",
]

/// "3,5" or "3.5" from tenths.
func decimal(tenths: Int, language: Language) -> String {
    "\(tenths / 10)\(language == .sv ? "," : ".")\(tenths % 10)"
}
