import Foundation
import Testing

/// Helpers shared by the bad-input, fault and access tests.
enum Hardening {
    /// Every error code listed in the "Error codes" table of `docs/protocol.md`: the server may
    /// send no other (a code not listed there is not stable for clients).
    static let documentedErrorCodes: Set<String> = {
        let path = ServerProcess.repositoryRoot.appendingPathComponent("docs/protocol.md").path
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        guard let start = text.range(of: "## Error codes") else { return [] }
        let table = text[start.upperBound...].prefix { _ in true }
        var codes: Set<String> = []
        for line in table.split(separator: "\n") {
            if line.hasPrefix("## ") { break }
            guard line.hasPrefix("| `") else { continue }
            let cell = line.split(separator: "|").first ?? ""
            for part in cell.split(separator: "`") where part.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "_" }) && !part.isEmpty {
                codes.insert(String(part))
            }
        }
        return codes
    }()

    /// The meeting's whole durable log as a fresh facilitator connection replays it, one
    /// canonical JSON text per event.
    static func replay(port: Int, code: String, key: String) throws -> [String] {
        let reader = try CafeClient(port: port, name: "replay")
        let reply = try reader.reply(to: try reader.send("facilitate", ["code": code, "key": key]))
        #expect(reply["type"] as? String == "ack", "facilitate for replay: \(reply)")
        defer { reader.socket.close() }
        return try reader.events.map { try canonical($0) }
    }

    static func canonical(_ object: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    /// Runs a program and returns its exit status and combined output; one still running after
    /// `timeout` seconds is stopped (SIGKILL), so a program that should have refused fails the test.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], timeout: Double = 60) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let pid = process.processIdentifier
        let watchdog = DispatchWorkItem { Glibc.kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        defer { watchdog.cancel() }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// The raw bytes of a SQLite database and its WAL and shared-memory files.
    static func databaseBytes(_ path: String) -> [UInt8] {
        ["", "-wal", "-shm", "-journal"].flatMap { suffix in
            (try? Data(contentsOf: URL(fileURLWithPath: path + suffix))).map(Array.init) ?? []
        }
    }

    static func contains(_ haystack: [UInt8], _ needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        guard !pattern.isEmpty, haystack.count >= pattern.count else { return false }
        let first = pattern[0]
        var index = 0
        let last = haystack.count - pattern.count
        while index <= last {
            if haystack[index] == first && Array(haystack[index..<(index + pattern.count)]) == pattern { return true }
            index += 1
        }
        return false
    }

    /// Reads replies (skipping events) until an ack or error arrives.
    static func nextReply(_ socket: WebSocketTestClient, timeout: Double = 5) -> [String: Any]? {
        let deadline = Date().addingTimeInterval(timeout)
        while deadline.timeIntervalSinceNow > 0, let message = socket.receiveJSON(timeout: deadline.timeIntervalSinceNow) {
            let type = message["type"] as? String
            if type == "ack" || type == "error" { return message }
        }
        return nil
    }

    /// A café in meeting A: facilitator, two participants, two tables; with a running round if asked.
    struct Cafe {
        let port: Int
        let facilitator: CafeClient
        let code: String
        let key: String
        var people: [(client: CafeClient, id: String, token: String)] = []

        init(server: ServerProcess, running: Bool = true, people count: Int = 2) throws {
            try self.init(port: server.port, running: running, people: count)
        }

        /// For a server in this process as well as a launched one.
        init(port: Int, running: Bool = true, people count: Int = 2) throws {
            self.port = port
            facilitator = try CafeClient(port: port, name: "f")
            (code, key) = try facilitator.createMeeting()
            let roster = [
                ("Amina", "civil", "Activa"), ("Bo", "public", "Region Kalmar län"), ("Cilla", "civil", "RF-SISU"),
                ("Dan", "public", "Kalmar kommun"),
            ]
            for index in 0..<count {
                let (name, sector, organisation) = roster[index % roster.count]
                let client = try CafeClient(port: port, name: "\(name)\(index)")
                let (id, token) = try client.join(code: code, name: name, sector: sector, organisation: organisation)
                people.append((client, id, token))
            }
            try facilitator.command("add_tables", ["count": 2])
            if running {
                try facilitator.command("plan_round", ["question": "Vad behövs?", "minutes": 30])
                try facilitator.command("start_round", ["round": "r1"])
            }
        }

        func replay() throws -> [String] { try Hardening.replay(port: port, code: code, key: key) }
    }
}
