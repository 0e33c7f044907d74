import CLoadGen
import Foundation

// dialogcafe-load: opens many real WebSocket participant connections to `dialogcafe serve`
// and measures push latency, input throughput and server cost at the clients. The per-frame
// work lives in the C engine (CLoadGen: epoll, non-blocking sockets, byte scanning).

let usage = """
    usage: dialogcafe-load bench --server PATH [--quick] [--only push|input] [--n N] [--meetings M]
                                 [--mode raw|real|both] [--rounds R] [--rates 500,1000,...]
      bench            starts the servers itself (raw fan-out baseline and the real server, each on
                       port 0 with a temporary database), runs the scenarios, prints the tables.
      --quick          N = 1,000 only (also BENCH_QUICK=1)
      --only push      only the push scenario(s); with --n (participants per meeting) and
                       --meetings (default 1) to run one scenario, e.g. for profiling
      --only input     only the input-throughput scenario (1,000 participants, or --n)
      --mode           raw, real or both (default both) for --only push
      --staff-during-joins  keep facilitators attached while participants join (default: they
                       re-attach with `facilitate` after the joins, see the report)
      --repeat K       run each scenario K times; medians (default 5)
      --sequential     with --mode both: measure raw, then real, each over all its rounds (default:
                       the two servers run side by side and take turns, one round each)
      --no-touch       skip the heartbeat pong every connection sends before a measured phase
                       (the server pings connections silent for 20 s; see the pings column)
    """

struct Options {
    var server = ""
    var quick = ProcessInfo.processInfo.environment["BENCH_QUICK"].map { $0 == "1" } ?? false
    var only: String?
    var n: Int?
    var meetings = 1
    var mode = "both"
    var rounds: Int?
    var rates = [500, 1_000, 2_000, 4_000]
    var stepSeconds = 3.0
    /// Keep the facilitator connections attached while participants join (reproduces the staff
    /// cut-off in big meetings); by default they re-attach with `facilitate` after the joins.
    var staffDuringJoins = false
    /// Do not send the heartbeat pong from every connection before measuring.
    var noTouch = false
    /// Each scenario runs this many times; the tables show medians.
    var repeats = 5
    /// Measure raw and real one after the other instead of in alternate rounds.
    var sequential = false
    /// This process is the peer that measures one side of an interleaved scenario.
    var peer = false
}

func parseOptions() -> Options {
    var options = Options()
    var args = Array(CommandLine.arguments.dropFirst())
    guard args.first == "bench" || args.first == "peer" else {
        FileHandle.standardError.write(Data(usage.utf8))
        exit(64)
    }
    options.peer = args.removeFirst() == "peer"
    func value(_ name: String) -> String {
        guard !args.isEmpty else {
            FileHandle.standardError.write(Data("missing value for \(name)\n".utf8))
            exit(64)
        }
        return args.removeFirst()
    }
    while !args.isEmpty {
        let arg = args.removeFirst()
        switch arg {
        case "--server": options.server = value(arg)
        case "--quick": options.quick = true
        case "--only": options.only = value(arg)
        case "--n": options.n = Int(value(arg))
        case "--meetings": options.meetings = Int(value(arg)) ?? 1
        case "--mode": options.mode = value(arg)
        case "--rounds": options.rounds = Int(value(arg))
        case "--rates": options.rates = value(arg).split(separator: ",").compactMap { Int($0) }
        case "--step-seconds": options.stepSeconds = Double(value(arg)) ?? 3
        case "--staff-during-joins": options.staffDuringJoins = true
        case "--no-touch": options.noTouch = true
        case "--repeat": options.repeats = max(1, Int(value(arg)) ?? 1)
        case "--sequential": options.sequential = true
        default:
            FileHandle.standardError.write(Data("unknown option \(arg)\n\(usage)".utf8))
            exit(64)
        }
    }
    guard !options.server.isEmpty else {
        FileHandle.standardError.write(Data("--server PATH is required\n\(usage)".utf8))
        exit(64)
    }
    return options
}

func log(_ text: String) {
    FileHandle.standardError.write(Data("[load] \(text)\n".utf8))
}

/// A started server with its temporary database folder.
final class ServerProcess {
    var handle = lg_server()
    let folder: String

    init?(path: String, raw: Bool) {
        folder = NSTemporaryDirectory() + "dialogcafe-bench-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let rc = lg_server_start(path, raw ? 1 : 0, folder + "/bench.sqlite", folder + "/server.log", &handle)
        if rc != 0 {
            log("server did not start (see \(folder)/server.log)")
            return nil
        }
    }

    var pid: pid_t { handle.pid }
    var port: Int32 { handle.port }

    func stop() {
        lg_server_stop(&handle)
        try? FileManager.default.removeItem(atPath: folder)
    }
}

struct PushRow {
    var scenario: String
    var mode: String
    var participants: Int
    var meetings: Int
    var result = lg_push_result()
    var rssPerParticipantKB = 0.0
    var rssPeakKB = 0
    var joined = 0
    var note = ""
    /// p99 of each repetition, in run order.
    var p99s: [Double] = []

    var frames: Double { Double(result.delivered) }
    var cpuPer100k: Double { frames > 0 ? result.server_cpu_s / frames * 100_000 : .nan }
    var clientCpuPer100k: Double { frames > 0 ? result.client_cpu_s / frames * 100_000 : .nan }
}

/// The scenario's name in the tables and progress lines.
func scenarioLabel(perMeeting: Int, meetings: Int) -> String {
    meetings == 1 ? "1 meeting" : "\(meetings) x \(perMeeting)"
}

/// Rounds per repetition: `--rounds`, or enough frames for CPU ticks to resolve (about 200,000
/// deliveries per scenario); at most 400, since a meeting holds at most 500 questions.
func pushRounds(_ options: Options, participants: Int) -> Int {
    min(options.rounds ?? max(10, min(200, 100_000 / max(1, participants))), 400)
}

func runInput(options: Options, participants: Int) -> [lg_input_result] {
    guard let server = ServerProcess(path: options.server, raw: false) else { return [] }
    defer { server.stop() }
    let open = lg_open(server.port, 1, Int32(participants), 60_000)
    defer { lg_close_all() }
    guard open == participants + 1 else {
        log("input: only \(open) connections opened")
        return []
    }
    let joined = lg_create_and_join(Int32(participants), options.staffDuringJoins ? 0 : 1, 120_000)
    guard joined == participants, options.staffDuringJoins || lg_facilitate_again(60_000) == 0 else {
        log("input: only \(joined) joined")
        return []
    }
    let tables = max(1, participants / 10)
    let setup = lg_input_setup(Int32(tables), 60_000)
    guard setup == 0 else {
        log("input: round setup failed (\(setup)): \(String(cString: lg_first_error()))")
        return []
    }
    if !options.noTouch { lg_touch_all() }
    let busy = lg_wait_server_idle(server.pid, 0.05, 30_000)
    if busy > 0.05 { log("input: server still \(Int(busy * 100))% busy after seating") }
    var results: [lg_input_result] = []
    for rate in options.rates {
        var result = lg_input_result()
        lg_input_step(Int32(rate), options.stepSeconds, 3_000, server.pid, &result)
        let error = withUnsafeBytes(of: result.first_error) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        log(
            "input \(rate)/s: sent \(result.sent) acked \(result.acked) errors \(result.errors) \(error) p99 \(String(format: "%.1f", result.p99_ms)) ms"
        )
        results.append(result)
    }
    return results
}

// MARK: Medians over repetitions

func median(_ values: [Double]) -> Double {
    let sorted = values.filter { !$0.isNaN }.sorted()
    guard !sorted.isEmpty else { return .nan }
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

/// One row from repetitions: every figure is the median of its own values; counts are summed.
func combine(_ runs: [PushRow]) -> PushRow {
    guard var row = runs.first else { fatalError("no runs") }
    row.p99s = runs.map(\.result.p99_ms)
    guard runs.count > 1 else { return row }
    row.result.expected = runs.reduce(0) { $0 + $1.result.expected }
    row.result.delivered = runs.reduce(0) { $0 + $1.result.delivered }
    row.result.pings = runs.reduce(0) { $0 + $1.result.pings }
    row.result.errors = runs.reduce(0) { $0 + $1.result.errors }
    row.result.p50_ms = median(runs.map(\.result.p50_ms))
    row.result.p99_ms = median(runs.map(\.result.p99_ms))
    row.result.max_ms = median(runs.map(\.result.max_ms))
    // the rounds of all repetitions: the lowest and highest round, the median of the medians
    row.result.round_p99_min_ms = runs.map(\.result.round_p99_min_ms).min() ?? -1
    row.result.round_p99_median_ms = median(runs.map(\.result.round_p99_median_ms))
    row.result.round_p99_max_ms = runs.map(\.result.round_p99_max_ms).max() ?? -1
    // CPU per frame: the median of each run's figure, kept consistent through these totals
    let cpu = median(runs.map(\.cpuPer100k))
    let clientCpu = median(runs.map(\.clientCpuPer100k))
    row.result.server_cpu_s = cpu * Double(row.result.delivered) / 100_000
    row.result.client_cpu_s = clientCpu * Double(row.result.delivered) / 100_000
    row.rssPerParticipantKB = median(runs.map(\.rssPerParticipantKB))
    row.rssPeakKB = runs.map(\.rssPeakKB).max() ?? 0
    row.note = runs.map(\.note).filter { !$0.isEmpty }.joined(separator: "; ")
    row.p99s = runs.map(\.result.p99_ms)
    return row
}

func combineInput(_ runs: [[lg_input_result]]) -> [lg_input_result] {
    guard let first = runs.first else { return [] }
    return first.indices.map { step in
        let column = runs.compactMap { $0.indices.contains(step) ? $0[step] : nil }
        var result = column[0]
        guard column.count > 1 else { return result }
        result.sent = column.reduce(0) { $0 + $1.sent }
        result.acked = column.reduce(0) { $0 + $1.acked }
        result.errors = column.reduce(0) { $0 + $1.errors }
        result.acked_per_s = median(column.map(\.acked_per_s))
        result.p50_ms = median(column.map(\.p50_ms))
        result.p99_ms = median(column.map(\.p99_ms))
        result.max_ms = median(column.map(\.max_ms))
        let perInput = median(column.map { $0.acked > 0 ? $0.server_cpu_s / Double($0.acked) : .nan })
        result.server_cpu_s = perInput * Double(result.acked)
        return result
    }
}

// MARK: Table output

func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
    let count = text.count
    if count >= width { return text }
    let padding = String(repeating: " ", count: width - count)
    return left ? text + padding : padding + text
}

func f1(_ value: Double) -> String { value.isNaN || value < 0 ? "-" : String(format: "%.1f", value) }
func f2(_ value: Double) -> String { value.isNaN || value < 0 ? "-" : String(format: "%.2f", value) }
func thousands(_ value: Int) -> String {
    let formatter = NumberFormatter()
    formatter.numberStyle = .decimal
    formatter.groupingSeparator = ","
    return formatter.string(from: NSNumber(value: value)) ?? String(value)
}

func printPushTable(_ rows: [(row: PushRow, baseline: PushRow?)]) {
    let header = [
        pad("scenario", 16, left: true), pad("mode", 5, left: true), pad("N", 7), pad("delivered/expected", 21),
        pad("p50 ms", 8), pad("p99 ms", 8), pad("max ms", 8), pad("p99/raw", 8), pad("CPU s/100k", 11),
        pad("CPU/raw", 8), pad("RSS KB/idle", 12), pad("RSS peak MB", 12), pad("gen CPU s/100k", 15), pad("pings", 6),
        pad("round p99 min/med/max", 21), "p99 per repetition",
    ]
    let line = header.joined(separator: " | ")
    print(line)
    print(String(repeating: "-", count: line.count))
    for (row, baseline) in rows {
        let r = row.result
        let p99Ratio = baseline.map { $0.result.p99_ms > 0 ? f2(r.p99_ms / $0.result.p99_ms) : "-" } ?? "1.00"
        let cpuRatio = baseline.map { f2(row.cpuPer100k / $0.cpuPer100k) } ?? "1.00"
        let cells = [
            pad(row.scenario, 16, left: true), pad(row.mode, 5, left: true), pad(thousands(row.participants), 7),
            pad("\(thousands(Int(r.delivered)))/\(thousands(Int(r.expected)))", 21),
            pad(f1(r.p50_ms), 8), pad(f1(r.p99_ms), 8), pad(f1(r.max_ms), 8), pad(p99Ratio, 8),
            pad(f2(row.cpuPer100k), 11), pad(cpuRatio, 8), pad(f1(row.rssPerParticipantKB), 12),
            pad(f1(Double(row.rssPeakKB) / 1024), 12), pad(f2(row.clientCpuPer100k), 15),
            pad(String(r.pings), 6),
            pad([r.round_p99_min_ms, r.round_p99_median_ms, r.round_p99_max_ms].map { String(format: "%.0f", $0) }.joined(separator: "/"), 21),
            row.p99s.map { String(format: "%.0f", $0) }.joined(separator: "/"),
        ]
        print(cells.joined(separator: " | ") + (row.note.isEmpty ? "" : "  (\(row.note))"))
    }
}

func printInputTable(_ results: [lg_input_result], participants: Int) {
    let header = [
        pad("offered/s", 10), pad("sent", 7), pad("acked", 7), pad("acked/s", 8), pad("errors", 7),
        pad("ack p50 ms", 11), pad("ack p99 ms", 11), pad("ack max ms", 11), pad("CPU s/1k inputs", 16),
    ]
    let line = header.joined(separator: " | ")
    print(line)
    print(String(repeating: "-", count: line.count))
    for r in results {
        let error = withUnsafeBytes(of: r.first_error) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let cells = [
            pad(thousands(Int(r.offered_per_s)), 10), pad(String(r.sent), 7), pad(String(r.acked), 7),
            pad(String(format: "%.0f", r.acked_per_s), 8), pad(String(r.errors), 7), pad(f1(r.p50_ms), 11),
            pad(f1(r.p99_ms), 11), pad(f1(r.max_ms), 11),
            pad(r.acked > 0 ? f2(r.server_cpu_s / Double(r.acked) * 1_000) : "-", 16),
        ]
        print(cells.joined(separator: " | ") + (error.isEmpty ? "" : "  (first error: \(error))"))
    }
}

// MARK: Main

let options = parseOptions()
signal(SIGPIPE, SIG_IGN)
let nofile = lg_raise_nofile()
if options.peer { runPeer(options: options) }
log("RLIMIT_NOFILE \(nofile)")

var scenarios: [(perMeeting: Int, meetings: Int)] = []
if let only = options.only, only == "push" {
    scenarios = [(options.n ?? 1_000, options.meetings)]
} else if options.only == nil {
    scenarios = options.quick ? [(1_000, 1)] : [(1_000, 1), (5_000, 1), (10_000, 1), (20, 500)]
}
let runInputScenario = options.only == nil || options.only == "input"
let modes: [Bool] = options.mode == "raw" ? [true] : options.mode == "real" ? [false] : [true, false]
/// Raw and real side by side, taking turns round by round (see `runInterleaved`).
let interleaved = modes.count == 2 && !options.sequential

let began = Date()
var pushRows: [(row: PushRow, baseline: PushRow?)] = []
for (perMeeting, meetings) in scenarios {
    let label = scenarioLabel(perMeeting: perMeeting, meetings: meetings)
    // raw and real do the same fan-out: with several meetings the raw senders and participants form
    // one room per meeting (`room:i`), so the baseline re-broadcasts each push to its own group only
    var runs: [Bool: [PushRow]] = [:]
    for repetition in 1...options.repeats {
        if interleaved {
            log("\(label) raw and real, interleaved: repetition \(repetition)/\(options.repeats)")
            let pair = runInterleaved(
                options: options, perMeeting: perMeeting, meetings: meetings, label: label, realInPeer: repetition % 2 == 1)
            if let raw = pair.raw { runs[true, default: []].append(raw) }
            if let real = pair.real { runs[false, default: []].append(real) }
            continue
        }
        for raw in modes {
            log("\(label) \(raw ? "raw" : "real"): repetition \(repetition)/\(options.repeats)")
            guard let row = runSequential(options: options, raw: raw, perMeeting: perMeeting, meetings: meetings, label: label) else {
                continue
            }
            runs[raw, default: []].append(row)
        }
    }
    let rawRow = runs[true].map(combine)
    if let rawRow { pushRows.append((rawRow, nil)) }
    if let realRuns = runs[false] { pushRows.append((combine(realRuns), rawRow)) }
}

var inputResults: [lg_input_result] = []
let inputParticipants = options.only == "input" ? (options.n ?? 1_000) : 1_000
if runInputScenario {
    var runs: [[lg_input_result]] = []
    for repetition in 1...options.repeats {
        log("input: repetition \(repetition)/\(options.repeats)")
        let results = runInput(options: options, participants: inputParticipants)
        if !results.isEmpty { runs.append(results) }
    }
    inputResults = combineInput(runs)
}

print("")
print("Dialogkafé load benchmark — generator and server on the same machine (\(ProcessInfo.processInfo.activeProcessorCount) cores)")
print(
    "servers: dialogcafe serve --host 127.0.0.1 --port 0 --contribution-rate 1000 --join-rate 100000 (temporary database, synchronous=FULL);"
)
print("baseline: the same with --raw-fanout. Push = facilitator push_question; raw: one client per meeting sends a frame shaped byte")
print("for byte like the real server's question_pushed event, which the raw server re-broadcasts to its room, the sender too (the real")
print("server writes the sender its ack and event), so participants get the same bytes")
print("(with several meetings each raw sender and its participants first join one room, `room:i`). Latency from the send instant")
print("(t=<ns> in the text) to each participant's receipt; rounds one after another, each after all deliveries; every sender pushes")
print("at once each round.")
if !pushRows.isEmpty {
    print("")
    print("Push fan-out")
    printPushTable(pushRows)
    print("RSS KB/idle: server VmRSS growth from before connecting to N connected (real: joined) idle participants, divided by N.")
    print("CPU s/100k: server utime+stime during the push phase per 100,000 frames delivered to participants.")
    if interleaved {
        print("Each scenario ran \(options.repeats)x, each time with a fresh raw and a fresh real server running side by side and taking turns,")
        print("one round each (the other one paused with SIGSTOP meanwhile); figures are medians over the runs.")
    } else {
        print("Each scenario ran \(options.repeats)x (raw and real alternating, a fresh server each time); figures are medians over the runs.")
    }
    print("round p99: the p99 of each round's deliveries; the lowest and highest round of all runs, the median of the runs' medians.")
    print("pings: WebSocket pings received during the push phase (the server pings a connection 20 s after it last heard from it).")
}
if !inputResults.isEmpty {
    print("")
    print(
        "Input throughput: \(thousands(inputParticipants)) participants at \(max(1, inputParticipants / 10)) tables, round running; add_input round robin, \(String(format: "%.0f", options.stepSeconds)) s per step; ack = durable (committed before ack)"
    )
    printInputTable(inputResults, participants: inputParticipants)
}
print("")
print("total \(String(format: "%.0f", Date().timeIntervalSince(began))) s")
