import ArgumentParser
import Dispatch
import Glibc

/// `dialogcafe serve`: runs the live server until SIGINT or SIGTERM.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the web client and the live WebSocket protocol.")

    @Option(help: "Address to listen on: an IP address (0.0.0.0 for every interface), a host name or an interface name.")
    var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one and prints it).") var port = 8080
    @Option(help: "SQLite database file (created if missing).") var db = "dialogcafe.sqlite"
    @Option(help: "Folder with the web client.") var web = "web"
    @Option(help: "Largest accepted WebSocket message in bytes.") var maxMessageBytes = 16_384
    @Option(help: "Outbound bytes queued per connection before it is cut off as too slow.")
    var maxQueuedBytes = 1 << 20
    @Option(help: "Allowed Origin for WebSocket upgrades (repeatable; default: same host only).")
    var allowOrigin: [String] = []
    @Option(
        help: "Address of the TLS proxy in front (repeatable): its connections count against the client address it appends to X-Forwarded-For.")
    var trustedProxy: [String] = []
    @Option(help: "Delete meetings whose last event is older than this many days (0 keeps everything).")
    var retentionDays = 0
    @Option(help: "Contributions (inputs, replies, reactions, answers) one participant may send per second, sustained.")
    var contributionRate = 5.0
    @Option(help: "Joins one address may make per second, sustained.")
    var joinRate = 10.0
    @Option(help: "Joins one address may make at once, before --join-rate applies (a whole room on one Wi-Fi).")
    var joinBurst = 300
    @Option(help: "Wrong join codes and keys one address may send per second, sustained (bursts of 60 are allowed).")
    var guessRate = 1.0
    @Option(help: "Idle seconds on a WebSocket before the server sends a ping.")
    var pingSeconds = 20
    @Option(help: "Idle seconds after which a WebSocket that answered nothing is hung up.")
    var hangupSeconds = 45
    @Flag(help: "Benchmark baseline: re-broadcast every message unchanged to everyone in its room, the sender too (a first message room:K joins K).")
    var rawFanout = false

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535.") }
        guard ListenAddress.bindable(host) != nil else {
            throw ValidationError("--host \(host) is not an IP address, a host name this machine resolves or a network interface.")
        }
        guard (256...1 << 20).contains(maxMessageBytes) else {
            throw ValidationError("--max-message-bytes must be between 256 and 1048576.")
        }
        guard (1 << 12...1 << 30).contains(maxQueuedBytes) else {
            throw ValidationError("--max-queued-bytes must be between 4096 and 1073741824.")
        }
        for proxy in trustedProxy where !ListenAddress.isNumeric(proxy) {
            throw ValidationError("--trusted-proxy \(proxy) is not an IP address.")
        }
        guard (1...1_000_000).contains(joinBurst) else { throw ValidationError("--join-burst must be between 1 and 1000000.") }
        guard (0...36_500).contains(retentionDays) else { throw ValidationError("--retention-days must be between 0 and 36500.") }
        for (flag, rate) in [("--contribution-rate", contributionRate), ("--join-rate", joinRate), ("--guess-rate", guessRate)] {
            guard rate.isFinite, rate > 0, rate <= 1_000_000 else { throw ValidationError("\(flag) must be above 0 and at most 1000000.") }
        }
        guard (1...3_600).contains(pingSeconds) else { throw ValidationError("--ping-seconds must be between 1 and 3600.") }
        guard (pingSeconds + 1...7_200).contains(hangupSeconds) else {
            throw ValidationError("--hangup-seconds must be more than --ping-seconds and at most 7200.")
        }
    }

    func run() throws {
        // A file-size limit (RLIMIT_FSIZE) reached while writing the database must fail that
        // write with EFBIG, which SQLite reports and the hub answers with `storage_unavailable`;
        // the default action of SIGXFSZ would kill the server instead.
        signal(SIGXFSZ, SIG_IGN)
        var configuration = WebSocketServer.Configuration()
        configuration.host = ListenAddress.bindable(host) ?? host
        configuration.port = port
        configuration.webRoot = web
        configuration.maxMessageBytes = maxMessageBytes
        configuration.maxQueuedBytesPerConnection = maxQueuedBytes
        configuration.allowedOrigins = allowOrigin
        configuration.trustedProxies = Set(trustedProxy.compactMap(ClientAddress.canonical))
        configuration.rawMessages = rawFanout
        configuration.secondsBeforePing = UInt16(pingSeconds)
        configuration.secondsBeforeHangup = UInt16(hangupSeconds)
        let server = WebSocketServer(configuration: configuration)

        let delegate: any TransportDelegate
        let stop: @Sendable () -> Void
        var writer: GroupCommitWriter?
        var checkpointer: WALCheckpointer?
        var databaseLock: DatabaseLock?
        if rawFanout {
            delegate = RawFanout(server: server)
            stop = { server.stop() }
        } else {
            guard let lock = try DatabaseLock(path: db) else {
                throw CommandFailure(description: "Another server is using \(db): stop it first, or give another --db.")
            }
            databaseLock = lock
            let opened = try openStore()
            writer = opened.writer
            checkpointer = opened.checkpointer
            var options = MeetingHub.Options()
            options.contributionsPerSecond = contributionRate
            options.joinsPerSecond = joinRate
            options.joinBurst = Double(joinBurst)
            options.guessesPerSecond = guessRate
            options.retentionDays = retentionDays
            let hub = MeetingHub(
                server: server, writer: opened.writer, credentials: opened.credentials, meetings: opened.rebuilt.meetings,
                ledger: opened.rebuilt.ledger, retiredCodes: opened.retiredCodes, options: options)
            delegate = hub
            let request = hub.stopRequest
            stop = { request.raise() }
        }
        server.delegate = delegate
        if !rawFanout && access("\(web)/index.html", R_OK) != 0 {
            Log.error("web", "\(web)/index.html cannot be read: the web client will not be served (give its folder with --web)")
        }
        do {
            try server.start()
        } catch {
            throw CommandFailure(description: error.description)
        }

        let signalSources = [SIGINT, SIGTERM].map { signalNumber in
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { stop() }
            source.resume()
            return source
        }
        print("dialogcafe listening on http://\(host):\(server.port)")
        fflush(nil)  // all streams: the listening line must reach a pipe now
        server.run()
        writer?.flushAndStop()
        checkpointer?.stop()
        Log.info("server", "stopped")
        withExtendedLifetime((delegate, signalSources, databaseLock)) {}
    }

    /// Opens the database, applies retention, reads the log back and hands the store to its writer thread.
    private func openStore() throws -> (
        writer: GroupCommitWriter, checkpointer: WALCheckpointer, credentials: Credentials, rebuilt: MeetingLog.Rebuilt,
        retiredCodes: Set<String>
    ) {
        do {
            let store = try SQLiteEventStore(path: db)
            if retentionDays > 0 {
                let cutoff = MeetingHub.retentionCutoff(now: SystemClock.milliseconds(), days: retentionDays)
                let removed = try store.deleteMeetings(olderThan: cutoff)
                if !removed.isEmpty { Log.info("store", "retention removed \(removed.count) meetings") }
            }
            let credentials = Credentials(secret: try ServerSecret.load(from: store))
            let rebuilt = MeetingLog.rebuild(from: try store.loadAll())
            if rebuilt.unreadable > 0 { Log.error("store", "\(rebuilt.unreadable) stored events could not be read") }
            for code in rebuilt.unloadableCodes.sorted() {
                Log.error("store", "meeting \(code) could not be loaded (its events stay stored; its code is not given out again)")
            }
            Log.info("store", "loaded \(rebuilt.meetings.count) meetings from \(db)")
            let checkpointer = try store.handCheckpointsTo()
            let retiredCodes = try store.retiredCodes().union(rebuilt.unloadableCodes)
            return (GroupCommitWriter(store: store), checkpointer, credentials, rebuilt, retiredCodes)
        } catch {
            throw CommandFailure(description: "Cannot open the database \(db): \(error)")
        }
    }
}
