import Glibc

/// What `serve --host` names, in the form lws binds to: lws takes a numeric address or a
/// network interface's name, and silently listens nowhere for anything else (`localhost`).
enum ListenAddress {
    /// `host` itself when it is a numeric IPv4 or IPv6 address or an interface name (`lo`,
    /// `eth0`); else the first address the name resolves to, IPv4 first; nil when it resolves
    /// to nothing.
    static func bindable(_ host: String) -> String? {
        if isNumeric(host) || if_nametoindex(host) != 0 { return host }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_ADDRCONFIG
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0, let list else { return nil }
        defer { freeaddrinfo(list) }
        var addresses: [(family: Int32, text: String)] = []
        for entry in sequence(first: list, next: { $0.pointee.ai_next }) {
            if let text = numericText(of: entry.pointee) { addresses.append((entry.pointee.ai_family, text)) }
        }
        return (addresses.first { $0.family == AF_INET } ?? addresses.first)?.text
    }

    static func isNumeric(_ host: String) -> Bool {
        var v6 = in6_addr()
        return WebSocketServer.isIPv4Address(host) || inet_pton(AF_INET6, host, &v6) == 1
    }

    private static func numericText(of entry: addrinfo) -> String? {
        guard let address = entry.ai_addr else { return nil }
        var buffer = [UInt8](repeating: 0, count: Int(NI_MAXHOST))
        let status = buffer.withUnsafeMutableBufferPointer { text in
            text.withMemoryRebound(to: CChar.self) {
                getnameinfo(address, entry.ai_addrlen, $0.baseAddress, socklen_t($0.count), nil, 0, NI_NUMERICHOST)
            }
        }
        guard status == 0 else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }, as: UTF8.self)
    }
}
