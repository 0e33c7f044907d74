import Foundation
import Glibc
import Testing

/// The live server end to end: a real process, real sockets, a real SQLite file.
@Suite(.serialized) struct HubTests {
    @Test func acksCarrySeqAndEventsArriveInOrder() throws {
        let server = try ServerProcess()
        let facilitator = try CafeClient(port: server.port, name: "f")
        let (code, key) = try facilitator.createMeeting()
        #expect(code.count == 6)
        #expect(key.count == 32)
        let amina = try CafeClient(port: server.port, name: "a")
        let (id, token) = try amina.join(code: code.lowercased(), name: "Amina", sector: "civil", organisation: "Activa")
        #expect(id == "p1")
        #expect(token.hasPrefix("\(code).p1."))
        let tables = try facilitator.command("add_tables", ["count": 2])
        #expect((tables["result"] as? [String: Any])?["tables"] as? [String] == ["t1", "t2"])
        try facilitator.command("plan_round", ["question": "Vad behövs?", "minutes": 15])
        try facilitator.command("start_round", ["round": "r1"])
        let ack = try amina.command("add_input", ["kind": "idea", "text": "Kvällsmöten"])
        #expect((ack["result"] as? [String: Any])?["input"] as? String == "i1")
        facilitator.drain()
        #expect(facilitator.eventSeqs == Array(1...(ack["seq"] as? Int ?? 0)), "staff see every event in order")
        #expect(amina.eventSeqs == amina.eventSeqs.sorted())
        #expect(amina.eventKinds.contains("round_started"))
    }

    @Test func errorsForBadAndUnauthorisedCommandsChangeNothing() throws {
        let server = try ServerProcess()
        let client = try CafeClient(port: server.port, name: "x")
        try client.refused("add_input", ["kind": "idea", "text": "x"], code: "not_joined")
        try client.refused("drop_everything", code: "unknown_type")
        try client.refused("join", ["code": "ZZZZZZ", "name": "A", "sector": "civil"], code: "unknown_meeting")
        try client.socket.sendText(#"{"type":"add_input"}"#)
        #expect(client.socket.receiveJSON()?["code"] as? String == "missing_id")
        let facilitator = try CafeClient(port: server.port, name: "f")
        let (code, key) = try facilitator.createMeeting()
        try client.refused("facilitate", ["code": code, "key": String(repeating: "0", count: 32)], code: "bad_key")
        try client.refused("resume", ["token": "\(code).p1.00000000000000000000000000000000", "after": 0], code: "bad_token")
        _ = try client.join(code: code, name: "Bo", sector: "public", organisation: "Region Halland")
        try client.refused("push_question", ["text": "Jag bestämmer"], code: "forbidden")
        try client.refused("join", ["code": code, "name": "", "sector": "civil"], code: "missing_field")
        try client.refused("join", ["code": code, "name": "C", "sector": "army"], code: "invalid_field")
        let other = try CafeClient(port: server.port, name: "f2")
        try other.command("facilitate", ["code": code, "key": key])
        other.drain()
        #expect(other.eventKinds == ["meeting_created", "participant_joined"], "only the one valid join was stored")
    }

    @Test func resumeDeliversMissedEventsBeforeAnythingNew() throws {
        let server = try ServerProcess()
        let facilitator = try CafeClient(port: server.port, name: "f")
        let (code, _) = try facilitator.createMeeting()
        var amina: CafeClient? = try CafeClient(port: server.port, name: "a")
        let (_, token) = try amina!.join(code: code, name: "Amina", sector: "civil", organisation: "Activa")
        amina!.drain()
        let lastSeen = amina!.eventSeqs.max() ?? 0
        amina!.socket.close()
        amina = nil
        try facilitator.command("add_tables", ["count": 1])
        try facilitator.command("push_question", ["text": "Hur mår föreningarna?", "kind": "open"])
        let back = try CafeClient(port: server.port, name: "a2")
        let resumeID = try back.send("resume", ["token": token, "after": lastSeen])
        let reply = try back.reply(to: resumeID)
        #expect(reply["type"] as? String == "ack")
        #expect(back.eventKinds == ["table_added", "question_pushed"], "missed events, in order, before the ack")
        #expect(back.eventSeqs.allSatisfy { $0 > lastSeen })
        try facilitator.command("plan_round", ["minutes": 10])
        #expect(back.awaitEvent("round_planned") != nil)
    }

    @Test func aResentCommandIsAppliedOnce() throws {
        let server = try ServerProcess()
        let facilitator = try CafeClient(port: server.port, name: "f")
        let (code, _) = try facilitator.createMeeting()
        let amina = try CafeClient(port: server.port, name: "a")
        let (_, token) = try amina.join(code: code, name: "Amina", sector: "civil", organisation: "Activa")
        try facilitator.command("add_tables", ["count": 1])
        try facilitator.command("plan_round", ["minutes": 10])
        try facilitator.command("start_round", ["round": "r1"])
        let first = try amina.command("add_input", id: "input-once-1", ["kind": "proposal", "text": "Ett bidragsråd"])
        amina.socket.close()
        let again = try CafeClient(port: server.port, name: "a2")
        try again.command("resume", ["token": token, "after": 0])
        let second = try again.command("add_input", id: "input-once-1", ["kind": "proposal", "text": "Ett bidragsråd"])
        #expect(second["seq"] as? Int == first["seq"] as? Int)
        #expect((second["result"] as? [String: Any])?["input"] as? String == "i1")
        let reuse = try again.reply(to: try again.send("add_input", id: "input-once-1", ["kind": "idea", "text": "Annat"]))
        #expect(reuse["code"] as? String == "id_reused")
        facilitator.drain()
        #expect(facilitator.eventsOf("input_added").count == 1)
    }

    @Test func aResentCreateAttachesItsSenderAsFacilitator() throws {
        let server = try ServerProcess()
        let first = try CafeClient(port: server.port, name: "f")
        let created = try first.command("create_meeting", id: "create-once-1", CafeClient.meetingFields)
        first.socket.close()
        let again = try CafeClient(port: server.port, name: "f2")
        let repeated = try again.command("create_meeting", id: "create-once-1", CafeClient.meetingFields)
        let code = (created["result"] as? [String: Any])?["code"] as? String
        #expect(code != nil)
        #expect((repeated["result"] as? [String: Any])?["code"] as? String == code, "the same meeting, not a second one")
        #expect(again.eventKinds == ["meeting_created"], "the log replayed to the resender")
        try again.command("add_tables", ["count": 1])
        #expect(again.awaitEvent("table_added") != nil, "attached as the meeting's facilitator")
    }

    @Test func killNineLosesNothingAcknowledged() throws {
        var server = try ServerProcess()
        let facilitator = try CafeClient(port: server.port, name: "f")
        let (code, key) = try facilitator.createMeeting()
        try facilitator.command("add_tables", ["count": 3])
        try facilitator.command("plan_round", ["minutes": 30])
        var people: [CafeClient] = []
        for index in 0..<6 {
            let client = try CafeClient(port: server.port, name: "p\(index)")
            _ = try client.join(
                code: code, name: "Person \(index)", sector: index % 2 == 0 ? "civil" : "public", organisation: "Org \(index)")
            people.append(client)
        }
        try facilitator.command("start_round", ["round": "r1"])
        // Pipeline inputs from every participant without waiting, then read acks as they come.
        var sent: [(CafeClient, String)] = []
        for round in 0..<15 {
            for client in people { sent.append((client, try client.send("add_input", ["kind": "idea", "text": "Idé \(round)"]))) }
        }
        var acked: Set<Int> = []
        for (client, id) in sent.prefix(60) {
            let reply = try client.reply(to: id)
            if reply["type"] as? String == "ack", let seq = reply["seq"] as? Int { acked.insert(seq) }
        }
        // Crash while the remaining inputs are still in flight.
        server = try server.restart(crash: true)
        let after = try CafeClient(port: server.port, name: "f2")
        try after.command("facilitate", ["code": code, "key": key])
        let stored = after.events.filter { ($0["event"] as? [String: Any])?["kind"] as? String == "input_added" }
        let storedSeqs = stored.compactMap { $0["seq"] as? Int }
        #expect(acked.count == 60)
        #expect(acked.isSubset(of: Set(storedSeqs)), "every acked input survived kill -9")
        #expect(Set(storedSeqs).count == storedSeqs.count, "none twice")
        let ids = stored.compactMap { ($0["event"] as? [String: Any])?["input"] as? [String: Any] }.compactMap { $0["id"] as? String }
        #expect(Set(ids).count == ids.count)
        #expect(after.eventSeqs == Array(1...(after.eventSeqs.last ?? 0)), "the log has no gaps after restart")
    }
}

/// A large café's join storm: staff receive every join and must not be cut off as too slow.
@Suite(.serialized) struct JoinStormTests {
    @Test func aFacilitatorStaysThroughAJoinStorm() throws {
        // The phones are read one after the other and the facilitator not at all until the storm
        // is over, which under a sanitizer can outlast the 45 s after which a connection that
        // takes nothing is hung up; this test is about queue bounds, not keepalive.
        let server = try ServerProcess(arguments: ["--join-rate", "100000", "--hangup-seconds", "7200"])
        // A facilitator on a small receive buffer who reads nothing until the storm is over, so
        // the server must hold the backlog: 5,000 joins exceed a participant's bound (4,096 frames).
        let facilitator = try WebSocketTestClient(port: server.port, receiveBufferSize: 4_096)
        try facilitator.sendText(
            #"{"type":"create_meeting","id":"c","title":"Nationell konferens","date":"2026-12-03","declared_level":"dialogue","decision_step":"drafting"}"#
        )
        var code = ""
        while code.isEmpty, let message = facilitator.receiveJSON() {
            code = (message["result"] as? [String: Any])?["code"] as? String ?? ""
        }
        // 50 phones, each joining 100 people as fast as it can: thousands of joins complete in
        // a few batches, and the facilitator receives each of them.
        let count = 5_000
        let joiners = try (0..<50).map { _ in try WebSocketTestClient(port: server.port) }
        for (phone, joiner) in joiners.enumerated() {
            for index in (phone * 100)..<(phone * 100 + 100) {
                try joiner.sendText(
                    #"{"type":"join","id":"storm-\#(index)","code":"\#(code)","name":"Person \#(index)","sector":"civil","organisation":"Förening \#(index % 300)"}"#
                )
            }
        }
        // Each join's ack comes after its catch-up (every earlier join), so a phone's 100 acks sit
        // behind some 250,000 frames; a debug build under a sanitizer on a busy box can take tens
        // of seconds between two of them. The test is about every join arriving, not how fast.
        var acked = 0
        for joiner in joiners {
            var acks = 0
            while acks < 100, let message = joiner.receiveJSON(timeout: 90) {
                if message["type"] as? String == "ack" { acks += 1 }
            }
            acked += acks
        }
        #expect(acked == count)
        var joined = 0
        while joined < count, let message = facilitator.receiveJSON(timeout: 10) {
            if (message["event"] as? [String: Any])?["kind"] as? String == "participant_joined" { joined += 1 }
        }
        #expect(joined == count, "the facilitator saw every join")
        #expect(facilitator.closure == nil, "and was not cut off")
    }
}
