import Glibc

/// The address a connection's rate limits are counted against.
///
/// Behind a TLS proxy every connection comes from the proxy's address, so the limits per address
/// would be shared by everyone the proxy serves, and one client spending them would refuse the
/// rest. A proxy named with `serve --trusted-proxy` appends the address it accepted from to
/// `X-Forwarded-For`; for its connections that entry counts instead, read from the right past
/// any other trusted proxy (a CDN in front of nginx). Entries further left were written by the
/// client and are ignored: a client can put anything there.
///
/// An IPv6 client counts by its /64, the block one household or phone is given, so that it
/// cannot take a fresh budget with each of its addresses.
enum ClientAddress {
    /// The address to count a connection from `peer` against.
    static func resolve(peer: String, forwardedFor: String?, trustedProxies: Set<String>) -> String {
        var address = canonical(peer) ?? peer
        if trustedProxies.contains(address), let forwardedFor {
            for entry in forwardedFor.split(separator: ",").reversed() {
                guard let forwarded = canonical(String(entry)) else { break }
                address = forwarded
                if !trustedProxies.contains(forwarded) { break }
            }
        }
        return bucket(of: address)
    }

    /// An address in one spelling: IPv4 dotted, IPv6 as `inet_ntop` writes it (lower case,
    /// shortest), an IPv4 address written as IPv6 (`::ffff:192.0.2.1`) as IPv4, and a port
    /// (`192.0.2.1:443`, `[2001:db8::1]:443`, as some proxies write them) left off. Nil for
    /// anything else.
    static func canonical(_ text: String) -> String? {
        var host = Substring(text).drop(while: { $0 == " " || $0 == "\t" })
        while let last = host.last, last == " " || last == "\t" { host = host.dropLast() }
        if host.hasPrefix("["), let close = host.firstIndex(of: "]") {
            host = host[host.index(after: host.startIndex)..<close]
        } else if host.filter({ $0 == ":" }).count == 1, let colon = host.firstIndex(of: ":") {
            host = host[..<colon]
        }
        var v4 = in_addr()
        if inet_pton(AF_INET, String(host), &v4) == 1 { return dotted(v4) }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, String(host), &v6) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: v6) { Array($0) }
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF {
            var mapped = in_addr()
            withUnsafeMutableBytes(of: &mapped) { $0.copyBytes(from: bytes[12..<16]) }
            return dotted(mapped)
        }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        guard inet_ntop(AF_INET6, &v6, &buffer, socklen_t(buffer.count)) != nil else { return nil }
        return String(nulTerminated: buffer)
    }

    /// IPv4 as it is; IPv6 as its /64 (`2001:db8:1:2::/64`).
    static func bucket(of address: String) -> String {
        var v6 = in6_addr()
        guard address.contains(":"), inet_pton(AF_INET6, address, &v6) == 1 else { return address }
        withUnsafeMutableBytes(of: &v6) { bytes in for index in 8..<16 { bytes[index] = 0 } }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        guard inet_ntop(AF_INET6, &v6, &buffer, socklen_t(buffer.count)) != nil else { return address }
        return String(nulTerminated: buffer) + "/64"
    }

    private static func dotted(_ address: in_addr) -> String {
        var address = address
        var buffer = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
        guard inet_ntop(AF_INET, &address, &buffer, socklen_t(buffer.count)) != nil else { return "" }
        return String(nulTerminated: buffer)
    }
}
