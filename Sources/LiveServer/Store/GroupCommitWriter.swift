import Foundation

/// Appends event batches on a dedicated thread, committing everything that queued up while the
/// previous commit ran in ONE transaction (group commit), then calling the completions in
/// submission order on the writer thread.
///
/// A failed transaction is rolled back and every completion of that group receives the error;
/// the writer keeps running and tries later groups normally, so it recovers once storage is
/// writable again. The lws service thread waits for a batch only briefly (see
/// `MeetingHub.Options.commitWaitMs`), so a slow disk never stalls the loop.
///
/// `@unchecked Sendable`: all mutable state is guarded by `condition`; the store is touched only
/// by the writer thread after `init` takes it over (`sending`).
final class GroupCommitWriter: @unchecked Sendable {
    typealias Completion = @Sendable (Result<Void, StoreError>) -> Void

    private enum Job {
        case append([StoredEvent], Completion)
        case perform((any EventStore) -> Void)
    }

    private let condition = NSCondition()
    private var queue: [Job] = []
    private var stopping = false
    private var finished = false
    private let store: any EventStore
    /// Groups committed so far (for tests and metrics); read under the lock.
    private var committedGroups = 0

    /// Takes over `store`; the caller must not use it afterwards.
    init(store: sending any EventStore, name: String = "dialogcafe.store") {
        self.store = store
        let thread = Thread { [self] in runLoop() }
        thread.name = name
        thread.start()
    }

    /// Queues a batch to be appended; `completion` runs on the writer thread once the batch is
    /// durable or has failed.
    func submit(_ batch: [StoredEvent], completion: @escaping Completion) {
        enqueue(.append(batch, completion), orElse: { completion(.failure(.unavailable("writer stopped"))) })
    }

    /// Runs `work` on the writer thread, in order with appends (deletions, meta updates).
    func perform(_ work: @escaping @Sendable (any EventStore) -> Void) {
        enqueue(.perform(work), orElse: {})
    }

    /// Number of transactions committed or attempted for appends.
    var groupCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return committedGroups
    }

    /// Finishes every queued job, then stops the thread. Blocks until done.
    func flushAndStop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
    }

    private func enqueue(_ job: Job, orElse rejected: () -> Void) {
        condition.lock()
        if stopping {
            condition.unlock()
            rejected()
            return
        }
        queue.append(job)
        condition.signal()
        condition.unlock()
    }

    private func runLoop() {
        while true {
            condition.lock()
            while queue.isEmpty && !stopping { condition.wait() }
            if queue.isEmpty && stopping {
                finished = true
                condition.broadcast()
                condition.unlock()
                return
            }
            let jobs = queue
            queue.removeAll(keepingCapacity: true)
            condition.unlock()
            process(jobs)
        }
    }

    /// Consecutive appends form one group; a `perform` job ends a group so ordering holds.
    private func process(_ jobs: [Job]) {
        var group: [([StoredEvent], Completion)] = []
        for job in jobs {
            switch job {
            case .append(let batch, let completion):
                group.append((batch, completion))
            case .perform(let work):
                commit(group)
                group.removeAll()
                work(store)
            }
        }
        commit(group)
    }

    private func commit(_ group: [([StoredEvent], Completion)]) {
        guard !group.isEmpty else { return }
        let result: Result<Void, StoreError>
        do {
            try store.append(group.flatMap(\.0))
            result = .success(())
        } catch {
            result = .failure(error)
        }
        condition.lock()
        committedGroups += 1
        condition.unlock()
        for (_, completion) in group { completion(result) }
    }
}
