import ArgumentParser
import Foundation

/// Prints HTML minutes to PDF with a headless Chromium from the system, when there is one.
enum PDFPrinter {
    static let browsers = ["chromium", "chromium-browser", "google-chrome", "chrome"]
    /// The stylesheet's name beside the printed page: render the HTML with this link.
    static let stylesheetName = MinutesStylesheet.fileName
    /// How long Chromium may take to print one PDF.
    static let timeoutSeconds: Double = 45

    static func browserPath() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            for name in browsers where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
                return "\(folder)/\(name)"
            }
        }
        return nil
    }

    /// Prints `html` (rendered to link `stylesheetName`) with the file at `stylesheet` beside it.
    /// `browser` and `timeoutSeconds` are for tests; by default the system's Chromium, 45 s.
    static func print(
        html: String, stylesheet: String, to output: String, browser: String? = nil, timeoutSeconds: Double = timeoutSeconds
    ) throws {
        guard let browser = browser ?? browserPath() else {
            throw CommandFailure(
                description: "PDF needs a headless Chromium, and none was found (install Debian's `chromium`). "
                    + "The HTML minutes (--format html) print to PDF from any browser.")
        }
        let folder = NSTemporaryDirectory() + "dialogcafe-pdf-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try html.write(toFile: "\(folder)/minutes.html", atomically: true, encoding: .utf8)
        if FileManager.default.fileExists(atPath: stylesheet) {
            try FileManager.default.copyItem(atPath: stylesheet, toPath: "\(folder)/\(stylesheetName)")
        }
        // Printed beside the page first, so that a file already at `output` never passes for
        // a new one, and `output` is replaced whole or not at all.
        let printed = "\(folder)/minutes.pdf"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--user-data-dir=\(folder)/profile",
            "--print-to-pdf=\(printed)", "file://\(folder)/minutes.html",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // A browser that hangs must not hold a print slot (and the request) for ever: the server
        // answers a waiting request within a minute.
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning {
            process.terminate()
            let grace = Date().addingTimeInterval(2)
            while process.isRunning && Date() < grace { usleep(50_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            throw CommandFailure(description: "Chromium did not print the PDF within \(Int(timeoutSeconds)) s.")
        }
        guard process.terminationStatus == 0, FileManager.default.fileExists(atPath: printed) else {
            throw CommandFailure(description: "Chromium could not print the PDF (exit \(process.terminationStatus)).")
        }
        try place(printed, at: output)
    }

    /// Copies `file` next to `output`, then renames it over `output` in one step.
    private static func place(_ file: String, at output: String) throws {
        let target = URL(fileURLWithPath: output).standardizedFileURL.path
        let staging = target + ".part-" + UUID().uuidString.prefix(8)
        do {
            try FileManager.default.copyItem(atPath: file, toPath: staging)
        } catch {
            throw CommandFailure(description: "Cannot write \(output): \(error.localizedDescription)")
        }
        guard rename(staging, target) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: staging)
            throw CommandFailure(description: "Cannot write \(output): \(reason)")
        }
    }
}
