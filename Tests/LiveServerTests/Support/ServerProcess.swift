import Foundation
import Glibc
@testable import LiveServer
import Testing

/// The built `dialogcafe` binary running `serve` on an ephemeral port, for end-to-end tests.
final class ServerProcess {
    struct LaunchError: Error, CustomStringConvertible {
        let description: String
    }

    let process: Process
    let port: Int
    let databasePath: String
    let webRoot: String
    let extraArguments: [String]
    /// The server's stderr goes to this file, so tests can read its log lines and a sanitizer
    /// report is never lost.
    let stderrPath: String
    private var reportedSanitizer = false

    /// The repository root, derived from this file's location.
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `DIALOGCAFE_BIN`, else `<repo>/.build/debug/dialogcafe`.
    static var binaryPath: String {
        if let path = ProcessInfo.processInfo.environment["DIALOGCAFE_BIN"], !path.isEmpty { return path }
        return repositoryRoot.appendingPathComponent(".build/debug/dialogcafe").path
    }

    /// A fresh temporary directory, removed with everything in it when the test process exits
    /// (not before: a test may restart a server on the database of one that is gone).
    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "dialogcafe-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        TemporaryDirectories.shared.add(path)
        return path
    }

    /// Starts `serve --port 0 --db <db> --web <web> <arguments>` and waits for the listening line.
    init(arguments: [String] = [], database: String? = nil, webRoot: String? = nil) throws {
        try Self.checkBinary()
        databasePath = database ?? Self.temporaryDirectory() + "/test.sqlite"
        self.webRoot = webRoot ?? Self.repositoryRoot.appendingPathComponent("web").path
        extraArguments = arguments
        process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binaryPath)
        process.arguments =
            ["serve", "--host", "127.0.0.1", "--port", "0", "--db", databasePath, "--web", self.webRoot] + arguments
        let output = Pipe()
        process.standardOutput = output
        stderrPath = databasePath + ".stderr-" + UUID().uuidString.prefix(8)
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        try process.run()
        let line = Self.readLine(from: output.fileHandleForReading.fileDescriptor, timeout: 10)
        guard let line, line.hasPrefix("dialogcafe listening on http://"),
            let port = line.split(separator: ":").last.flatMap({ Int($0) })
        else {
            if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            throw LaunchError(
                description: "server did not report listening; got \(line ?? "nothing"); stderr: \(Self.readFile(stderrPath))")
        }
        self.port = port
    }

    /// `swift test` does not relink the executable: fail clearly when it is missing and warn
    /// when it is older than the sources (run `swift build` first; `make unit` does).
    private static func checkBinary() throws {
        let files = FileManager.default
        guard let binary = try? files.attributesOfItem(atPath: binaryPath)[.modificationDate] as? Date else {
            throw LaunchError(description: "\(binaryPath) not found: run `swift build` before `swift test`")
        }
        let sources = repositoryRoot.appendingPathComponent("Sources/LiveServer").path
        let newest = (files.enumerator(atPath: sources)?.allObjects as? [String] ?? [])
            .compactMap { try? files.attributesOfItem(atPath: sources + "/" + $0)[.modificationDate] as? Date }
            .max()
        if let newest, newest > binary {
            FileHandle.standardError.write(
                Data("warning: \(binaryPath) is older than Sources/LiveServer; run `swift build`\n".utf8))
        }
    }

    deinit {
        if process.isRunning {
            Glibc.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        checkForSanitizerReport()
    }

    var pid: Int32 { process.processIdentifier }

    /// Everything the server wrote to stderr so far.
    var stderrText: String { Self.readFile(stderrPath) }

    private static func readFile(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }

    /// A server built with `--sanitize=thread|address` (see `DIALOGCAFE_BIN`) writes its report to
    /// stderr and exits non-zero; that fails the test that ran it, with the report attached.
    func checkForSanitizerReport(sourceLocation: SourceLocation = #_sourceLocation) {
        guard !reportedSanitizer else { return }
        let log = stderrText
        let exitedBadly =
            !process.isRunning && process.terminationReason == .exit && process.terminationStatus != 0
            && log.contains("Sanitizer")
        guard
            log.contains("WARNING: ThreadSanitizer") || log.contains("ERROR: AddressSanitizer")
                || log.contains("runtime error:") || exitedBadly
        else { return }
        reportedSanitizer = true
        Issue.record("the server reported a sanitizer error:\n\(log.suffix(6_000))", sourceLocation: sourceLocation)
    }

    /// Sends a signal (SIGTERM for a graceful stop, SIGKILL for a crash).
    func kill(_ signal: Int32 = SIGTERM) {
        if process.isRunning { Glibc.kill(process.processIdentifier, signal) }
    }

    /// Waits for the process to end; its exit status, or nil on timeout.
    @discardableResult
    func waitForExit(timeout: Double = 10) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if deadline.timeIntervalSinceNow <= 0 { return nil }
            usleep(10_000)
        }
        checkForSanitizerReport()
        return process.terminationStatus
    }

    /// Stops this process (SIGKILL when `crash`) and starts a new one on the same database.
    func restart(crash: Bool = false) throws -> ServerProcess {
        kill(crash ? SIGKILL : SIGTERM)
        waitForExit()
        return try ServerProcess(arguments: extraArguments, database: databasePath, webRoot: webRoot)
    }

    private static func readLine(from fd: Int32, timeout: Double) -> String? {
        var bytes: [UInt8] = []
        let deadline = Date().addingTimeInterval(timeout)
        while deadline.timeIntervalSinceNow > 0 {
            var pollfd = Glibc.pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pollfd, 1, 100) >= 0 else { return nil }
            if pollfd.revents == 0 { continue }
            var byte: UInt8 = 0
            guard read(fd, &byte, 1) == 1 else { return nil }
            if byte == 10 { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
        return nil
    }
}

/// The temporary directories the tests made, deleted at exit.
final class TemporaryDirectories: Sendable {
    static let shared = TemporaryDirectories()
    private let paths = Locked<[String]>([])

    private init() {
        atexit { TemporaryDirectories.shared.removeAll() }
    }

    func add(_ path: String) { paths.withLock { $0.append(path) } }

    func removeAll() {
        for path in paths.withLock({ $0 }) { try? FileManager.default.removeItem(atPath: path) }
    }
}
