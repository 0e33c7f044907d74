import CJSONC
import Session

/// Turns the bytes of one complete WebSocket text message into a JSON object, using json-c in
/// strict mode with UTF-8 validation and a bounded nesting depth.
///
/// A decoder holds no state between messages, so one value can be shared freely.
struct FrameDecoder: Sendable {
    /// Maximum nesting of arrays and objects; deeper input fails with `too_deep`.
    var maxDepth: Int32 = 16
    /// Maximum message size in bytes; larger input fails with `message_too_large`.
    var maxBytes: Int = 16_384

    init(maxDepth: Int32 = 16, maxBytes: Int = 16_384) {
        self.maxDepth = maxDepth
        self.maxBytes = maxBytes
    }

    /// Decodes a message that must be a JSON object.
    func decodeObject(_ bytes: UnsafeRawBufferPointer) throws(ProtocolError) -> [String: JSONValue] {
        guard bytes.count <= maxBytes else { throw .messageTooLarge }
        let value = try JSONCParser.parse(bytes, maxDepth: maxDepth)
        guard case .object(let object) = value else { throw .notAnObject }
        return object
    }

    /// Decodes a message held in an array of bytes.
    func decodeObject(_ bytes: [UInt8]) throws(ProtocolError) -> [String: JSONValue] {
        do {
            return try bytes.withUnsafeBytes { buffer in try decodeObject(buffer) }
        } catch let error as ProtocolError {
            throw error
        } catch {
            throw .invalidJSON
        }
    }
}

/// Parses any JSON text (for example an event payload read back from the store); `nil` when
/// the text is not valid JSON.
func parseJSONText(_ text: String, maxDepth: Int32 = 64) -> JSONValue? {
    var text = text
    return text.withUTF8 { buffer in
        try? JSONCParser.parse(UnsafeRawBufferPointer(buffer), maxDepth: maxDepth)
    }
}

/// The json-c boundary: tokenizer handles are freed before returning, and json-c error codes
/// become `ProtocolError`s here.
enum JSONCParser {
    static func parse(_ bytes: UnsafeRawBufferPointer, maxDepth: Int32) throws(ProtocolError) -> JSONValue {
        guard bytes.count < Int(Int32.max) else { throw .messageTooLarge }
        guard let tokener = json_tokener_new_ex(maxDepth) else { throw .invalidJSON }
        defer { json_tokener_free(tokener) }
        json_tokener_set_flags(tokener, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8)

        let base = bytes.baseAddress?.assumingMemoryBound(to: CChar.self)
        let terminator: [CChar] = [0x20, 0]
        var root: OpaquePointer? = terminator.withUnsafeBufferPointer { fallback in
            json_tokener_parse_ex(tokener, base ?? fallback.baseAddress, Int32(bytes.count))
        }
        var status = json_tokener_get_error(tokener)
        // Where the value ended, when json-c stopped before the end of the input.
        var valueEnd: Int?
        if status == json_tokener_success {
            valueEnd = json_tokener_get_parse_end(tokener)
        } else if status == json_tokener_continue && !bytes.isEmpty {
            // All input was consumed but json-c cannot tell whether a top-level number or literal
            // has ended: one space ends it (and leaves truncated objects incomplete).
            root = terminator.withUnsafeBufferPointer { json_tokener_parse_ex(tokener, $0.baseAddress, 1) }
            status = json_tokener_get_error(tokener)
        }
        guard status == json_tokener_success else {
            json_object_put(root)
            switch status {
            case json_tokener_error_depth: throw .tooDeep
            case json_tokener_error_parse_utf8_string: throw .invalidUTF8
            default: throw .invalidJSON
            }
        }
        defer { json_object_put(root) }
        if let valueEnd { try requireOnlyWhitespace(after: valueEnd, in: bytes) }
        try rejectSingleQuotedStrings(bytes)
        // json-c represents `null` as a NULL object.
        guard let root else { return .null }
        return try convert(root)
    }

    /// json-c stops after the first complete value: anything but whitespace after it is an error.
    private static func requireOnlyWhitespace(after end: Int, in bytes: UnsafeRawBufferPointer) throws(ProtocolError) {
        guard end < bytes.count else { return }
        for byte in bytes[end...] where !(byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09) {
            throw .invalidJSON
        }
    }

    /// json-c 0.16 accepts `'single-quoted'` strings even in strict mode; RFC 8259 does not.
    /// Outside double-quoted strings a `'` can only start such a string.
    private static func rejectSingleQuotedStrings(_ bytes: UnsafeRawBufferPointer) throws(ProtocolError) {
        var inString = false
        var escaped = false
        for byte in bytes {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if byte == UInt8(ascii: "'") {
                throw .invalidJSON
            }
        }
    }

    private static func convert(_ object: OpaquePointer?) throws(ProtocolError) -> JSONValue {
        guard let object else { return .null }
        switch json_object_get_type(object) {
        case json_type_null:
            return .null
        case json_type_boolean:
            return .bool(json_object_get_boolean(object) != 0)
        case json_type_int:
            // json-c saturates integers that do not fit: values at the limits are treated as overflow.
            let signed = json_object_get_int64(object)
            let unsigned = json_object_get_uint64(object)
            if signed == Int64.min || (signed == Int64.max && unsigned > UInt64(Int64.max)) {
                throw .numberOutOfRange
            }
            return .int(signed)
        case json_type_double:
            let value = json_object_get_double(object)
            guard value.isFinite else { throw .numberOutOfRange }
            return .double(value)
        case json_type_string:
            let length = Int(json_object_get_string_len(object))
            guard let chars = json_object_get_string(object) else { return .string("") }
            let buffer = UnsafeRawBufferPointer(start: UnsafeRawPointer(chars), count: length)
            // json-c's UTF-8 check lets overlong forms, encoded surrogates and code points past
            // U+10FFFF through, and turns an escaped lone surrogate into such bytes: refuse them
            // rather than store U+FFFD in their place.
            guard let string = String(validating: buffer, as: UTF8.self) else { throw .invalidUTF8 }
            return .string(string)
        case json_type_array:
            let count = json_object_array_length(object)
            var items: [JSONValue] = []
            items.reserveCapacity(count)
            for index in 0..<count {
                items.append(try convert(json_object_array_get_idx(object, index)))
            }
            return .array(items)
        case json_type_object:
            var result: [String: JSONValue] = [:]
            result.reserveCapacity(Int(json_object_object_length(object)))
            var iterator = json_object_iter_begin(object)
            var end = json_object_iter_end(object)
            while json_object_iter_equal(&iterator, &end) == 0 {
                if let name = json_object_iter_peek_name(&iterator) {
                    guard let key = String(validatingCString: name) else { throw .invalidUTF8 }
                    result[key] = try convert(json_object_iter_peek_value(&iterator))
                }
                json_object_iter_next(&iterator)
            }
            return .object(result)
        default:
            throw .invalidJSON
        }
    }
}
