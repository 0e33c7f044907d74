import Foundation
import Glibc
import Session
import Testing

@testable import LiveServer

/// Crashes, a full disk, silent clients and a graceful stop, against the real server.
@Suite(.serialized) struct FaultTests {
    /// `prlimit` lowers the running server's file-size limit: every write to the database then
    /// fails with EFBIG (the server ignores SIGXFSZ), exactly like a full disk. Only the soft
    /// limit is lowered (`soft:hard`), so it can be raised again without privileges.
    static func setFileSizeLimit(_ server: ServerProcess, _ limit: String) throws {
        let (status, output) = try Hardening.run("/usr/bin/prlimit", ["--pid", String(server.pid), "--fsize=\(limit):unlimited"])
        #expect(status == 0, "prlimit: \(output)")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/prlimit")))
    func aFullDiskAcksNothingUnstoredAndRecovers() throws {
        var server = try ServerProcess()
        let cafe = try Hardening.Cafe(server: server, people: 1)
        let amina = cafe.people[0].client
        let before = try cafe.replay()

        try Self.setFileSizeLimit(server, "1")
        for index in 0..<3 {
            try amina.refused("add_input", ["kind": "idea", "text": "Osparad \(index)"], code: "storage_unavailable")
        }
        let late = try CafeClient(port: server.port, name: "late")
        try late.refused(
            "join", ["code": cafe.code, "name": "Bo", "sector": "public", "organisation": "Region"], code: "storage_unavailable")
        try cafe.facilitator.refused("push_question", ["text": "Osparad fråga", "kind": "open"], code: "storage_unavailable")
        // The server is up and serves what is durable; nothing unstored was pushed to anyone.
        #expect(try WebSocketTestClient.httpGet(port: server.port, path: "/healthz").status == 200)
        #expect(try cafe.replay() == before)
        cafe.facilitator.drain()
        #expect(!cafe.facilitator.eventKinds.contains("input_added"))
        #expect(!cafe.facilitator.eventKinds.contains("question_pushed"))
        // The refused join is not a participant: its connection cannot act.
        try late.refused("add_input", ["kind": "idea", "text": "x"], code: "not_joined")

        try Self.setFileSizeLimit(server, "unlimited")
        let input = try amina.command("add_input", ["kind": "idea", "text": "Sparad"])
        #expect((input["result"] as? [String: Any])?["input"] as? String == "i1", "ids of refused commands are not skipped")
        #expect((input["seq"] as? Int) == before.count + 1, "seqs are not skipped")
        let bo = try late.join(code: cafe.code, name: "Bo", sector: "public", organisation: "Region")
        #expect(bo.id == "p2", "the failed join did not use up p2")
        let question = try cafe.facilitator.command("push_question", ["text": "Sparad fråga", "kind": "open"])
        #expect((question["result"] as? [String: Any])?["question"] as? String == "q1")

        server = try server.restart()
        let after = try Hardening.replay(port: server.port, code: cafe.code, key: cafe.key)
        #expect(Array(after.prefix(before.count)) == before)
        let texts = after.filter { $0.contains("\"input_added\"") }
        #expect(texts.count == 1 && texts[0].contains("Sparad"))
        #expect(after.filter { $0.contains("\"participant_joined\"") }.count == 2)
        #expect(!after.contains { $0.contains("Osparad") }, "nothing refused was stored")
    }

    @Test func sigtermStoresEveryAckedCommandAndSaysGoingAway() throws {
        var server = try ServerProcess(arguments: ["--contribution-rate", "10000"])
        let cafe = try Hardening.Cafe(server: server, people: 4)
        var sent: [(client: CafeClient, id: String, text: String)] = []
        for round in 0..<40 {
            for person in cafe.people {
                let text = "Idé \(person.client.name) \(round)"
                sent.append((person.client, try person.client.send("add_input", ["kind": "idea", "text": text]), text))
            }
        }
        server.kill(SIGTERM)
        var acked: Set<String> = []
        var refusedWhileStopping = 0
        var closures: [WebSocketTestClient.Closure?] = []
        for person in cafe.people {
            while let reply = Hardening.nextReply(person.client.socket, timeout: 10) {
                if reply["type"] as? String == "ack", let id = reply["id"] as? String {
                    if let entry = sent.first(where: { $0.id == id }) { acked.insert(entry.text) }
                } else {
                    #expect(reply["code"] as? String == "shutting_down", "\(reply)")
                    refusedWhileStopping += 1
                }
            }
            closures.append(person.client.socket.waitForClosure(timeout: 10))
        }
        #expect(closures.allSatisfy { $0 == .closeFrame(1001) }, "every client sees going-away: \(closures)")
        #expect(cafe.facilitator.socket.waitForClosure(timeout: 10) == .closeFrame(1001))
        #expect(server.waitForExit() == 0)
        server = try ServerProcess(database: server.databasePath)
        let stored = try Hardening.replay(port: server.port, code: cafe.code, key: cafe.key)
            .filter { $0.contains("\"input_added\"") }
            .compactMap { line -> String? in
                let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                return ((object?["event"] as? [String: Any])?["input"] as? [String: Any])?["text"] as? String
            }
        #expect(Set(stored).count == stored.count, "none twice")
        #expect(acked.isSubset(of: Set(stored)), "every acked input is stored")
        #expect(Set(stored).isSubset(of: acked), "every stored input was acked before the close")
        #expect(acked.count + refusedWhileStopping <= sent.count)
        #expect(acked.count + refusedWhileStopping > 0, "the stop met commands in flight")
    }

    /// Deterministic: a commit held on the disk while the stop is raised. The command in flight is
    /// stored and acked, a command arriving meanwhile gets `shutting_down`, then 1001.
    @Test func commandsArrivingWhileStoppingAreRefused() throws {
        let gate = Gate()
        let (server, writer, hub) = inProcessHub(storingIn: GatedStore(gate: gate))
        let stop = hub.stopRequest
        try server.start()
        let finished = Locked(false)
        let thread = Thread {
            server.run()
            finished.withLock { $0 = true }
        }
        thread.start()

        let cafe = try Hardening.Cafe(port: server.port, people: 1)
        let (facilitator, amina) = (cafe.facilitator, cafe.people[0].client)

        gate.close()
        let held = try amina.send("add_input", ["kind": "idea", "text": "Hålls kvar"])
        #expect(eventually { gate.waiting })
        stop.raise()
        usleep(100_000)
        try amina.refused("add_input", ["kind": "idea", "text": "För sent"], code: "shutting_down")
        try facilitator.refused("push_question", ["text": "För sent", "kind": "open"], code: "shutting_down")
        // The phone, unsure its command arrived, sends it again: it is being stored, so the
        // resend waits for that with it (one ack for the id), rather than hearing "nothing was done".
        try amina.send("add_input", id: held, ["kind": "idea", "text": "Hålls kvar"])
        usleep(100_000)
        gate.open()
        let reply = try amina.reply(to: held)
        #expect(reply["type"] as? String == "ack", "\(reply)")
        #expect(amina.socket.waitForClosure() == .closeFrame(1001))
        #expect(facilitator.socket.waitForClosure() == .closeFrame(1001))
        #expect(eventually { finished.withLock { $0 } })
        writer.flushAndStop()
        let texts = gate.stored.compactMap { parseJSONText($0.payload)?["input"]?["text"]?.stringValue }
        #expect(texts == ["Hålls kvar"])
        withExtendedLifetime(hub) {}
    }

    /// A failed batch takes the commands queued behind it down too; the meeting goes back to what
    /// is durable: the refused join is nobody, and no id or seq is used up.
    @Test func aFailedBatchAndEverythingQueuedBehindItAreRefusedAndRolledBack() throws {
        try withGatedHub { gate, server in
            let facilitator = try CafeClient(port: server.port, name: "f")
            let (code, key) = try facilitator.createMeeting()
            let amina = try CafeClient(port: server.port, name: "a")
            _ = try amina.join(code: code, name: "Amina", sector: "civil", organisation: "Activa")
            try facilitator.command("add_tables", ["count": 1])
            try facilitator.command("plan_round", ["minutes": 10])
            try facilitator.command("start_round", ["round": "r1"])
            let durable = gate.stored.count

            gate.close()
            gate.setFailing(true)
            let first = try amina.send("add_input", ["kind": "idea", "text": "Första"])
            #expect(eventually { gate.waiting })
            let second = try amina.send("add_input", ["kind": "idea", "text": "Andra"])
            let late = try CafeClient(port: server.port, name: "late")
            let join = try late.send("join", ["code": code, "name": "Bo", "sector": "public"])
            let question = try facilitator.send("push_question", ["text": "Fråga", "kind": "open"])
            usleep(100_000)
            gate.open()
            for (client, id) in [(amina, first), (amina, second), (late, join), (facilitator, question)] {
                let reply = try client.reply(to: id)
                #expect(reply["code"] as? String == "storage_unavailable", "\(reply)")
            }
            #expect(gate.stored.count == durable)
            try late.refused("add_input", ["kind": "idea", "text": "x"], code: "not_joined")

            gate.setFailing(false)
            // The same ids can be sent again and now succeed, with the ids the failed ones would have had.
            let again = try amina.command("add_input", id: first, ["kind": "idea", "text": "Första"])
            #expect((again["result"] as? [String: Any])?["input"] as? String == "i1")
            #expect(again["seq"] as? Int == durable + 1)
            let bo = try late.command("join", id: join, ["code": code, "name": "Bo", "sector": "public"])
            #expect((bo["result"] as? [String: Any])?["participant"] as? String == "p2")
            try late.command("add_input", ["kind": "idea", "text": "Bos idé"])
            let log = try Hardening.replay(port: server.port, code: code, key: key)
            #expect(log.count == gate.stored.count)
            #expect(!log.contains { $0.contains("Andra") || $0.contains("Fråga") })
        }
    }

    /// While a write is on its way to the disk, the minutes and the feedback page show only what
    /// is stored: a download never carries an input that a failed write could still take back.
    @Test func downloadsShowOnlyWhatIsDurable() throws {
        try withGatedHub { gate, server in
            let cafe = try Hardening.Cafe(port: server.port, people: 1)
            let (code, key, amina, token) = (cafe.code, cafe.key, cafe.people[0].client, cafe.people[0].token)
            try amina.command("add_input", ["kind": "idea", "text": "Sparad idé"])
            func downloads() throws -> String {
                let minutes = try WebSocketTestClient.httpGet(port: server.port, path: "/api/meetings/\(code)/minutes.md?key=\(key)")
                let feedback = try WebSocketTestClient.httpGet(port: server.port, path: "/api/meetings/\(code)/feedback?token=\(token)")
                #expect(minutes.status == 200 && feedback.status == 200)
                return minutes.text + feedback.text
            }
            #expect(try downloads().contains("Sparad idé"))

            gate.close()
            let held = try amina.send("add_input", ["kind": "idea", "text": "Väntande idé"])
            #expect(eventually { gate.waiting })
            let meanwhile = try downloads()
            #expect(meanwhile.contains("Sparad idé") && !meanwhile.contains("Väntande idé"))
            gate.open()
            #expect(try amina.reply(to: held)["type"] as? String == "ack")
            #expect(try downloads().contains("Väntande idé"))
        }
    }

    /// A hub whose writes pass `gate`, serving on its own thread while `body` runs; then the gate
    /// opens (nothing may wait at it), the hub stops and the writer finishes.
    private func withGatedHub(_ body: (Gate, WebSocketServer) throws -> Void) throws {
        let gate = Gate()
        let (server, writer, hub) = inProcessHub(storingIn: GatedStore(gate: gate))
        try startOnItsOwnThread(server)
        defer {
            gate.open()
            hub.stopRequest.raise()
            writer.flushAndStop()
            withExtendedLifetime(hub) {}
        }
        try body(gate, server)
    }

    @Test func aSilentParticipantIsHungUpWhileOthersGetEveryPush() throws {
        let server = try ServerProcess(arguments: ["--ping-seconds", "1", "--hangup-seconds", "2", "--contribution-rate", "1000"])
        let cafe = try Hardening.Cafe(server: server, people: 2)
        let silent = try WebSocketTestClient(port: server.port)
        try silent.sendText(#"{"type":"join","id":"s1","code":"\#(cafe.code)","name":"Tyst","sector":"civil"}"#)
        // It never reads again: it answers no ping and its buffers fill.
        let amina = cafe.people[0].client
        let bo = cafe.people[1].client
        var sent = 0
        let deadline = Date().addingTimeInterval(5)
        while deadline.timeIntervalSinceNow > 0 {
            try amina.command("add_input", ["kind": "idea", "text": "Idé \(sent) " + String(repeating: "x", count: 500)])
            sent += 1
            bo.drain(for: 0.05)
            cafe.facilitator.drain(for: 0.05)
        }
        #expect(silent.waitForClosure(timeout: 5) != nil, "the silent connection was cut off")
        bo.drain()
        cafe.facilitator.drain()
        #expect(cafe.facilitator.eventsOf("input_added").count == sent, "staff got every push")
        #expect(cafe.facilitator.eventSeqs == Array(1...(cafe.facilitator.eventSeqs.last ?? 0)))
        #expect(bo.eventsOf("participant_joined").count >= 1)
        try bo.command("add_input", ["kind": "idea", "text": "Fortfarande här"])
    }

    /// Someone arriving late, or a phone coming back, gets a backlog larger than a connection's
    /// send-queue bound. It is written out as the socket drains; before, the connection was cut
    /// off at the bound, and every reconnect then failed the same way.
    @Test func aBacklogLargerThanTheQueueBoundReachesALateArrivalAndAResumedPhone() throws {
        let server = try ServerProcess(arguments: ["--max-queued-bytes", "8192"])
        let cafe = try Hardening.Cafe(server: server, people: 1)
        let text = String(repeating: "Hur når vi fler? ", count: 25)
        for index in 0..<40 { try cafe.facilitator.command("push_question", ["text": "\(index) \(text)", "kind": "open"]) }
        let late = try CafeClient(port: server.port, name: "late")
        let (_, token) = try late.join(code: cafe.code, name: "Sen", sector: "public", organisation: "Region Kalmar län")
        #expect(late.eventsOf("question_pushed").count == 40, "the late arrival got every question")
        let phone = try CafeClient(port: server.port, name: "phone")
        try phone.command("resume", ["token": token, "after": 0])
        #expect(phone.eventsOf("question_pushed").count == 40, "the resumed phone got every question")
        try cafe.facilitator.command("push_question", ["text": "En till", "kind": "open"])
        phone.drain(for: 1)
        #expect(phone.eventsOf("question_pushed").count == 41, "live events follow the backlog")
        #expect(phone.socket.waitForClosure(timeout: 0.3) == nil, "the phone stays connected")
    }

    /// The backlog allowance is one at a time: a client that asks for the whole log again and
    /// again without reading is cut off at the bound instead of holding ever more in memory.
    @Test func askingForTheBacklogAgainAndAgainWithoutReadingIsCutOff() throws {
        let server = try ServerProcess(arguments: ["--max-queued-bytes", "8192", "--ping-seconds", "60", "--hangup-seconds", "120"])
        let cafe = try Hardening.Cafe(server: server, people: 1)
        let text = String(repeating: "Hur når vi fler? ", count: 25)
        for index in 0..<40 { try cafe.facilitator.command("push_question", ["text": "\(index) \(text)", "kind": "open"]) }
        let greedy = try WebSocketTestClient(port: server.port, receiveBufferSize: 4096)
        var refusedToSend = false
        for index in 0..<400 {
            do {
                try greedy.sendText(#"{"type":"resume","id":"g\#(index)","token":"\#(cafe.people[0].token)","after":0}"#)
            } catch {
                refusedToSend = true  // the server already closed the connection
                break
            }
        }
        let closure = refusedToSend ? nil : greedy.waitForClosure(timeout: 10)
        #expect(refusedToSend || closure == .closeFrame(1008) || closure == .eof, "cut off: \(String(describing: closure))")
        try cafe.facilitator.command("push_question", ["text": "Fortfarande igång", "kind": "open"])
    }

    /// A projector that stops reading fills its outbound queue: it is cut off at the bound while
    /// the facilitator still receives every event in order.
    @Test func aStaffConnectionThatStopsReadingIsCutOffAtTheQueueBound() throws {
        let server = try ServerProcess(arguments: [
            "--max-queued-bytes", "65536", "--contribution-rate", "100000", "--ping-seconds", "60", "--hangup-seconds", "120",
        ])
        let cafe = try Hardening.Cafe(server: server, people: 1)
        let projector = try WebSocketTestClient(port: server.port, receiveBufferSize: 4096)
        try projector.sendText(#"{"type":"facilitate","id":"pr1","code":"\#(cafe.code)","key":"\#(cafe.key)"}"#)
        let amina = cafe.people[0].client
        let text = String(repeating: "långsam ", count: 240)
        var total = 0
        // Ten at a time: the sender's own queue (her inputs come back to her) stays under the bound.
        for batch in 0..<150 {
            let ids = try (0..<10).map { index in try amina.send("add_input", ["kind": "idea", "text": "\(batch)-\(index) \(text)"]) }
            for id in ids { #expect(try amina.reply(to: id)["type"] as? String == "ack") }
            total += ids.count
            cafe.facilitator.drain(for: 0.01)
        }
        let closure = projector.waitForClosure(timeout: 10)
        #expect(closure == .closeFrame(1008) || closure == .eof, "the stalled projector is cut off: \(String(describing: closure))")
        cafe.facilitator.drain(for: 1)
        #expect(cafe.facilitator.eventsOf("input_added").count == total, "the facilitator got every input")
        #expect(cafe.facilitator.eventSeqs == Array(1...(cafe.facilitator.eventSeqs.last ?? 0)))
        #expect(try WebSocketTestClient.httpGet(port: server.port, path: "/healthz").status == 200)
    }

    @Test func killNineWithSeveralMeetingsLosesNothingAcknowledged() throws {
        var server = try ServerProcess(arguments: ["--contribution-rate", "10000"])
        var cafes: [Hardening.Cafe] = []
        for _ in 0..<3 { cafes.append(try Hardening.Cafe(server: server, people: 3)) }
        var sent: [(cafe: Int, client: CafeClient, id: String)] = []
        for round in 0..<25 {
            for (index, cafe) in cafes.enumerated() {
                for person in cafe.people {
                    sent.append(
                        (index, person.client, try person.client.send("add_input", ["kind": "idea", "text": "M\(index) \(round)"])))
                }
            }
        }
        var acked: [Int: Set<Int>] = [:]
        for entry in sent.prefix(150) {
            let reply = try entry.client.reply(to: entry.id)
            if reply["type"] as? String == "ack", let seq = reply["seq"] as? Int { acked[entry.cafe, default: []].insert(seq) }
        }
        server.kill(SIGKILL)
        server.waitForExit()
        server = try ServerProcess(database: server.databasePath)
        for (index, cafe) in cafes.enumerated() {
            let log = try Hardening.replay(port: server.port, code: cafe.code, key: cafe.key)
            let seqs = log.compactMap { line in
                (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["seq"] as? Int
            }
            #expect(seqs == Array(1...seqs.count), "meeting \(index): no gaps")
            #expect(acked[index, default: []].isSubset(of: Set(seqs)), "meeting \(index): every ack survived")
            #expect(!log.contains { $0.contains("M\((index + 1) % 3) ") }, "meeting \(index) holds only its own inputs")
        }
        #expect(acked.values.map(\.count).reduce(0, +) == 150)
    }
}

/// Lets a test hold the writer inside a commit.
final class Gate: @unchecked Sendable {
    private let condition = NSCondition()
    private var isOpen = true
    private var waitingNow = false
    private var rows: [StoredEvent] = []
    private var failing = false

    func close() { condition.withLock { isOpen = false } }
    func open() {
        condition.withLock {
            isOpen = true
            condition.broadcast()
        }
    }
    var waiting: Bool { condition.withLock { waitingNow } }
    /// While set, every append fails as if the disk were full.
    func setFailing(_ value: Bool) { condition.withLock { failing = value } }
    var stored: [StoredEvent] { condition.withLock { rows } }

    func pass(_ events: [StoredEvent]) throws(StoreError) {
        let failed: Bool = condition.withLock {
            waitingNow = true
            while !isOpen { condition.wait() }
            waitingNow = false
            if failing { return true }
            rows += events
            return false
        }
        if failed { throw .unavailable("SQLITE_FULL (13): database or disk is full (test)", sqliteCode: 13) }
    }
}

/// An in-memory store whose appends wait at a gate.
final class GatedStore: EventStore {
    let gate: Gate
    init(gate: Gate) { self.gate = gate }
    func loadAll() throws(StoreError) -> [StoredEvent] { gate.stored }
    func append(_ events: [StoredEvent]) throws(StoreError) { try gate.pass(events) }
    func deleteMeetings(_ codes: [String]) throws(StoreError) -> Int { 0 }
    func deleteMeetings(olderThan ms: Int64) throws(StoreError) -> [String] { [] }
    func retiredCodes() throws(StoreError) -> Set<String> { [] }
    func meta(_ key: String) throws(StoreError) -> String? { nil }
    func setMeta(_ key: String, _ value: String) throws(StoreError) {}
}
