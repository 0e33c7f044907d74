import ArgumentParser

/// The `dialogcafe` command line.
@main
struct DialogCafe: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dialogcafe",
        abstract: "Dialogkafé: a live server for dialogue cafés between the public sector and civil society.",
        subcommands: [
            ServeCommand.self, AssignCommand.self, ExportCommand.self, DeleteCommand.self, SeriesCommand.self,
            BenchAssignCommand.self,
        ]
    )
}
