import CQREncode

/// Renders text as a QR code in SVG with libqrencode: one path, crisp at any size, a few KB.
enum QRCodeSVG {
    static func render(_ text: String) -> String? {
        guard let code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1) else { return nil }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        let quiet = 4
        let size = width + 2 * quiet
        var path = ""
        path.reserveCapacity(width * width * 4)
        for y in 0..<width {
            var x = 0
            while x < width {
                // Bit 0 of each module byte is "dark"; runs of dark modules become one rectangle.
                guard code.pointee.data[y * width + x] & 1 == 1 else {
                    x += 1
                    continue
                }
                let start = x
                while x < width && code.pointee.data[y * width + x] & 1 == 1 { x += 1 }
                path += "M\(start + quiet) \(y + quiet)h\(x - start)v1h-\(x - start)z"
            }
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(size) \(size)" shape-rendering="crispEdges" role="img">\
            <title>QR</title><rect width="\(size)" height="\(size)" fill="#fff"/><path fill="#000" d="\(path)"/></svg>
            """
    }
}
