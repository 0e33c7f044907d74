import ArgumentParser
import Session

/// `dialogcafe series NAME`: every meeting of a series on the Code's matrix (levels × steps).
struct SeriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "series", abstract: "Show the meetings of a series on the participation matrix.")

    @Argument(help: "The series name, as given when the meetings were created.") var name: String
    @Option(help: "SQLite database file.") var db = "dialogcafe.sqlite"
    @Option(help: "text or json.") var format = "text"
    @Option(help: "sv or en (text only).") var language = "sv"

    func validate() throws {
        guard ["text", "json"].contains(format) else { throw ValidationError("--format must be text or json.") }
        guard Language(rawValue: language) != nil else { throw ValidationError("--language must be sv or en.") }
    }

    func run() throws {
        let meetings = try StoredMeetings.all(db: db).filter { $0.info.series == name }
        guard !meetings.isEmpty else { throw CommandFailure(description: "No meetings in the series \"\(name)\".") }
        let series = ParticipationMatrix.series(meetings)
        print(format == "json" ? series.json.serialized : series.rendered(in: Language(rawValue: language)!))
    }
}
