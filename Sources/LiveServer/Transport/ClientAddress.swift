/// The address a connection's rate limits are counted against.
///
/// Behind a TLS proxy every connection comes from the proxy's address, so the limits per address
/// would be shared by everyone the proxy serves, and one client spending them would refuse the
/// rest. A proxy named with `serve --trusted-proxy` appends the address it accepted from to
/// `X-Forwarded-For`; for its connections that last entry counts instead. Entries before it were
/// written by the client and are ignored: a client can put anything there.
enum ClientAddress {
    /// `peer` itself, or the last address in `forwardedFor` when `peer` is a trusted proxy.
    static func resolve(peer: String, forwardedFor: String?, trustedProxies: Set<String>) -> String {
        let peer = unmapped(peer)
        guard trustedProxies.contains(peer), let forwardedFor,
            let last = forwardedFor.split(separator: ",", omittingEmptySubsequences: false).last
        else { return peer }
        let words = last.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard words.count == 1, ListenAddress.isNumeric(String(words[0])) else { return peer }
        return unmapped(String(words[0]))
    }

    /// An IPv4 address written as IPv6 (`::ffff:192.0.2.1`) in its IPv4 form, so both count alike.
    static func unmapped(_ address: String) -> String {
        let prefix = "::ffff:"
        guard address.lowercased().hasPrefix(prefix) else { return address }
        let tail = String(address.dropFirst(prefix.count))
        return WebSocketServer.isIPv4Address(tail) ? tail : address
    }
}
