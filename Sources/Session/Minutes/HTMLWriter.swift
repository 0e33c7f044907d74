/// Renders the minutes outline as a complete HTML5 document.
///
/// No inline style or script (the site's CSP forbids both): presentation comes from
/// the stylesheet (`/minutes.css` on the server), which also carries the print rules. A copy
/// that travels carries the stylesheet inside instead (`embeddedStyle`). Every text goes
/// through `htmlEscaped`.
enum HTMLWriter {
    /// `</` written as `<\/` (the same in CSS), so a stylesheet cannot end its `<style>` early.
    static func closingTagsEscaped(_ css: String) -> String {
        var out = ""
        var previous: Character = " "
        for character in css {
            if previous == "<" && character == "/" { out.append("\\") }
            out.append(character)
            previous = character
        }
        return out
    }

    static func render(_ document: MinutesDocument, language: Language, stylesheet: String, embeddedStyle: String? = nil) -> String {
        let style =
            embeddedStyle.map { "<style>\n\(closingTagsEscaped($0))\n</style>" }
            ?? "<link rel=\"stylesheet\" href=\"\(stylesheet.htmlEscaped)\">"
        var out = """
            <!doctype html>
            <html lang="\(language.rawValue)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(document.title.htmlEscaped)</title>
            \(style)
            </head>
            <body>
            <header>
            <h1>\(document.title.htmlEscaped)</h1>

            """
        if let subtitle = document.subtitle { out += "<p class=\"subtitle\">\(subtitle.htmlEscaped)</p>\n" }
        out += "</header>\n<nav aria-label=\"\(navigationLabel(language).htmlEscaped)\">\n<ol>\n"
        for case .section(let id, let title, _, _) in document.sections {
            out += "<li><a href=\"#\(id.htmlEscaped)\">\(title.htmlEscaped)</a></li>\n"
        }
        out += "</ol>\n</nav>\n<main>\n"
        for section in document.sections { write(section, depth: 2, into: &out) }
        out += "</main>\n"
        if let footer = document.footer { out += "<footer>\n<p>\(footer.htmlEscaped)</p>\n</footer>\n" }
        out += "</body>\n</html>\n"
        return out
    }

    static func navigationLabel(_ language: Language) -> String { MinutesText.of(language).contents }

    static func write(_ block: MinutesBlock, depth: Int, into out: inout String) {
        switch block {
        case .section(let id, let title, let style, let blocks):
            let level = min(depth, 6)
            let classAttribute = style.map { " class=\"\($0.htmlEscaped)\"" } ?? ""
            out += "<section id=\"\(id.htmlEscaped)\"\(classAttribute) aria-labelledby=\"\(id.htmlEscaped)-h\">\n"
            out += "<h\(level) id=\"\(id.htmlEscaped)-h\">\(title.htmlEscaped)</h\(level)>\n"
            for child in blocks { write(child, depth: depth + 1, into: &out) }
            out += "</section>\n"
        case .paragraph(let spans):
            out += "<p>\(inline(spans))</p>\n"
        case .note(let note):
            out += "<p class=\"note\">\(note.htmlEscaped)</p>\n"
        case .facts(let pairs):
            out += "<dl class=\"facts\">\n"
            for (label, value) in pairs { out += "<dt>\(label.htmlEscaped)</dt><dd>\(value.htmlEscaped)</dd>\n" }
            out += "</dl>\n"
        case .table(let table):
            out += "<table>\n"
            if let caption = table.caption { out += "<caption>\(caption.htmlEscaped)</caption>\n" }
            out += "<thead>\n<tr>"
            for header in table.headers { out += "<th scope=\"col\">\(header.htmlEscaped)</th>" }
            out += "</tr>\n</thead>\n<tbody>\n"
            for row in table.rows {
                out += "<tr>"
                for (index, cell) in row.enumerated() {
                    if index == 0 && table.rowHeaders {
                        out += "<th scope=\"row\">\(cell.htmlEscaped)</th>"
                    } else {
                        out += "<td>\(cell.htmlEscaped)</td>"
                    }
                }
                out += "</tr>\n"
            }
            out += "</tbody>\n</table>\n"
        case .list(let items):
            write(items, into: &out)
            out += "\n"
        }
    }

    /// A list item keeps the line breaks typed in it (`white-space: pre-line` in the stylesheet),
    /// so nothing but the item's own text stands between its tags and a nested list's: a line
    /// break there would show as an empty line. Between `<ul>` and `<li>` one does no harm
    /// (`ul` has `white-space: normal`).
    static func write(_ items: [MinutesListItem], into out: inout String) {
        out += "<ul>\n"
        for item in items {
            out += "<li>\(inline(item.spans))"
            if !item.children.isEmpty { write(item.children, into: &out) }
            out += "</li>\n"
        }
        out += "</ul>"
    }

    static func inline(_ spans: [Span]) -> String {
        spans.map { span in
            switch span {
            case .text(let s): s.htmlEscaped
            case .strong(let s): "<strong>\(s.htmlEscaped)</strong>"
            case .emphasis(let s): "<em>\(s.htmlEscaped)</em>"
            }
        }.joined()
    }
}
