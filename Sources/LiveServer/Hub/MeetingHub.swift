import Glibc
import Session

/// Runs every meeting: reads commands off the transport, decides them with the domain, makes
/// their events durable through the group-commit writer, then acks and fans them out.
///
/// Confined to the lws service thread: every method is called there by the transport. The
/// writer's completions cross threads only through `completions`, taken on `server.wake()` or
/// at once when the batch's commit came within `Options.commitWaitMs`.
final class MeetingHub: TransportDelegate {
    struct Options {
        /// Joins with a right code, per address. Everyone at a venue (or behind the TLS proxy)
        /// may share one address, so this allows a whole room arriving at once.
        var joinBurst = 300.0
        var joinsPerSecond = 10.0
        /// Wrong codes and keys, per address: codes and keys cannot be tried faster than this.
        var guessBurst = 60.0
        var guessesPerSecond = 1.0
        /// New meetings, per address.
        var createBurst = 30.0
        var createsPerSecond = 0.05
        var contributionBurst = 30.0
        var contributionsPerSecond = 5.0
        /// Facilitators' commands, per meeting (all its facilitators together): far above what
        /// people at a keyboard send, and a bound on how fast a script can grow a meeting's log.
        var staffBurst = 600.0
        var staffCommandsPerSecond = 20.0
        /// Least time between two matrix classifications (and so pushes) of a meeting.
        var matrixIntervalMs: Int64 = 1_000
        /// Most meeting classifications a second, all meetings together (the longest-waiting
        /// first): with hundreds of cafés at once, the matrix (a summary for facilitators) is
        /// updated less often rather than taking CPU from pushes and acks.
        var matrixClassificationsPerSecond = 200.0
        /// Meetings whose last event is older than this many days are deleted (0 keeps all).
        var retentionDays = 0
        /// How long the service thread waits for a batch's commit before going back to the loop.
        /// A commit takes a few milliseconds; taking its result at once acks and fans out without
        /// waiting for the loop's next turn, which during a large fan-out comes only after
        /// thousands of writes. A slower disk holds the loop no longer than this.
        var commitWaitMs = 20
    }

    /// Staff receive every event of their meeting (each join of a 10,000-person café), so their
    /// send queues may hold this many times the participants' bound before they count as too slow.
    static let staffQueueFactor = 16

    /// The matrix rules' texts, sent once to each facilitator screen as it attaches.
    static let matrixRulesFrame = OutboundFrame(text: ServerFrames.matrixRules)

    let server: WebSocketServer
    let writer: GroupCommitWriter
    let credentials: Credentials
    let options: Options
    let clock: @Sendable () -> Int64

    var meetings: [String: LiveMeeting] = [:]
    /// Codes of deleted meetings, never given to a new one (`EventStore.retiredCodes`).
    var retiredCodes: Set<String>
    var ledger = CommandLedger()
    var attachments: [ConnectionID: (code: String, actor: Actor)] = [:]
    /// Connections attached with `project`: they receive each event's projector copy and may
    /// send no meeting command.
    var viewers: Set<ConnectionID> = []
    var joinLimiter: RateLimiter
    var guessLimiter: RateLimiter
    var createLimiter: RateLimiter
    var contributionLimiter: RateLimiter
    var staffLimiter: RateLimiter
    var matrixBudget: RateLimiter

    /// Commands decided while nothing is being written wait here for the next batch.
    var accumulating: [PendingCommand] = []
    /// The batch being written now; at most one, so a failed batch never has successors on disk.
    var inFlight: [PendingCommand]?
    let completions = Inbox<Result<Void, StoreError>>()
    let pdfJobs = PDFJobs()
    let matrixJobs = MatrixJobs()
    let stopRequest: StopRequest
    /// Raised (by a signal) to stop: no new commands, every decided one reaches the disk and
    /// its ack goes out, then the transport stops.
    var isStopping = false
    /// When retention last ran (ms).
    var lastRetentionSweep: Int64 = 0
    /// When the meetings were last looked through for a matrix to classify (ms).
    var lastMatrixSweep: Int64 = 0
    /// When old renderings of the minutes were last forgotten (ms).
    var lastMinutesSweep: Int64 = 0

    init(
        server: WebSocketServer, writer: GroupCommitWriter, credentials: Credentials, meetings: [LiveMeeting],
        ledger: CommandLedger, retiredCodes: Set<String> = [], options: Options = Options(),
        clock: @escaping @Sendable () -> Int64 = SystemClock.milliseconds
    ) {
        self.retiredCodes = retiredCodes
        self.server = server
        self.writer = writer
        self.credentials = credentials
        self.options = options
        self.clock = clock
        stopRequest = StopRequest(server: server)
        self.ledger = ledger
        joinLimiter = RateLimiter(capacity: options.joinBurst, refillPerSecond: options.joinsPerSecond)
        guessLimiter = RateLimiter(capacity: options.guessBurst, refillPerSecond: options.guessesPerSecond)
        createLimiter = RateLimiter(capacity: options.createBurst, refillPerSecond: options.createsPerSecond)
        contributionLimiter = RateLimiter(capacity: options.contributionBurst, refillPerSecond: options.contributionsPerSecond)
        staffLimiter = RateLimiter(capacity: options.staffBurst, refillPerSecond: options.staffCommandsPerSecond)
        matrixBudget = RateLimiter(capacity: options.matrixClassificationsPerSecond, refillPerSecond: options.matrixClassificationsPerSecond)
        for meeting in meetings { self.meetings[meeting.code] = meeting }
    }

    // MARK: TransportDelegate

    func connectionOpened(_ id: ConnectionID, peer: String) {}

    func connectionClosed(_ id: ConnectionID) { detach(id) }

    /// 1–100 printable ASCII characters, no spaces (a UUID, a counter with a prefix).
    static func isValidCommandID(_ id: String) -> Bool {
        let bytes = id.utf8
        return !bytes.isEmpty && bytes.count <= 100 && bytes.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }

    func received(_ message: [String: JSONValue], from connection: ConnectionID) {
        let id = message["id"] ?? .null
        guard let type = message["type"]?.stringValue else {
            let present = message["type"] != nil && message["type"] != .null
            return refuse(connection, id: id, present ? .invalidField("type", "ska vara en text", "must be a string") : .missingField("type"))
        }
        // Bounded in bytes and plain ASCII: the id is stored with every row the command writes.
        guard let commandID = id.stringValue, Self.isValidCommandID(commandID) else {
            return refuse(
                connection, id: id,
                DomainError(
                    code: "missing_id", sv: "Meddelandet saknar ett giltigt \"id\".",
                    en: "The message has no valid \"id\"."))
        }
        // Commands that write are refused later, after the ledger (`answeredBeforeWriting`).
        if isStopping && ["facilitate", "project", "resume"].contains(type) {
            return refuse(connection, id: id, .shuttingDown)
        }
        let fields = FieldReader(message)
        switch type {
        case "create_meeting": handleCreate(commandID, fields: fields, message: message, from: connection)
        case "facilitate": handleFacilitate(commandID, fields: fields, from: connection)
        case "project": handleProject(commandID, fields: fields, from: connection)
        case "join": handleJoin(commandID, fields: fields, message: message, from: connection)
        case "resume": handleResume(commandID, fields: fields, from: connection)
        default: handleMeetingCommand(type, commandID, fields: fields, message: message, from: connection)
        }
    }

    func wakeUp() {
        for result in completions.takeAll() { complete(result) }
        submitAccumulated()
        deliverPrintedMinutes()
        pushClassifiedMatrices()
        classifyStaleMatrices()
        applyRetention()
        forgetStaleMinutes()
        if stopRequest.isRaised && !isStopping { isStopping = true }
        if isStopping && inFlight == nil && accumulating.isEmpty { server.stop() }
    }

    // MARK: Sending

    func send(_ text: String, to connection: ConnectionID) {
        server.send(OutboundFrame(text: text), to: connection)
    }

    func refuse(_ connection: ConnectionID, id: JSONValue, _ error: DomainError) {
        send(ServerFrames.error(id: id, code: error.code, sv: error.sv, en: error.en), to: connection)
    }

    func ack(_ connection: ConnectionID, id: String, seq: Int64, result: JSONValue?) {
        server.send(OutboundFrame(ServerFrames.ack(id: .string(id), seq: seq, result: result)), to: connection)
    }
}

/// Wall-clock milliseconds since 1970.
enum SystemClock {
    @Sendable static func milliseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1_000 + Int64(spec.tv_nsec) / 1_000_000
    }
}
