/// A format-neutral outline of the minutes that the Markdown and HTML writers both render.
///
/// All strings here are plain user or label text; each writer escapes them for its format,
/// so no text reaches the output unescaped.
struct MinutesDocument {
    var title: String
    var subtitle: String?
    var sections: [MinutesBlock]
    var footer: String?
}

indirect enum MinutesBlock {
    /// A headed section; nesting depth decides the heading level. `style` is a CSS class.
    case section(id: String, title: String, style: String?, blocks: [MinutesBlock])
    case paragraph([Span])
    /// A muted remark, such as "No inputs."
    case note(String)
    /// Label–value pairs (a `<dl>` in HTML).
    case facts([(label: String, value: String)])
    case table(MinutesTableBlock)
    case list([MinutesListItem])
}

/// A data table. With `rowHeaders` the first cell of each row heads that row.
struct MinutesTableBlock {
    var caption: String?
    var headers: [String]
    var rows: [[String]]
    var rowHeaders = true
}

struct MinutesListItem {
    var spans: [Span]
    var children: [MinutesListItem] = []
}

enum Span {
    case text(String)
    case strong(String)
    case emphasis(String)
}
