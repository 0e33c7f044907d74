/// Typed, limit-checked access to the fields of a command object.
///
/// Every failure is a `DomainError` naming the field, so a client learns exactly what to fix.
public struct FieldReader: Sendable {
    public let object: [String: JSONValue]
    /// Reading the stored log, not a command: texts are held to the characters-only limits they
    /// were accepted under, so a log written by an earlier version always loads whole.
    public let isStored: Bool

    public init(_ object: [String: JSONValue]) {
        self.object = object
        isStored = false
    }

    /// A reader for a stored event's fields (see `isStored`).
    public init(stored object: [String: JSONValue]) {
        self.object = object
        isStored = true
    }

    /// A trimmed, non-empty string of at most `maxLength` characters.
    public func string(_ key: String, maxLength: Int) throws(DomainError) -> String {
        guard let value = try optionalString(key, maxLength: maxLength) else { throw .missingField(key) }
        return value
    }

    public func optionalString(_ key: String, maxLength: Int) throws(DomainError) -> String? {
        guard let raw = object[key], raw != .null else { return nil }
        guard case .string(let s) = raw else { throw .invalidField(key, "ska vara text", "must be a string") }
        let trimmed = s.trimmingWhitespace
        if trimmed.isEmpty { return nil }
        if !fits(trimmed, maxLength: maxLength) { throw .tooLong(key, max: maxLength) }
        try refuseControlCharacters(trimmed, key: key)
        return trimmed
    }

    /// Line breaks and tabs are text; other control characters in a command are refused. A
    /// stored event is read back as it was stored: a text accepted once must never make its
    /// event unreadable (table names in a list once went unchecked, and a restart lost the table).
    private func refuseControlCharacters(_ text: String, key: String) throws(DomainError) {
        if !isStored && text.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\t" }) {
            throw .invalidField(key, "innehåller styrtecken", "contains control characters")
        }
    }

    public func int(_ key: String, in range: ClosedRange<Int64>) throws(DomainError) -> Int64 {
        guard let value = try optionalInt(key, in: range) else { throw .missingField(key) }
        return value
    }

    public func optionalInt(_ key: String, in range: ClosedRange<Int64>) throws(DomainError) -> Int64? {
        guard let raw = object[key], raw != .null else { return nil }
        guard let value = raw.intValue else { throw .invalidField(key, "ska vara ett heltal", "must be a whole number") }
        guard range.contains(value) else {
            throw .invalidField(
                key, "ska ligga mellan \(range.lowerBound) och \(range.upperBound)",
                "must be between \(range.lowerBound) and \(range.upperBound)")
        }
        return value
    }

    public func bool(_ key: String, default fallback: Bool) throws(DomainError) -> Bool {
        guard let raw = object[key], raw != .null else { return fallback }
        guard let value = raw.boolValue else { throw .invalidField(key, "ska vara true eller false", "must be true or false") }
        return value
    }

    public func requiredBool(_ key: String) throws(DomainError) -> Bool {
        guard let raw = object[key], raw != .null else { throw .missingField(key) }
        return try bool(key, default: false)
    }

    public func enumeration<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type) throws(DomainError) -> E
    where E.RawValue == String {
        guard let value = try optionalEnumeration(key, type) else { throw .missingField(key) }
        return value
    }

    public func optionalEnumeration<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type) throws(DomainError)
        -> E? where E.RawValue == String
    {
        guard let raw = object[key], raw != .null else { return nil }
        let allowed = E.allCases.map(\.rawValue).joined(separator: ", ")
        guard let s = raw.stringValue, let value = E(rawValue: s) else {
            throw .invalidField(key, "tillåtna värden: \(allowed)", "allowed values: \(allowed)")
        }
        return value
    }

    /// An array of strings, each trimmed, non-empty and at most `maxLength` characters.
    public func strings(_ key: String, maxCount: Int, maxLength: Int) throws(DomainError) -> [String]? {
        guard let raw = object[key], raw != .null else { return nil }
        guard case .array(let items) = raw else { throw .invalidField(key, "ska vara en lista", "must be a list") }
        if items.count > maxCount { throw .tooMany(key, max: maxCount) }
        var result: [String] = []
        for item in items {
            guard let s = item.stringValue?.trimmingWhitespace, !s.isEmpty else {
                throw .invalidField(key, "ska innehålla text", "must hold strings")
            }
            if !fits(s, maxLength: maxLength) { throw .tooLong(key, max: maxLength) }
            try refuseControlCharacters(s, key: key)
            result.append(s)
        }
        return result
    }

    /// At most `maxLength` characters, and at most 4 bytes of UTF-8 per allowed character: a
    /// character may carry any number of combining marks, so counting characters alone would let
    /// an 80-character name weigh kilobytes in every event that repeats it.
    func fits(_ s: String, maxLength: Int) -> Bool {
        let bytes = s.utf8.count
        if bytes <= maxLength { return true }
        return (isStored || bytes <= 4 * maxLength) && s.count <= maxLength
    }
}

extension String {
    /// Leading and trailing white space removed, without Foundation.
    public var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[first...last])
    }
}
