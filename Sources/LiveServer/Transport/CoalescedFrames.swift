/// Server-to-client WebSocket text frames (RFC 6455 §5.2: FIN set, opcode 1, unmasked) laid end
/// to end, so that several messages queued for one connection leave in one `send(2)`. A
/// facilitator gets the ack and the event of each of its commands; a staff connection during a
/// join storm gets hundreds of frames: one system call and one TCP segment instead of one each.
struct CoalescedFrames {
    private(set) var bytes: [UInt8] = []

    init(reservingCapacity capacity: Int) { bytes.reserveCapacity(capacity) }

    /// The header of a frame with this payload length.
    static func headerBytes(payloadCount count: Int) -> Int { count < 126 ? 2 : count <= 0xFFFF ? 4 : 10 }

    mutating func append(_ frame: OutboundFrame) {
        let count = frame.count
        bytes.append(0x81)
        if count < 126 {
            bytes.append(UInt8(count))
        } else if count <= 0xFFFF {
            bytes.append(126)
            bytes.append(UInt8(count >> 8))
            bytes.append(UInt8(count & 0xFF))
        } else {
            bytes.append(127)
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: UInt64(count) >> UInt64(shift))) }
        }
        bytes.append(contentsOf: UnsafeBufferPointer(start: frame.payload, count: count))
    }
}
