import Session

extension MeetingHub {
    /// The minutes in any format. A PDF takes a browser seconds to print, so it is made on a
    /// worker thread and the request is answered when it is ready; the service thread never waits.
    ///
    /// `standalone`: a copy to save or mail, so an HTML document carries its stylesheet inside
    /// and comes as an attachment.
    ///
    /// A rendering is kept for a minute while the meeting does not change, so a room of readers
    /// reloading the minutes (or a HEAD) costs the service thread one rendering, not one each.
    func minutes(of live: LiveMeeting, format: String, standalone: Bool = false, headOnly: Bool = false) -> HTTPResponse {
        let meeting = live.durableState
        if format == "pdf" {
            if let refusal = pdfRefusal() { return refusal }
            // A HEAD for the PDF is answered without printing it.
            guard headOnly else { return printMinutes(of: meeting) }
            return HTTPResponse(status: 200, contentType: "application/pdf", body: [], headers: .minutes(of: meeting, "pdf", attachment: true))
        }
        guard let minutesFormat = MinutesFormat(rawValue: format) else {
            return .problem(404, .invalidField("format", "md, html, csv, json, pdf", "md, html, csv, json, pdf"))
        }
        let cacheKey = "\(format)|\(standalone)", now = clock()
        if let kept = live.renderedMinutes[cacheKey], kept.seq == meeting.lastSeq, now - kept.at < Self.minutesKeptMs {
            return kept.response
        }
        let response = renderMinutes(meeting, format: minutesFormat, standalone: standalone)
        live.renderedMinutes[cacheKey] = (meeting.lastSeq, now, response)
        return response
    }

    /// How long a rendering of the minutes is reused (ms).
    static let minutesKeptMs: Int64 = 60_000

    /// Forgets renderings too old to be reused, once a minute: without it every meeting whose
    /// minutes were opened once kept up to eight whole documents in memory for good.
    func forgetStaleMinutes() {
        let now = clock()
        guard now - lastMinutesSweep >= Self.minutesKeptMs else { return }
        lastMinutesSweep = now
        for meeting in meetings.values where !meeting.renderedMinutes.isEmpty {
            meeting.renderedMinutes = meeting.renderedMinutes.filter { now - $0.value.at < Self.minutesKeptMs }
        }
    }

    private func renderMinutes(_ meeting: Meeting, format minutesFormat: MinutesFormat, standalone: Bool) -> HTTPResponse {
        let embedded = standalone && minutesFormat == .html ? MinutesStylesheet.text(webRoot: server.configuration.webRoot) : nil
        let text = MinutesExport.render(meeting, format: minutesFormat, now: clock(), embeddedStyle: embedded)
        return HTTPResponse(
            status: 200, contentType: minutesFormat.mediaType, body: Array(text.utf8),
            headers: .minutes(of: meeting, minutesFormat.rawValue, attachment: standalone))
    }
}

extension MeetingHub {
    /// Why a PDF cannot be printed now, if it cannot: GET and HEAD answer alike.
    fileprivate func pdfRefusal() -> HTTPResponse? {
        guard PDFPrinter.browserPath() != nil else { return .problem(501, .pdfUnavailable) }
        guard pdfJobs.hasRoom else {
            return .problem(
                503,
                DomainError(
                    code: "busy", sv: "Servern skriver redan ut PDF:er; försök igen om en stund.",
                    en: "The server is already printing PDFs; try again shortly."))
        }
        return nil
    }

    fileprivate func printMinutes(of meeting: Meeting) -> HTTPResponse {
        guard let ticket = server.deferHTTPResponse() else { return .problem(503, .pdfUnavailable) }
        let server = self.server
        pdfJobs.start(
            ticket: ticket, html: MinutesExport.render(meeting, format: .html, now: clock(), stylesheet: PDFPrinter.stylesheetName),
            stylesheet: MinutesStylesheet.path(webRoot: server.configuration.webRoot), headers: .minutes(of: meeting, "pdf", attachment: true),
            wake: { server.wake() })
        return .deferred
    }

    /// Hands finished PDFs to their waiting requests (service thread).
    func deliverPrintedMinutes() {
        for job in pdfJobs.takeFinished() { server.completeHTTPResponse(job.ticket, with: job.response) }
    }
}

extension [String: String] {
    /// The headers of every minutes answer, GET or HEAD: kept by no cache (they change until the
    /// close, and a shared computer's cache would keep them after), with the file's name.
    static func minutes(of meeting: Meeting, _ format: String, attachment: Bool) -> [String: String] {
        [
            "cache-control": "no-store",
            "content-disposition": "\(attachment ? "attachment" : "inline"); filename=\"dialogkafe-\(meeting.code).\(format)\"",
        ]
    }
}

extension DomainError {
    static let pdfUnavailable = DomainError(
        code: "pdf_unavailable",
        sv: "Servern kan inte skriva ut PDF (ingen Chromium). Öppna protokollet som HTML och skriv ut det som PDF.",
        en: "The server cannot print PDF (no Chromium). Open the minutes as HTML and print them to PDF.")
}

/// Minutes with the participation-matrix result, as the server and the CLI produce them.
enum MinutesExport {
    /// `stylesheet`: where the HTML links its stylesheet, when not the server's own (`Minutes.stylesheet`);
    /// `embeddedStyle`: the stylesheet's text, for a copy that travels (`Minutes.embeddedStyle`).
    static func render(
        _ meeting: Meeting, format: MinutesFormat, now: Int64, stylesheet: String? = nil, embeddedStyle: String? = nil
    ) -> String {
        var minutes = Minutes(
            meeting: meeting, matrix: ParticipationMatrix.classify(meeting).json, generatedAt: now)
        if let stylesheet { minutes.stylesheet = stylesheet }
        minutes.embeddedStyle = embeddedStyle
        return minutes.render(format)
    }
}
