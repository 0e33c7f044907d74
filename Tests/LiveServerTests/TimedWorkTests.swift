import Foundation
import Glibc
import Testing
import Session

@testable import LiveServer

/// Work the server does as time passes, with no traffic to prompt it.
@Suite(.serialized) struct TimedWorkTests {
    @Test func theLastMatrixUpdateArrivesWithoutLaterTraffic() throws {
        let server = try ServerProcess()
        let cafe = try Hardening.Cafe(server: server, people: 1)
        let (facilitator, amina) = (cafe.facilitator, cafe.people[0].client)
        // A burst well inside one throttle interval, then silence.
        for index in 0..<5 { try amina.command("add_input", ["kind": "idea", "text": "Idé \(index)"]) }
        let last = facilitator.frames(ofType: "matrix", for: 4).last
        let evidence = ((last?["result"] as? [String: Any])?["meeting"] as? [String: Any])?["evidence"] as? [String: Any]
        let civilInputs = ((evidence?["voice"] as? [String: Any])?["inputs"] as? [String: Any])?["civil"] as? Int
        #expect(civilInputs == 5, "the matrix after the burst reached the facilitator")
    }

    /// Rule texts come once per screen; matrix frames name rules by id, an unchanged result is
    /// not sent again, and a screen that attaches gets the last result at once.
    @Test func matrixFramesCarryRuleIdsAndAreSentOnlyWhenChanged() throws {
        let server = try ServerProcess()
        let facilitator = try CafeClient(port: server.port, name: "fac")
        let created = try facilitator.send("create_meeting", CafeClient.meetingFields)
        var frames: [[String: Any]] = []
        while let message = facilitator.socket.receiveJSON(timeout: 5) {
            frames.append(message)
            if message["id"] as? String == created { break }
        }
        let types = frames.compactMap { $0["type"] as? String }
        #expect(types.first == "matrix_rules", "the rule texts come first: \(types)")
        let catalogue = frames.first?["rules"] as? [[String: Any]] ?? []
        #expect(catalogue.count == 12 && catalogue.allSatisfy { ($0["text"] as? [String: Any])?["sv"] is String })
        let code = ((frames.last?["result"] as? [String: Any])?["code"] as? String) ?? ""
        let key = ((frames.last?["result"] as? [String: Any])?["facilitator_key"] as? String) ?? ""

        let first = try #require(facilitator.frames(ofType: "matrix", for: 2.5).last)
        let rules = ((first["result"] as? [String: Any])?["meeting"] as? [String: Any])?["rules"] as? [[String: Any]] ?? []
        #expect(rules.count == 12)
        #expect(rules.allSatisfy { $0["id"] is String && $0["met"] is Bool && $0["text"] == nil })

        // A second screen attaches: it gets the rules and the last result at once; the first
        // screen gets nothing new, since nothing changed.
        let projector = try CafeClient(port: server.port, name: "projector")
        let attached = try projector.send("facilitate", ["code": code, "key": key])
        var seen: [String] = []
        var latest: [String: Any]?
        let deadline = Date().addingTimeInterval(0.8)
        while deadline.timeIntervalSinceNow > 0, let message = projector.socket.receiveJSON(timeout: deadline.timeIntervalSinceNow) {
            if let type = message["type"] as? String { seen.append(message["id"] as? String == attached ? "ack" : type) }
            if message["type"] as? String == "matrix" { latest = message }
        }
        #expect(seen.first == "matrix_rules" && seen.contains("ack") && seen.last == "matrix", "\(seen)")
        #expect(try Hardening.canonical(latest ?? [:]) == Hardening.canonical(first))
        #expect(facilitator.frames(ofType: "matrix", for: 1.8).isEmpty, "an unchanged result is not sent again")

        // A change reaches both screens.
        try facilitator.command("push_question", ["kind": "open", "text": "Vad behöver ni?"])
        #expect(facilitator.frames(ofType: "matrix", for: 2.5).count == 1)
        #expect(projector.frames(ofType: "matrix", for: 0.5).count == 1)
    }

    /// With more meetings changing than the budget allows, the longest-waiting are classified
    /// first and the rest when the budget refills.
    @Test func matrixClassificationsStayWithinTheBudgetForAllMeetings() throws {
        let now = Locked<Int64>(SystemClock.milliseconds())
        var options = MeetingHub.Options()
        options.matrixClassificationsPerSecond = 2
        let (server, writer, hub) = inProcessHub(
            storingIn: try SQLiteEventStore(path: ServerProcess.temporaryDirectory() + "/budget.sqlite"), options: options,
            clock: { now.withLock { $0 } })
        try startOnItsOwnThread(server)
        defer {
            server.stop()
            writer.flushAndStop()
        }
        let screens = try (0..<3).map { index in
            let client = try CafeClient(port: server.port, name: "f\(index)")
            _ = try client.createMeeting()
            return client
        }
        func gotMatrix(_ client: CafeClient, within seconds: Double) -> Bool {
            !client.frames(ofType: "matrix", for: seconds, untilFirst: true).isEmpty
        }
        // The clock moves once past the sweep interval, then stands still: two tokens, so two of
        // the three meetings.
        now.withLock { $0 += MeetingHub.matrixSweepMs }
        #expect(screens.map { gotMatrix($0, within: 1) }.filter { $0 }.count == 2)
        now.withLock { $0 += 600 }
        #expect(screens.map { gotMatrix($0, within: 1) }.filter { $0 }.count == 1, "the third once a token is back")
        withExtendedLifetime(hub) {}
    }

    @Test func retentionRemovesAnExpiredMeetingFromARunningServer() throws {
        let folder = ServerProcess.temporaryDirectory()
        let path = folder + "/retention.sqlite"
        let now = Locked<Int64>(SystemClock.milliseconds())
        var options = MeetingHub.Options()
        options.retentionDays = 30
        let (server, writer, hub) = inProcessHub(
            storingIn: try SQLiteEventStore(path: path), options: options, clock: { now.withLock { $0 } })
        try startOnItsOwnThread(server)
        defer {
            server.stop()
            writer.flushAndStop()
        }

        let facilitator = try CafeClient(port: server.port, name: "f")
        let (code, key) = try facilitator.createMeeting()
        let kept = try CafeClient(port: server.port, name: "k")
        usleep(300_000)
        now.withLock { $0 += 31 * 86_400_000 }
        let (keptCode, keptKey) = try kept.createMeeting()
        #expect(facilitator.socket.waitForClosure(timeout: 5) == .closeFrame(1001), "its connections are closed")
        let late = try CafeClient(port: server.port, name: "late")
        try late.refused("facilitate", ["code": code, "key": key], code: "unknown_meeting")
        try late.command("facilitate", ["code": keptCode, "key": keptKey])
        writer.flushAndStop()
        let rows = try SQLiteEventStore(path: path).loadAll()
        #expect(!rows.contains { $0.meeting == code }, "and its events are gone from the database")
        #expect(rows.contains { $0.meeting == keptCode })
        #expect(try SQLiteEventStore(path: path).retiredCodes() == [code], "its code is never given out again")
        withExtendedLifetime(hub) {}
    }
}

extension TimedWorkTests {
    @Test func renderingsOfTheMinutesAreForgottenOnceTooOldToBeReused() throws {
        let now = Locked<Int64>(1_000_000)
        let (_, writer, hub) = inProcessHub(
            storingIn: try SQLiteEventStore(path: ServerProcess.temporaryDirectory() + "/minutes.sqlite"), clock: { now.withLock { $0 } })
        defer { writer.flushAndStop() }
        let info = MeetingInfo(title: "T", date: "2026-12-03", declaredLevel: .dialogue, decisionStep: .drafting)
        let old = LiveMeeting(state: Meeting(code: "K7QM3P", info: info, createdAt: 0))
        let recent = LiveMeeting(state: Meeting(code: "ZZZZZZ", info: info, createdAt: 0))
        let page = HTTPResponse(status: 200, contentType: "text/markdown", body: Array("# Protokoll".utf8))
        old.renderedMinutes["md|false"] = (seq: 3, at: 1_000_000, response: page)
        hub.meetings = ["K7QM3P": old, "ZZZZZZ": recent]
        hub.forgetStaleMinutes()
        now.withLock { $0 += 30_000 }
        recent.renderedMinutes["md|false"] = (seq: 3, at: 1_030_000, response: page)
        hub.forgetStaleMinutes()
        #expect(old.renderedMinutes.count == 1, "at most one sweep a minute")
        now.withLock { $0 += 31_000 }
        hub.forgetStaleMinutes()
        #expect(old.renderedMinutes.isEmpty, "61 s old")
        #expect(recent.renderedMinutes.count == 1, "31 s old: still reused")
    }
}
