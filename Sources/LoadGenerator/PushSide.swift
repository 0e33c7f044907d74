import CLoadGen
import Foundation

/// One server of a push scenario with its connections open and joined, measured round by round.
///
/// Between its rounds the server is paused (SIGSTOP) when `pausing`: with the baseline and the
/// real server measured in alternate rounds, neither one's background work (the real server's
/// matrix classification and checkpoints) runs during the other's rounds.
final class PushSide {
    let server: ServerProcess
    let raw: Bool
    let pausing: Bool
    private(set) var row: PushRow
    /// False when the set-up failed; `row.note` says why, and no round runs.
    private(set) var ready = false

    /// Starts a server and opens, joins and quiets its connections. The C engine holds one set of
    /// connections per process, so a process prepares one side at a time.
    init?(options: Options, raw: Bool, perMeeting: Int, meetings: Int, label: String, pausing: Bool) {
        let participants = perMeeting * meetings
        row = PushRow(scenario: label, mode: raw ? "raw" : "real", participants: participants, meetings: meetings)
        guard let server = ServerProcess(path: options.server, raw: raw) else { return nil }
        self.server = server
        self.raw = raw
        self.pausing = pausing
        usleep(200_000)
        let rss0 = lg_proc_rss_kb(server.pid)
        // one sender per meeting in both modes: facilitators, or raw clients that push the same bytes
        let senders = Int32(meetings)
        let started = Date()
        let open = lg_open(server.port, senders, Int32(participants), 120_000)
        log(
            "\(label) \(row.mode): \(open)/\(Int(senders) + participants) connections open in \(String(format: "%.1f", Date().timeIntervalSince(started))) s"
        )
        guard open == Int(senders) + participants else {
            row.note = "only \(open) connections opened"
            return
        }
        guard join(options: options, perMeeting: perMeeting, open: Int(open), label: label) else { return }
        var busy = lg_wait_server_idle(server.pid, 0.05, 30_000)
        let rss1 = lg_proc_rss_kb(server.pid)
        if !options.noTouch {
            // both modes alike: restart the server's idle-ping timers so no ping burst lands in the phase
            lg_touch_all()
            busy = lg_wait_server_idle(server.pid, 0.05, 30_000)
        }
        if busy > 0.05 { log("\(label) \(row.mode): server still \(Int(busy * 100))% busy before pushing") }
        row.rssPerParticipantKB = Double(rss1 - rss0) / Double(participants)
        ready = true
        if pausing { kill(server.pid, SIGSTOP) }
    }

    /// Real: participants join their meetings, facilitators re-attach. Raw with several meetings:
    /// each connection enters its meeting's room.
    private func join(options: Options, perMeeting: Int, open: Int, label: String) -> Bool {
        let participants = row.participants
        if !raw {
            let joinStart = Date()
            let joined = lg_create_and_join(Int32(perMeeting), options.staffDuringJoins ? 0 : 1, 180_000)
            row.joined = Int(joined)
            if !options.staffDuringJoins && lg_facilitate_again(60_000) != 0 {
                row.note = "facilitators could not re-attach"
                return false
            }
            log(
                "\(label) real: \(joined)/\(participants) joined in \(String(format: "%.1f", Date().timeIntervalSince(joinStart))) s; errors \(lg_error_count()) \(String(cString: lg_first_error()))"
            )
            guard joined == participants else {
                row.note = "only \(joined) joined"
                return false
            }
        } else if row.meetings > 1 {
            // raw rooms: the same groups as the meetings, so each push reaches its own meeting's participants only
            let roomStart = Date()
            let acknowledged = lg_raw_rooms(Int32(perMeeting), 180_000)
            log(
                "\(label) raw: \(acknowledged)/\(open) in their rooms in \(String(format: "%.1f", Date().timeIntervalSince(roomStart))) s"
            )
            guard acknowledged == open else {
                row.note = "only \(acknowledged) in their rooms"
                return false
            }
            row.joined = participants
        } else {
            row.joined = participants
        }
        return true
    }

    func begin(rounds: Int) {
        guard ready else { return }
        lg_push_begin(Int32(rounds), server.pid)
    }

    /// One round: every sender pushes once; it ends when every participant got it, plus 20 ms.
    func round() {
        guard ready else { return }
        if pausing { kill(server.pid, SIGCONT) }
        lg_push_round(raw ? 1 : 0, 20, 15_000)
        if pausing { kill(server.pid, SIGSTOP) }
    }

    /// The measured row; closes the connections and stops the server.
    func end() -> PushRow {
        if pausing { kill(server.pid, SIGCONT) }
        if ready {
            lg_push_end(server.pid, &row.result)
            row.rssPeakKB = lg_proc_rss_kb(server.pid)
            log(
                "\(row.scenario) \(row.mode): \(row.result.delivered)/\(row.result.expected) delivered, p99 \(String(format: "%.1f", row.result.p99_ms)) ms (rounds \(String(format: "%.0f", row.result.round_p99_min_ms))–\(String(format: "%.0f", row.result.round_p99_max_ms))), server cpu \(String(format: "%.2f", row.result.server_cpu_s)) s, closed \(lg_closed_count()) (first #\(lg_first_closed()) \(String(cString: lg_close_reason()))), errors \(row.result.errors) \(String(cString: lg_first_error()))"
            )
        }
        lg_close_all()
        server.stop()
        return row
    }
}
