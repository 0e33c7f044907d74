import Session

extension MeetingHub {
    /// The minutes in a text format. PDF is made by the CLI (`dialogcafe export --format pdf`),
    /// because printing takes a browser seconds and the service thread must never wait.
    func minutes(of meeting: Meeting, format: String) -> HTTPResponse {
        guard let minutesFormat = MinutesFormat(rawValue: format) else {
            if format == "pdf" {
                return .problem(
                    501,
                    DomainError(
                        code: "pdf_not_served",
                        sv: "Öppna protokollet som HTML och skriv ut som PDF, eller kör `dialogcafe export --format pdf`.",
                        en: "Open the minutes as HTML and print to PDF, or run `dialogcafe export --format pdf`."))
            }
            return .problem(404, .invalidField("format", "md, html, csv, json", "md, html, csv, json"))
        }
        let text = MinutesExport.render(meeting, format: minutesFormat, now: clock())
        return HTTPResponse(
            status: 200, contentType: minutesFormat.mediaType, body: Array(text.utf8),
            headers: [
                "cache-control": "no-store",
                "content-disposition": "inline; filename=\"dialogkafe-\(meeting.code).\(minutesFormat.rawValue)\"",
            ])
    }
}

/// Minutes with the participation-matrix result, as the server and the CLI produce them.
enum MinutesExport {
    static func render(_ meeting: Meeting, format: MinutesFormat, now: Int64) -> String {
        let matrix = ParticipationMatrix.classify(meeting).json
        return Minutes(meeting: meeting, matrix: matrix, generatedAt: ISOTime.string(fromMilliseconds: now)).render(format)
    }
}
