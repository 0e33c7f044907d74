/// The formats the minutes render to; raw values are the file extensions of the download.
public enum MinutesFormat: String, CaseIterable, Sendable {
    case markdown = "md"
    case html
    case csv
    case json

    /// The media type to serve the rendered text with.
    public var mediaType: String {
        switch self {
        case .markdown: "text/markdown; charset=utf-8"
        case .html: "text/html; charset=utf-8"
        case .csv: "text/csv; charset=utf-8; header=present"
        case .json: "application/json"
        }
    }
}
