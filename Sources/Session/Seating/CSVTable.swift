/// A CSV document (RFC 4180): a header row and records of text fields.
///
/// Fields are separated by `,` or, as Excel with Swedish settings saves them, by `;`: whichever
/// the header line holds more of outside quotes. Fields may be quoted; inside quotes, separators
/// and line breaks are text and `""` is a quote. Lines end in CRLF or LF; a leading byte-order
/// mark and blank lines are skipped.
public struct CSVTable: Equatable, Sendable {
    public var header: [String]
    public var rows: [[String]]

    public struct ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        /// The 1-based line where the problem starts.
        public var line: Int
        public var reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    public init(header: [String], rows: [[String]]) {
        self.header = header
        self.rows = rows
    }

    /// Parses `text`; the first record is the header.
    public init(parsing text: String) throws(ParseError) {
        let records = try Self.records(text)
        header = records.first?.map { $0.trimmingSpaces } ?? []
        rows = Array(records.dropFirst())
    }

    /// The column named `name` (case-insensitive), if present.
    public func column(_ name: String) -> Int? {
        header.firstIndex { $0.lowercased() == name.lowercased() }
    }

    /// The field of `row` in `column`, or "" when the row is short.
    public func field(_ row: [String], _ column: Int?) -> String {
        guard let column, column < row.count else { return "" }
        return row[column]
    }

    static func records(_ text: String) throws(ParseError) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field: [Unicode.Scalar] = []
        var inQuotes = false
        var wasQuoted = false
        var line = 1
        var quoteLine = 1
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        let separator = Self.separator(of: scalars)
        func endField() {
            record.append(String(String.UnicodeScalarView(field)))
            field.removeAll(keepingCapacity: true)
            wasQuoted = false
        }
        func endRecord() {
            endField()
            if !(record.count == 1 && record[0].isEmpty) { records.append(record) }
            record.removeAll()
        }
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < scalars.count && scalars[i + 1] == "\"" {
                        field.append("\"")
                        i += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.append(c)
                }
            } else if c == separator {
                endField()
            } else {
                switch c {
                case "\"":
                    if field.allSatisfy({ $0 == " " || $0 == "\t" }) && !wasQuoted {
                        field.removeAll()
                        inQuotes = true
                        wasQuoted = true
                        quoteLine = line
                    } else {
                        throw ParseError(line: line, reason: "a quote inside an unquoted field")
                    }
                case "\r":
                    if i + 1 < scalars.count && scalars[i + 1] == "\n" { i += 1 }
                    endRecord()
                    line += 1
                case "\n":
                    endRecord()
                    line += 1
                default:
                    if wasQuoted && c != " " && c != "\t" {
                        throw ParseError(line: line, reason: "text after a closing quote")
                    }
                    if !wasQuoted { field.append(c) }
                }
            }
            i += 1
        }
        if inQuotes { throw ParseError(line: quoteLine, reason: "a quoted field is not closed") }
        if !field.isEmpty || !record.isEmpty || wasQuoted { endRecord() }
        return records
    }

    /// `;` when the header line (the first that is not blank) holds more semicolons than commas
    /// outside quotes, else `,`.
    static func separator(of scalars: [Unicode.Scalar]) -> Unicode.Scalar {
        var commas = 0
        var semicolons = 0
        var inQuotes = false
        var started = false
        for c in scalars {
            if c == "\"" { inQuotes.toggle() }
            if inQuotes { continue }
            if c == "\n" || c == "\r" {
                if started { break } else { continue }
            }
            started = true
            if c == "," { commas += 1 }
            if c == ";" { semicolons += 1 }
        }
        return semicolons > commas ? ";" : ","
    }
}

extension String {
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
