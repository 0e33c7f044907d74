extension String {
    /// The text safe to place in HTML element content and in quoted attribute values.
    ///
    /// Escapes `& < > " '`; every piece of user text in the HTML minutes goes through this.
    public var htmlEscaped: String {
        var out = ""
        out.reserveCapacity(utf8.count)
        for scalar in unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The text as inline Markdown that renders literally: punctuation that could start markup
    /// is backslash-escaped, line breaks become spaces, and a leading block marker is neutralised.
    ///
    /// Safe inside table cells too, since `|` is escaped.
    var markdownInline: String {
        var out = ""
        out.reserveCapacity(utf8.count)
        for scalar in unicodeScalars {
            switch scalar {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "~", "#", "&", "!":
                out += "\\"
                out.unicodeScalars.append(scalar)
            case "\r": break
            case "\n", "\t": out += " "
            default: out.unicodeScalars.append(scalar)
            }
        }
        // A line starting with these would become a list item, a heading underline or a rule.
        if let first = out.unicodeScalars.first, "+-=".unicodeScalars.contains(first) {
            out = "\\" + out
        }
        // `1. text` would start an ordered list.
        let digits = out.prefix(while: \.isASCIIDigit)
        if !digits.isEmpty, let next = out.dropFirst(digits.count).first, next == "." || next == ")" {
            out.insert("\\", at: out.index(out.startIndex, offsetBy: digits.count))
        }
        return out
    }

    /// One field of a CSV record (RFC 4180), with spreadsheet formula injection neutralised:
    /// a cell that starts with `= + - @`, a tab or a carriage return gets a leading `'`.
    ///
    /// Quoted when it holds `,` or `;`, whichever separates the fields. A spreadsheet that splits
    /// on the other one (Excel with Swedish settings splits on `;`) ignores quotes that do not
    /// open a cell and starts a cell after each of them, so `= + - @` right after `,`, `;` or a line break
    /// gets a `'` too: `=` always, and `+ - @` unless what follows up to the next separator is
    /// only digits, spaces, `.` and `)`, so that ordinary text such as `;-)`, `100,-` or `1,-5`
    /// is left as written while `;-2+cmd|…` is not. Quotes right after the separator are looked
    /// past: such a spreadsheet reads `;""=…` as an empty quoted piece followed by `=…`.
    var csvField: String {
        let separators: Set<Unicode.Scalar> = [",", ";", "\n", "\r", "\t"]
        let scalars = Array(unicodeScalars)
        var value = ""
        /// After a separator, and after any quotes that follow it.
        var cellMayStart = false
        for (index, scalar) in scalars.enumerated() {
            if index == 0 {
                if "=+-@\t\r".unicodeScalars.contains(scalar) { value += "'" }
            } else if cellMayStart && scalar != "\"" {
                // A line break typed in a text also starts a cell in such a spreadsheet.
                let rest = scalars[(index + 1)...].prefix { !separators.contains($0) }
                let plain = rest.allSatisfy { ("0"..."9").contains($0) || $0 == " " || $0 == "." || $0 == ")" }
                if scalar == "=" || ("+-@".unicodeScalars.contains(scalar) && !plain) { value += "'" }
            }
            if separators.contains(scalar) {
                cellMayStart = true
            } else if scalar != "\"" {
                cellMayStart = false
            }
            value.unicodeScalars.append(scalar)
        }
        let needsQuotes = value.unicodeScalars.contains { $0 == "," || $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" }
        guard needsQuotes else { return value }
        var out = "\""
        for scalar in value.unicodeScalars {
            if scalar == "\"" { out += "\"\"" } else { out.unicodeScalars.append(scalar) }
        }
        return out + "\""
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isWholeNumber }
}
