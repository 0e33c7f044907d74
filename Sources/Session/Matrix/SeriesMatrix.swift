/// The meetings of a series placed on the Code's grid: measured level (rows) × decision step (columns).
///
/// A meeting stands in its measured row at each of its steps (the declared step and the
/// steps its commitments name). Meetings without enough data stand apart as unclassified.
public struct SeriesMatrix: Equatable, Sendable {
    /// One meeting as the grid shows it.
    public struct Entry: Equatable, Sendable {
        public var code: String
        public var title: String
        public var date: String
        public var declaredLevel: DeclaredLevel
        public var measuredLevel: MeasuredLevel?
        public var steps: [DecisionStep]
        public var gap: Bool
        public var confidence: MatrixConfidence

        init(meeting: Meeting, result: MatrixResult) {
            code = meeting.code
            title = meeting.info.title
            date = meeting.info.date
            declaredLevel = result.declaredLevel
            measuredLevel = result.measuredLevel
            steps = result.steps
            gap = result.gap
            confidence = result.confidence
        }

        public var json: JSONValue {
            [
                "code": .string(code), "title": .string(title), "date": .string(date),
                "declared_level": .string(declaredLevel.rawValue),
                "measured_level": measuredLevel.map { .string($0.rawValue) } ?? .null,
                "steps": .array(steps.map { .string($0.rawValue) }), "gap": .bool(gap),
                "confidence": .string(confidence.rawValue),
            ]
        }
    }

    /// The meetings by date, then code.
    public var entries: [Entry]

    init(_ entries: [Entry]) {
        self.entries = entries.sorted { ($0.date, $0.code) < ($1.date, $1.code) }
    }

    /// The meetings in one cell of the grid.
    public func cell(_ level: MeasuredLevel, _ step: DecisionStep) -> [Entry] {
        entries.filter { $0.measuredLevel == level && $0.steps.contains(step) }
    }

    /// Meetings with too little data to place.
    public var unclassified: [Entry] { entries.filter { $0.measuredLevel == nil } }

    public var json: JSONValue {
        var cells: [JSONValue] = []
        for level in MeasuredLevel.allCases.reversed() {
            for step in DecisionStep.allCases {
                let codes = cell(level, step).map(\.code)
                guard !codes.isEmpty else { continue }
                cells.append([
                    "level": .string(level.rawValue), "step": .string(step.rawValue),
                    "meetings": .array(codes.map(JSONValue.string)),
                ])
            }
        }
        return [
            "levels": .array(MeasuredLevel.allCases.reversed().map { .string($0.rawValue) }),
            "steps": .array(DecisionStep.allCases.map { .string($0.rawValue) }), "cells": .array(cells),
            "meetings": .array(entries.map(\.json)), "unclassified": .array(unclassified.map { .string($0.code) }),
        ]
    }

    /// The grid as plain text for the terminal and the minutes: highest level on top, a `!`
    /// after a code whose measured level is below the declared one, then one line per meeting.
    public func rendered(in language: Language) -> String {
        let sv = language == .sv
        let corner = sv ? "nivå \\ steg" : "level \\ step"
        let header = [corner] + DecisionStep.allCases.map { MatrixLabels.of($0).text(in: language) }
        var rows = [header]
        for level in MeasuredLevel.allCases.reversed() {
            rows.append(
                [level.label(in: language)]
                    + DecisionStep.allCases.map { step in
                        cell(level, step).map { $0.code + ($0.gap ? "!" : "") }.joined(separator: " ")
                    })
        }
        var widths = [Int](repeating: 0, count: header.count)
        for row in rows { for (i, text) in row.enumerated() { widths[i] = max(widths[i], text.count) } }
        func line(_ row: [String]) -> String {
            row.enumerated().map { i, text in text + String(repeating: " ", count: widths[i] - text.count) }
                .joined(separator: " | ").trimmingTrailingSpaces()
        }
        var out = [line(rows[0]), widths.map { String(repeating: "-", count: $0) }.joined(separator: "-+-")]
        out += rows.dropFirst().map(line)
        if !unclassified.isEmpty {
            out.append((sv ? "För lite underlag: " : "Not enough data: ") + unclassified.map(\.code).joined(separator: " "))
        }
        out.append("")
        for entry in entries {
            let declared = MatrixLabels.of(entry.declaredLevel).text(in: language)
            let measured = entry.measuredLevel?.label(in: language) ?? (sv ? "för lite underlag" : "not enough data")
            let gap = entry.gap ? (sv ? " (glapp)" : " (gap)") : ""
            out.append(
                "\(entry.code)  \(entry.date)  \(entry.title) — "
                    + (sv ? "annonserat \(declared), uppmätt \(measured)\(gap)" : "declared \(declared), measured \(measured)\(gap)"))
        }
        return out.joined(separator: "\n") + "\n"
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
