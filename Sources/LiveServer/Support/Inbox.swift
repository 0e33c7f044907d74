/// Where other threads leave results for the service thread, which takes them all on its next
/// wake (the writer's commit results, printed PDFs).
final class Inbox<Item: Sendable>: Sendable {
    private let items = Locked<[Item]>([])

    func post(_ item: Item) { items.withLock { $0.append(item) } }

    func takeAll() -> [Item] {
        items.withLock { pending in
            defer { pending.removeAll() }
            return pending
        }
    }
}
