import Testing

@Test func liveServerTargetBuilds() { #expect(Bool(true)) }
