import Foundation
import Testing

@testable import LiveServer

/// Printing with stand-in browsers: one that never finishes gives the print slot and the request
/// back; one that prints nothing never leaves an older file passing for the new one.
@Suite struct PDFPrinterTests {
    /// A browser that writes `body` to the file its `--print-to-pdf=` names (nothing when nil).
    static func browser(in folder: String, writing body: String?) throws -> String {
        let path = folder + "/browser"
        let write = body.map { "for a; do case \"$a\" in --print-to-pdf=*) printf '%s' '\($0)' > \"${a#--print-to-pdf=}\";; esac; done\n" } ?? ""
        try "#!/bin/sh\n\(write)exit 0\n".write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
        return path
    }

    @Test func aBrowserThatPrintsNothingLeavesTheEarlierFileAndSaysSo() throws {
        let folder = ServerProcess.temporaryDirectory()
        let output = folder + "/minutes.pdf"
        try "earlier minutes".write(toFile: output, atomically: true, encoding: .utf8)
        let silent = try Self.browser(in: folder, writing: nil)
        #expect(throws: CommandFailure.self) {
            try PDFPrinter.print(html: "<p>x</p>", stylesheet: "/nonexistent.css", to: output, browser: silent)
        }
        #expect(try String(contentsOfFile: output, encoding: .utf8) == "earlier minutes")
    }

    @Test func aPrintedFileReplacesTheEarlierOneOrTheErrorNamesTheFile() throws {
        let folder = ServerProcess.temporaryDirectory()
        let output = folder + "/minutes.pdf"
        try "earlier minutes".write(toFile: output, atomically: true, encoding: .utf8)
        let printing = try Self.browser(in: folder, writing: "%PDF-new")
        try PDFPrinter.print(html: "<p>x</p>", stylesheet: "/nonexistent.css", to: output, browser: printing)
        #expect(try String(contentsOfFile: output, encoding: .utf8) == "%PDF-new")
        do {
            try PDFPrinter.print(html: "<p>x</p>", stylesheet: "/nonexistent.css", to: folder + "/no-folder/m.pdf", browser: printing)
            Issue.record("a folder that does not exist was written to")
        } catch let failure as CommandFailure {
            #expect(failure.description.contains("Cannot write \(folder)/no-folder/m.pdf"))
        }
    }

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
