/// Per-connection state owned by the service thread: the outbound FIFO, its bounds, the
/// reassembly buffer for fragmented messages, and the keepalive clock.
///
/// Pure bookkeeping (no lws calls), so the queue policy is testable without a network.
struct ConnectionState {
    struct Limits: Equatable, Sendable {
        var maxQueuedBytes: Int
        var maxQueuedFrames: Int
        var maxMessageBytes: Int
    }

    enum EnqueueOutcome: Equatable {
        /// Queued behind others: a writeable callback is already requested.
        case queued
        /// Queued into an empty queue: request a writeable callback.
        case queuedFirst
        /// The bounds were exceeded: the queue was dropped; cut the connection off.
        case overflow
        /// The connection is closing; the frame was dropped.
        case ignored
    }

    enum ReceiveOutcome {
        /// More fragments to come.
        case incomplete
        /// A whole text message is in `message`.
        case complete
        /// The message exceeded `maxMessageBytes` (reported once per message).
        case tooLarge
        /// A binary message (reported once per message).
        case binary
        /// Rest of a message already rejected, or the connection is closing.
        case discarded
    }

    /// The bounds in force: `baseLimits`, plus what remains of a backlog allowance.
    var limits: Limits {
        var limits = baseLimits
        limits.maxQueuedBytes += allowanceBytes
        limits.maxQueuedFrames += allowanceFrames
        return limits
    }
    /// The connection's own bounds (wider for staff, see `setBaseQueueBounds`).
    private(set) var baseLimits: Limits
    /// What remains of a backlog allowance: the bytes and frames queued up to and including the
    /// backlog, less those written since. The bounds in force are the base plus this.
    private var allowanceBytes = 0
    private var allowanceFrames = 0
    private(set) var queue: [OutboundFrame] = []
    private var head = 0
    private(set) var queuedBytes = 0
    /// Set once a close was decided: the status and reason go out after the queue drains.
    private(set) var pendingClose: (status: CloseStatus, reason: String)?

    private(set) var message: [UInt8] = []
    private var inMessage = false
    private var rejectingMessage = false

    /// What a keepalive sweep decides for a connection.
    enum Idleness: Equatable {
        case active
        /// Silent for the ping interval: send one ping (once per silence).
        case ping
        /// Silent for the hang-up interval, ping or not: drop the connection.
        case hangUp
    }

    /// When the peer last sent anything, a message or a pong (monotonic milliseconds).
    private(set) var lastHeardMs: Int64
    /// A ping went out (or is due) since the peer was last heard.
    private(set) var pingOutstanding = false
    /// A ping should be written on the next writeable callback.
    private(set) var pingDue = false
    /// The bytes the peer's TCP had acknowledged when the ping was decided (-1: unknown).
    private(set) var bytesAckedAtPing: Int64 = -1
    /// Acknowledged bytes beyond the ping's own that show a peer still taking what it is sent.
    static let progressBytes: Int64 = 1_024

    init(limits: Limits, openedAtMs: Int64) {
        baseLimits = limits
        lastHeardMs = openedAtMs
    }

    /// Sets the connection's own queue bounds; a backlog allowance being written out stays on top.
    mutating func setBaseQueueBounds(bytes: Int, frames: Int) {
        baseLimits.maxQueuedBytes = bytes
        baseLimits.maxQueuedFrames = frames
    }

    /// Lets a backlog of `bytes` in `frames` be queued beyond the bounds, once: the bounds grow
    /// by what is queued ahead of it and the backlog itself, and shrink back as that is written.
    /// Until then a second backlog gets no allowance (so a client that asks for the log again
    /// and again without reading is cut off, not given ever more memory). False if refused.
    mutating func allowBacklog(bytes: Int, frames: Int) -> Bool {
        guard allowanceFrames == 0 else { return false }
        allowanceBytes = queuedBytes + bytes
        allowanceFrames = queuedFrames + frames
        return true
    }

    /// The peer sent a frame or a pong: it is alive.
    mutating func heard(atMs now: Int64) {
        lastHeardMs = now
        pingOutstanding = false
        pingDue = false
        bytesAckedAtPing = -1
    }

    /// Decides whether a silent peer gets a ping or is hung up; asks for the ping only once
    /// per silence.
    mutating func checkIdle(nowMs now: Int64, pingAfterMs: Int64, hangUpAfterMs: Int64) -> Idleness {
        let silence = now - lastHeardMs
        if silence >= hangUpAfterMs { return .hangUp }
        guard silence >= pingAfterMs, !pingOutstanding else { return .active }
        pingOutstanding = true
        pingDue = true
        return .ping
    }

    /// Notes how far the peer had acknowledged when its ping was decided.
    mutating func notePing(bytesAcked: Int64) { bytesAckedAtPing = bytesAcked }

    /// At hang-up time: a peer on a slow link that is still taking a long backlog (a late
    /// staff screen at a large café) answers the ping only once what is ahead of it is through.
    /// If its TCP acknowledged `progressBytes` more since the ping, it is alive: it counts as
    /// heard, and the keepalive starts over. A peer whose kernel answers but whose reader is
    /// stuck stops acknowledging once its receive buffer is full.
    mutating func keptTaking(bytesAcked: Int64, atMs now: Int64) -> Bool {
        guard bytesAckedAtPing >= 0, bytesAcked - bytesAckedAtPing >= Self.progressBytes else { return false }
        heard(atMs: now)
        return true
    }

    /// Whether to write a ping now; the request is consumed.
    mutating func takePingDue() -> Bool {
        defer { pingDue = false }
        return pingDue
    }

    var queuedFrames: Int { queue.count - head }
    var isClosing: Bool { pendingClose != nil }

    mutating func enqueue(_ frame: OutboundFrame) -> EnqueueOutcome {
        guard pendingClose == nil else { return .ignored }
        if queuedBytes + frame.count > baseLimits.maxQueuedBytes + allowanceBytes
            || queuedFrames + 1 > baseLimits.maxQueuedFrames + allowanceFrames
        {
            dropQueue()
            pendingClose = (.policyViolation, "too slow")
            return .overflow
        }
        let wasEmpty = queuedFrames == 0
        queue.append(frame)
        queuedBytes += frame.count
        return wasEmpty ? .queuedFirst : .queued
    }

    /// How many queued frames, from the front, fit in one write of `bytes` (headers included),
    /// at most `limit`, and their bytes on the wire; the first counts even when it alone is larger.
    func framesFitting(bytes: Int, atMost limit: Int) -> (frames: Int, bytes: Int) {
        var count = 0
        var total = 0
        while count < limit, head + count < queue.count {
            let next = total + CoalescedFrames.frameBytes(payloadCount: queue[head + count].count)
            if count > 0 && next > bytes { break }
            total = next
            count += 1
        }
        return (count, total)
    }

    /// Removes and returns the next frame to write.
    mutating func dequeue() -> OutboundFrame? {
        guard head < queue.count else { return nil }
        let frame = queue[head]
        head += 1
        queuedBytes -= frame.count
        if allowanceFrames > 0 {
            allowanceFrames -= 1
            allowanceBytes = allowanceFrames == 0 ? 0 : max(0, allowanceBytes - frame.count)
        }
        if head == queue.count {
            queue.removeAll(keepingCapacity: queue.count <= 64)
            head = 0
        } else if head >= 64 && head * 2 >= queue.count {
            queue.removeFirst(head)
            head = 0
        }
        return frame
    }

    /// Decides to close; `dropQueued` releases queued frames at once (cut-off).
    mutating func close(status: CloseStatus, reason: String, dropQueued: Bool) {
        if dropQueued { dropQueue() }
        if pendingClose == nil { pendingClose = (status, reason) }
        pingDue = false
    }

    private mutating func dropQueue() {
        queue = []
        head = 0
        queuedBytes = 0
    }

    /// Hands over the completed message, leaving the buffer empty.
    mutating func takeMessage() -> [UInt8] {
        var taken: [UInt8] = []
        swap(&taken, &message)
        return taken
    }

    /// Feeds one receive callback's bytes.
    mutating func receive(
        _ bytes: UnsafeRawBufferPointer, isBinary: Bool, isFinalFragment: Bool, remainingInFrame: Int
    ) -> ReceiveOutcome {
        let endsMessage = isFinalFragment && remainingInFrame == 0
        if !inMessage {
            inMessage = true
            rejectingMessage = false
            message.removeAll(keepingCapacity: message.capacity <= 65_536)
            if isBinary {
                rejectingMessage = true
                if endsMessage { inMessage = false }
                return pendingClose == nil ? .binary : .discarded
            }
        }
        if endsMessage { inMessage = false }
        if rejectingMessage || pendingClose != nil { return .discarded }
        if message.count + bytes.count > baseLimits.maxMessageBytes {
            rejectingMessage = true
            message.removeAll()
            return .tooLarge
        }
        message.append(contentsOf: bytes)
        return endsMessage ? .complete : .incomplete
    }
}
