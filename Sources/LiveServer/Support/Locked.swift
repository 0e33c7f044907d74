import Foundation

/// A value behind a lock, shared between threads.
///
/// Used instead of `Synchronization.Mutex`: on Linux, Mutex locks with a futex inside the
/// uninstrumented runtime, so ThreadSanitizer cannot see it and reports races on data that is
/// correctly locked. `NSLock` is a pthread mutex, which ThreadSanitizer understands.
final class Locked<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
