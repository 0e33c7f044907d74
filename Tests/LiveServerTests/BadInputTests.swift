import Foundation
import Testing

/// One bad input: what is sent, by whom, and the replies it must get.
struct BadInput: Sendable, CustomTestStringConvertible {
    enum Sender: Sendable { case participant, facilitator, stranger }
    enum Part: Sendable {
        case text(String)
        case bytes([UInt8])
    }
    struct Frame: Sendable {
        var opcode: UInt8 = 0x1
        var fin = true
        var parts: [Part]
    }

    let name: String
    var sender = Sender.participant
    /// Whether round r1 is planned and running when the input arrives.
    var running = true
    let frames: [Frame]
    /// The code of each reply in order; `ack` for an acknowledgement.
    let replies: [String]
    /// Events the meeting must hold afterwards that it did not hold before.
    var stores = 0
    /// The close status the connection must end with, if any.
    var closes: UInt16?

    var testDescription: String { name }

    static func text(_ name: String, _ json: String, _ code: String, by sender: Sender = .participant, running: Bool = true) -> BadInput {
        BadInput(name: name, sender: sender, running: running, frames: [Frame(parts: [.text(json)])], replies: [code])
    }

    /// A JSON text around raw bytes (for invalid UTF-8).
    static func raw(_ name: String, _ before: String, _ bytes: [UInt8], _ after: String, _ code: String) -> BadInput {
        BadInput(name: name, frames: [Frame(parts: [.text(before), .bytes(bytes), .text(after)])], replies: [code])
    }

    static func fragments(_ name: String, _ pieces: [String], _ replies: [String], stores: Int = 0, closes: UInt16? = nil) -> BadInput {
        let frames = pieces.enumerated().map { index, piece in
            Frame(opcode: index == 0 ? 0x1 : 0x0, fin: index == pieces.count - 1, parts: [.text(piece)])
        }
        return BadInput(name: name, frames: frames, replies: replies, stores: stores, closes: closes)
    }

    static func sequence(_ name: String, _ texts: [String], _ replies: [String], by sender: Sender, stores: Int) -> BadInput {
        BadInput(name: name, sender: sender, frames: texts.map { Frame(parts: [.text($0)]) }, replies: replies, stores: stores)
    }
}

/// Bad input against the real server, one case per row: each gets its stable error code, nothing
/// of it is stored (a facilitator replay of the meeting, and of another meeting, is unchanged),
/// and the server and the other clients carry on.
@Suite struct BadInputTests {
    static let deep = String(repeating: "[", count: 17) + String(repeating: "]", count: 17)
    static let deepObjects = String(repeating: #"{"a":"#, count: 40) + "1" + String(repeating: "}", count: 40)
    static let big = String(repeating: "x", count: 20_000)
    static let chunk = String(repeating: " ", count: 6_000)

    static let cases: [BadInput] = [
        // Invalid UTF-8.
        .raw("invalid UTF-8 in a string", #"{"type":"add_input","id":"u1","kind":"idea","text":""#, [0xC3, 0x28], #""}"#, "invalid_utf8"),
        .raw("overlong UTF-8", #"{"type":"add_input","id":"u2","kind":"idea","text":""#, [0xC0, 0xAF], #""}"#, "invalid_utf8"),
        .raw(
            "a UTF-8 encoded surrogate", #"{"type":"add_input","id":"u6","kind":"idea","text":""#, [0xED, 0xA0, 0x80], #""}"#,
            "invalid_utf8"),
        .raw(
            "a code point beyond U+10FFFF", #"{"type":"add_input","id":"u7","kind":"idea","text":""#, [0xF4, 0x90, 0x80, 0x80], #""}"#,
            "invalid_utf8"),
        .raw("truncated UTF-8 sequence", #"{"type":"add_input","id":"u3","kind":"idea","text":"a"#, [0xF0, 0x9F], #""}"#, "invalid_utf8"),
        .raw("invalid UTF-8 in a key", #"{"type":"add_input","id":"u4","kind":"idea","text":"a",""#, [0xFF], #"":1}"#, "invalid_utf8"),
        .raw("stray continuation byte", #"{"type":"add_input","id":"u5","kind":"idea","text":"a"#, [0x80], #""}"#, "invalid_utf8"),
        // Size limit, fragmentation, binary.
        BadInput(
            name: "one frame over the limit", frames: [.init(parts: [.text(#"{"type":"add_input","id":"b1","text":""# + big + #""}"#)])],
            replies: ["message_too_large"], closes: 1009),
        .fragments(
            "fragments over the limit in total", ["{\"id\":\"b2\",\"pad\":\"" + chunk, chunk, chunk + "\"}"], ["message_too_large"],
            closes: 1009),
        .fragments(
            "a command in three fragments", [#"{"type":"add_in"#, #"put","id":"fr1","kind":"idea","#, #""text":"Delad"}"#], ["ack"],
            stores: 1),
        .fragments("invalid JSON across fragments", [#"{"type":"add_input","#, #""id":"fr2","text":}"#], ["invalid_json"]),
        BadInput(name: "a binary frame", frames: [.init(opcode: 0x2, parts: [.bytes([0x7B, 0x7D])])], replies: ["binary_not_supported"]),
        // Nesting and numbers.
        .text("arrays nested too deep", #"{"type":"add_input","id":"d1","kind":"idea","text":"x","extra":\#(deep)}"#, "too_deep"),
        .text("objects nested too deep", #"{"type":"add_input","id":"d2","kind":"idea","text":"x","extra":\#(deepObjects)}"#, "too_deep"),
        .text(
            "a number beyond double", #"{"type":"extend_round","id":"n1","round":"r1","minutes":1e999}"#, "invalid_json", by: .facilitator),
        .text(
            "an integer beyond 64 bits", #"{"type":"extend_round","id":"n2","round":"r1","minutes":99999999999999999999}"#, "invalid_json",
            by: .facilitator),
        .text(
            "a negative integer beyond 64 bits", #"{"type":"extend_round","id":"n3","round":"r1","minutes":-99999999999999999999}"#,
            "invalid_json", by: .facilitator),
        .text(
            "an integer out of range", #"{"type":"extend_round","id":"n4","round":"r1","minutes":100000}"#, "invalid_field",
            by: .facilitator),
        .text(
            "a fraction where a whole number belongs", #"{"type":"add_tables","id":"n5","count":1.5}"#, "invalid_field", by: .facilitator),
        .text("a negative count", #"{"type":"add_tables","id":"n6","count":-1}"#, "invalid_field", by: .facilitator),
        // Wrong types.
        .text("text as a number", #"{"type":"add_input","id":"w1","kind":"idea","text":5}"#, "invalid_field"),
        .text("kind as a list", #"{"type":"add_input","id":"w2","kind":["idea"],"text":"x"}"#, "invalid_field"),
        .text("id as a number", #"{"type":"add_input","id":5,"kind":"idea","text":"x"}"#, "missing_id"),
        .text("id too long", #"{"type":"add_input","id":"\#(String(repeating: "i", count: 101))","kind":"idea","text":"x"}"#, "missing_id"),
        // one character but 2,001 bytes: stored with every row the command writes, so counted in bytes
        .text("id of combining marks", #"{"type":"add_input","id":"a\#(String(repeating: "\u{301}", count: 1000))","kind":"idea","text":"x"}"#, "missing_id"),
        .text("id with a space", #"{"type":"add_input","id":"a b","kind":"idea","text":"x"}"#, "missing_id"),
        .text("type as a number", #"{"type":5,"id":"w3"}"#, "invalid_field"),
        .text("type null", #"{"type":null,"id":"w4"}"#, "missing_field"),
        .text("a list instead of an object", #"[{"type":"add_input"}]"#, "not_an_object"),
        .text("a bare string", #""add_input""#, "not_an_object"),
        .text(
            "show_name as text", #"{"type":"join","id":"w5","code":"$A","name":"Eve","sector":"civil","show_name":"yes"}"#, "invalid_field",
            by: .stranger),
        .text("owners as text", #"{"type":"record_commitment","id":"w6","what":"x","owners":"alla"}"#, "invalid_field", by: .facilitator),
        .text("a control character in text", #"{"type":"add_input","id":"w7","kind":"idea","text":"a\u0007b"}"#, "invalid_field"),
        .text(
            "text too long", #"{"type":"add_input","id":"w8","kind":"idea","text":"\#(String(repeating: "å", count: 5_000))"}"#, "too_long"),
        .text(
            "a name of few characters and many bytes",
            #"{"type":"join","id":"w11","code":"$A","name":"\#(String(repeating: "e" + String(repeating: "\u{301}", count: 100), count: 20))","sector":"civil"}"#,
            "too_long", by: .stranger),
        .text("single quotes", #"{'type':'add_input','id':'w9'}"#, "invalid_json"),
        .text("trailing garbage", #"{"type":"add_input","id":"w10","kind":"idea","text":"x"}{}"#, "invalid_json"),
        // Missing and unknown fields.
        .text("no text", #"{"type":"add_input","id":"m1","kind":"idea"}"#, "missing_field"),
        .text("an empty object", "{}", "missing_field"),
        .text("join without a name", #"{"type":"join","id":"m2","code":"$A","sector":"civil"}"#, "missing_field", by: .stranger),
        .text("facilitate without a key", #"{"type":"facilitate","id":"m3","code":"$A"}"#, "missing_field", by: .stranger),
        .text("resume without a token", #"{"type":"resume","id":"m4","after":0}"#, "missing_field", by: .stranger),
        .text("an unknown type", #"{"type":"__proto__","id":"m5"}"#, "unknown_type"),
        .text("a server frame type", #"{"type":"ack","id":"m6","seq":1}"#, "unknown_type"),
        BadInput(
            name: "unknown fields are ignored",
            frames: [.init(parts: [.text(#"{"type":"add_input","id":"m7","kind":"idea","text":"x","admin":true,"author":"p2"}"#)])],
            replies: ["ack"], stores: 1),
        // Out of order.
        .text(
            "start_round before plan_round", #"{"type":"start_round","id":"o1","round":"r1"}"#, "unknown_round", by: .facilitator,
            running: false),
        .text("add_input before a round", #"{"type":"add_input","id":"o2","kind":"idea","text":"x"}"#, "no_running_round", running: false),
        .text(
            "close_round before a round", #"{"type":"close_round","id":"o3","round":"r1"}"#, "unknown_round", by: .facilitator,
            running: false),
        .text("start a running round again", #"{"type":"start_round","id":"o4","round":"r1"}"#, "wrong_state", by: .facilitator),
        .text("answer before a question", #"{"type":"answer","id":"o5","question":"q1","value":"x"}"#, "unknown_question"),
        .text("reply before an input", #"{"type":"reply","id":"o6","input":"i1","text":"x"}"#, "unknown_input"),
        .text(
            "host an unknown participant", #"{"type":"set_host","id":"o7","table":"t1","participant":"p9"}"#, "unknown_participant",
            by: .facilitator),
        .text(
            "move to an unknown table", #"{"type":"move_participant","id":"o8","participant":"p1","table":"t9"}"#, "unknown_table",
            by: .facilitator),
        .text("a meeting command before joining", #"{"type":"add_input","id":"o9","kind":"idea","text":"x"}"#, "not_joined", by: .stranger),
        // Another meeting.
        .text("A's token naming meeting B", #"{"type":"resume","id":"x1","token":"$T_B","after":0}"#, "bad_token", by: .stranger),
        .text("facilitating B with A's key", #"{"type":"facilitate","id":"x2","code":"$B","key":"$KEY"}"#, "bad_key", by: .stranger),
        .text(
            "an unknown meeting", #"{"type":"join","id":"x3","code":"ZZZZZZ","name":"Eve","sector":"civil"}"#, "unknown_meeting",
            by: .stranger),
        .text(
            "a malformed code", #"{"type":"join","id":"x4","code":"../../","name":"Eve","sector":"civil"}"#, "unknown_meeting",
            by: .stranger),
        // Replayed ids.
        .sequence(
            "an input id reused for other content",
            [
                #"{"type":"add_input","id":"r1","kind":"idea","text":"Först"}"#,
                #"{"type":"add_input","id":"r1","kind":"idea","text":"Sedan"}"#,
            ],
            ["ack", "id_reused"], by: .participant, stores: 1),
        .sequence(
            "a facilitator id reused for other content",
            [
                #"{"type":"push_question","id":"r2","text":"A?","kind":"open"}"#,
                #"{"type":"push_question","id":"r2","text":"B?","kind":"open"}"#,
            ],
            ["ack", "id_reused"], by: .facilitator, stores: 1),
        .sequence(
            "a join id reused for another person",
            [
                #"{"type":"join","id":"r3","code":"$A","name":"Eve","sector":"civil"}"#,
                #"{"type":"join","id":"r3","code":"$A","name":"Mallory","sector":"civil"}"#,
            ],
            ["ack", "id_reused"], by: .stranger, stores: 2),
        .sequence(
            "the same command re-sent is stored once",
            [
                #"{"type":"add_input","id":"r4","kind":"idea","text":"En gång"}"#,
                #"{"type":"add_input","id":"r4","kind":"idea","text":"En gång"}"#,
            ],
            ["ack", "ack"], by: .participant, stores: 1),
    ]

    @Test(arguments: cases)
    func isRefusedWithAStableCodeAndStoresNothing(_ input: BadInput) throws {
        let server = try ServerProcess()
        let a = try Hardening.Cafe(server: server, running: input.running, people: 2)
        let b = try Hardening.Cafe(server: server, people: 1)
        let beforeA = try a.replay()
        let beforeB = try b.replay()
        let tokenParts = a.people[0].token.split(separator: ".").map(String.init)
        func substitute(_ text: String) -> String {
            text.replacingOccurrences(of: "$A", with: a.code).replacingOccurrences(of: "$B", with: b.code)
                .replacingOccurrences(of: "$KEY", with: a.key)
                .replacingOccurrences(of: "$T_B", with: "\(b.code).\(tokenParts[1]).\(tokenParts[2])")
        }
        let socket: WebSocketTestClient
        switch input.sender {
        case .participant: socket = a.people[0].client.socket
        case .facilitator: socket = a.facilitator.socket
        case .stranger: socket = try WebSocketTestClient(port: server.port)
        }
        for frame in input.frames {
            let payload = frame.parts.flatMap { part -> [UInt8] in
                switch part {
                case .text(let text): Array(substitute(text).utf8)
                case .bytes(let bytes): bytes
                }
            }
            try socket.sendRawFrame(opcode: frame.opcode, fin: frame.fin, payload: payload)
        }
        // An error is sent at once, an ack only once the disk has the command: compare as a multiset.
        var got: [String] = []
        for _ in input.replies {
            let reply = try #require(Hardening.nextReply(socket), "a reply for \(input.name)")
            if reply["type"] as? String == "ack" {
                got.append("ack")
                continue
            }
            let code = reply["code"] as? String ?? "?"
            got.append(code)
            #expect(Hardening.documentedErrorCodes.contains(code), "\(code) is in docs/protocol.md")
            #expect((reply["message"] as? String)?.isEmpty == false && (reply["message_sv"] as? String)?.isEmpty == false)
        }
        #expect(got.sorted() == input.replies.sorted())
        if let status = input.closes { #expect(socket.waitForClosure() == .closeFrame(status)) }

        let afterA = try a.replay()
        #expect(afterA.count == beforeA.count + input.stores, "stored events")
        #expect(Array(afterA.prefix(beforeA.count)) == beforeA, "nothing earlier changed")
        #expect(try b.replay() == beforeB, "another meeting is unaffected")
        // The server and the other clients carry on.
        if input.running {
            let bo = a.people[1].client
            try bo.command("add_input", ["kind": "idea", "text": "Efteråt"])
            #expect(a.facilitator.awaitEvent("input_added") != nil)
        }
        #expect(try WebSocketTestClient.httpGet(port: server.port, path: "/healthz").status == 200)
    }

    @Test func everyErrorCodeTheServerSendsIsDocumented() {
        let codes = Set(Self.cases.flatMap(\.replies)).subtracting(["ack"])
        #expect(codes.isSubset(of: Hardening.documentedErrorCodes), "\(codes.subtracting(Hardening.documentedErrorCodes))")
        #expect(Hardening.documentedErrorCodes.isSuperset(of: ["storage_unavailable", "rate_limited", "shutting_down", "id_reused"]))
    }
}
