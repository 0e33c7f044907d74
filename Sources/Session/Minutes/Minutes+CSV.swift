/// The inputs as a spreadsheet: one record per input, replies included, in thread order.
extension Minutes {
    static let csvColumns = [
        "meeting_code", "round", "round_question", "table", "input_id", "reply_to", "kind", "author_label", "author_sector",
        "author_organisation", "text", "agree_count", "hidden", "hidden_reason", "feedback_status", "feedback_text", "at", "at_local",
    ]

    /// RFC 4180 text with CRLF line ends and a header record, after a byte-order mark: without
    /// it, Excel reads the UTF-8 as its local code page and garbles å, ä and ö. A hidden input's
    /// text is left empty; `hidden` and `hidden_reason` say why. Feedback columns hold the latest
    /// response. A reply's `kind` is `reply` (its thread is in `reply_to`), so that counting by
    /// kind counts what people opened. `at` is UTC (ISO 8601); `at_local` is the same moment in Swedish time as
    /// `YYYY-MM-DD HH:MM`, which spreadsheets read as a date and time.
    ///
    /// A Swedish meeting's CSV is separated by `;`, as Excel with Swedish settings expects (it
    /// uses the decimal comma); an English one by `,`.
    var csv: String {
        let separator = csvSeparator
        var out = "\u{FEFF}" + Self.csvColumns.joined(separator: separator) + "\r\n"
        for group in inputGroups {
            for entry in group.entries {
                let input = entry.input
                let author = meeting.participants[input.author]
                let latest = feedback(for: input.id).last
                let record: [String] = [
                    meeting.code, group.round.map { "\($0.number)" } ?? "", group.round?.question ?? "",
                    input.table.map(tableName) ?? "", input.id, input.replyTo ?? "", input.replyTo == nil ? input.kind.rawValue : "reply", label(of: input.author),
                    author?.sector.rawValue ?? "", author?.organisation ?? "", input.hidden == nil ? input.text : "",
                    "\(input.agreedBy.count)", input.hidden == nil ? "false" : "true", input.hidden?.reason ?? "",
                    latest?.status.rawValue ?? "", latest?.text ?? "", MinutesClock.iso8601(milliseconds: input.at),
                    MinutesClock.swedishDateTime(milliseconds: input.at),
                ]
                out += record.map(\.csvField).joined(separator: separator) + "\r\n"
            }
        }
        return out
    }

    /// The field separator of the CSV: `;` for a Swedish meeting, `,` for an English one.
    var csvSeparator: String { meeting.info.language == .sv ? ";" : "," }
}
