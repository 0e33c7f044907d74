/// A small seeded generator (SplitMix64): the same seed always gives the same sequence.
///
/// The seating engine draws every random choice from one of these, so a plan depends only on
/// its input and seed, on every platform and Swift version.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound` (`bound` > 0); the modulo bias is negligible for seating sizes.
    public mutating func int(below bound: Int) -> Int {
        precondition(bound > 0)
        return Int((next() >> 1) % UInt64(bound))
    }

    /// A number in `[0, 1)`.
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Fisher–Yates, spelled out so that the order never depends on the standard library's algorithm.
    public mutating func shuffle<Element>(_ elements: inout [Element]) {
        var i = elements.count - 1
        while i > 0 {
            elements.swapAt(i, int(below: i + 1))
            i -= 1
        }
    }
}
