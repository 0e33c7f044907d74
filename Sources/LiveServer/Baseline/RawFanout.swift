/// The fan-out baseline for benchmarks (`dialogcafe serve --raw-fanout`): every text message
/// is re-broadcast unchanged, as one shared frame, to every open connection of its room, its
/// sender included, as a plain lws broadcast does. The real server writes to the sender too (the
/// ack and the event of its command), so both make the same number of writes per message.
/// No parsing, no domain, no persistence; the same transport queues and writeable handling as
/// the real server. Lives on the service thread.
///
/// Rooms let the baseline do the same fan-out pattern as many meetings (e.g. 500 senders, each
/// to a group of 20): a connection whose first text message is exactly `room:K` (K decimal)
/// moves to room K and gets that message back, alone, as an acknowledgement; it is not
/// broadcast. Until then, and for good if its first message is anything else, a connection is
/// in one default room, so without `room:` messages every message reaches every connection.
final class RawFanout: TransportDelegate {
    private unowned let server: WebSocketServer
    /// The open connections of each room, in the order they entered it.
    private var rooms: [Int: [ConnectionID]] = [:]
    private var roomOf: [ConnectionID: Int] = [:]
    /// Open connections that have sent no text message yet: only these may still name a room.
    private var silent: Set<ConnectionID> = []

    /// Room numbers are non-negative, so this one cannot be named.
    private static let defaultRoom = -1
    private static let roomPrefix = Array("room:".utf8)

    init(server: WebSocketServer) { self.server = server }

    func connectionOpened(_ id: ConnectionID, peer: String) {
        enter(id, room: Self.defaultRoom)
        silent.insert(id)
    }

    func connectionClosed(_ id: ConnectionID) {
        leave(id)
        silent.remove(id)
    }

    func receivedRaw(_ bytes: UnsafeRawBufferPointer, from id: ConnectionID) {
        if silent.remove(id) != nil, let room = Self.roomNumber(bytes) {
            leave(id)
            enter(id, room: room)
            server.send(OutboundFrame(bytes: bytes), to: id)
            return
        }
        guard let room = roomOf[id], let members = rooms[room] else { return }
        server.send(OutboundFrame(bytes: bytes), to: members)
    }

    private func enter(_ id: ConnectionID, room: Int) {
        rooms[room, default: []].append(id)
        roomOf[id] = room
    }

    private func leave(_ id: ConnectionID) {
        guard let room = roomOf.removeValue(forKey: id), var members = rooms.removeValue(forKey: room) else { return }
        if let index = members.firstIndex(of: id) { members.remove(at: index) }
        if !members.isEmpty { rooms[room] = members }
    }

    /// K when `bytes` is exactly `room:K` with K 1 to 18 decimal digits (fits an `Int`), else nil.
    private static func roomNumber(_ bytes: UnsafeRawBufferPointer) -> Int? {
        let prefix = roomPrefix.count
        guard (prefix + 1...prefix + 18).contains(bytes.count), bytes.starts(with: roomPrefix) else { return nil }
        var room = 0
        for byte in bytes.dropFirst(prefix) {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            room = room * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return room
    }
}
