import CWebsockets

/// One text frame ready for `lws_write`: `LWS_PRE` bytes of headroom, then the payload.
///
/// Built once and shared by every recipient of a broadcast, so fan-out copies no bytes per
/// recipient. `@unchecked Sendable`: the payload is never mutated after `init`; lws writes the
/// WebSocket header into the headroom, and that happens only on the service thread, one
/// `lws_write` at a time, each rewriting the header before sending.
final class OutboundFrame: @unchecked Sendable {
    private let storage: UnsafeMutableRawPointer
    /// Payload size in bytes (without headroom).
    let count: Int

    private init(uninitializedCount count: Int) {
        self.count = count
        storage = .allocate(byteCount: dialogcafe_lws_pre + max(count, 1), alignment: 16)
    }

    /// Copies `bytes` once into a new frame.
    convenience init(bytes: UnsafeRawBufferPointer) {
        self.init(uninitializedCount: bytes.count)
        if let base = bytes.baseAddress, count > 0 {
            UnsafeMutableRawPointer(payload).copyMemory(from: base, byteCount: count)
        }
    }

    convenience init(_ bytes: [UInt8]) {
        self.init(uninitializedCount: bytes.count)
        bytes.withUnsafeBytes { buffer in
            if let base = buffer.baseAddress, count > 0 {
                UnsafeMutableRawPointer(payload).copyMemory(from: base, byteCount: count)
            }
        }
    }

    convenience init(text: String) {
        var text = text
        self.init(uninitializedCount: text.utf8.count)
        text.withUTF8 { buffer in
            if let base = buffer.baseAddress, count > 0 {
                UnsafeMutableRawPointer(payload).copyMemory(from: base, byteCount: count)
            }
        }
    }

    deinit { storage.deallocate() }

    /// Start of the payload; `LWS_PRE` writable bytes precede it.
    var payload: UnsafeMutablePointer<UInt8> {
        (storage + dialogcafe_lws_pre).assumingMemoryBound(to: UInt8.self)
    }

    /// The payload as text (tests, logs).
    var text: String {
        String(decoding: UnsafeRawBufferPointer(start: payload, count: count), as: UTF8.self)
    }
}
