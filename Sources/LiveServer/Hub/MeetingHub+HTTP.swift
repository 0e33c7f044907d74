import Session

extension MeetingHub {
    /// `/api/meetings/CODE/...`: the QR code, a participant's feedback view, and the minutes
    /// (every format with the facilitator key; the page and the Markdown with the minutes key).
    ///
    /// No answer tells whether a code is in use to someone without its token or key: the QR image
    /// only encodes the join address, and the credentials are checked before the meeting is looked
    /// up. Codes can be tried only through `join`, against the join limit.
    func httpRequest(method: String, path: String, query: [String: String], headers: [String: String]) -> HTTPResponse? {
        let parts = path.split(separator: "/").map(String.init)
        guard method == "GET" || method == "HEAD", parts.count == 4, parts[0] == "api", parts[1] == "meetings" else { return nil }
        guard let code = JoinCode.normalised(parts[2]) else { return .problem(404, .unknownMeeting) }
        let meeting = meetings[code].flatMap { $0.log.isEmpty ? nil : $0 }
        switch parts[3] {
        case "qr.svg":
            // The address the phones open: where this request came, as the proxy in front says.
            guard let host = Self.plausibleHost(headers["host"] ?? "127.0.0.1") else {
                return .problem(400, .invalidField("Host", "ska vara ett värdnamn", "must be a host name"))
            }
            let scheme = headers["x-forwarded-proto"]?.lowercased() == "https" ? "https" : "http"
            guard let svg = QRCodeSVG.render("\(scheme)://\(host)/#join=\(code)") else { return nil }
            return HTTPResponse(
                status: 200, contentType: "image/svg+xml", body: Array(svg.utf8),
                headers: ["cache-control": "max-age=3600", "vary": "host, x-forwarded-proto"])
        case "feedback":
            // The feedback token from the participant's link; a resume token (links handed out
            // before there were feedback tokens) opens it too. The page sends it in a header, so
            // it stays out of a proxy's access log.
            let token = bearer(headers) ?? query["token"] ?? ""
            guard let (tokenCode, participant) = credentials.verify(feedbackToken: token) ?? credentials.verify(token: token),
                tokenCode == code
            else {
                return .problem(403, DomainError(code: "bad_token", sv: "Länken gäller inte.", en: "The link is not valid."))
            }
            guard let meeting else { return .problem(404, .unknownMeeting) }
            guard case .object(var view) = FeedbackView.json(of: meeting.durableState, for: participant) else { return nil }
            view["minutes_key"] = .string(credentials.minutesKey(code: code))
            return .json(.object(view))
        default:
            guard parts[3].hasPrefix("minutes.") else { return nil }
            let format = String(parts[3].dropFirst("minutes.".count))
            let readKey = credentials.isValidMinutesKey(query["read"] ?? "", code: code)
            let reader = Self.readerFormats.contains(format) && readKey
            guard reader || isFacilitator(code: code, query: query, headers: headers) else {
                // A right minutes key for a format it does not open: say what is needed.
                return .problem(403, readKey ? .facilitatorKeyNeeded : .badKey)
            }
            guard let meeting else { return .problem(404, .unknownMeeting) }
            return minutes(of: meeting, format: format, standalone: query["standalone"] == "1", headOnly: method == "HEAD")
        }
    }

    /// A `Host` value that can stand in a join address: a name or an address with an optional
    /// port, at most 255 bytes (anything else would make the QR code large, or not a link).
    static func plausibleHost(_ host: String) -> String? {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]".utf8)
        guard !host.isEmpty, host.utf8.count <= 255, host.utf8.allSatisfy(allowed.contains) else { return nil }
        return host
    }

    /// The minutes are readable by all who took part: the minutes key (`?read=`), which every
    /// participant and facilitator gets in their acks, opens the page and the Markdown and nothing
    /// else, so a forwarded link gives no seat and no control. The data exports and the PDF
    /// (printed by Chromium, two at a time) stay with the facilitator key.
    static let readerFormats: Set<String> = ["html", "md"]

    private func isFacilitator(code: String, query: [String: String], headers: [String: String]) -> Bool {
        guard let key = facilitatorKey(query: query, headers: headers) else { return false }
        return credentials.isValidFacilitatorKey(key, code: code)
    }

    private func facilitatorKey(query: [String: String], headers: [String: String]) -> String? {
        bearer(headers) ?? query["key"]
    }

    /// The credential in an `Authorization: Bearer` header; the scheme name is case-insensitive (RFC 9110).
    private func bearer(_ headers: [String: String]) -> String? {
        guard let authorization = headers["authorization"], authorization.lowercased().hasPrefix("bearer ") else { return nil }
        return String(authorization.dropFirst("Bearer ".count))
    }
}

extension DomainError {
    static let facilitatorKeyNeeded = DomainError(
        code: "facilitator_key_needed",
        sv: "Protokollnyckeln öppnar protokollet som sida och som Markdown. CSV, JSON och PDF kräver samtalsledarens nyckel.",
        en: "The minutes key opens the minutes as a page and as Markdown. CSV, JSON and PDF need the facilitator key.")
}

extension HTTPResponse {
    /// An error as JSON, with the stable code and both languages.
    static func problem(_ status: Int, _ error: DomainError) -> HTTPResponse {
        .json(["code": .string(error.code), "message": .string(error.en), "message_sv": .string(error.sv)], status: status)
    }
}
