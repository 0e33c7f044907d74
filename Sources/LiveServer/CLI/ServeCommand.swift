import ArgumentParser
import Dispatch
import Glibc

/// `dialogcafe serve`: runs the live server until SIGINT or SIGTERM.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the web client and the live WebSocket protocol.")

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one and prints it).") var port = 8080
    @Option(help: "SQLite database file (created if missing).") var db = "dialogcafe.sqlite"
    @Option(help: "Folder with the web client.") var web = "web"
    @Option(help: "Largest accepted WebSocket message in bytes.") var maxMessageBytes = 16_384
    @Option(help: "Outbound bytes queued per connection before it is cut off as too slow.")
    var maxQueuedBytes = 1 << 20
    @Option(help: "Allowed Origin for WebSocket upgrades (repeatable; default: same host only).")
    var allowOrigin: [String] = []
    @Flag(help: "Benchmark baseline: re-broadcast every message unchanged to all other connections.")
    var rawFanout = false

    func run() throws {
        var configuration = WebSocketServer.Configuration()
        configuration.host = host
        configuration.port = port
        configuration.webRoot = web
        configuration.maxMessageBytes = maxMessageBytes
        configuration.maxQueuedBytesPerConnection = maxQueuedBytes
        configuration.allowedOrigins = allowOrigin
        configuration.rawMessages = rawFanout

        let server = WebSocketServer(configuration: configuration)
        let delegate: any TransportDelegate =
            rawFanout ? RawFanout(server: server) : NotImplementedHub(server: server)
        server.delegate = delegate
        do {
            try server.start()
        } catch {
            throw ValidationError(error.description)
        }

        let signalSources = [SIGINT, SIGTERM].map { signalNumber in
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { server.stop() }
            source.resume()
            return source
        }
        print("dialogcafe listening on http://\(host):\(server.port)")
        fflush(nil)  // all streams: the listening line must reach a pipe now
        server.run()
        withExtendedLifetime((delegate, signalSources)) {}
    }
}
