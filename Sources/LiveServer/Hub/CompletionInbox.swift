import Foundation

/// Where the writer thread leaves its answers for the service thread to pick up on wake.
final class CompletionInbox: Sendable {
    private let results = Locked<[Result<Void, StoreError>]>([])

    func post(_ result: Result<Void, StoreError>) { results.withLock { $0.append(result) } }

    func takeAll() -> [Result<Void, StoreError>] {
        results.withLock { pending in
            defer { pending.removeAll() }
            return pending
        }
    }
}
