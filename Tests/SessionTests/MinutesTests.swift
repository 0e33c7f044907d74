import Foundation
import Testing

@testable import Session

@Suite struct MinutesGoldenTests {
    static let sv = Result { try MinutesCafeScript.played(language: .sv) }
    static let en = Result { try MinutesCafeScript.played(language: .en) }

    static func minutes(_ language: Language, matrix: JSONValue? = MinutesCafeScript.matrix) throws -> Minutes {
        Minutes(meeting: try (language == .sv ? sv : en).get(), matrix: matrix, generatedAt: 1_773_907_200_000)
    }

    @Test(arguments: [
        (Language.sv, MinutesFormat.markdown), (.sv, .html), (.sv, .csv), (.sv, .json), (.en, .markdown), (.en, .html),
    ])
    func matchesGoldenFile(language: Language, format: MinutesFormat) throws {
        let rendered = try Self.minutes(language).render(format)
        try Golden.check(rendered, name: "minutes.\(language.rawValue).\(format.rawValue)")
    }

    @Test func rendersTheSameBytesTwice() throws {
        for format in MinutesFormat.allCases {
            #expect(try Self.minutes(.sv).render(format) == Self.minutes(.sv).render(format))
        }
    }
}

@Suite struct MinutesHTMLTests {
    let html: String

    init() throws { html = try MinutesGoldenTests.minutes(.sv).render(.html) }

    /// A meeting where nobody from civil society or others wrote anything does not claim that
    /// every input got feedback.
    @Test func aMeetingWithoutInputsSaysSoInsteadOfAllAnswered() {
        let cafe = CafeScript()
        let markdown = Minutes(meeting: cafe.meeting).render(.markdown)
        #expect(markdown.contains("Inga inlägg från civilsamhället eller övriga att återkoppla på."))
        #expect(!markdown.contains("Alla inlägg har fått återkoppling."))
    }

    /// A topic taken up as a question and then hidden (it named a neighbour): its words leave
    /// every format of the minutes, the question's heading and the topics table included.
    @Test func aHiddenTopicsWordsLeaveTheMinutesWithTheQuestionItBecame() throws {
        var s = MatrixScript(declared: .dialogue)
        let (_, civil) = try s.people(public: 2, civil: 2)
        _ = try s.startRound()
        let topic = try s.topic(civil[0], "Min granne Anna S. på Storgatan 5")
        let question = try s.push("Min granne Anna S. på Storgatan 5", fromTopic: topic)
        try s.answer(civil[1], question, "Håller med")
        _ = try s.facilitate(.hideTopic(topic: topic, reason: "Personuppgifter"))
        for format in MinutesFormat.allCases {
            let rendered = Minutes(meeting: s.meeting).render(format)
            #expect(!rendered.contains("Storgatan"), "\(format)")
            if format != .csv { #expect(rendered.contains("Personuppgifter"), "\(format)") }
        }
    }

    /// A copy to save or mail carries the stylesheet inside, so it keeps its layout anywhere.
    @Test func aCopyThatTravelsCarriesItsStylesheet() throws {
        var minutes = try MinutesGoldenTests.minutes(.sv)
        minutes.embeddedStyle = "main { color: #222 } /* </style><script>x</script> */"
        let html = minutes.render(.html)
        #expect(html.contains("<style>\nmain { color: #222 } /* <\\/style><script>x<\\/script> */\n</style>"))
        #expect(!html.contains("<link rel=\"stylesheet\""))
        #expect(html.components(separatedBy: "</style>").count == 2, "the stylesheet cannot close its element early")
    }

    @Test func isACompleteDocumentWithoutInlineStyleOrScript() {
        #expect(html.hasPrefix("<!doctype html>\n<html lang=\"sv\">"))
        #expect(html.contains("<meta charset=\"utf-8\">"))
        #expect(html.contains("<meta name=\"viewport\""))
        #expect(html.contains("<title>Protokoll: Dialogkafé om föreningsbidrag &amp; lokaler</title>"))
        #expect(html.contains("<link rel=\"stylesheet\" href=\"/minutes.css\">"))
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.lowercased().contains("<style"))
        #expect(!html.lowercased().contains(" style="))
        let tags = HTMLTagChecker.tags(in: html).map { $0.lowercased() }
        #expect(!tags.contains { $0.contains("onerror") || $0.contains(" on") }, "no event-handler attribute")
        #expect(Set(tags.compactMap { $0.split(separator: " ").first.map(String.init) }).isSubset(of: HTMLTagChecker.allowed))
    }

    @Test func escapesEveryUserText() {
        #expect(!html.contains("<img"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; Vi vill ha kvällsmöten efter 18."))
        #expect(html.contains("Mats &quot;&gt;&lt;img src=x onerror=alert(1)&gt;"))
        #expect(html.contains("Föreningen Läs &amp; Skriv"))
    }

    @Test func hasBalancedTags() throws {
        let problems = HTMLTagChecker.problems(in: html)
        #expect(problems.isEmpty, "\(problems)")
        #expect(HTMLTagChecker.problems(in: "<p><strong>x</p></strong>").count > 0)
        #expect(HTMLTagChecker.problems(in: "<ul><li>a</li>").count > 0)
    }

    @Test func hasUniqueIDsAndWorkingNavigation() {
        let tags = HTMLTagChecker.tags(in: html)
        let ids = tags.compactMap { tag -> String? in
            guard let start = tag.range(of: " id=\"") else { return nil }
            return String(tag[start.upperBound...].prefix { $0 != "\"" })
        }
        #expect(Set(ids).count == ids.count)
        let links = tags.compactMap { tag -> String? in
            guard let start = tag.range(of: "href=\"#") else { return nil }
            return String(tag[start.upperBound...].prefix { $0 != "\"" })
        }
        #expect(links.count == 10)
        #expect(Set(links).isSubset(of: Set(ids)))
    }

    @Test func usesHeadedTables() {
        #expect(html.contains("<th scope=\"col\">"))
        #expect(html.contains("<th scope=\"row\">"))
        #expect(html.contains("<section id=\"round-r1\" class=\"round\""))
    }

    @Test func showsModerationWithoutTheHiddenText() {
        #expect(html.contains("[dolt av moderator: Personuppgifter]"))
        #expect(!html.contains("070-123 45 67"))
        #expect(!html.contains("Eva Hemlig"))
        #expect(!html.contains("Leila Haddad"))
        #expect(html.contains("Deltagare 4"))
    }

    @Test func saysWhenItWasMadeInSwedishTime() {
        #expect(html.contains("Skapat: 2026-03-19 09:00"))
        #expect(!html.contains("2026-03-19T08:00:00Z"))
    }

    @Test func showsFeedbackAndWhatStillWaits() {
        #expect(html.contains("Förslaget tas upp i arbetet med nya bidragsregler i april."))
        #expect(html.contains("Ingen återkoppling ännu"))
        #expect(html.contains("2026-04-30"))
        #expect(html.contains("Inlägg som ännu saknar återkoppling"))
    }

    @Test func rendersTheMatrixGenerically() {
        #expect(html.contains("<strong>Skillnad:</strong> Annonserat som dialog, uppmätt som samråd</p>"))
        #expect(html.contains("<dt>Uppmätt nivå</dt><dd>samråd</dd>"))
        #expect(html.contains("<dt>Säkerhet</dt><dd>medel</dd>"))
        #expect(
            html.contains("<th scope=\"row\">Svar från civilsamhället till offentlig sida</th><td>1</td><td>0</td><td>inte uppfylld</td>"))
        #expect(html.contains("<th scope=\"row\">Röst › Bidrag per närvarande › övriga</th><td>0,667</td>"))
        #expect(!html.contains("per_person"), "every evidence key in words")
        #expect(html.contains("<th scope=\"row\">civilsamhället</th><td>information: 1, samråd: 3</td>"))
        #expect(html.contains("Sektorerna uppfattade mötet olika"))
    }
}

@Suite struct MinutesCSVTests {
    @Test func hasOneRecordPerInputAndParsesBack() throws {
        let meeting = try MinutesGoldenTests.sv.get()
        let csv = try MinutesGoldenTests.minutes(.sv).render(.csv)
        #expect(csv.unicodeScalars.first == "\u{FEFF}", "a byte-order mark, so that Excel reads the text as UTF-8")
        let records = CSVReader.records(csv, separator: ";")
        #expect(records.first == Minutes.csvColumns)
        #expect(records.count == meeting.inputs.count + 1)
        #expect(records.allSatisfy { $0.count == Minutes.csvColumns.count })
        let column = Dictionary(uniqueKeysWithValues: Minutes.csvColumns.enumerated().map { ($1, $0) })
        let rows = records.dropFirst()
        #expect(Set(rows.map { $0[column["input_id"]!] }) == Set(meeting.inputs.map(\.id)))
        let formula = rows.first { $0[column["text"]!].contains("HYPERLINK") }!
        #expect(formula[column["text"]!] == "'=HYPERLINK(\"http://example.com\") | # inte en rubrik")
        let hidden = rows.first { $0[column["hidden"]!] == "true" }!
        #expect(hidden[column["text"]!] == "")
        #expect(hidden[column["hidden_reason"]!] == "Personuppgifter")
        let answered = rows.first { $0[column["feedback_status"]!] == "taken_forward" }!
        #expect(answered[column["kind"]!] == "proposal")
        #expect(rows.allSatisfy { $0[column["at"]!].hasPrefix("2026-03-1") && $0[column["at"]!].hasSuffix("Z") })
        let first = try #require(rows.first { $0[column["input_id"]!] == "i1" })
        #expect(first[column["at"]!] == "2026-03-12T16:44:00Z")
        #expect(first[column["at_local"]!] == "2026-03-12 17:44", "Swedish time, in a form Excel reads as a date")
        #expect(csv.hasSuffix("\r\n"))
    }
}

@Suite struct MinutesCSVSeparatorTests {
    /// A café with one input that tries to start a formula cell after a semicolon.
    static func csv(_ language: Language) -> String {
        var cafe = CafeScript(language: language)
        let amina = cafe.join("Amina", .civil, "Förening; med semikolon")
        cafe.run(.addTables(count: 1, names: []))
        cafe.run(.planRound(question: nil, minutes: 20))
        cafe.run(.startRound(round: "r1"))
        cafe.run(.addInput(kind: .idea, text: "hej;=cmd|' /C calc'!A0"), by: amina)
        // Quotes after the separator: the other separator's reading sees an empty quoted piece, then `=`.
        cafe.run(.addInput(kind: .idea, text: "hej;\"=cmd|' /C calc'!A0;"), by: amina)
        cafe.run(.addInput(kind: .idea, text: "hej,\"\"@SUM(1+1)*cmd|' /C calc'!A0,"), by: amina)
        return Minutes(meeting: cafe.meeting).render(.csv)
    }

    @Test(arguments: [(Language.sv, Unicode.Scalar(";")), (.en, ",")])
    func separatesByTheLanguagesSpreadsheetHabit(language: Language, separator: Unicode.Scalar) throws {
        let csv = Self.csv(language)
        #expect(csv.hasPrefix("\u{FEFF}meeting_code\(separator)round\(separator)"))
        let records = CSVReader.records(csv, separator: separator)
        #expect(records.first == Minutes.csvColumns)
        let text = try #require(Minutes.csvColumns.firstIndex(of: "text"))
        #expect(records.dropFirst().first?[text] == "hej;'=cmd|' /C calc'!A0")
        #expect(try CSVTable(parsing: csv).header == Minutes.csvColumns, "the roster reader detects the separator too")
    }

    @Test(arguments: [Language.sv, .en])
    func noCellStartsAFormulaWhicheverSeparatorASpreadsheetUses(language: Language) {
        let csv = Self.csv(language)
        for separator: Unicode.Scalar in [",", ";"] {
            let cells = CSVReader.records(csv, separator: separator).joined()
            #expect(!cells.contains { $0.hasPrefix("=") || $0.hasPrefix("@") }, "split on \(separator)")
        }
        #expect(csv.contains("\"hej;'=cmd|' /C calc'!A0\""), "a field with a semicolon is quoted")
    }
}

@Suite struct MinutesJSONTests {
    @Test func parsesAndCarriesTheFeedback() throws {
        let text = try MinutesGoldenTests.minutes(.sv).render(.json)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let feedback = try #require(object["feedback"] as? [String: Any])
        #expect(feedback["due"] as? String == "2026-04-30")
        let responses = try #require(feedback["responses"] as? [[String: Any]])
        #expect(responses.count == 2)
        #expect(responses.map { $0["status"] as? String } == ["taken_forward", "in_progress"])
        #expect((feedback["without_response"] as? [String])?.isEmpty == false)
        let participants = try #require(object["participants"] as? [[String: Any]])
        #expect(participants.filter { $0["name"] == nil }.map { $0["label"] as? String } == ["Deltagare 4", "Deltagare 6"])
        let inputs = try #require(object["inputs"] as? [[String: Any]])
        let hidden = try #require(inputs.first { $0["hidden"] is [String: Any] })
        #expect(hidden["text"] is NSNull)
        #expect((object["matrix"] as? [String: Any])?["measured_level"] as? String == "consultation")
    }
}

@Suite struct MinutesFeedbackTests {
    @Test func onlyInputsFromCivilSocietyAndOthersWaitForFeedback() throws {
        let meeting = try MinutesGoldenTests.sv.get()
        let minutes = try MinutesGoldenTests.minutes(.sv)
        let sector = { (input: Input) in meeting.participants[input.author]?.sector }
        let publicPosts = meeting.inputs.filter { $0.replyTo == nil && $0.hidden == nil && sector($0) == .public }
        #expect(!publicPosts.isEmpty, "the café has posts by the public side")
        #expect(!minutes.inputsWithoutFeedback.isEmpty)
        #expect(minutes.inputsWithoutFeedback.allSatisfy { sector($0) != .public })
        let markdown = minutes.render(.markdown)
        let waiting = try #require(markdown.components(separatedBy: "återkoppling").last)
        for post in publicPosts where minutes.feedback(for: post.id).isEmpty {
            #expect(!waiting.contains("[\(post.id)]"), "\(post.id) by the public side does not wait for feedback")
        }
    }
}

@Suite struct MinutesPartsTests {
    @Test func withoutMatrixSaysSo() throws {
        let md = try MinutesGoldenTests.minutes(.en, matrix: nil).render(.markdown)
        #expect(md.contains("_No assessment of the level of participation yet._"))
    }

    @Test func matrixInTheFlatShape() throws {
        let md = try MinutesGoldenTests.minutes(.sv, matrix: MinutesCafeScript.flatMatrix).render(.markdown)
        #expect(md.contains("**Skillnad:** Utlyst som dialog, uppmätt som samråd."))
        #expect(md.contains("- **Säkerhet:** 0,62"))
        #expect(md.contains("| Svar över sektorsgränsen i båda riktningar | \\>= 1 åt varje håll | inte uppfylld |"))
        #expect(md.contains("| inputs\\_per\\_person › civilsamhället | 1,4 |"), "a key the minutes have no words for stays as it is")
        #expect(md.contains("| civilsamhället | information: 1, samråd: 2 |"))
        let en = try MinutesGoldenTests.minutes(.en, matrix: MinutesCafeScript.flatMatrix).render(.markdown)
        #expect(en.contains("**Gap:** Announced as dialogue, measured as consultation."))
    }

    @Test func matrixWithTooLittleData() throws {
        let flat: JSONValue = ["not_enough_data": true, "reason_sv": "Färre än tre inlägg.", "reason_en": "Fewer than three inputs."]
        let md = try MinutesGoldenTests.minutes(.sv, matrix: flat).render(.markdown)
        #expect(md.contains("_För lite underlag för en bedömning._"))
        #expect(md.contains("Färre än tre inlägg."))
        let bilingual: JSONValue = [
            "not_enough_data": true, "measured_level": nil,
            "reason": ["sv": "För få närvarande: 2 av minst 4.", "en": "Too few people present: 2 of at least 4."],
        ]
        let en = try MinutesGoldenTests.minutes(.en, matrix: bilingual).render(.markdown)
        #expect(en.contains("_Too little data for an assessment._\n\nToo few people present: 2 of at least 4."))
        #expect(!en.contains("Measured level"))
    }

    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00Z"), (1_700_000_000_000, "2023-11-14T22:13:20Z"), (951_782_400_123, "2000-02-29T00:00:00.123Z"),
        (-1, "1969-12-31T23:59:59.999Z"), (4_107_542_399_000, "2100-02-28T23:59:59Z"),
    ])
    func formatsUTC(ms: Int64, iso: String) {
        #expect(MinutesClock.iso8601(milliseconds: ms) == iso)
    }

    @Test func followsSwedishSummerTime() {
        let march29 = MinutesClock.days(year: 2026, month: 3, day: 29) * 86_400_000
        #expect(MinutesClock.swedishTime(milliseconds: march29 + 59 * 60_000) == "01:59")
        #expect(MinutesClock.swedishTime(milliseconds: march29 + 60 * 60_000) == "03:00")
        let october25 = MinutesClock.days(year: 2026, month: 10, day: 25) * 86_400_000
        #expect(MinutesClock.swedishTime(milliseconds: october25 + 59 * 60_000) == "02:59")
        #expect(MinutesClock.swedishTime(milliseconds: october25 + 60 * 60_000) == "02:00")
        for day: Int64 in [-800_000, -1, 0, 59, 11_016, 20_524, 2_932_896] {
            let (y, m, d) = MinutesClock.civil(fromDays: day)
            #expect(MinutesClock.days(year: y, month: m, day: d) == day)
        }
    }

    @Test func escapesForEachFormat() {
        #expect("<a href=\"x\">&'</a>".htmlEscaped == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;")
        #expect("# rubrik | cell *x*\nrad".markdownInline == "\\# rubrik \\| cell \\*x\\* rad")
        #expect("- punkt".markdownInline == "\\- punkt")
        #expect("1. lista".markdownInline == "1\\. lista")
        #expect("a,b".csvField == "\"a,b\"")
        #expect("say \"hi\"".csvField == "\"say \"\"hi\"\"\"")
        #expect("=1+1".csvField == "'=1+1")
        #expect("@x".csvField == "'@x")
        #expect("\tx".csvField == "'\tx")
        #expect("-2".csvField == "'-2")
        #expect("\rx".csvField == "\"'\rx\"")
        #expect("a;b".csvField == "\"a;b\"", "quoted for a spreadsheet that splits on semicolons")
        #expect("hej;=cmd|' /C calc'!A0".csvField == "\"hej;'=cmd|' /C calc'!A0\"")
        #expect("a,@b; -c".csvField == "\"a,'@b; -c\"")
        #expect("a=b+c".csvField == "a=b+c")
        #expect("a;-cmd|' /C calc'!A0".csvField == "\"a;'-cmd|' /C calc'!A0\"", "a command after a separator")
        #expect("x,+SUM(1)".csvField == "\"x,'+SUM(1)\"")
        #expect("Bra idé ;-)".csvField == "\"Bra idé ;-)\"", "ordinary text is left as written")
        #expect("Kostar 100,-".csvField == "\"Kostar 100,-\"")
        #expect("1,-5".csvField == "\"1,-5\"")
        #expect("x;-2+3+cmd|' /C calc'!A0".csvField == "\"x;'-2+3+cmd|' /C calc'!A0\"", "digits first, a command after")
        #expect("x,+1+HYPERLINK(1)".csvField == "\"x,'+1+HYPERLINK(1)\"")
        #expect("ok\n=cmd|' /C calc'!A0".csvField == "\"ok\n'=cmd|' /C calc'!A0\"", "a line break typed in a text starts a cell too")
        #expect("Rad ett\n-2,5".csvField == "\"Rad ett\n-2,5\"", "a number after a line break is left as written")
    }

    @Test func everyVocabularyHasWordsInBothLanguages() {
        for text in [MinutesText.sv, MinutesText.en] {
            #expect(text.sectors.count == Sector.allCases.count)
            #expect(text.otherKinds.count == OtherKind.allCases.count)
            #expect(text.roles.count == Role.allCases.count)
            #expect(text.levels.count == DeclaredLevel.allCases.count)
            #expect(text.steps.count == DecisionStep.allCases.count)
            #expect(text.themes.count == Theme.allCases.count)
            #expect(text.phases.count == CollaborationPhase.allCases.count)
            #expect(text.inputKinds.count == InputKind.allCases.count)
            #expect(text.questionKinds.count == QuestionKind.allCases.count)
            #expect(text.roundStates.count == RoundState.allCases.count)
            #expect(text.feedbackStatuses.count == FeedbackStatus.allCases.count)
        }
    }
}

// MARK: - Helpers

/// Golden files under `Fixtures/minutes`; `UPDATE_GOLDEN=1` rewrites them in the source tree.
enum Golden {
    static func check(_ rendered: String, name: String, filePath: String = #filePath) throws {
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            let url = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/minutes/\(name)")
            try rendered.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let fixtures = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        let url = fixtures.appendingPathComponent("minutes/\(name)")
        // Decoded by hand: `String(contentsOf:encoding:)` would drop the CSV's byte-order mark.
        guard let bytes = try? Data(contentsOf: url) else {
            Issue.record("Missing golden file \(name); run with UPDATE_GOLDEN=1 to create it.")
            return
        }
        let expected = String(decoding: bytes, as: UTF8.self)
        if rendered != expected {
            let a = rendered.split(separator: "\n", omittingEmptySubsequences: false)
            let b = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let line = zip(a, b).enumerated().first { $1.0 != $1.1 }?.offset ?? min(a.count, b.count)
            Issue.record(
                "\(name) differs at line \(line + 1):\n got: \(line < a.count ? String(a[line]) : "<end>")\nwant: \(line < b.count ? String(b[line]) : "<end>")\nRun with UPDATE_GOLDEN=1 if the change is intended."
            )
        }
    }
}

/// Checks that every opened element is closed in order (void elements excepted).
enum HTMLTagChecker {
    static let void: Set<String> = ["meta", "link", "br", "hr", "img", "input", "wbr"]

    /// The elements the minutes may use; anything else came from unescaped text.
    static let allowed: Set<String> = [
        "!doctype", "html", "/html", "head", "/head", "meta", "title", "/title", "link", "body", "/body", "header", "/header",
        "h1", "/h1", "h2", "/h2", "h3", "/h3", "h4", "/h4", "p", "/p", "nav", "/nav", "ol", "/ol", "ul", "/ul", "li", "/li",
        "a", "/a", "main", "/main", "section", "/section", "dl", "/dl", "dt", "/dt", "dd", "/dd", "table", "/table",
        "caption", "/caption", "thead", "/thead", "tbody", "/tbody", "tr", "/tr", "th", "/th", "td", "/td", "strong",
        "/strong", "em", "/em", "footer", "/footer",
    ]

    /// The text inside every `<…>`.
    static func tags(in html: String) -> [String] {
        var tags: [String] = []
        var rest = Substring(html)
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            tags.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return tags
    }

    static func problems(in html: String) -> [String] {
        var stack: [String] = []
        var problems: [String] = []
        var rest = Substring(html)
        while let open = rest.firstIndex(of: "<") {
            rest = rest[rest.index(after: open)...]
            guard let close = rest.firstIndex(of: ">") else {
                problems.append("unterminated tag")
                break
            }
            let tag = rest[..<close]
            rest = rest[rest.index(after: close)...]
            if tag.hasPrefix("!") { continue }
            let closing = tag.hasPrefix("/")
            let name = tag.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber }.lowercased()
            if name.isEmpty { problems.append("bad tag <\(tag)>"); continue }
            if void.contains(name) { continue }
            if closing {
                guard stack.last == name else {
                    problems.append("</\(name)> closes <\(stack.last ?? "nothing")>")
                    continue
                }
                stack.removeLast()
            } else {
                stack.append(name)
            }
        }
        if !stack.isEmpty { problems.append("unclosed: \(stack)") }
        return problems
    }
}

/// An RFC 4180 reader: quoted fields with doubled quotes, CRLF record ends; a leading
/// byte-order mark is skipped, as a spreadsheet does. `separator` is what the spreadsheet
/// splits on: `;` in Excel with Swedish settings.
enum CSVReader {
    static func records(_ text: String, separator: Unicode.Scalar = ",") -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var scalars = text.unicodeScalars.makeIterator()
        var pending = scalars.next()
        if pending == "\u{FEFF}" { pending = scalars.next() }
        while let c = pending {
            pending = scalars.next()
            if quoted {
                if c == "\"" {
                    if pending == "\"" {
                        field.unicodeScalars.append("\"")
                        pending = scalars.next()
                    } else {
                        quoted = false
                    }
                } else {
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty: quoted = true
            case separator:
                record.append(field)
                field = ""
            case "\r" where pending == "\n":
                pending = scalars.next()
                record.append(field)
                records.append(record)
                record = []
                field = ""
            default: field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !record.isEmpty { records.append(record + [field]) }
        return records
    }
}

@Suite struct MinutesScaleTests {
    /// A large café folded from events directly: every input is rendered and the structure holds.
    @Test func rendersALargeCafe() {
        var meeting = Meeting(
            code: "STOR01", info: MeetingInfo(title: "Stor", date: "2026-05-01", declaredLevel: .consultation, decisionStep: .monitoring),
            createdAt: 0)
        var seq: Int64 = 0
        func apply(_ event: MeetingEvent) {
            seq += 1
            meeting.apply(EventRecord(seq: seq, at: seq * 1000, event: event, audience: .everyone))
        }
        let people = 1_000, tables = 50, inputs = 4_000
        for n in 1...people {
            apply(
                .participantJoined(
                    Participant(
                        id: "p\(n)", name: "Namn \(n)", sector: n % 3 == 0 ? .public : .civil, organisation: "Org \(n % 40)",
                        showName: n % 2 == 0, joinedAt: 0)))
        }
        for n in 1...tables { apply(.tableAdded(CafeTable(id: "t\(n)", name: "Bord \(n)"))) }
        apply(.roundPlanned(Round(id: "r1", number: 1, question: "Hur?", minutes: 20)))
        var seating: [String: [String]] = [:]
        for n in 1...people { seating["t\(n % tables + 1)", default: []].append("p\(n)") }
        apply(.roundSeated(round: "r1", tables: seating, people: []))
        apply(.roundStarted(round: "r1", endsAt: 1_200_000))
        for n in 1...inputs {
            let author = n % people + 1
            apply(
                .inputAdded(
                    Input(
                        id: "i\(n)", kind: .idea, text: "Inlägg \(n), med komma", author: "p\(author)", table: "t\(author % tables + 1)",
                        round: "r1",
                        replyTo: n % 5 == 0 ? "i\(n - 1)" : nil, at: seq * 1000)))
        }
        for n in stride(from: 1, through: inputs, by: 20) {
            apply(
                .feedbackRecorded(
                    Feedback(id: "f\(n)", inputs: ["i\(n)"], status: .noted, text: "Noterat", by: "facilitator", at: seq * 1000)))
        }
        let minutes = Minutes(meeting: meeting, matrix: nil, generatedAt: nil)
        let csv = minutes.render(.csv)
        #expect(CSVReader.records(csv).count == inputs + 1)
        #expect(HTMLTagChecker.problems(in: minutes.render(.html)).isEmpty)
        #expect(minutes.render(.markdown).contains("Deltagare 999"))
        #expect(minutes.render(.json).utf8.count > 200_000)
    }
}

@Suite struct MinutesOrderAndPrivacyTests {
    /// Organisations, answers and word ties are listed as a Swedish reader looks them up.
    @Test func textsAreSortedInSwedishAlphabeticalOrder() {
        let names = ["Övertorneå kommun", "Älvdalens kommun", "Åsele kommun", "Zinkgruvan IF", "Eskilstuna", "Émigranternas förening", "älvsbyn"]
        #expect(
            names.sorted(by: textOrder) == [
                "Émigranternas förening", "Eskilstuna", "Zinkgruvan IF", "Åsele kommun", "Älvdalens kommun", "älvsbyn", "Övertorneå kommun",
            ])
    }

    /// Answers are anonymous in the minutes everyone who took part may read; a hidden one is named
    /// by its question, not by who gave it. The JSON export (facilitator key) keeps who.
    @Test func aHiddenAnswerIsListedWithoutItsAuthorsName() throws {
        var cafe = CafeScript()
        let karin = cafe.join("Karin Lindström", .civil, "Föreningen Bron")
        cafe.run(.pushQuestion(text: "Ett ord för god samverkan", kind: .wordCloud, options: [], tables: nil, fromTopic: nil))
        cafe.run(.answer(question: "q1", value: "Tillit"), by: karin)
        cafe.run(.hideAnswer(question: "q1", participant: "p1", reason: "Kränkande"))
        let minutes = Minutes(meeting: cafe.meeting)
        for format in [MinutesFormat.markdown, .html] {
            let rendered = minutes.render(format)
            let line = try #require(rendered.split(separator: "\n").first { $0.contains("Kränkande") })
            #expect(!line.contains("Karin"), "\(format): \(line)")
            #expect(line.contains("q1"))
        }
        #expect(minutes.render(.json).contains("\"participant\":\"p1\""))
    }
}

@Suite struct MinutesHostTests {
    /// A round's seating marks who hosted it then, though the host left before the next round.
    @Test func aRoundsHostsAreTheOnesWhoHostedIt() throws {
        var cafe = CafeScript()
        let amina = cafe.join("Amina", .civil, "Ideell kulturallians")
        for (name, sector) in [("Bo", Sector.public), ("Cilla", .civil), ("Dan", .public)] { _ = cafe.join(name, sector, "Org \(name)") }
        cafe.run(.addTables(count: 2, names: []))
        cafe.run(.setHost(table: "t1", participant: "p1"))
        cafe.run(.planRound(question: nil, minutes: 20))
        cafe.run(.startRound(round: "r1"))
        cafe.run(.closeRound(round: "r1"))
        cafe.run(.leave, by: amina)
        cafe.run(.planRound(question: nil, minutes: 20))
        cafe.run(.startRound(round: "r2"))
        #expect(cafe.meeting.tables[0].hosts.isEmpty)
        let markdown = Minutes(meeting: cafe.meeting).render(.markdown)
        #expect(markdown.contains("Amina (värd)"), "round 1's seating still names its host")
        #expect(Meeting.replay(cafe.records) == cafe.meeting)
    }
}
