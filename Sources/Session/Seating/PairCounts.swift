/// How often two dense person indices have sat together: an open-addressing hash map from a
/// packed pair to a count, so that the search looks a pair up without hashing strings.
struct PairCounts: Sendable {
    private var keys: [UInt64]
    private var values: [Int32]
    private var mask: Int
    private var shift: UInt64
    private(set) var count = 0

    init(expected: Int = 0) {
        var capacity = 16
        while capacity < expected * 2 { capacity <<= 1 }
        keys = Array(repeating: 0, count: capacity)
        values = Array(repeating: 0, count: capacity)
        mask = capacity - 1
        shift = UInt64(64 - capacity.trailingZeroBitCount)
    }

    /// The pair as one key; never 0, because the larger index is at least 1.
    @inline(__always) private static func key(_ x: Int, _ y: Int) -> UInt64 {
        x < y ? UInt64(x) << 32 | UInt64(y) : UInt64(y) << 32 | UInt64(x)
    }

    @inline(__always) private func home(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    func count(_ x: Int, _ y: Int) -> Int {
        let key = Self.key(x, y)
        var slot = home(key)
        while true {
            let stored = keys[slot]
            if stored == key { return Int(values[slot]) }
            if stored == 0 { return 0 }
            slot = (slot + 1) & mask
        }
    }

    mutating func add(_ x: Int, _ y: Int, _ amount: Int = 1) {
        guard x != y else { return }
        if (count + 1) * 2 > keys.count { grow() }
        let key = Self.key(x, y)
        var slot = home(key)
        while true {
            let stored = keys[slot]
            if stored == key {
                values[slot] += Int32(amount)
                return
            }
            if stored == 0 {
                keys[slot] = key
                values[slot] = Int32(amount)
                count += 1
                return
            }
            slot = (slot + 1) & mask
        }
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldValues = values
        self = PairCounts(expected: oldKeys.count)
        for (slot, key) in oldKeys.enumerated() where key != 0 {
            add(Int(key >> 32), Int(key & 0xFFFF_FFFF), Int(oldValues[slot]))
        }
    }
}
