import Session

/// Builders for the JSON text of frames the server sends. Output matches
/// `JSONValue.serialized` (compact, sorted keys) so fixtures compare byte for byte.
enum ServerFrames {
    /// `{"id":…,"result":…,"seq":N,"type":"ack"}`; `seq` is left out when nil. Bytes written in
    /// key order without building an object first: every command gets one.
    static func ack(id: JSONValue, seq: Int64?, result: JSONValue? = nil) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(96)
        out.append(contentsOf: #"{"id":"#.utf8)
        id.write(into: &out)
        if let result {
            out.append(contentsOf: #","result":"#.utf8)
            result.write(into: &out)
        }
        if let seq {
            out.append(contentsOf: #","seq":"#.utf8)
            JSONValue.int(seq).write(into: &out)
        }
        out.append(contentsOf: #","type":"ack"}"#.utf8)
        return out
    }

    /// `{"code":…,"id":…,"message":en,"message_sv":sv,"type":"error"}`; `id` is null when the
    /// request id is unknown.
    static func error(id: JSONValue?, code: String, sv: String, en: String) -> String {
        JSONValue.object([
            "type": "error", "id": id ?? .null, "code": .string(code), "message": .string(en),
            "message_sv": .string(sv),
        ]).serialized
    }

    /// An error frame for a `ProtocolError`.
    static func error(id: JSONValue?, _ error: ProtocolError) -> String {
        Self.error(id: id, code: error.code, sv: error.sv, en: error.en)
    }

    /// `{"rules":[…],"type":"matrix_rules"}`: every matrix rule's id, gate, text and threshold,
    /// sent once to each facilitator screen; `matrix` frames then name the rules by id only.
    static let matrixRules = JSONValue.object(["type": "matrix_rules", "rules": MatrixRule.catalogueJSON]).serialized

    /// `{"event":<text>,"seq":N,"type":"event"}` with the already serialised event spliced in
    /// unchanged (no re-encoding). Keys stay in sorted order.
    static func event(seq: Int64, eventJSONText: String) -> String {
        var out = "{\"event\":"
        out.reserveCapacity(eventJSONText.utf8.count + 40)
        out += eventJSONText
        out += ",\"seq\":"
        out += String(seq)
        out += ",\"type\":\"event\"}"
        return out
    }
}
