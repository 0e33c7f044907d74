/// The participation-matrix section: the result is taken as JSON and rendered generically,
/// so the minutes follow the matrix as it grows without depending on its type.
///
/// Texts may come as `{"sv": …, "en": …}` objects or as `…_sv` / `…_en` keys; either way the
/// meeting's language is picked. Level, step and sector spellings are put into words.
extension Minutes {
    /// Keys the section lays out itself; any other key is listed as a plain fact.
    static let laidOutMatrixKeys: Set<String> = [
        "measured_level", "measured_label", "measured_as_declared", "declared_level", "declared_step", "step", "steps",
        "confidence", "gap", "gap_text", "gap_text_sv", "gap_text_en", "evidence", "perceived", "rules", "not_enough_data",
        "reason", "reason_sv", "reason_en",
    ]

    var matrixSection: MinutesBlock {
        .section(id: "matrix", title: text.matrix, style: nil, blocks: matrixBlocks)
    }

    var matrixBlocks: [MinutesBlock] {
        guard let matrix, matrix != .null else { return [.note(text.noMatrix)] }
        guard let result = matrix.objectValue else { return [.paragraph([.text(display(matrix))])] }
        var blocks: [MinutesBlock] = []
        let notEnoughData = result["not_enough_data"]?.boolValue == true
        if notEnoughData { blocks.append(.note(text.notEnoughData)) }
        if let reason = localized(matrix, "reason"), !reason.isEmpty { blocks.append(.paragraph([.text(reason)])) }

        var facts: [(String, String)] = []
        if let measured = localized(matrix, "measured_label") ?? result["measured_level"].flatMap(displayUnlessNull) {
            facts.append((text.measuredLevel, measured))
        }
        let gapText = localized(matrix, "gap_text") ?? ""
        let known: [(String, String)] = [
            ("declared_level", text.declaredLevel), ("declared_step", text.decisionStep), ("step", text.decisionStep),
            ("steps", text.matrixSteps), ("confidence", text.confidence), ("gap", text.gap),
        ]
        // Nothing measured, nothing to compare: "gap: no" would read as the announced level confirmed.
        for (key, label) in known where !(key == "gap" && (!gapText.isEmpty || notEnoughData)) {
            if let value = result[key].flatMap(displayUnlessNull) { facts.append((label, value)) }
        }
        for key in result.keys.sorted() where !Self.laidOutMatrixKeys.contains(key) {
            if let value = result[key].flatMap(displayUnlessNull) { facts.append((key, value)) }
        }
        if !facts.isEmpty { blocks.append(.facts(facts)) }
        if !gapText.isEmpty { blocks.append(.paragraph([.strong("\(text.gap):"), .text(" \(gapText)")])) }

        if let rules = result["rules"]?.arrayValue, !rules.isEmpty {
            let observed = rules.contains { $0["observed"] != nil }
            let rows = rules.map { rule -> [String] in
                let name = localized(rule, "text") ?? localized(rule, "name") ?? rule["id"].map(display) ?? display(rule)
                let met = rule["met"]?.boolValue.map { $0 ? text.met : text.notMet } ?? text.none
                let threshold = rule["threshold"].map(display) ?? text.none
                return observed ? [name, threshold, rule["observed"].map(display) ?? text.none, met] : [name, threshold, met]
            }
            let headers =
                observed ? [text.rule, text.threshold, text.observed, text.fulfilled] : [text.rule, text.threshold, text.fulfilled]
            blocks.append(.table(MinutesTableBlock(caption: text.rules, headers: headers, rows: rows)))
        }
        if let evidence = result["evidence"], evidence != .null {
            let rows = flattened(evidence).map { [evidenceLabel($0.key), $0.value] }
            if !rows.isEmpty {
                blocks.append(.table(MinutesTableBlock(caption: text.evidence, headers: [text.evidence, text.value], rows: rows)))
            }
        }
        if let perceived = result["perceived"]?.objectValue {
            let bySector = perceived["by_sector"]?.objectValue ?? perceived.filter { Sector(rawValue: $0.key) != nil }
            if !bySector.isEmpty {
                let rows = bySector.keys.sorted(by: text.termOrder).map { [text.term($0), tally(bySector[$0]!)] }
                blocks.append(.table(MinutesTableBlock(caption: text.perceived, headers: [text.sector, text.answers], rows: rows)))
            }
            if let note = localized(.object(perceived), "note"), !note.isEmpty { blocks.append(.paragraph([.text(note)])) }
        }
        return blocks.isEmpty ? [.note(text.noMatrix)] : blocks
    }

    /// An evidence path (`voice.per_person.civil`) in words: "Röst › Bidrag per närvarande › Civilsamhälle".
    func evidenceLabel(_ path: String) -> String {
        path.split(separator: ".").map { part -> String in
            let raw = String(part)
            if let words = MatrixEvidenceWords.words[raw] { return meeting.info.language == .en ? words.en : words.sv }
            return text.term(raw)
        }.joined(separator: " › ")
    }

    /// A text in the meeting's language: `key` as a string or `{sv, en}` object, else `key_sv` / `key_en`.
    func localized(_ object: JSONValue, _ key: String) -> String? {
        let language = meeting.info.language.rawValue
        if let value = object[key] {
            if let s = value.stringValue { return s }
            if let s = (value[language] ?? value["en"])?.stringValue { return s }
        }
        return (object["\(key)_\(language)"] ?? object["\(key)_en"])?.stringValue
    }

    /// "samråd: 2, information: 1" from level → count, leaving out zeros.
    func tally(_ value: JSONValue) -> String {
        guard let counts = value.objectValue else { return display(value) }
        let parts = counts.keys.sorted(by: text.termOrder).compactMap { key -> String? in
            if let n = counts[key]?.intValue, n == 0 { return nil }
            return "\(text.term(key)): \(display(counts[key]!))"
        }
        return parts.isEmpty ? text.none : parts.joined(separator: ", ")
    }

    /// Nested objects as `a.b` keys in sorted order, values displayed.
    func flattened(_ value: JSONValue, prefix: String = "") -> [(key: String, value: String)] {
        guard let object = value.objectValue, !isBilingual(value) else {
            return [(prefix.isEmpty ? text.value : prefix, display(value))]
        }
        return object.keys.sorted().flatMap { key -> [(key: String, value: String)] in
            let path = prefix.isEmpty ? key : "\(prefix).\(key)"
            if case .object = object[key]!, !isBilingual(object[key]!) { return flattened(object[key]!, prefix: path) }
            return [(path, display(object[key]!))]
        }
    }

    func isBilingual(_ value: JSONValue) -> Bool {
        guard let object = value.objectValue else { return false }
        return object.count == 2 && object["sv"]?.stringValue != nil && object["en"]?.stringValue != nil
    }

    func displayUnlessNull(_ value: JSONValue) -> String? { value == .null ? nil : display(value) }

    /// A JSON value in words: levels and sectors translated, numbers in the meeting's language.
    func display(_ value: JSONValue) -> String {
        switch value {
        case .null: text.none
        case .bool(let b): b ? text.yes : text.no
        case .int(let i): String(i)
        case .double(let d): number(d)
        case .string(let s): text.term(s)
        case .array(let items): items.isEmpty ? text.none : items.map(display).joined(separator: ", ")
        case .object(let object):
            isBilingual(value)
                ? (object[meeting.info.language.rawValue]?.stringValue ?? "")
                : object.keys.sorted(by: text.termOrder).map { "\(text.term($0)): \(display(object[$0]!))" }.joined(separator: ", ")
        }
    }

    /// A number with at most three decimals, comma-separated in Swedish.
    func number(_ d: Double) -> String {
        guard d.isFinite else { return text.none }
        let thousandths = Int64((d * 1000).rounded())
        let sign = thousandths < 0 ? "-" : ""
        let magnitude = thousandths.magnitude
        let whole = magnitude / 1000
        var fraction = String(magnitude % 1000)
        if fraction == "0" { return "\(sign)\(whole)" }
        fraction = String(repeating: "0", count: 3 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(sign)\(whole)\(meeting.info.language == .sv ? "," : ".")\(fraction)"
    }
}
