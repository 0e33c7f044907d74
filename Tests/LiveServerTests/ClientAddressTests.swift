import Testing

@testable import LiveServer

/// Which address a connection's rate limits count against, behind proxies and over IPv6.
@Suite struct ClientAddressTests {
    let proxy: Set<String> = ["10.0.0.2"]

    @Test func aTrustedProxysClientCountsAsItselfAndWhatTheClientWroteIsIgnored() {
        #expect(ClientAddress.resolve(peer: "10.0.0.2", forwardedFor: "203.0.113.9, 198.51.100.7", trustedProxies: proxy) == "198.51.100.7")
        #expect(ClientAddress.resolve(peer: "192.0.2.5", forwardedFor: "198.51.100.7", trustedProxies: proxy) == "192.0.2.5")
        #expect(ClientAddress.resolve(peer: "10.0.0.2", forwardedFor: nil, trustedProxies: proxy) == "10.0.0.2")
        #expect(ClientAddress.resolve(peer: "10.0.0.2", forwardedFor: "not an address", trustedProxies: proxy) == "10.0.0.2")
    }

    @Test func portsAndBracketsAsProxiesWriteThemAreLeftOff() {
        #expect(ClientAddress.resolve(peer: "10.0.0.2", forwardedFor: "198.51.100.7:51234", trustedProxies: proxy) == "198.51.100.7")
        #expect(ClientAddress.resolve(peer: "10.0.0.2", forwardedFor: "[2001:db8:1:2::9]:443", trustedProxies: proxy) == "2001:db8:1:2::/64")
        #expect(ClientAddress.canonical(" ::ffff:192.0.2.1 ") == "192.0.2.1")
        #expect(ClientAddress.canonical("2001:DB8:0::1") == "2001:db8::1", "one spelling, so a proxy given in another one is still trusted")
    }

    @Test func aChainOfTrustedProxiesIsReadFromTheRight() {
        let chain: Set<String> = ["10.0.0.2", "192.0.2.50"]
        #expect(
            ClientAddress.resolve(peer: "10.0.0.2", forwardedFor: "203.0.113.9, 198.51.100.7, 192.0.2.50", trustedProxies: chain)
                == "198.51.100.7")
    }

    @Test func anIPv6ClientCountsByItsSlash64() {
        let a = ClientAddress.resolve(peer: "2001:db8:1:2::1", forwardedFor: nil, trustedProxies: [])
        let b = ClientAddress.resolve(peer: "2001:db8:1:2:abcd::99", forwardedFor: nil, trustedProxies: [])
        let other = ClientAddress.resolve(peer: "2001:db8:1:3::1", forwardedFor: nil, trustedProxies: [])
        #expect(a == b && a == "2001:db8:1:2::/64")
        #expect(other != a)
        #expect(ClientAddress.resolve(peer: "127.0.0.1", forwardedFor: nil, trustedProxies: []) == "127.0.0.1")
    }
}
