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
        var bucket = buckets[key] ?? (capacity, now)
        bucket.tokens = min(capacity, bucket.tokens + Double(max(0, now - bucket.at)) / 1000 * refillPerSecond)
        bucket.at = now
        let allowed = bucket.tokens >= 1
        if allowed { bucket.tokens -= 1 }
        buckets[key] = bucket
        if buckets.count > 100_000 { prune(now: now) }
        return allowed
    }

    /// Whether `key` has a token left at `now`, without taking it.
    func hasToken(_ key: String, now: Int64) -> Bool {
        guard let bucket = buckets[key] else { return true }
        return bucket.tokens + Double(max(0, now - bucket.at)) / 1000 * refillPerSecond >= 1
    }

    /// Forgets full buckets so memory stays bounded.
    private mutating func prune(now: Int64) {
        buckets = buckets.filter { Double(now - $0.value.at) / 1000 * refillPerSecond + $0.value.tokens < capacity }
    }
}
