/// The participation-matrix section: the result is taken as JSON and rendered generically,
/// so the minutes follow the matrix as it grows without knowing its type.
extension Minutes {
    /// Keys the section lays out itself; any other key is listed as a plain fact.
    static let laidOutMatrixKeys: Set<String> = [
        "measured_level", "declared_level", "step", "confidence", "gap", "gap_text_sv", "gap_text_en", "evidence",
        "perceived", "rules", "not_enough_data", "reason_sv", "reason_en",
    ]

    var matrixSection: MinutesBlock {
        .section(id: "matrix", title: text.matrix, style: nil, blocks: matrixBlocks)
    }

    var matrixBlocks: [MinutesBlock] {
        guard let matrix, matrix != .null else { return [.note(text.noMatrix)] }
        guard let result = matrix.objectValue else { return [.paragraph([.text(display(matrix))])] }
        let sv = meeting.info.language == .sv
        var blocks: [MinutesBlock] = []
        if result["not_enough_data"]?.boolValue == true {
            blocks.append(.note(text.notEnoughData))
        }
        if let reason = (result[sv ? "reason_sv" : "reason_en"] ?? result["reason_en"])?.stringValue {
            blocks.append(.paragraph([.text(reason)]))
        }
        var facts: [(String, String)] = []
        let known: [(String, String)] = [
            ("measured_level", text.measuredLevel), ("declared_level", text.declaredLevel), ("step", text.decisionStep),
            ("confidence", text.confidence), ("gap", text.gap),
        ]
        let gapText = (result[sv ? "gap_text_sv" : "gap_text_en"] ?? result["gap_text_en"])?.stringValue ?? ""
        for (key, label) in known where !(key == "gap" && !gapText.isEmpty) {
            if let value = result[key], value != .null { facts.append((label, display(value))) }
        }
        for key in result.keys.sorted() where !Self.laidOutMatrixKeys.contains(key) {
            if let value = result[key], value != .null { facts.append((key, display(value))) }
        }
        if !facts.isEmpty { blocks.append(.facts(facts)) }
        if !gapText.isEmpty {
            blocks.append(.paragraph([.strong("\(text.gap):"), .text(" \(gapText)")]))
        }
        if let rules = result["rules"]?.arrayValue, !rules.isEmpty {
            let rows = rules.map { rule -> [String] in
                let name = rule[sv ? "name_sv" : "name_en"]?.stringValue ?? rule["name"].map(display) ?? display(rule)
                let met = rule["met"]?.boolValue.map { $0 ? text.met : text.notMet } ?? text.none
                return [name, rule["threshold"].map(display) ?? text.none, met]
            }
            blocks.append(.table(MinutesTableBlock(caption: text.rules, headers: [text.rule, text.threshold, text.fulfilled], rows: rows)))
        }
        if let evidence = result["evidence"], evidence != .null {
            let rows = flattened(evidence).map { [$0.key, $0.value] }
            if !rows.isEmpty {
                blocks.append(.table(MinutesTableBlock(caption: text.evidence, headers: [text.evidence, text.value], rows: rows)))
            }
        }
        if let perceived = result["perceived"]?.objectValue, !perceived.isEmpty {
            let sectors = perceived.keys.sorted(by: text.termOrder)
            let rows = sectors.map { [text.term($0), display(perceived[$0]!)] }
            blocks.append(.table(MinutesTableBlock(caption: text.perceived, headers: [text.sector, text.answers], rows: rows)))
        }
        return blocks.isEmpty ? [.note(text.noMatrix)] : blocks
    }


    /// Nested objects as `a.b` keys in sorted order, values displayed.
    func flattened(_ value: JSONValue, prefix: String = "") -> [(key: String, value: String)] {
        guard let object = value.objectValue else { return [(prefix.isEmpty ? text.value : prefix, display(value))] }
        return object.keys.sorted().flatMap { key -> [(key: String, value: String)] in
            let path = prefix.isEmpty ? key : "\(prefix).\(key)"
            if case .object = object[key]! { return flattened(object[key]!, prefix: path) }
            return [(path, display(object[key]!))]
        }
    }

    /// A JSON value in words: levels and sectors translated, numbers in the meeting's language.
    func display(_ value: JSONValue) -> String {
        switch value {
        case .null: text.none
        case .bool(let b): b ? text.yes : text.no
        case .int(let i): String(i)
        case .double(let d): number(d)
        case .string(let s): text.term(s)
        case .array(let items): items.map(display).joined(separator: ", ")
        case .object(let object):
            object.keys.sorted(by: text.termOrder).map { "\(text.term($0)): \(display(object[$0]!))" }.joined(separator: ", ")
        }
    }

    /// A number with at most two decimals, comma-separated in Swedish.
    func number(_ d: Double) -> String {
        guard d.isFinite else { return text.none }
        let hundredths = Int64((d * 100).rounded())
        let sign = hundredths < 0 ? "-" : ""
        let magnitude = hundredths.magnitude
        let whole = magnitude / 100, fraction = magnitude % 100
        if fraction == 0 { return "\(sign)\(whole)" }
        let separator = meeting.info.language == .sv ? "," : "."
        let digits = fraction % 10 == 0 ? "\(fraction / 10)" : (fraction < 10 ? "0\(fraction)" : "\(fraction)")
        return "\(sign)\(whole)\(separator)\(digits)"
    }
}
