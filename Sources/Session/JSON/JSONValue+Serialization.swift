extension JSONValue {
    /// Compact JSON text with sorted keys: equal values always serialise to equal bytes.
    public var serialized: String {
        String(decoding: serializedBytes, as: UTF8.self)
    }

    /// The UTF-8 bytes of `serialized`.
    ///
    /// Written as bytes, not appended to a `String`: every event, ack and matrix result passes
    /// through here, and a string append (with its capacity and ASCII bookkeeping) cost more
    /// than the bytes themselves.
    public var serializedBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(into: &out)
        return out
    }

    /// Appends `serializedBytes` to `out`.
    public func write(into out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: Self.nullBytes)
        case .bool(let b): out.append(contentsOf: b ? Self.trueBytes : Self.falseBytes)
        case .int(let i): Self.writeInteger(i, into: &out)
        case .double(let d):
            if d.isFinite {
                if d.rounded() == d && abs(d) < 1e15 { Self.writeInteger(Int64(d), into: &out) } else { out.append(contentsOf: "\(d)".utf8) }
            } else {
                out.append(contentsOf: Self.nullBytes)
            }
        case .string(let s): Self.writeString(s, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                item.write(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            for (index, entry) in object.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                Self.writeString(entry.key, into: &out)
                out.append(UInt8(ascii: ":"))
                entry.value.write(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static let nullBytes = Array("null".utf8)
    private static let trueBytes = Array("true".utf8)
    private static let falseBytes = Array("false".utf8)

    /// Decimal digits without an intermediate `String`.
    private static func writeInteger(_ value: Int64, into out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)  // 32 bytes: room for 20 digits
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[31 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            out.append(contentsOf: buffer[(32 - count)...])
        }
    }

    /// Escapes per RFC 8259; `<`, `>` and `&` are escaped too so JSON can sit inside HTML.
    static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        defer { out.append(UInt8(ascii: "\"")) }
        // Most strings need no escape: append them whole instead of scalar by scalar (scanning
        // the contiguous bytes when the string has them, as native strings do).
        let copiedWhole = s.utf8.withContiguousStorageIfAvailable { bytes in
            guard bytes.allSatisfy(isCopiedAsIs) else { return false }
            out.append(contentsOf: bytes)
            return true
        }
        if copiedWhole == true { return }
        if copiedWhole == nil && s.utf8.allSatisfy(isCopiedAsIs) {
            out.append(contentsOf: s.utf8)
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out.append(contentsOf: "\\\"".utf8)
            case "\\": out.append(contentsOf: "\\\\".utf8)
            case "\n": out.append(contentsOf: "\\n".utf8)
            case "\r": out.append(contentsOf: "\\r".utf8)
            case "\t": out.append(contentsOf: "\\t".utf8)
            case "<": out.append(contentsOf: "\\u003c".utf8)
            case ">": out.append(contentsOf: "\\u003e".utf8)
            case "&": out.append(contentsOf: "\\u0026".utf8)
            case "\u{2028}": out.append(contentsOf: "\\u2028".utf8)
            case "\u{2029}": out.append(contentsOf: "\\u2029".utf8)
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
                } else {
                    // Common in Swedish text (å, –, ’, …): encoded in place, no string per scalar.
                    UTF8.encode(scalar) { out.append($0) }
                }
            }
        }
    }

    /// Bytes that `writeString` never escapes. 0xE2 starts U+2028 and U+2029 in UTF-8 (and other
    /// characters, which then take the slower scalar path).
    private static func isCopiedAsIs(_ byte: UInt8) -> Bool {
        byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") && byte != UInt8(ascii: "<")
            && byte != UInt8(ascii: ">") && byte != UInt8(ascii: "&") && byte != 0xE2
    }
}
