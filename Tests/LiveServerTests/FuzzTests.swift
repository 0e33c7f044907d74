import Foundation
import Session
import Testing

@testable import LiveServer

/// A small deterministic generator (SplitMix64), so a failing run can be repeated from its seed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Mutates the protocol's command fixtures: byte flips, truncation, duplication, deep nesting,
/// huge numbers, invalid UTF-8, type swaps, dropped keys and swapped command types.
struct FrameMutator {
    static let fixtures: [[UInt8]] = {
        let folder = ServerProcess.repositoryRoot.appendingPathComponent("Tests/SessionTests/Fixtures/commands").path
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
        return names.compactMap { FileManager.default.contents(atPath: folder + "/" + $0).map { Array($0) } }
    }()

    var random: SplitMix64
    /// Replaces the fixtures' meeting code (`K7QM3P`), to aim joins at a live meeting.
    var code = "K7QM3P"
    var maxBytes = 15_000

    init(seed: UInt64) { random = SplitMix64(state: seed) }

    mutating func next() -> [UInt8] {
        var bytes = Self.fixtures.randomElement(using: &random)!
        if code != "K7QM3P" {
            bytes = Array(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "K7QM3P", with: code).utf8)
        }
        for _ in 0...Int.random(in: 0...2, using: &random) { bytes = mutate(bytes) }
        return Array(bytes.prefix(maxBytes))
    }

    private mutating func index(in bytes: [UInt8]) -> Int { bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &random) }

    private mutating func mutate(_ input: [UInt8]) -> [UInt8] {
        var bytes = input
        switch Int.random(in: 0..<11, using: &random) {
        case 0 where !bytes.isEmpty:  // flip a bit
            let at = Int.random(in: 0..<bytes.count, using: &random)
            bytes[at] ^= UInt8(1) << UInt8.random(in: 0...7, using: &random)
        case 1 where !bytes.isEmpty:  // an interesting byte
            let at = Int.random(in: 0..<bytes.count, using: &random)
            bytes[at] = [0x00, 0xFF, 0xC0, 0x22, 0x7B, 0x7D, 0x5B, 0x5D, 0x5C, 0x2C, 0x3A, 0x27, 0x7F].randomElement(using: &random)!
        case 2:  // truncate
            bytes = Array(bytes.prefix(index(in: bytes)))
        case 3 where !bytes.isEmpty:  // duplicate a slice
            let start = Int.random(in: 0..<bytes.count, using: &random)
            let end = Int.random(in: start...bytes.count, using: &random)
            bytes.insert(contentsOf: bytes[start..<end], at: index(in: bytes))
        case 4:  // deep nesting
            let depth = Int.random(in: 1...40, using: &random)
            let open = Bool.random(using: &random) ? "[" : #"{"k":"#
            let close = open == "[" ? "]" : "}"
            let nested = String(repeating: open, count: depth) + "1" + String(repeating: close, count: depth)
            bytes = insertField(bytes, #""deep":"# + nested)
        case 5:  // huge or odd numbers
            let number = [
                "1e309", "-1e309", "99999999999999999999", "-9223372036854775809", "9223372036854775807", "1.7976931348623157e308",
                "4.9e-324", "-0", "0.0", "1e2", "-1",
            ].randomElement(using: &random)!
            let key = ["minutes", "count", "after", "value", "seq", "id", "round"].randomElement(using: &random)!
            bytes = insertField(bytes, "\"\(key)\":\(number)")
        case 6:  // invalid UTF-8
            let junk = [[0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xFF], [0xF4, 0x90, 0x80, 0x80], [0xC3], [0x80, 0x80]].randomElement(
                using: &random)!
            bytes.insert(contentsOf: junk.map(UInt8.init), at: index(in: bytes))
        case 7, 8:  // swap a value's type, or drop a key
            guard case .object(var object)? = try? JSONCParser.parse(bytes.withUnsafeBytes { $0 }, maxDepth: 64),
                let key = object.keys.sorted().randomElement(using: &random)
            else { break }
            if Int.random(in: 0...3, using: &random) == 0 {
                object[key] = nil
            } else {
                let values: [JSONValue] = [
                    .null, .bool(true), .int(0), .int(-1), .int(Int64.max), .double(2.5), .string(""),
                    .string(String(repeating: "ä", count: 3_000)),
                    .array([]), .array([.string("t1"), .int(1)]), .object([:]), .object(["id": .string("p1")]), .string("p1"),
                    .string("i1"),
                    .string("r1"), .string("q1"), .string("\u{0}"), .string("<script>alert(1)</script>"),
                ]
                object[key] = values.randomElement(using: &random)!
            }
            bytes = Array(JSONValue.object(object).serialized.utf8)
        case 9:  // another command's type
            guard case .object(var object)? = try? JSONCParser.parse(bytes.withUnsafeBytes { $0 }, maxDepth: 64) else { break }
            object["type"] = .string(
                (MeetingCommand.types + ["create_meeting", "facilitate", "resume", "nope"]).randomElement(using: &random)!)
            bytes = Array(JSONValue.object(object).serialized.utf8)
        default:  // a fixture's fields spliced into another
            let other = Self.fixtures.randomElement(using: &random)!
            bytes = Array(bytes.prefix(index(in: bytes))) + Array(other.suffix(Int.random(in: 0...other.count, using: &random)))
        }
        return bytes
    }

    /// Adds `"key":value` right after the first `{`.
    private func insertField(_ bytes: [UInt8], _ field: String) -> [UInt8] {
        guard let brace = bytes.firstIndex(of: 0x7B) else { return Array(("{" + field + "}").utf8) }
        var out = bytes
        out.insert(contentsOf: Array((field + ",").utf8), at: brace + 1)
        return out
    }
}

@Suite struct FuzzTests {
    static let seed: UInt64 = ProcessInfo.processInfo.environment["DIALOGCAFE_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0x00C0_FFEE
    static let protocolCodes: Set<String> = ["invalid_json", "invalid_utf8", "too_deep", "not_an_object", "message_too_large"]

    /// A café with people, tables, a running round, a question and an input, built through the
    /// same decide → commit path the hub uses.
    static func runningCafe() throws -> (Meeting, [EventRecord]) {
        let create = try FrameDecoder().decodeObject(
            FrameMutator.fixtures.first { String(decoding: $0, as: UTF8.self).contains("create_meeting") }!)
        let info = try MeetingInfo(fields: FieldReader(create))
        var meeting = Meeting(code: "K7QM3P", info: info, createdAt: 1_764_000_000_000)
        meeting.lastSeq = 0
        var records = meeting.commit(Meeting.creation(code: "K7QM3P", info: info), at: 1_764_000_000_000)
        var clock: Int64 = 1_764_000_000_000
        func run(_ command: MeetingCommand, by actor: Actor?) throws {
            clock += 1_000
            records += meeting.commit(try meeting.decide(command, by: actor, at: clock), at: clock)
        }
        for (name, sector) in [("Amina", Sector.civil), ("Bo", .public), ("Cilla", .civil), ("Dan", .public)] {
            try run(.join(JoinRequest(name: name, sector: sector, organisation: "Org \(name)")), by: nil)
        }
        try run(.addTables(count: 2, names: []), by: .facilitator)
        try run(.planRound(question: "Vad behövs?", minutes: 20), by: .facilitator)
        try run(.startRound(round: "r1"), by: .facilitator)
        try run(.pushQuestion(text: "Viktigast?", kind: .single, options: ["A", "B"], tables: nil, fromTopic: nil), by: .facilitator)
        try run(.addInput(kind: .idea, text: "Första idén"), by: .participant("p1"))
        return (meeting, records)
    }

    @Test func mutatedCommandsThroughDecoderAndDomainNeverCrashOrChangeStateWhenRefused() throws {
        var (meeting, records) = try Self.runningCafe()
        var mutator = FrameMutator(seed: Self.seed)
        let decoder = FrameDecoder()
        let actors: [Actor?] = [.facilitator, .participant("p1"), .participant("p2"), .participant("p4"), nil]
        var outcomes: [String: Int] = [:]
        var problems = 0
        func problem(_ text: String) {
            problems += 1
            if problems <= 10 { Issue.record("seed \(Self.seed): \(text)") }
        }
        let deadline = Date().addingTimeInterval(20)
        var clock: Int64 = 1_764_100_000_000
        var iterations = 0
        while iterations < 50_000 && deadline.timeIntervalSinceNow > 0 {
            iterations += 1
            let bytes = mutator.next()
            let object: [String: JSONValue]
            do {
                object = try decoder.decodeObject(bytes)
            } catch {
                outcomes[error.code, default: 0] += 1
                if !Self.protocolCodes.contains(error.code) { problem("decoder code \(error.code)") }
                continue
            }
            guard let type = object["type"]?.stringValue, MeetingCommand.types.contains(type) else {
                outcomes["not_a_meeting_command", default: 0] += 1
                continue
            }
            let command: MeetingCommand
            do {
                command = try MeetingCommand.parse(type: type, fields: FieldReader(object))
            } catch {
                outcomes[error.code, default: 0] += 1
                if !Hardening.documentedErrorCodes.contains(error.code) || error.sv.isEmpty || error.en.isEmpty {
                    problem("parse \(type): \(error.code)")
                }
                continue
            }
            for actor in actors {
                if (actor == nil) != (type == "join") { continue }
                let before = meeting
                clock += 500
                do {
                    let decision = try meeting.decide(command, by: actor, at: clock)
                    outcomes["accepted", default: 0] += 1
                    if records.count < 4_000 && Bool.random(using: &mutator.random) {
                        records += meeting.commit(decision, at: clock)
                    }
                } catch {
                    outcomes[error.code, default: 0] += 1
                    if meeting != before { problem("refused \(type) by \(String(describing: actor)) changed the meeting") }
                    if !Hardening.documentedErrorCodes.contains(error.code) || error.sv.isEmpty || error.en.isEmpty {
                        problem("decide \(type): undocumented or unexplained \(error.code)")
                    }
                }
            }
        }
        // What was accepted is stored as JSON and read back at start-up: both must give this meeting.
        for record in records {
            let text = record.event.json(at: record.at).serialized
            guard let json = parseJSONText(text), let decoded = try? MeetingEvent.decode(json), decoded.event == record.event else {
                problem("event does not survive storage: \(text.prefix(300))")
                continue
            }
        }
        #expect(Meeting.replay(records) == meeting, "replaying the accepted events rebuilds the meeting")
        #expect(problems == 0)
        #expect(iterations >= 2_000, "ran \(iterations) iterations")
        #expect(outcomes["accepted", default: 0] > 50, "the mutations still reach the domain: \(outcomes)")
        #expect(
            outcomes["invalid_json", default: 0] > 50 && outcomes["invalid_utf8", default: 0] > 10 && outcomes["too_deep", default: 0] > 10,
            "\(outcomes)")
    }

    @Test func mutatedFramesAgainstTheServerGetWellFormedErrorsAndLeaveOthersAlone() throws {
        var server = try ServerProcess(arguments: ["--contribution-rate", "1000", "--join-rate", "1000"])
        let a = try Hardening.Cafe(server: server, people: 2)
        let b = try Hardening.Cafe(server: server, people: 1)
        try b.people[0].client.command("add_input", ["kind": "idea", "text": "B:s idé"])
        let beforeB = try b.replay()
        let sockets = [
            a.facilitator.socket, a.people[0].client.socket, a.people[1].client.socket, try WebSocketTestClient(port: server.port),
        ]
        var mutator = FrameMutator(seed: Self.seed ^ 0x5EED)
        mutator.code = a.code
        var sent = Array(repeating: 0, count: sockets.count)
        var replies = Array(repeating: 0, count: sockets.count)
        var codes: [String: Int] = [:]
        var malformed: [String] = []
        func read(_ index: Int, until count: Int, timeout: Double) {
            let deadline = Date().addingTimeInterval(timeout)
            while replies[index] < count, deadline.timeIntervalSinceNow > 0,
                let text = sockets[index].receiveText(timeout: deadline.timeIntervalSinceNow)
            {
                guard let data = text.data(using: .utf8), let message = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
                    let type = message["type"] as? String, ["ack", "error", "event", "matrix", "matrix_rules"].contains(type)
                else {
                    malformed.append(String(text.prefix(200)))
                    continue
                }
                guard type == "ack" || type == "error" else { continue }
                replies[index] += 1
                if type == "error" {
                    let code = message["code"] as? String ?? "?"
                    codes[code, default: 0] += 1
                    let hasMessages =
                        (message["message"] as? String)?.isEmpty == false && (message["message_sv"] as? String)?.isEmpty == false
                    // The id comes back as sent (any JSON value when the command had no type), or null.
                    let idOK = message.keys.contains("id")
                    if !Hardening.documentedErrorCodes.contains(code) || !hasMessages || !idOK {
                        malformed.append(String(text.prefix(200)))
                    }
                } else {
                    codes["ack", default: 0] += 1
                }
            }
        }
        for _ in 0..<30 {
            for (index, socket) in sockets.enumerated() {
                for _ in 0..<25 {
                    try socket.sendRawFrame(opcode: 0x1, fin: true, payload: mutator.next())
                    sent[index] += 1
                }
            }
            for index in sockets.indices { read(index, until: sent[index], timeout: 10) }
        }
        #expect(sent.reduce(0, +) == 3_000)
        #expect(replies == sent, "one reply per frame")
        #expect(malformed.isEmpty, "\(malformed.prefix(5))")
        #expect(sockets.allSatisfy { $0.closure == nil }, "no connection was dropped")
        #expect(codes.keys.count >= 8, "\(codes)")
        #expect(try WebSocketTestClient.httpGet(port: server.port, path: "/healthz").status == 200)
        #expect(try b.replay() == beforeB, "another meeting is unaffected")
        try b.people[0].client.command("add_input", ["kind": "idea", "text": "B efteråt"])
        // Whatever the fuzzing stored reads back after a restart.
        let storedA = try a.replay()
        server = try server.restart()
        #expect(try Hardening.replay(port: server.port, code: a.code, key: a.key) == storedA)
        #expect(!server.stderrText.contains("could not be read"))
    }
}
