import ArgumentParser
import Foundation
import Session

/// `dialogcafe export CODE`: the minutes of one meeting from the database, in any format.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write a meeting's minutes (md, html, csv, json or pdf).")

    @Argument(help: "The meeting's join code.") var code: String
    @Option(help: "SQLite database file.") var db = "dialogcafe.sqlite"
    @Option(help: "md, html, csv, json or pdf.") var format = "md"
    @Option(name: .shortAndLong, help: "Output file (default: standard output; required for pdf).") var output: String?
    @Option(help: "Folder with the web client (its minutes.css styles the HTML and the PDF).") var web = "web"

    func validate() throws {
        guard format == "pdf" || MinutesFormat(rawValue: format) != nil else {
            throw ValidationError("--format must be one of md, html, csv, json, pdf.")
        }
        if format == "pdf" && output == nil { throw ValidationError("--format pdf needs -o FILE.") }
        guard JoinCode.normalised(code) != nil else { throw ValidationError("\(code) is not a meeting code.") }
    }

    func run() throws {
        let meeting = try StoredMeetings.load(code: code, db: db)
        let now = SystemClock.milliseconds()
        // An exported file travels without the server: the HTML carries its stylesheet inside.
        let laidOut = format == "html" || format == "pdf"
        let style = laidOut ? MinutesStylesheet.text(webRoot: web) : nil
        if laidOut && style == nil {
            FileHandle.standardError.write(
                Data("Warning: no \(MinutesStylesheet.path(webRoot: web)) (see --web); the minutes are written without their layout.\n".utf8))
        }
        if format == "pdf" {
            let html = MinutesExport.render(meeting, format: .html, now: now, stylesheet: PDFPrinter.stylesheetName)
            try PDFPrinter.print(html: html, stylesheet: MinutesStylesheet.path(webRoot: web), to: output!)
            return
        }
        let text = MinutesExport.render(meeting, format: MinutesFormat(rawValue: format)!, now: now, embeddedStyle: style)
        if let output {
            do {
                try text.write(toFile: output, atomically: true, encoding: .utf8)
            } catch {
                throw CommandFailure(description: "Cannot write \(output): \(error.localizedDescription)")
            }
        } else {
            print(text, terminator: "")
        }
    }
}

/// `dialogcafe delete CODE`: removes every event of a meeting (personal data included).
struct DeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete a meeting and all it holds. Stop the server first: a running server keeps its copy in memory.")

    @Argument(help: "The meeting's join code.") var code: String
    @Option(help: "SQLite database file.") var db = "dialogcafe.sqlite"

    func validate() throws {
        guard JoinCode.normalised(code) != nil else { throw ValidationError("\(code) is not a meeting code.") }
    }

    func run() throws {
        guard let normalised = JoinCode.normalised(code) else { throw ValidationError("\(code) is not a meeting code.") }
        // A mistyped path must not leave a new, empty database behind.
        guard FileManager.default.fileExists(atPath: db) else { throw CommandFailure(description: "No database at \(db).") }
        // A running server would keep the meeting in memory, serve it and write after its events.
        guard let lock = try DatabaseLock(path: db) else {
            throw CommandFailure(description: "A server is using \(db): stop it first, then delete.")
        }
        defer { withExtendedLifetime(lock) {} }
        let store = try SQLiteEventStore(path: db)
        let removed = try store.deleteMeetings([normalised])
        guard removed > 0 else { throw StoredMeetings.notFound(normalised) }
        print("Deleted meeting \(normalised): \(removed) events removed.")
    }
}

/// Reading one meeting back from a database file, for the offline commands.
enum StoredMeetings {
    static func load(code: String, db: String) throws -> Meeting {
        guard let normalised = JoinCode.normalised(code) else { throw ValidationError("\(code) is not a meeting code.") }
        guard FileManager.default.fileExists(atPath: db) else { throw CommandFailure(description: "No database at \(db).") }
        let store = try SQLiteEventStore(path: db)
        let rows = try store.loadMeeting(normalised)
        guard let meeting = MeetingLog.rebuild(from: rows).meetings.first else { throw notFound(normalised) }
        return meeting.state
    }

    /// Every meeting in a database file.
    static func all(db: String) throws -> [Meeting] {
        guard FileManager.default.fileExists(atPath: db) else { throw CommandFailure(description: "No database at \(db).") }
        return MeetingLog.rebuild(from: try SQLiteEventStore(path: db).loadAll()).meetings.map(\.state)
    }

    static func notFound(_ code: String) -> Error {
        CommandFailure(description: "No meeting \(code) in the database.")
    }
}

/// A command that ran but could not do its work (a missing file or meeting, a print that failed):
/// its message and exit status 1. Bad flags are `ValidationError`s instead, with the usage and 64.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
}
