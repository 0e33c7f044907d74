import Foundation

/// Prints minutes to PDF on worker threads, at most `limit` at once, and leaves each answer for
/// the service thread, which hands it to the waiting HTTP request on its next wake.
final class PDFJobs: Sendable {
    private let running = Locked<Int>(0)
    private let finished = Inbox<(ticket: UInt64, response: HTTPResponse)>()
    let limit: Int

    init(limit: Int = 2) { self.limit = limit }

    /// Whether another job may start now.
    var hasRoom: Bool { running.withLock { $0 < limit } }

    /// Prints `html` (styled by `stylesheet`) on a new thread, to be answered with `headers`;
    /// `wake` is called when it is done.
    func start(ticket: UInt64, html: String, stylesheet: String, headers: [String: String], wake: @escaping @Sendable () -> Void) {
        running.withLock { $0 += 1 }
        Thread.detachNewThread { [self] in
            let response = Self.print(html: html, stylesheet: stylesheet, headers: headers)
            running.withLock { $0 -= 1 }
            finished.post((ticket, response))
            wake()
        }
    }

    func takeFinished() -> [(ticket: UInt64, response: HTTPResponse)] { finished.takeAll() }

    private static func print(html: String, stylesheet: String, headers: [String: String]) -> HTTPResponse {
        let output = NSTemporaryDirectory() + "dialogcafe-minutes-" + UUID().uuidString + ".pdf"
        defer { try? FileManager.default.removeItem(atPath: output) }
        do {
            try PDFPrinter.print(html: html, stylesheet: stylesheet, to: output)
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: output)))
            return HTTPResponse(
                status: 200, contentType: "application/pdf", body: bytes, headers: headers)
        } catch {
            Log.error("pdf", "printing failed")
            return .problem(503, .pdfUnavailable)
        }
    }
}
