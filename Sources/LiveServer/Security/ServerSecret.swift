/// The server's HMAC secret, created once per database and kept in its `meta` table, so keys
/// and tokens stay valid across restarts and die with the database.
enum ServerSecret {
    static let metaKey = "server_secret"

    static func load(from store: any EventStore) throws(StoreError) -> [UInt8] {
        if let hex = try store.meta(metaKey), let bytes = decodeHex(hex), bytes.count == 32 { return bytes }
        let secret = Credentials.newSecret()
        try store.setMeta(metaKey, secret.hexString)
        return secret
    }

    static func decodeHex(_ hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let byte = UInt8(String(decoding: digits[index...index + 1], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }
}
