import CWebsockets

/// Server-to-client WebSocket text frames (RFC 6455 §5.2: FIN set, opcode 1, unmasked) laid end
/// to end, so that several messages queued for one connection leave in one `send(2)`. A
/// facilitator gets the ack and the event of each of its commands; a staff connection during a
/// join storm gets hundreds of frames: one system call and one TCP segment instead of one each.
struct CoalescedFrames {
    private var bytes: [UInt8] = []

    init(reservingCapacity capacity: Int) { bytes.reserveCapacity(capacity) }

    var count: Int { bytes.count }

    /// A frame's size on the wire: its header (2, 4 or 10 bytes, the shortest that holds the
    /// length) and its payload.
    static func frameBytes(payloadCount count: Int) -> Int { (count < 126 ? 2 : count <= 0xFFFF ? 4 : 10) + count }

    mutating func append(_ frame: OutboundFrame) {
        let count = frame.count
        bytes.append(0x81)
        switch Self.frameBytes(payloadCount: count) - count {
        case 2:
            bytes.append(UInt8(count))
        case 4:
            bytes.append(126)
            bytes.append(UInt8(count >> 8))
            bytes.append(UInt8(count & 0xFF))
        default:
            bytes.append(127)
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: UInt64(count) >> UInt64(shift))) }
        }
        bytes.append(contentsOf: UnsafeBufferPointer(start: frame.payload, count: count))
    }

    /// Hands the bytes to lws as they are; returns what `lws_write` returns.
    func write(to wsi: OpaquePointer) -> Int32 {
        bytes.withUnsafeBufferPointer { buffer in
            // lws does not modify a raw write's buffer; its C signature is simply not const.
            lws_write(wsi, UnsafeMutablePointer(mutating: buffer.baseAddress!), buffer.count, dialogcafe_lws_write_raw)
        }
    }
}
