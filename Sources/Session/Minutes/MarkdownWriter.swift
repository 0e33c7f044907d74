/// Renders the minutes outline as CommonMark with GFM tables; user text is escaped inline.
enum MarkdownWriter {
    static func render(_ document: MinutesDocument) -> String {
        var out = "# \(document.title.markdownInline)\n"
        if let subtitle = document.subtitle { out += "\n\(subtitle.markdownInline)\n" }
        for section in document.sections { write(section, depth: 2, into: &out) }
        if let footer = document.footer { out += "\n---\n\n_\(footer.markdownInline)_\n" }
        return out
    }

    static func write(_ block: MinutesBlock, depth: Int, into out: inout String) {
        switch block {
        case .section(_, let title, _, let blocks):
            out += "\n\(String(repeating: "#", count: min(depth, 6))) \(title.markdownInline)\n"
            for child in blocks { write(child, depth: depth + 1, into: &out) }
        case .paragraph(let spans):
            out += "\n\(inline(spans))\n"
        case .note(let note):
            out += "\n_\(note.markdownInline)_\n"
        case .facts(let pairs):
            out += "\n"
            for (label, value) in pairs { out += "- **\(label.markdownInline):** \(value.markdownInline)\n" }
        case .table(let table):
            out += "\n"
            if let caption = table.caption { out += "**\(caption.markdownInline)**\n\n" }
            out += "| " + table.headers.map(cell).joined(separator: " | ") + " |\n"
            out += "|" + table.headers.map { _ in " --- |" }.joined() + "\n"
            for row in table.rows { out += "| " + row.map(cell).joined(separator: " | ") + " |\n" }
        case .list(let items):
            out += "\n"
            for item in items { write(item, indent: 0, into: &out) }
        }
    }

    static func write(_ item: MinutesListItem, indent: Int, into out: inout String) {
        out += String(repeating: "  ", count: indent) + "- " + inline(item.spans) + "\n"
        for child in item.children { write(child, indent: indent + 1, into: &out) }
    }

    static func inline(_ spans: [Span]) -> String {
        spans.map { span in
            switch span {
            case .text(let s): s.markdownInline
            case .strong(let s): s.isEmpty ? "" : "**\(s.markdownInline)**"
            case .emphasis(let s): s.isEmpty ? "" : "_\(s.markdownInline)_"
            }
        }.joined()
    }

    static func cell(_ s: String) -> String { s.isEmpty ? " " : s.markdownInline }
}
