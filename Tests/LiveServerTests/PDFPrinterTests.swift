import Foundation
import Testing

@testable import LiveServer

/// Printing with a browser that never finishes: the print slot and the request are given back.
@Suite struct PDFPrinterTests {
    @Test func aBrowserThatHangsIsStoppedAtTheDeadline() throws {
        let folder = ServerProcess.temporaryDirectory()
        let browser = folder + "/hanging-browser"
        try "#!/bin/sh\nexec sleep 60\n".write(toFile: browser, atomically: true, encoding: .utf8)
        chmod(browser, 0o755)
        let started = Date()
        #expect(throws: CommandFailure.self) {
            try PDFPrinter.print(html: "<p>x</p>", stylesheet: "/nonexistent.css", to: folder + "/out.pdf", browser: browser, timeoutSeconds: 1)
        }
        #expect(Date().timeIntervalSince(started) < 10, "stopped at the deadline, not after the browser's 60 s")
        #expect(!FileManager.default.fileExists(atPath: folder + "/out.pdf"))
    }
}
