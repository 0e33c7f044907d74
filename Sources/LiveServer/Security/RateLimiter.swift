/// Token buckets by key (an address, a participant), refilled continuously.
///
/// Confined to the lws thread like the hub that owns it.
struct RateLimiter {
    let capacity: Double
    let refillPerSecond: Double
    private var buckets: [String: (tokens: Double, at: Int64)] = [:]

    init(capacity: Double, refillPerSecond: Double) {
        self.capacity = capacity
        self.refillPerSecond = refillPerSecond
    }

    /// Takes one token for `key` at time `now` (ms); false when the bucket is empty.
    mutating func allow(_ key: String, now: Int64) -> Bool {
        var tokens = self.tokens(of: key, at: now)
        let allowed = tokens >= 1
        if allowed { tokens -= 1 }
        buckets[key] = (tokens, now)
        if buckets.count > 100_000 { prune(now: now) }
        return allowed
    }

    /// Whether `key` has a token left at `now`, without taking it.
    func hasToken(_ key: String, now: Int64) -> Bool { tokens(of: key, at: now) >= 1 }

    /// The tokens `key` has at `now`: what was left, refilled since, at most `capacity`.
    private func tokens(of key: String, at now: Int64) -> Double {
        guard let bucket = buckets[key] else { return capacity }
        return min(capacity, bucket.tokens + Double(max(0, now - bucket.at)) / 1000 * refillPerSecond)
    }

    /// Forgets full buckets so memory stays bounded.
    private mutating func prune(now: Int64) {
        buckets = buckets.filter { tokens(of: $0.key, at: now) < capacity }
    }
}
