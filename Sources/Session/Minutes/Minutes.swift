/// The record of a café for everyone who took part: what was said, at which table, what was
/// agreed, and what became of each input afterwards (återkoppling).
///
/// A pure value: it renders the meeting's state to Markdown, HTML, CSV or JSON with no I/O.
/// Output is deterministic (stable order, injected generation time), so equal meetings give
/// equal bytes. Names appear only for participants who chose `showName`; others get a stable
/// pseudonym from their join order. Hidden inputs stay in the minutes as a moderation mark,
/// without their text.
public struct Minutes: Sendable {
    public let meeting: Meeting
    /// The participation-matrix result (its `json`), rendered generically; nil when none exists.
    public let matrix: JSONValue?
    /// When the minutes were produced, in epoch milliseconds: the JSON carries it as an ISO
    /// timestamp, the documents in Swedish time like every other time in them.
    public let generatedAt: Int64?
    /// Where the HTML links its stylesheet: the server's `/minutes.css`, or a file beside a printed copy.
    public var stylesheet = "/minutes.css"
    /// The stylesheet's text, for a copy that travels (saved or mailed): it goes inside the
    /// document instead of the link. Not for pages the server shows, whose CSP forbids inline style.
    public var embeddedStyle: String?
    let text: MinutesText
    let index: MinutesIndex

    public init(meeting: Meeting, matrix: JSONValue? = nil, generatedAt: Int64? = nil) {
        self.meeting = meeting
        self.matrix = matrix
        self.generatedAt = generatedAt
        self.text = MinutesText.of(meeting.info.language)
        self.index = MinutesIndex(meeting)
    }

    /// The minutes as a complete document in the given format.
    public func render(_ format: MinutesFormat) -> String {
        switch format {
        case .markdown: MarkdownWriter.render(document)
        case .html: HTMLWriter.render(document, language: meeting.info.language, stylesheet: stylesheet, embeddedStyle: embeddedStyle)
        case .csv: csv
        case .json: json.serialized + "\n"
        }
    }
}
