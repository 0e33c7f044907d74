import Foundation
import Glibc
import Testing

@testable import LiveServer
import Session

/// Who may do what, and what stays secret: keys, tokens, rate limits, headers, escaping, deletion.
@Suite(.serialized) struct AccessTests {
    @Test func theFacilitatorKeyNeverReachesParticipantsAndLogsHoldNoSecretsOrPersonalData() throws {
        var server = try ServerProcess()
        let cafe = try Hardening.Cafe(server: server, people: 3)
        let firstServer = server
        let (otherCode, otherKey) = try CafeClient(port: server.port, name: "o").createMeeting()
        #expect(cafe.key.count == 32 && cafe.key.allSatisfy(\.isHexDigit), "128 bits as 32 hex digits")
        #expect(otherKey != cafe.key && otherCode != cafe.code)
        let amina = cafe.people[0]
        try amina.client.command("add_input", ["kind": "idea", "text": "Hemlig idé 4711"])
        try cafe.facilitator.command("push_question", ["text": "Fråga 4712", "kind": "scale"])
        try cafe.people[1].client.command("answer", ["question": "q1", "value": 4])
        try cafe.facilitator.command("set_host", ["table": "t1", "participant": amina.id])
        // A participant reconnecting, and one re-sending its join, get their own token only.
        let back = try CafeClient(port: server.port, name: "back")
        try back.command("resume", ["token": amina.token, "after": 0])
        back.drain()
        for person in cafe.people { person.client.drain() }

        let participantSockets = cafe.people.map(\.client.socket) + [back.socket]
        for (index, socket) in participantSockets.enumerated() {
            let all = socket.receivedTexts.joined(separator: "\n")
            #expect(!all.isEmpty)
            #expect(!all.contains(cafe.key), "participant connection \(index) never sees the facilitator key")
            #expect(!all.contains(otherKey))
            #expect(!all.contains("facilitator_key"))
            for (other, person) in cafe.people.enumerated() where other != index && !(index == 3 && other == 0) {
                #expect(!all.contains(person.token), "connection \(index) never sees the token of \(person.id)")
            }
        }
        server.kill(SIGTERM)
        server.waitForExit()
        server = try server.restart()
        try Hardening.Cafe(server: server, people: 1).facilitator.command("close_meeting")
        server.kill(SIGTERM)
        server.waitForExit()
        let log = Self.allLogs(of: firstServer) + server.stderrText
        #expect(log.contains("created"), "the log is captured: \(log)")
        for secret in [cafe.key, otherKey] + cafe.people.map(\.token) {
            #expect(!log.contains(secret), "no key or token in the log")
        }
        for text in ["Amina", "Bo", "Cilla", "Activa", "Region Kalmar", "Hemlig idé", "Fråga 4712", "Vad behövs", "Dialog om kulturplanen"]
        {
            #expect(!log.contains(text), "no name or text in the log: \(text)")
        }
    }

    static func allLogs(of server: ServerProcess) -> String {
        let folder = (server.databasePath as NSString).deletingLastPathComponent
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return files.filter { $0.contains(".stderr-") }
            .map { (try? String(contentsOfFile: folder + "/" + $0, encoding: .utf8)) ?? "" }.joined()
    }

    /// A whole room behind one address (a venue's Wi-Fi, the TLS proxy) joins at once; beyond
    /// the burst of 300, joins from that address wait for the sustained rate.
    @Test func joinsAreRateLimitedPerAddress() throws {
        let server = try ServerProcess(arguments: ["--join-rate", "0.001"])
        let facilitator = try CafeClient(port: server.port, name: "f")
        let (code, key) = try facilitator.createMeeting()
        let client = try CafeClient(port: server.port, name: "j")
        let sent = try (0..<300).map { index in try client.send("join", ["code": code, "name": "N\(index)", "sector": "civil"]) }
        for (index, id) in sent.enumerated() {
            #expect(try client.reply(to: id)["type"] as? String == "ack", "join \(index) within the burst")
        }
        try client.refused("join", ["code": code, "name": "N300", "sector": "civil"], code: "rate_limited")
        let second = try CafeClient(port: server.port, name: "j2")
        try second.refused("join", ["code": code, "name": "N301", "sector": "civil"], code: "rate_limited")
        let log = try Hardening.replay(port: server.port, code: code, key: key)
        #expect(log.filter { $0.contains("\"participant_joined\"") }.count == 300, "refused joins are not stored")
    }

    /// Wrong codes and keys have a budget of their own, smaller than the joins'. Once an address
    /// has spent it, every join code it tries is refused, the right one too, until the budget
    /// refills: a script cannot go on trying codes until one answers. A facilitator with the
    /// right key still gets in (the key answers for itself), and one already in is not held up.
    @Test func wrongCodesAndKeysCountAgainstTheirOwnLimit() throws {
        let server = try ServerProcess(arguments: ["--guess-rate", "0.001"])
        let facilitator = try CafeClient(port: server.port, name: "f")
        let (code, key) = try facilitator.createMeeting()
        let guesser = try CafeClient(port: server.port, name: "g")
        for index in 0..<30 {
            try guesser.refused("join", ["code": "ZZZZZ\(index % 10)", "name": "N", "sector": "civil"], code: "unknown_meeting")
            try guesser.refused("facilitate", ["code": code, "key": String(repeating: "\(index % 10)", count: 32)], code: "bad_key")
        }
        try guesser.refused("join", ["code": "ZZZZZZ", "name": "N", "sector": "civil"], code: "rate_limited")
        try guesser.refused("join", ["code": code, "name": "N", "sector": "civil"], code: "rate_limited")
        try guesser.refused("facilitate", ["code": code, "key": String(repeating: "0", count: 32)], code: "rate_limited")
        try CafeClient(port: server.port, name: "back").command("facilitate", ["code": code, "key": key])
        try CafeClient(port: server.port, name: "g2").refused("join", ["code": code, "name": "N", "sector": "civil"], code: "rate_limited")
        try facilitator.command("push_question", ["text": "Fortfarande här?", "kind": "open"])
        #expect(facilitator.eventKinds.contains("question_pushed"))
        #expect(facilitator.eventsOf("participant_joined").isEmpty, "no join got through")
    }

    /// Behind a proxy named with `--trusted-proxy`, each client's budget is its own: the address
    /// the proxy appended to `X-Forwarded-For` counts, not the proxy's, and not what a client wrote
    /// before it. Without the option the header is ignored.
    @Test func behindATrustedProxyEachClientSpendsItsOwnBudget() throws {
        let server = try ServerProcess(arguments: ["--guess-rate", "0.001", "--trusted-proxy", "127.0.0.1"])
        let facilitator = try CafeClient(port: server.port, name: "f")
        let (code, _) = try facilitator.createMeeting()
        let guesser = try CafeClient(port: server.port, name: "g", forwardedFor: "203.0.113.9, 198.51.100.7")
        for index in 0..<60 {
            try guesser.refused("join", ["code": "ZZZZZ\(index % 10)", "name": "N", "sector": "civil"], code: "unknown_meeting")
        }
        try guesser.refused("join", ["code": code, "name": "N", "sector": "civil"], code: "rate_limited")
        let sameClient = try CafeClient(port: server.port, name: "g2", forwardedFor: "198.51.100.7")
        try sameClient.refused("join", ["code": code, "name": "N", "sector": "civil"], code: "rate_limited")
        let claimsAnother = try CafeClient(port: server.port, name: "g3", forwardedFor: "198.51.100.8, 198.51.100.7")
        try claimsAnother.refused("join", ["code": code, "name": "N", "sector": "civil"], code: "rate_limited")
        let neighbour = try CafeClient(port: server.port, name: "n", forwardedFor: "198.51.100.8")
        try neighbour.command("join", ["code": code, "name": "Granne", "sector": "civil"])

        let direct = try ServerProcess(arguments: ["--guess-rate", "0.001"])
        let directFacilitator = try CafeClient(port: direct.port, name: "f")
        let (directCode, _) = try directFacilitator.createMeeting()
        let spoofer = try CafeClient(port: direct.port, name: "s", forwardedFor: "198.51.100.7")
        for index in 0..<60 {
            try spoofer.refused("join", ["code": "ZZZZZ\(index % 10)", "name": "N", "sector": "civil"], code: "unknown_meeting")
        }
        let otherHeader = try CafeClient(port: direct.port, name: "o", forwardedFor: "198.51.100.8")
        try otherHeader.refused("join", ["code": directCode, "name": "N", "sector": "civil"], code: "rate_limited")
    }

    /// The feedback link a participant keeps or forwards carries its own token: it opens the
    /// read-only feedback view (sent in a header, so no proxy log keeps it) and gives no seat.
    @Test func theFeedbackLinkOpensTheFeedbackViewAndNothingElse() throws {
        let server = try ServerProcess()
        let cafe = try Hardening.Cafe(server: server, people: 2)
        let joined = try CafeClient(port: server.port, name: "j").command(
            "join", ["code": cafe.code, "name": "Länk", "sector": "civil"])["result"] as? [String: Any]
        let feedbackToken = try #require(joined?["feedback_token"] as? String)
        let resumeToken = try #require(joined?["token"] as? String)
        #expect(feedbackToken != resumeToken && feedbackToken.hasPrefix("\(cafe.code).\(joined?["participant"] as? String ?? "")."))
        func view(_ headers: [String: String], query: String = "") throws -> Int {
            try WebSocketTestClient.httpGet(port: server.port, path: "/api/meetings/\(cafe.code)/feedback\(query)", headers: headers).status
        }
        #expect(try view(["Authorization": "Bearer \(feedbackToken)"]) == 200)
        #expect(try view(["Authorization": "Bearer \(resumeToken)"]) == 200, "links saved before keep working")
        #expect(try view([:], query: "?token=\(feedbackToken)") == 200)
        let altered = "\(feedbackToken.dropLast())\(feedbackToken.last == "0" ? "1" : "0")"
        #expect(try view(["Authorization": "Bearer \(altered)"]) == 403)
        #expect(try view([:]) == 403)
        let holder = try CafeClient(port: server.port, name: "h")
        try holder.refused("resume", ["token": feedbackToken, "after": 0], code: "bad_token")
        // Every resume hands the feedback token again (a page saved before it existed gets it).
        let resumed = try CafeClient(port: server.port, name: "r").command("resume", ["token": resumeToken, "after": 0])
        #expect((resumed["result"] as? [String: Any])?["feedback_token"] as? String == feedbackToken)
    }

    /// A new meeting's facilitator connection, code, facilitator key and projector key.
    static func meetingWithItsKeys(port: Int) throws -> (CafeClient, code: String, key: String, projectorKey: String) {
        let facilitator = try CafeClient(port: port, name: "f")
        let created = try facilitator.command("create_meeting", CafeClient.meetingFields)["result"] as? [String: Any]
        return (
            facilitator, try #require(created?["code"] as? String), try #require(created?["facilitator_key"] as? String),
            try #require(created?["projector_key"] as? String)
        )
    }

    /// The projector key shows the meeting and runs nothing: a venue's computer that keeps it can
    /// follow the meeting on the screen, but not push, close, facilitate or download the data.
    @Test func theProjectorKeyShowsTheMeetingAndRunsNothing() throws {
        let server = try ServerProcess()
        let (facilitator, code, key, projectorKey) = try Self.meetingWithItsKeys(port: server.port)
        #expect(projectorKey.count == 32 && projectorKey != key)
        let again = try CafeClient(port: server.port, name: "f2").command("facilitate", ["code": code, "key": key, "after": 0])
        #expect((again["result"] as? [String: Any])?["projector_key"] as? String == projectorKey)

        let screen = try CafeClient(port: server.port, name: "pj")
        let attached = try screen.command("project", ["code": code, "key": projectorKey, "after": 0])
        #expect((attached["result"] as? [String: Any])?["role"] as? String == "projector")
        #expect(screen.eventKinds.contains("meeting_created"), "the events so far come first")
        try facilitator.command("push_question", ["text": "Vad tar ni med er?", "kind": "open"])
        #expect(screen.awaitEvent("question_pushed") != nil, "then what happens, live")
        for (type, fields) in [
            ("push_question", ["text": "Från projektorn", "kind": "open"] as [String: Any]), ("close_meeting", [:]),
            ("add_tables", ["count": 2]), ("add_input", ["kind": "idea", "text": "x"]),
        ] {
            try screen.refused(type, fields, code: "forbidden")
        }
        try screen.refused("facilitate", ["code": code, "key": projectorKey], code: "bad_key")
        let denied = try WebSocketTestClient.httpGet(
            port: server.port, path: "/api/meetings/\(code)/minutes.json", headers: ["Authorization": "Bearer \(projectorKey)"])
        #expect(denied.status == 403)
        try CafeClient(port: server.port, name: "x").refused("project", ["code": code, "key": String(repeating: "0", count: 32)], code: "bad_key")
        // The facilitator's own browser shows the projector with the facilitator key, read-only too.
        let own = try CafeClient(port: server.port, name: "own")
        try own.command("project", ["code": code, "key": key, "after": 0])
        try own.refused("close_meeting", code: "forbidden")
        // Taking a seat or the facilitator's role on the same connection ends the read-only view.
        try own.command("facilitate", ["code": code, "key": key, "after": 0])
        try own.command("close_question", ["question": "q1"])
        let participant = try CafeClient(port: server.port, name: "p")
        _ = try participant.join(code: code, name: "Amina", sector: "civil", organisation: "Förening")
        participant.drain()
        #expect(!participant.socket.receivedTexts.contains { $0.contains(projectorKey) }, "participants never see the projector key")
        // Once the meeting is closed, a kept projector key opens nothing more; a screen showing it stays.
        try facilitator.command("close_meeting")
        #expect(screen.awaitEvent("meeting_closed") != nil)
        try CafeClient(port: server.port, name: "later").refused("project", ["code": code, "key": projectorKey], code: "meeting_closed")
    }

    /// A projector key may be typed on a venue's computer: what it opens is what the big screen
    /// shows (the round, the question and its answers, counts per sector), never a participant's
    /// name or organisation, the text of an input, or the seating. Both in the catch-up and live.
    @Test func theProjectorReceivesNoNamesOrTextsOfInputs() throws {
        let server = try ServerProcess()
        let (facilitator, code, _, projectorKey) = try Self.meetingWithItsKeys(port: server.port)
        try facilitator.command("add_tables", ["count": 1])
        try facilitator.command("plan_round", ["minutes": 10, "question": "Vad behöver föreningarna?"])
        try facilitator.command("start_round", ["round": "r1"])
        let amina = try CafeClient(port: server.port, name: "a")
        _ = try amina.join(code: code, name: "Amina Hemlig", sector: "civil", organisation: "Hemliga föreningen")
        try amina.command("add_input", ["kind": "idea", "text": "En hemlig idé"])
        try facilitator.command("push_question", ["text": "Vad tar ni med er?", "kind": "open"])

        let screen = try CafeClient(port: server.port, name: "pj")
        try screen.command("project", ["code": code, "key": projectorKey, "after": 0])
        let bo = try CafeClient(port: server.port, name: "b")
        _ = try bo.join(code: code, name: "Bo Hemligsson", sector: "public", organisation: "Region Hemlig")
        try bo.command("add_input", ["kind": "proposal", "text": "Ett hemligt förslag"])
        #expect(screen.awaitEvent("input_added") != nil)
        screen.drain(for: 0.5)

        #expect(screen.eventsOf("participant_joined").compactMap { ($0["participant"] as? [String: Any])?["sector"] as? String } == ["civil", "public"])
        #expect(screen.eventsOf("input_added").count == 2, "counted per sector")
        #expect(screen.eventsOf("question_pushed").count == 1 && screen.eventsOf("round_started").count == 1)
        #expect(screen.eventsOf("participant_seated").count == 2, "which round people sit in, by id")
        let hidden = try #require((amina.eventsOf("input_added").first?["input"] as? [String: Any])?["id"] as? String)
        try facilitator.command("hide_input", ["input": hidden, "reason": "Hemligt namn i texten"])
        let withheld = try #require(screen.awaitEvent("input_hidden")?["event"] as? [String: Any])
        #expect(withheld["reason"] as? String == MeetingEvent.reasonWithheld, "hidden, so no longer counted; the reason stays off")
        let seen = screen.socket.receivedTexts.joined()
        #expect(seen.contains("Vad tar ni med er?") && seen.contains("Vad behöver föreningarna?"), "the questions are for the screen")
        #expect(!seen.lowercased().contains("hemlig"), "no name, organisation or input text: \(seen)")
        facilitator.drain()
        #expect(facilitator.socket.receivedTexts.joined().contains("Amina Hemlig"), "staff see everything")
    }

    @Test func meetingsAreCreatedAtALimitedRatePerAddress() throws {
        let server = try ServerProcess()
        let facilitator = try CafeClient(port: server.port, name: "f")
        // A malformed request creates nothing and costs nothing: it cannot spend the budget of
        // everyone behind the same address.
        for _ in 0..<40 { try facilitator.refused("create_meeting", [:], code: "missing_field") }
        for _ in 0..<30 { _ = try facilitator.createMeeting() }
        try facilitator.refused("create_meeting", CafeClient.meetingFields, code: "rate_limited")
    }

    @Test func everyoneWhoTookPartCanReadTheMinutes() throws {
        let server = try ServerProcess()
        let cafe = try Hardening.Cafe(server: server, people: 2)
        let other = try Hardening.Cafe(server: server, people: 1)
        try cafe.people[0].client.command("add_input", ["kind": "proposal", "text": "Läsbart-4411 för alla"])
        let token = cafe.people[1].token
        func status(_ path: String) throws -> (Int, String) {
            let response = try WebSocketTestClient.httpGet(port: server.port, path: path)
            return (response.status, response.text)
        }
        // A participant gets the minutes key with the seat, in the join's ack and again in every resume's.
        let back = try CafeClient(port: server.port, name: "b")
        let resumed = try back.command("resume", ["token": token, "after": 0])["result"] as? [String: Any]
        let readKey = try #require(resumed?["minutes_key"] as? String)
        let page = try status("/api/meetings/\(cafe.code)/minutes.html?read=\(readKey)")
        #expect(page.0 == 200 && page.1.contains("Läsbart-4411 för alla"), "a participant reads what another table said")
        #expect(try status("/api/meetings/\(cafe.code)/minutes.md?read=\(readKey)").0 == 200)
        for format in ["csv", "json", "pdf"] {
            let refused = try status("/api/meetings/\(cafe.code)/minutes.\(format)?read=\(readKey)")
            #expect(refused.0 == 403 && refused.1.contains("facilitator_key_needed"), "\(format) stays with the key, and says so")
        }
        #expect(try status("/api/meetings/\(cafe.code)/minutes.html?token=\(token)").0 == 403, "a resume token is no minutes link")
        #expect(try status("/api/meetings/\(cafe.code)/minutes.html?read=\(readKey)x").0 == 403)
        let feedback = try status("/api/meetings/\(cafe.code)/feedback?token=\(token)")
        #expect(feedback.1.contains("\"minutes_key\":\"\(readKey)\""), "the feedback page links the minutes too")
        #expect(try status("/api/meetings/\(cafe.code)/minutes.json?key=\(cafe.key)").0 == 200)
        let head = try WebSocketTestClient.httpGet(
            port: server.port, path: "/api/meetings/\(cafe.code)/minutes.html", headers: ["Authorization": "bearer \(cafe.key)"],
            method: "HEAD")
        #expect(head.status == 200 && head.body.isEmpty, "HEAD answers as GET without the body; the scheme is case-insensitive")
        let headPDF = try WebSocketTestClient.httpGet(
            port: server.port, path: "/api/meetings/\(cafe.code)/minutes.pdf", headers: ["Authorization": "Bearer \(cafe.key)"],
            method: "HEAD", timeout: 2)
        #expect(headPDF.status == 200 && headPDF.body.isEmpty && headPDF.headers["content-type"] == "application/pdf", "without printing")
        #expect(headPDF.headers["cache-control"] == "no-store", "the headers a GET would carry")
        #expect(headPDF.headers["content-disposition"] == "attachment; filename=\"dialogkafe-\(cafe.code).pdf\"")
        let post = try WebSocketTestClient.httpGet(port: server.port, path: "/api/meetings/\(cafe.code)/minutes.html", method: "POST")
        #expect(post.status == 405 && post.text.contains("\"code\":\"method_not_allowed\"") && post.text.contains("message_sv"))
        #expect(post.headers["allow"] == "GET, HEAD")
        let nothing = try status("/api/meetings/\(cafe.code)/nothing")
        #expect(nothing.0 == 404 && nothing.1.contains("\"code\":\"not_found\"") && nothing.1.contains("message_sv"))
        // The link a facilitator publishes: the minutes key opens the page and the Markdown, nothing else.
        let staff = try CafeClient(port: server.port, name: "f2")
        let result = try staff.command("facilitate", ["code": cafe.code, "key": cafe.key])["result"] as? [String: Any]
        let minutesKey = try #require(result?["minutes_key"] as? String)
        #expect(minutesKey.count == 32 && minutesKey != cafe.key)
        #expect(try status("/api/meetings/\(cafe.code)/minutes.html?read=\(minutesKey)").1.contains("Läsbart-4411 för alla"))
        #expect(try status("/api/meetings/\(cafe.code)/minutes.md?read=\(minutesKey)").0 == 200)
        #expect(try status("/api/meetings/\(cafe.code)/minutes.csv?read=\(minutesKey)").0 == 403)
        #expect(minutesKey == readKey, "one minutes key per meeting")
        #expect(try status("/api/meetings/\(other.code)/minutes.html?read=\(minutesKey)").0 == 403, "another meeting")
        try staff.refused("facilitate", ["code": cafe.code, "key": minutesKey], code: "bad_key")
    }

    @Test func httpAnswersDoNotTellWhetherACodeIsInUse() throws {
        let server = try ServerProcess()
        let facilitator = try CafeClient(port: server.port, name: "f")
        let (code, key) = try facilitator.createMeeting()
        func answer(_ path: String) throws -> (Int, String?) {
            let response = try WebSocketTestClient.httpGet(port: server.port, path: path)
            let body = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
            return (response.status, body?["code"] as? String)
        }
        for suffix in ["minutes.html", "minutes.json?key=\(String(repeating: "0", count: 32))", "feedback?token=\(code).p1.0000"] {
            let inUse = try answer("/api/meetings/\(code)/\(suffix)")
            let free = try answer("/api/meetings/ZZZZZZ/\(suffix)")
            #expect(inUse.0 == 403 && inUse.0 == free.0 && inUse.1 == free.1, "\(suffix): \(inUse) against \(free)")
        }
        #expect(try answer("/api/meetings/\(code)/qr.svg").0 == 200)
        #expect(try answer("/api/meetings/ZZZZZZ/qr.svg").0 == 200, "the QR image only encodes the join address")
        #expect(try answer("/api/meetings/\(code)/minutes.json?key=\(key)").0 == 200)
    }

    @Test func theQRCodeOpensTheAddressThePhonesReachBehindATLSProxy() throws {
        let server = try ServerProcess()
        let path = "/api/meetings/K7QM3P/qr.svg"
        let direct = try WebSocketTestClient.httpGet(port: server.port, path: path)
        let plainAddress = direct.text == QRCodeSVG.render("http://127.0.0.1:\(server.port)/#join=K7QM3P")
        #expect(plainAddress)
        let proxied = try WebSocketTestClient.httpGet(port: server.port, path: path, headers: ["X-Forwarded-Proto": "https"])
        let secureAddress = proxied.text == QRCodeSVG.render("https://127.0.0.1:\(server.port)/#join=K7QM3P")
        #expect(secureAddress, "the address the proxy serves, with https")
        #expect(proxied.headers["vary"] == "host, x-forwarded-proto")
    }

    @Test func onlyAHostNameOrAddressWithAPortGoesIntoTheJoinAddress() {
        #expect(MeetingHub.plausibleHost("cafe.region.se") == "cafe.region.se")
        #expect(MeetingHub.plausibleHost("127.0.0.1:8080") == "127.0.0.1:8080")
        #expect(MeetingHub.plausibleHost("[::1]:8080") == "[::1]:8080")
        #expect(MeetingHub.plausibleHost("evil.se/#join=X") == nil)
        #expect(MeetingHub.plausibleHost(String(repeating: "a", count: 256)) == nil)
        #expect(MeetingHub.plausibleHost("") == nil)
    }

    @Test func inputsAreRateLimitedPerParticipant() throws {
        let server = try ServerProcess(arguments: ["--contribution-rate", "0.001"])
        let cafe = try Hardening.Cafe(server: server, people: 2)
        let amina = cafe.people[0].client
        for index in 0..<30 { try amina.command("add_input", ["kind": "idea", "text": "Idé \(index)"]) }
        try amina.refused("add_input", ["kind": "idea", "text": "En för mycket"], code: "rate_limited")
        try amina.refused("react", ["input": "i1"], code: "rate_limited")
        try cafe.people[1].client.command("add_input", ["kind": "idea", "text": "Bos idé"])
        try cafe.facilitator.command("push_question", ["text": "Facilitatorn begränsas inte", "kind": "open"])
        let log = try cafe.replay()
        #expect(log.filter { $0.contains("\"input_added\"") }.count == 31)
        #expect(!log.contains { $0.contains("En för mycket") })
        let bo = cafe.people[1].client
        for _ in 0..<29 { try bo.command("give_feedback", ["inputs": ["i1"], "status": "noted", "text": "Vi tittar på det"]) }
        try bo.refused("give_feedback", ["inputs": ["i1"], "status": "noted", "text": "En för mycket"], code: "rate_limited")
    }

    @Test func aScriptCannotGrowAMeetingsLogAsFastAsItCanSend() throws {
        let server = try ServerProcess()
        let cafe = try Hardening.Cafe(server: server, people: 1)
        // Sent without waiting: far faster than the 20 a second a meeting's facilitators may keep up.
        let ids = try (0..<700).map { _ in try cafe.facilitator.send("set_feedback_due", ["date": "2027-01-15"]) }
        // Refusals may overtake acks still waiting for the disk: collect the replies by id.
        var codes: [String: Int] = [:]
        var answered: Set<String> = []
        let wanted = Set(ids)
        while answered.count < ids.count, let message = cafe.facilitator.socket.receiveJSON(timeout: 10) {
            guard let id = message["id"] as? String, wanted.contains(id), answered.insert(id).inserted else { continue }
            codes[message["type"] as? String == "ack" ? "ack" : message["code"] as? String ?? "?", default: 0] += 1
        }
        #expect((550..<700).contains(codes["ack"] ?? 0), "\(codes)")  // a burst of 600, less what setting up the café took
        #expect(codes["rate_limited"] ?? 0 > 0, "\(codes)")
        #expect(codes.keys.sorted() == ["ack", "rate_limited"], "\(codes)")
        try cafe.people[0].client.command("add_input", ["kind": "idea", "text": "Deltagarna begränsas var för sig"])
    }

    @Test func aParticipantCannotActAsAnotherNorInAnotherMeetingNorAsFacilitator() throws {
        let server = try ServerProcess()
        let a = try Hardening.Cafe(server: server, people: 2)
        let b = try Hardening.Cafe(server: server, people: 1)
        let beforeB = try b.replay()
        let amina = a.people[0]
        let parts = amina.token.split(separator: ".").map(String.init)
        let stranger = try CafeClient(port: server.port, name: "s")
        // A token names its meeting and participant under one MAC: changing either fails.
        try stranger.refused("resume", ["token": "\(parts[0]).\(a.people[1].id).\(parts[2])", "after": 0], code: "bad_token")
        try stranger.refused("resume", ["token": "\(b.code).\(parts[1]).\(parts[2])", "after": 0], code: "bad_token")
        try stranger.refused("resume", ["token": "\(parts[0]).\(parts[1]).\(parts[2].uppercased())", "after": 0], code: "bad_token")
        try stranger.refused("resume", ["token": "\(parts[0]).p9.\(parts[2])", "after": 0], code: "bad_token")
        // A's key does not open B, over the socket or over HTTP.
        try stranger.refused("facilitate", ["code": b.code, "key": a.key], code: "bad_key")
        try stranger.refused("facilitate", ["code": a.code, "key": a.key.uppercased()], code: "bad_key")
        try stranger.refused("facilitate", ["code": b.code, "key": ""], code: "missing_field")
        #expect(try WebSocketTestClient.httpGet(port: server.port, path: "/api/meetings/\(b.code)/minutes.json?key=\(a.key)").status == 403)
        #expect(
            try WebSocketTestClient.httpGet(port: server.port, path: "/api/meetings/\(b.code)/feedback?token=\(amina.token)").status == 403)
        try stranger.refused("add_input", ["kind": "idea", "text": "x"], code: "not_joined")
        // A participant of A naming B's code, or another author, still speaks only as itself in A.
        let ack = try amina.client.command(
            "add_input", ["kind": "idea", "text": "Bara i A", "code": b.code, "author": a.people[1].id, "participant": "p2"])
        #expect((ack["result"] as? [String: Any])?["input"] as? String == "i1")
        let stored = try a.replay().first { $0.contains("Bara i A") } ?? ""
        #expect(stored.contains("\"author\":\"\(amina.id)\""))
        #expect(try b.replay() == beforeB, "B is untouched")
        // Every facilitator command is refused to a participant, and changes nothing.
        let before = try a.replay()
        let facilitatorOnly: [(String, [String: Any])] = [
            ("add_tables", ["count": 1]), ("set_host", ["table": "t1", "participant": "p1"]),
            ("set_role", ["participant": "p2", "role": "observer"]), ("plan_round", ["minutes": 5]), ("seat_round", ["round": "r1"]),
            ("move_participant", ["participant": "p2", "table": "t1"]), ("start_round", ["round": "r1"]),
            ("extend_round", ["round": "r1", "minutes": 5]), ("close_round", ["round": "r1"]),
            ("push_question", ["text": "Q", "kind": "open"]), ("close_question", ["question": "q1"]),
            ("hide_input", ["input": "i1", "reason": "x"]), ("close_meeting", [:]), ("set_feedback_due", ["date": "2027-01-01"]),
            ("set_table_in_use", ["table": "t1", "in_use": false]), ("hide_topic", ["topic": "k1", "reason": "x"]),
            ("hide_answer", ["question": "q1", "participant": "p1", "reason": "x"]),
        ]
        for (type, fields) in facilitatorOnly { try amina.client.refused(type, fields, code: "forbidden") }
        try amina.client.refused("give_feedback", ["inputs": ["i1"], "status": "done", "text": "x"], code: "forbidden")
        #expect(try a.replay() == before)
    }

    @Test func originMustMatchTheServedHostExactly() throws {
        let server = try ServerProcess()
        let host = "127.0.0.1:\(server.port)"
        for origin in ["http://\(host)", "https://\(host)"] { _ = try WebSocketTestClient(port: server.port, origin: origin) }
        for origin in [
            "http://\(host).evil.example", "http://evil.example/\(host)", "http://127.0.0.1:\(server.port + 1)", "null",
            "http://127.0.0.1", "HTTP://\(host)x", "ws://\(host)", "http://user@\(host)",
        ] {
            #expect(throws: WebSocketTestClient.ClientError.self, "\(origin) is refused") {
                _ = try WebSocketTestClient(port: server.port, origin: origin)
            }
        }
    }

    @Test func everyKindOfResponseCarriesTheSecurityHeaders() throws {
        let server = try ServerProcess()
        let cafe = try Hardening.Cafe(server: server, people: 1)
        let paths = [
            "/", "/healthz", "/no-such-file.js", "/api/meetings/\(cafe.code)/minutes.html?key=\(cafe.key)",
            "/api/meetings/\(cafe.code)/minutes.json?key=wrong", "/api/meetings/ZZZZZZ/minutes.html", "/api/meetings/\(cafe.code)/qr.svg",
            "/api/meetings/\(cafe.code)/feedback?token=\(cafe.people[0].token)", "/api/unknown", "/../../etc/passwd",
        ]
        var statuses: Set<Int> = []
        for path in paths {
            let response = try WebSocketTestClient.httpGet(port: server.port, path: path)
            statuses.insert(response.status)
            TransportTests.expectSecurityHeaders(response.headers)
            #expect(!response.text.contains("root:"), "\(path) serves nothing outside the web folder")
        }
        #expect(statuses.isSuperset(of: [200, 403, 404]))
    }

    static let payloads = [
        "\"><svg onload=alert(1)>", "javascript:alert(2)", "</title><script>alert(3)</script>", "<img src=x onerror=alert(4)>",
        "'><iframe srcdoc='<script>alert(5)</script>'>", "<a href=\"javascript:alert(6)\">x</a>",
        "{{constructor.constructor('alert(7)')()}}",
    ]

    @Test func userTextInTheMinutesCannotInjectScript() throws {
        let server = try ServerProcess(arguments: ["--contribution-rate", "1000"])
        let facilitator = try CafeClient(port: server.port, name: "f")
        var fields = CafeClient.meetingFields
        fields["title"] = "</title><script>alert(0)</script>"
        fields["purpose"] = Self.payloads[0]
        let result = try facilitator.command("create_meeting", fields)["result"] as? [String: Any] ?? [:]
        let code = result["code"] as? String ?? ""
        let key = result["facilitator_key"] as? String ?? ""
        try facilitator.command("add_tables", ["count": 1, "names": [Self.payloads[1]]])
        var people: [CafeClient] = []
        for (index, payload) in Self.payloads.enumerated() {
            let client = try CafeClient(port: server.port, name: "x\(index)")
            _ = try client.join(code: code, name: payload, sector: index % 2 == 0 ? "civil" : "public", organisation: payload)
            people.append(client)
        }
        try facilitator.command("plan_round", ["question": Self.payloads[2], "minutes": 10])
        try facilitator.command("start_round", ["round": "r1"])
        for (index, payload) in Self.payloads.enumerated() {
            try people[index].command("add_input", ["kind": "idea", "text": payload])
            try people[index].command("propose_topic", ["text": payload])
        }
        try facilitator.command(
            "push_question", ["text": Self.payloads[3], "kind": "single", "options": [Self.payloads[4], Self.payloads[5]]])
        try facilitator.command(
            "record_commitment", ["what": Self.payloads[0], "owners": [["organisation": Self.payloads[1], "sector": "public"]]])
        try facilitator.command("set_host", ["table": "t1", "participant": "p1"])
        try people[0].command("summarize", ["text": Self.payloads[2]])
        try facilitator.command("hide_input", ["input": "i2", "reason": Self.payloads[3]])
        try facilitator.command("close_round", ["round": "r1"])
        try facilitator.command("close_meeting")
        try facilitator.command("give_feedback", ["inputs": ["i1"], "status": "done", "text": Self.payloads[6]])

        let html = try WebSocketTestClient.httpGet(port: server.port, path: "/api/meetings/\(code)/minutes.html?key=\(key)")
        #expect(html.status == 200)
        TransportTests.expectSecurityHeaders(html.headers)
        let text = html.text
        for forbidden in ["<svg", "<script", "<img", "<iframe", "href=\"javascript:", "</title><"] {
            #expect(!text.lowercased().contains(forbidden.lowercased()), "minutes.html holds no \(forbidden)")
        }
        #expect(text.contains("&lt;/title&gt;&lt;script&gt;alert(0)&lt;/script&gt;"), "the title is shown, escaped")
        #expect(text.contains("&quot;&gt;&lt;svg onload=alert(1)&gt;"))
        #expect(text.contains("javascript:alert(2)"), "shown as text")
        #expect(text.components(separatedBy: "<title>").count == 2 && text.components(separatedBy: "</title>").count == 2)
        // The only links are the contents links inside the document.
        let hrefs = text.components(separatedBy: "href=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(hrefs.allSatisfy { $0.hasPrefix("#") || $0 == "/minutes.css" }, "\(hrefs)")
        let saved = try WebSocketTestClient.httpGet(port: server.port, path: "/api/meetings/\(code)/minutes.html?key=\(key)&standalone=1")
        #expect(saved.status == 200 && saved.headers["content-disposition"]?.hasPrefix("attachment") == true)
        #expect(saved.text.contains("<style>") && !saved.text.contains("<link rel=\"stylesheet\""), "a saved copy keeps its layout")
        #expect(!saved.text.lowercased().contains("<script"))
        let csv = try WebSocketTestClient.httpGet(port: server.port, path: "/api/meetings/\(code)/minutes.csv?key=\(key)").text
        for start in ["\n", ",", ";"] {
            for formula in ["=", "+", "@"] { #expect(!csv.contains(start + formula), "no formula cell after \(start.debugDescription)") }
        }
    }

    /// Two cafés of one participant each, each with one input, on a server that was then stopped
    /// (SIGTERM), so the database file can be inspected and changed.
    static func twoCafesOnAStoppedServer(inputs first: String, _ second: String) throws -> (
        ServerProcess, Hardening.Cafe, Hardening.Cafe
    ) {
        let server = try ServerProcess()
        let cafes = try [first, second].map { text in
            let cafe = try Hardening.Cafe(server: server, people: 1)
            try cafe.people[0].client.command("add_input", ["kind": "idea", "text": text])
            return cafe
        }
        server.kill(SIGTERM)
        server.waitForExit()
        return (server, cafes[0], cafes[1])
    }

    @Test func aDatabaseInUseIsNeitherDeletedFromNorServedTwice() throws {
        let server = try ServerProcess()
        let cafe = try Hardening.Cafe(server: server, people: 1)
        let database = server.databasePath
        let (status, output) = try Hardening.run(ServerProcess.binaryPath, ["delete", cafe.code, "--db", database])
        #expect(status == 1 && output.contains("A server is using"), "\(output)")
        try cafe.facilitator.command("push_question", ["text": "Finns mötet kvar?"])
        let (second, secondOutput) = try Hardening.run(
            ServerProcess.binaryPath, ["serve", "--port", "0", "--db", database, "--web", server.webRoot], timeout: 10)
        #expect(second == 1 && secondOutput.contains("Another server is using"), "\(secondOutput)")
        server.kill(SIGTERM)
        server.waitForExit()
        let (after, afterOutput) = try Hardening.run(ServerProcess.binaryPath, ["delete", cafe.code, "--db", database])
        #expect(after == 0 && afterOutput.contains("Deleted meeting"), "once the server has stopped: \(afterOutput)")
    }

    @Test func aDeletedMeetingLeavesNoTraceInTheDatabaseFile() throws {
        let (server, gone, kept) = try Self.twoCafesOnAStoppedServer(inputs: "Raderbar-7731 text", "Behållen-5521 text")
        let database = server.databasePath
        let foundBefore = Hardening.contains(Hardening.databaseBytes(database), "Raderbar-7731")
        #expect(foundBefore, "the marker is found before")
        let (status, output) = try Hardening.run(ServerProcess.binaryPath, ["delete", gone.code, "--db", database])
        #expect(status == 0, "\(output)")
        let bytes = Hardening.databaseBytes(database)
        let textLeft = Hardening.contains(bytes, "Raderbar-7731")
        let codeLeft = Hardening.contains(bytes, "\"code\":\"\(gone.code)\"")
        let otherKept = Hardening.contains(bytes, "Behållen-5521")
        #expect(!textLeft, "no input text left in the file, its WAL or free pages")
        #expect(!codeLeft)
        #expect(otherKept, "the other meeting is kept")
        let again = try ServerProcess(database: database)
        let stranger = try CafeClient(port: again.port, name: "s")
        try stranger.refused("facilitate", ["code": gone.code, "key": gone.key], code: "unknown_meeting")
        try stranger.refused("resume", ["token": gone.people[0].token, "after": 0], code: "unknown_meeting")
        #expect(try Hardening.replay(port: again.port, code: kept.code, key: kept.key).contains { $0.contains("Behållen-5521") })
    }

    @Test func retentionRemovesMeetingsPastThePeriodAndTheirBytes() throws {
        var (server, old, recent) = try Self.twoCafesOnAStoppedServer(inputs: "Gammal-8841 text", "Ny-8842 text")
        do {
            let store = try SQLiteEventStore(path: server.databasePath)
            try store.execute("UPDATE events SET at = at - 31 * 86400000 WHERE meeting = '\(old.code)'")
            try store.execute("UPDATE events SET at = at - 29 * 86400000 WHERE meeting = '\(recent.code)'")
        }
        server = try ServerProcess(arguments: ["--retention-days", "30"], database: server.databasePath)
        let stranger = try CafeClient(port: server.port, name: "s")
        try stranger.refused("facilitate", ["code": old.code, "key": old.key], code: "unknown_meeting")
        #expect(try Hardening.replay(port: server.port, code: recent.code, key: recent.key).contains { $0.contains("Ny-8842") })
        #expect(server.stderrText.contains("retention removed 1 meetings"))
        // While the server runs on the same file: neither the database's free pages nor its WAL
        // may still hold the removed meeting.
        let oldBytesLeft = Hardening.contains(Hardening.databaseBytes(server.databasePath), "Gammal-8841")
        #expect(!oldBytesLeft, "the old meeting's bytes are gone")
    }
}
