import Foundation

/// The minutes' stylesheet (`minutes.css` in the web folder), read for copies of the minutes
/// that travel without the server: a saved or mailed HTML file, a printed PDF.
enum MinutesStylesheet {
    static let fileName = "minutes.css"

    /// The path of the stylesheet in `webRoot` (`web` when none is given).
    static func path(webRoot: String?) -> String { "\(webRoot ?? "web")/\(fileName)" }

    /// Its text, or nil when the file is missing or unreadable. Read once per folder: it does
    /// not change while the server runs.
    static func text(webRoot: String?) -> String? {
        let path = path(webRoot: webRoot)
        return cache.withLock { cached in
            if let hit = cached[path] { return hit }
            let text = try? String(contentsOfFile: path, encoding: .utf8)
            cached[path] = text
            return text
        }
    }

    private static let cache = Locked<[String: String?]>([:])
}
