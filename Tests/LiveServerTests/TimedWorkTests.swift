import Foundation
import Glibc
import Testing

@testable import LiveServer

/// Work the server does as time passes, with no traffic to prompt it.
@Suite(.serialized) struct TimedWorkTests {
    @Test func theLastMatrixUpdateArrivesWithoutLaterTraffic() throws {
        let server = try ServerProcess()
        let cafe = try Hardening.Cafe(server: server, people: 1)
        let (facilitator, amina) = (cafe.facilitator, cafe.people[0].client)
        // A burst well inside one throttle interval, then silence.
        for index in 0..<5 { try amina.command("add_input", ["kind": "idea", "text": "Idé \(index)"]) }
        var civilInputs: Int?
        let deadline = Date().addingTimeInterval(4)
        while deadline.timeIntervalSinceNow > 0, let message = facilitator.socket.receiveJSON(timeout: deadline.timeIntervalSinceNow) {
            guard message["type"] as? String == "matrix" else { continue }
            let evidence = ((message["result"] as? [String: Any])?["meeting"] as? [String: Any])?["evidence"] as? [String: Any]
            civilInputs = ((evidence?["voice"] as? [String: Any])?["inputs"] as? [String: Any])?["civil"] as? Int
        }
        #expect(civilInputs == 5, "the matrix after the burst reached the facilitator")
    }

    @Test func retentionRemovesAnExpiredMeetingFromARunningServer() throws {
        let folder = ServerProcess.temporaryDirectory()
        let path = folder + "/retention.sqlite"
        let now = Locked<Int64>(SystemClock.milliseconds())
        var options = MeetingHub.Options()
        options.retentionDays = 30
        let (server, writer, hub) = inProcessHub(
            storingIn: try SQLiteEventStore(path: path), options: options, clock: { now.withLock { $0 } })
        try server.start()
        let thread = Thread { server.run() }
        thread.start()
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
        withExtendedLifetime(hub) {}
    }
}
