import Foundation
import Testing

/// A facilitator and five participants run a two-round café over real sockets; the server's
/// stored state, its minutes and its feedback view then match what was sent.
@Suite(.serialized) struct CafeRoundTripTests {
    /// The café as the tests left it, with the server that ran it.
    typealias Played = (server: ServerProcess, cafe: Hardening.Cafe)

    static func runTwoRounds() throws -> Played {
        let server = try ServerProcess()
        let cafe = try Hardening.Cafe(server: server, running: false, people: 5)
        let facilitator = cafe.facilitator
        try facilitator.command("set_host", ["table": "t1", "participant": "p1"])
        try facilitator.command("plan_round", ["question": "Vad behöver föreningarna?", "minutes": 20])
        try facilitator.command("start_round", ["round": "r1"])
        for person in cafe.people {
            try person.client.command("add_input", ["kind": "idea", "text": "Idé från \(person.client.name) <script>alert(1)</script>"])
        }
        try facilitator.command("push_question", ["text": "Viktigast?", "kind": "single", "options": ["Bidrag", "Lokaler"]])
        for person in cafe.people { try person.client.command("answer", ["question": "q1", "value": "Lokaler"]) }
        try facilitator.command("close_round", ["round": "r1"])
        try facilitator.command("plan_round", ["question": "Hur följer vi upp?", "minutes": 15])
        try facilitator.command("start_round", ["round": "r2"])
        let amina = cafe.people[0].client
        try amina.command("add_input", ["kind": "proposal", "text": "Årligt uppföljningsmöte"])
        try amina.command("summarize", ["text": "Bord 1 vill ha uppföljning"])
        try facilitator.command(
            "record_commitment",
            [
                "what": "Uppföljningsmöte i maj",
                "owners": [
                    ["organisation": "Region Kalmar län", "sector": "public"], ["organisation": "Ideell kulturallians", "sector": "civil"],
                ], "due": "2027-05-15",
            ])
        for person in cafe.people { try person.client.command("exit_poll", ["level": "dialogue"]) }
        try facilitator.command("close_round", ["round": "r2"])
        try facilitator.command("close_meeting")
        try facilitator.command("set_feedback_due", ["date": "2027-01-31"])
        try facilitator.command("give_feedback", ["inputs": ["i1"], "status": "taken_forward", "text": "Med i budgeten 2027"])
        return (server, cafe)
    }

    @Test func theStoredStateMatchesWhatWasSent() throws {
        let (server, cafe) = try Self.runTwoRounds()
        // A fresh facilitator connection replays the whole durable log.
        let reader = try CafeClient(port: server.port, name: "reader")
        try reader.command("facilitate", ["code": cafe.code, "key": cafe.key])
        #expect(reader.eventsOf("participant_joined").count == 5)
        #expect(reader.eventsOf("round_started").count == 2)
        #expect(reader.eventsOf("round_closed").count == 2)
        #expect(reader.eventsOf("round_seated").count == 2)
        #expect(reader.eventsOf("input_added").count == 6)
        #expect(reader.eventsOf("answer_given").count == 5)
        #expect(reader.eventsOf("exit_poll_answered").count == 5)
        #expect(reader.eventsOf("feedback_recorded").count == 1)
        #expect(reader.eventKinds.last == "feedback_recorded")
        // Seating: everyone seated both rounds, the host stays at t1.
        for seated in reader.eventsOf("round_seated") {
            let tables = seated["tables"] as? [String: [String]] ?? [:]
            #expect(tables.values.flatMap { $0 }.count == 5)
            #expect(tables["t1"]?.contains("p1") == true)
        }
        // A participant sees their table's inputs, not the other table's.
        let amina = cafe.people[0].client
        amina.drain()
        let seen = Set(amina.eventsOf("input_added").compactMap { ($0["input"] as? [String: Any])?["table"] as? String })
        #expect(seen == ["t1"])
        // A closed meeting refuses new inputs but takes feedback.
        try amina.refused("add_input", ["kind": "idea", "text": "sent"], code: "meeting_closed")
    }

    @Test func minutesAndFeedbackViewIncludeTheFeedback() throws {
        let (server, cafe) = try Self.runTwoRounds()
        let port = server.port
        for format in ["md", "html", "csv", "json"] {
            let response = try WebSocketTestClient.httpGet(port: port, path: "/api/meetings/\(cafe.code)/minutes.\(format)?key=\(cafe.key)")
            #expect(response.status == 200, "minutes.\(format)")
            #expect(response.text.contains("Med i budgeten 2027"), "minutes.\(format) has the feedback")
            #expect(!response.text.contains("<script>alert(1)</script>") || format != "html", "HTML escapes user text")
        }
        let html = try WebSocketTestClient.httpGet(port: port, path: "/api/meetings/\(cafe.code)/minutes.html?key=\(cafe.key)").text
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        let csv = try WebSocketTestClient.httpGet(port: port, path: "/api/meetings/\(cafe.code)/minutes.csv?key=\(cafe.key)").text
        let rows = csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(rows.count == 1 + 6, "a header and one row per input (CRLF, RFC 4180)")
        let denied = try WebSocketTestClient.httpGet(port: port, path: "/api/meetings/\(cafe.code)/minutes.md?key=nope")
        #expect(denied.status == 403)
        let bearer = try WebSocketTestClient.httpGet(
            port: port, path: "/api/meetings/\(cafe.code)/minutes.json", headers: ["Authorization": "Bearer \(cafe.key)"])
        #expect(bearer.status == 200)
        let view = try WebSocketTestClient.httpGet(
            port: port, path: "/api/meetings/\(cafe.code)/feedback?token=\(cafe.people[0].token)")
        let json = try JSONSerialization.jsonObject(with: Data(view.body)) as? [String: Any]
        let inputs = json?["inputs"] as? [[String: Any]] ?? []
        #expect(inputs.count == 2, "Amina's two inputs")
        let feedback = inputs.first { $0["id"] as? String == "i1" }?["feedback"] as? [[String: Any]]
        #expect(feedback?.first?["status"] as? String == "taken_forward")
        let otherToken = try WebSocketTestClient.httpGet(
            port: port, path: "/api/meetings/\(cafe.code)/feedback?token=\(cafe.people[1].token.dropLast())x")
        #expect(otherToken.status == 403)
        // The PDF is printed off the service thread: the server keeps answering meanwhile.
        if PDFProbe.chromium != nil {
            let started = Date()
            let pdf = try WebSocketTestClient.httpGet(
                port: port, path: "/api/meetings/\(cafe.code)/minutes.pdf?key=\(cafe.key)", timeout: 60)
            #expect(pdf.status == 200)
            #expect(pdf.headers["content-type"] == "application/pdf")
            #expect(PDFProbe.pageCount(Data(pdf.body)) > 0)
            #expect(Date().timeIntervalSince(started) < 60)
            let deniedPDF = try WebSocketTestClient.httpGet(port: port, path: "/api/meetings/\(cafe.code)/minutes.pdf?key=nope")
            #expect(deniedPDF.status == 403)
        }
        let qr = try WebSocketTestClient.httpGet(port: port, path: "/api/meetings/\(cafe.code)/qr.svg")
        #expect(qr.status == 200 && qr.text.hasPrefix("<svg") && qr.headers["content-type"] == "image/svg+xml")
    }

    @Test func theCommandLineExportsEveryFormatAndPDF() throws {
        let (server, cafe) = try Self.runTwoRounds()
        server.kill()
        server.waitForExit()
        let folder = ServerProcess.temporaryDirectory()
        for format in ["md", "html", "csv", "json", "pdf"] {
            let output = "\(folder)/minutes.\(format)"
            let status = try Self.run([
                "export", cafe.code, "--db", server.databasePath, "--format", format, "-o", output,
                "--web", ServerProcess.repositoryRoot.appendingPathComponent("web").path,
            ])
            if format == "pdf" && PDFProbe.chromium == nil {
                #expect(status != 0, "says clearly that no Chromium is present")
                continue
            }
            #expect(status == 0, "export --format \(format)")
            let data = try Data(contentsOf: URL(fileURLWithPath: output))
            if format == "pdf" {
                #expect(data.starts(with: Array("%PDF".utf8)))
                #expect(PDFProbe.pageCount(data) > 0)
            } else {
                let text = String(decoding: data, as: UTF8.self)
                #expect(text.contains("Med i budgeten 2027"))
                if format == "html" {
                    #expect(text.contains("<style>") && !text.contains("<link rel=\"stylesheet\""), "the exported file carries its layout")
                }
            }
        }
        #expect(try Self.run(["export", "ZZZZZZ", "--db", server.databasePath]) == 1, "a missing meeting is no usage error")
        #expect(try Self.run(["export", cafe.code, "--db", "\(folder)/none.sqlite"]) == 1)
        #expect(try Self.run(["export", cafe.code, "--db", server.databasePath, "--format", "docx"]) == 64)
        let unwritable = try Hardening.run(ServerProcess.binaryPath, ["export", cafe.code, "--db", server.databasePath, "-o", folder])
        #expect(unwritable.status == 1 && unwritable.output.contains("Cannot write \(folder)") && !unwritable.output.contains("Domain="))
        #expect(!unwritable.output.contains("Usage:"), "no usage line for a failure that is not about the flags")
        let mistyped = "\(folder)/no-such.sqlite"
        #expect(try Self.run(["delete", cafe.code, "--db", mistyped]) != 0)
        #expect(!FileManager.default.fileExists(atPath: mistyped), "a mistyped path leaves no new database behind")
        #expect(try Self.run(["delete", cafe.code, "--db", server.databasePath]) == 0)
        #expect(try Self.run(["export", cafe.code, "--db", server.databasePath]) != 0, "deleted entirely")
    }

    static func run(_ arguments: [String]) throws -> Int32 {
        try Hardening.run(ServerProcess.binaryPath, arguments).status
    }
}

enum PDFProbe {
    static var chromium: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Counts `/Type /Page` objects (not `/Pages`) in a PDF.
    static func pageCount(_ data: Data) -> Int {
        let text = String(decoding: data, as: UTF8.self)
        return text.components(separatedBy: "/Type /Page").count - 1 - (text.components(separatedBy: "/Type /Pages").count - 1)
            + (text.components(separatedBy: "/Type/Page").count - 1) - (text.components(separatedBy: "/Type/Pages").count - 1)
    }
}

/// While a PDF prints on a worker thread, the live protocol keeps flowing.
@Suite(.serialized) struct PrintingTests {
    @Test(.enabled(if: PDFProbe.chromium != nil)) func theLoopServesWhileAPDFPrints() throws {
        let server = try ServerProcess()
        let facilitator = try CafeClient(port: server.port, name: "f")
        let (code, key) = try facilitator.createMeeting()
        let printing = UnsafeSendableResult()
        let port = server.port
        Thread.detachNewThread {
            printing.set(try? WebSocketTestClient.httpGet(port: port, path: "/api/meetings/\(code)/minutes.pdf?key=\(key)", timeout: 60))
        }
        // Commands sent while the browser prints are acked meanwhile, not after it.
        usleep(200_000)
        var acked = 0
        for index in 0..<20 {
            try facilitator.command("plan_round", ["question": "Fråga \(index)", "minutes": 10])
            if printing.value == nil { acked += 1 }
        }
        #expect(acked > 0, "acks arrived while the PDF was still printing")
        let deadline = Date().addingTimeInterval(60)
        while printing.value == nil && deadline.timeIntervalSinceNow > 0 { usleep(50_000) }
        #expect(printing.value??.status == 200)
    }
}

/// A result written once by another thread in a test.
final class UnsafeSendableResult: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: WebSocketTestClient.HTTPResult??
    var value: WebSocketTestClient.HTTPResult?? { lock.withLock { stored } }
    func set(_ result: WebSocketTestClient.HTTPResult?) { lock.withLock { stored = .some(result) } }
}
