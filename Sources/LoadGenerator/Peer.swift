import CLoadGen
import Foundation

// One side of an interleaved push scenario (the real server or the baseline, by repetition) runs
// in a second generator process (a peer): one process cannot hold both servers' connections
// (10,500 each, against a limit of 20,000 descriptors here), and the C engine keeps one set per
// process. The two processes take turns over a pipe, one round each, so both servers are
// measured through the same stretches of machine time: this box's speed drifts by up to 1.6×
// for seconds at a time (see docs/benchmark.md), which sequential runs of several seconds each
// turned into ratio noise.
//
// Lines on the peer's stdin: `round`, then `end`. On its stdout: `ready` once prepared, `done`
// after each round, and a JSON object with the measured row after `end`.

/// The peer's main loop (`dialogcafe-load peer …`, started by `PeerProcess`).
func runPeer(options: Options) -> Never {
    let perMeeting = options.n ?? 1_000
    let label = scenarioLabel(perMeeting: perMeeting, meetings: options.meetings)
    func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
    guard
        let side = PushSide(
            options: options, raw: options.mode == "raw", perMeeting: perMeeting, meetings: options.meetings, label: label,
            pausing: true)
    else {
        say("failed")
        exit(1)
    }
    side.begin(rounds: pushRounds(options, participants: perMeeting * options.meetings))
    say("ready")
    while let line = readLine() {
        switch line {
        case "round":
            side.round()
            say("done")
        case "end":
            let row = side.end()
            say(PeerRow(row).json)
            exit(0)
        default:
            continue
        }
    }
    _ = side.end()
    exit(1)
}

/// The figures of a row that cross the pipe.
struct PeerRow: Codable {
    var expected, delivered, errors, pings, joined, rssPeakKB: Int
    var p50, p99, max, serverCPU, clientCPU, seconds, roundMin, roundMedian, roundMax, rssPerParticipantKB: Double
    var note: String

    init(_ row: PushRow) {
        let r = row.result
        (expected, delivered, errors, pings) = (r.expected, r.delivered, r.errors, r.pings)
        (joined, rssPeakKB, note) = (row.joined, row.rssPeakKB, row.note)
        (p50, p99, max, serverCPU, clientCPU, seconds) = (r.p50_ms, r.p99_ms, r.max_ms, r.server_cpu_s, r.client_cpu_s, r.seconds)
        (roundMin, roundMedian, roundMax) = (r.round_p99_min_ms, r.round_p99_median_ms, r.round_p99_max_ms)
        rssPerParticipantKB = row.rssPerParticipantKB
    }

    var json: String { String(decoding: (try? JSONEncoder().encode(self)) ?? Data(), as: UTF8.self) }

    func apply(to row: inout PushRow) {
        row.result.expected = expected
        row.result.delivered = delivered
        row.result.errors = errors
        row.result.pings = pings
        (row.result.p50_ms, row.result.p99_ms, row.result.max_ms) = (p50, p99, max)
        (row.result.server_cpu_s, row.result.client_cpu_s, row.result.seconds) = (serverCPU, clientCPU, seconds)
        (row.result.round_p99_min_ms, row.result.round_p99_median_ms, row.result.round_p99_max_ms) = (roundMin, roundMedian, roundMax)
        (row.joined, row.rssPeakKB, row.note, row.rssPerParticipantKB) = (joined, rssPeakKB, note, rssPerParticipantKB)
    }
}

/// The parent's handle on a peer process that measures one side of a scenario.
final class PeerProcess {
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var buffer: [UInt8] = []

    /// Starts a peer for `raw` or real and waits until its side is prepared.
    init?(options: Options, raw: Bool, perMeeting: Int, meetings: Int, rounds: Int) {
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var arguments = [
            "peer", "--server", options.server, "--n", String(perMeeting), "--meetings", String(meetings),
            "--mode", raw ? "raw" : "real", "--rounds", String(rounds),
        ]
        if options.staffDuringJoins { arguments.append("--staff-during-joins") }
        if options.noTouch { arguments.append("--no-touch") }
        process.arguments = arguments
        process.standardInput = input
        process.standardOutput = output
        do { try process.run() } catch {
            log("peer did not start: \(error)")
            return nil
        }
        guard line() == "ready" else {
            process.waitUntilExit()
            return nil
        }
    }

    /// Runs one round on the peer's side and waits for it.
    func round() -> Bool {
        input.fileHandleForWriting.write(Data("round\n".utf8))
        return line() == "done"
    }

    /// Ends the peer's phase and returns its row (into `row`).
    func end(into row: inout PushRow) -> Bool {
        input.fileHandleForWriting.write(Data("end\n".utf8))
        defer { process.waitUntilExit() }
        guard let text = line(), let peer = try? JSONDecoder().decode(PeerRow.self, from: Data(text.utf8)) else { return false }
        peer.apply(to: &row)
        return true
    }

    /// The next line the peer printed, or nil when it exited.
    private func line() -> String? {
        let fd = output.fileHandleForReading.fileDescriptor
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let text = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return text
            }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = read(fd, &chunk, chunk.count)
            guard count > 0 else { return nil }
            buffer.append(contentsOf: chunk[..<count])
        }
    }
}
