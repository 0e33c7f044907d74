import Session
import Testing

@testable import LiveServer

@Suite struct CodecTests {
    let decoder = FrameDecoder()

    @Test func decodesEveryJSONKind() throws {
        let text = #"{"s":"åäö \u00e9","i":-42,"big":9223372036854775807,"d":1.5,"e":2e3,"b":true,"n":null,"a":[1,"x",{"k":[]}],"o":{}}"#
        let object = try decoder.decodeObject(Array(text.utf8))
        #expect(object["s"] == .string("åäö é"))
        #expect(object["i"] == .int(-42))
        #expect(object["big"] == .int(Int64.max))
        #expect(object["d"] == .double(1.5))
        #expect(object["e"] == .double(2000))
        #expect(object["b"] == .bool(true))
        #expect(object["n"] == .null)
        #expect(object["a"] == .array([.int(1), .string("x"), .object(["k": .array([])])]))
        #expect(object["o"] == .object([:]))
    }

    @Test func keepsEmbeddedNulInStrings() throws {
        let object = try decoder.decodeObject(Array(#"{"s":"a\u0000b"}"#.utf8))
        #expect(object["s"] == .string("a\u{0}b"))
    }

    @Test(arguments: [
        ("", "invalid_json"),
        ("{", "invalid_json"),
        ("{\"a\":1}}", "invalid_json"),
        ("{'a':1}", "invalid_json"),
        ("{\"a\":NaN}", "invalid_json"),
        ("{\"a\":1e999}", "invalid_json"),
        ("{\"a\":18446744073709551616}", "invalid_json"),
        ("{\"a\":-99999999999999999999}", "invalid_json"),
        ("{\"a\":9223372036854775808}", "invalid_json"),
        ("[]", "not_an_object"),
        ("\"text\"", "not_an_object"),
        ("null", "not_an_object"),
    ])
    func rejects(_ text: String, code: String) {
        #expect {
            _ = try decoder.decodeObject(Array(text.utf8))
        } throws: { error in
            (error as? ProtocolError)?.code == code
        }
    }

    @Test func allowsSurroundingWhitespace() throws {
        #expect(try decoder.decodeObject(Array(" {\"a\":1}\n ".utf8)) == ["a": .int(1)])
    }

    @Test func rejectsInvalidUTF8() {
        let bytes: [UInt8] = Array("{\"a\":\"".utf8) + [0xFF, 0xFE] + Array("\"}".utf8)
        #expect(throws: ProtocolError.invalidUTF8) { _ = try decoder.decodeObject(bytes) }
    }

    @Test func boundsDepth() throws {
        func nested(_ depth: Int) -> [UInt8] {
            Array(("{\"a\":" + String(repeating: "[", count: depth - 1) + String(repeating: "]", count: depth - 1) + "}").utf8)
        }
        _ = try decoder.decodeObject(nested(16))
        #expect(throws: ProtocolError.tooDeep) { _ = try decoder.decodeObject(nested(17)) }
    }

    @Test func boundsSize() {
        let small = FrameDecoder(maxBytes: 10)
        #expect(throws: ProtocolError.messageTooLarge) { _ = try small.decodeObject(Array(#"{"a":"0123456789"}"#.utf8)) }
    }

    @Test func parsesStoredText() {
        #expect(parseJSONText(#"[1,{"b":false}]"#) == .array([.int(1), .object(["b": .bool(false)])]))
        #expect(parseJSONText("12") == .int(12))
        #expect(parseJSONText("null") == .null)
        #expect(parseJSONText(" true ") == .bool(true))
        #expect(parseJSONText("1 2") == nil)
        #expect(parseJSONText("{") == nil)
        let value: JSONValue = ["x": ["y": .double(1.25), "z": "<&>"], "n": nil]
        #expect(parseJSONText(value.serialized) == value)
    }

    @Test func buildsServerFrames() throws {
        func ack(_ id: JSONValue, seq: Int64?, result: JSONValue? = nil) -> String {
            String(decoding: ServerFrames.ack(id: id, seq: seq, result: result), as: UTF8.self)
        }
        #expect(ack("r1", seq: 7) == #"{"id":"r1","seq":7,"type":"ack"}"#)
        #expect(ack(3, seq: nil, result: ["ok": true]) == #"{"id":3,"result":{"ok":true},"type":"ack"}"#)
        #expect(
            ServerFrames.error(id: nil, code: "x_y", sv: "på svenska", en: "in English")
                == #"{"code":"x_y","id":null,"message":"in English","message_sv":"på svenska","type":"error"}"#)
        let event = ServerFrames.event(seq: 12, eventJSONText: #"{"kind":"joined","name":"Åsa"}"#)
        #expect(event == #"{"event":{"kind":"joined","name":"Åsa"},"seq":12,"type":"event"}"#)
        // The spliced frame is the same text the serialiser would give.
        let parsed = try #require(parseJSONText(event))
        #expect(parsed.serialized == event)
    }
}
