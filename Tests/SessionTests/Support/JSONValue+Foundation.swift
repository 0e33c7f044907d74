import Foundation

@testable import Session

extension JSONValue {
    /// Parses JSON text in tests (the server itself parses with json-c).
    static func parse(_ text: String) throws -> JSONValue {
        try JSONValue(any: JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]))
    }

    init(any: Any) throws {
        switch any {
        case is NSNull: self = .null
        case let n as NSNumber:
            if String(cString: n.objCType) == "c" || String(cString: n.objCType) == "B" {
                self = .bool(n.boolValue)
            } else if n.doubleValue.rounded() == n.doubleValue && abs(n.doubleValue) < 9e15 {
                self = .int(n.int64Value)
            } else {
                self = .double(n.doubleValue)
            }
        case let s as String: self = .string(s)
        case let a as [Any]: self = .array(try a.map(JSONValue.init(any:)))
        case let o as [String: Any]: self = .object(try o.mapValues(JSONValue.init(any:)))
        default: throw CocoaError(.coderInvalidValue)
        }
    }
}
