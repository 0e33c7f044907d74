import ArgumentParser

/// `dialogcafe serve`: runs the live server until SIGINT or SIGTERM.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the web client and the live WebSocket protocol.")

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one and prints it).") var port = 8080
    @Option(help: "SQLite database file (created if missing).") var db = "dialogcafe.sqlite"
    @Option(help: "Folder with the web client.") var web = "web"

    func run() throws {
        print("serve \(host):\(port) db=\(db) web=\(web)")
    }
}
