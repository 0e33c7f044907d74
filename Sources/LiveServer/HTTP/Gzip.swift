import Foundation
import CZlib

/// gzip (RFC 1952) through zlib, for the web client's files: each is compressed once and sent
/// to every browser that accepts it.
enum Gzip {
    /// The compressed bytes at zlib's best level, or nil if zlib fails.
    static func compress(_ input: [UInt8]) -> [UInt8]? {
        var stream = z_stream()
        guard dialogcafe_deflate_init_gzip(&stream, Z_BEST_COMPRESSION) == Z_OK else { return nil }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))))
        let status = input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                // zlib does not write through next_in; its type is only not const.
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.avail_in = uInt(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = uInt(target.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { return nil }
        output.removeLast(output.count - Int(stream.total_out))
        return output
    }

    /// Whether an `Accept-Encoding` value accepts gzip: its own entry's weight if it has one,
    /// else the weight of `*`, else not (RFC 9110 §12.5.3).
    static func isAccepted(by acceptEncoding: String?) -> Bool {
        guard let acceptEncoding else { return false }
        var gzipWeight: Double?
        var anyWeight: Double?
        for item in acceptEncoding.split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let coding = parts.first else { continue }
            let weight = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            if coding == "gzip" || coding == "x-gzip" { gzipWeight = max(gzipWeight ?? 0, weight) }
            if coding == "*" { anyWeight = weight }
        }
        return (gzipWeight ?? anyWeight ?? 0) > 0
    }
}
