import Glibc

/// Operational log lines on stderr. Never names, input text, keys or tokens: only codes,
/// counts and causes.
enum Log {
    static func info(_ area: String, _ message: String) { write("info", area, message) }
    static func error(_ area: String, _ message: String) { write("error", area, message) }

    private static func write(_ level: String, _ area: String, _ message: String) {
        let line = "dialogcafe \(level) [\(area)] \(message)\n"
        _ = line.withCString { Glibc.write(2, $0, strlen($0)) }
    }
}
