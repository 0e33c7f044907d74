import Foundation
import Testing

@testable import Session

@Suite struct SeatingCSVTests {
    @Test func parsesQuotesCommasAndLineBreaks() throws {
        let text =
            "name,sector,organisation\r\n\"Lind, Eva\",civil,\"Hela Sverige ska leva, Norrbotten\"\r\n"
            + "Sven \"Svenne\" Ek,region,Region Halland\n\"A \"\"quoted\"\" word\",civil,\"two\nlines\"\n\n"
        // A quote inside an unquoted field is not RFC 4180.
        #expect(throws: CSVTable.ParseError.self) { try CSVTable(parsing: text) }
        let valid = text.replacingQuoteInName()
        let csv = try CSVTable(parsing: valid)
        #expect(csv.header == ["name", "sector", "organisation"])
        #expect(csv.rows.count == 3)
        #expect(csv.rows[0] == ["Lind, Eva", "civil", "Hela Sverige ska leva, Norrbotten"])
        #expect(csv.rows[1] == ["Sven Ek", "region", "Region Halland"])
        #expect(csv.rows[2] == ["A \"quoted\" word", "civil", "two\nlines"])
    }

    @Test func reportsAnOpenQuote() {
        #expect(throws: CSVTable.ParseError(line: 2, reason: "a quoted field is not closed")) {
            try CSVTable(parsing: "a,b\n\"open,x\n")
        }
    }

    @Test func emptyFieldsAndNoFinalNewline() throws {
        let csv = try CSVTable(parsing: "\u{FEFF}a,b,c\n1,,3\n,,")
        #expect(csv.header == ["a", "b", "c"])
        #expect(csv.rows == [["1", "", "3"], ["", "", ""]])
    }

    @Test func aRowOfEmptyCellsIsNobody() throws {
        let roster = try SeatingRoster(csv: CSVTable(parsing: "name;sector;organisation\nEva;civil;Activa\n;;\nBo;public;Region\n; ;\n"))
        #expect(roster.entries.map(\.name) == ["Eva", "Bo"])
    }

    @Test func readsSemicolonSeparatedFilesAsSwedishExcelSavesThem() throws {
        let csv = try CSVTable(
            parsing: "\u{FEFF}Namn;sector;organisation\r\n\"Lind; Eva\";civil;Hela Sverige ska leva, Norrbotten\r\nOla;region;\"A;B\"\r\n")
        #expect(csv.header == ["Namn", "sector", "organisation"])
        #expect(csv.rows == [["Lind; Eva", "civil", "Hela Sverige ska leva, Norrbotten"], ["Ola", "region", "A;B"]])
        let roster = try SeatingRoster(
            csv: CSVTable(parsing: "\nname;sector;organisation;host\nEva;region;Region Halland;yes\nOla;civil;Scouterna, Halland;\n"))
        #expect(roster.entries.map(\.person.organisation) == ["Region Halland", "Scouterna, Halland"])
        #expect(roster.entries[0].isHost)
        let commas = try CSVTable(parsing: "name,organisation\n\"Eva; Ola\",X\n")
        #expect(commas.rows == [["Eva; Ola", "X"]], "a comma header keeps commas as the separator")
    }

    @Test func rosterReadsSectorsHostsAndRegions() throws {
        let csv = try CSVTable(
            parsing: "Name,Sector,Organisation,Region,Host\nEva,region,Region Halland,Halland,yes\nOla,civil,Scouterna,,\n")
        let roster = try SeatingRoster(csv: csv)
        #expect(roster.entries.count == 2)
        #expect(roster.entries[0].person.sector == .public && roster.entries[0].isHost)
        #expect(roster.entries[0].person.region == "Halland")
        #expect(roster.entries[1].person.sector == .civil && !roster.entries[1].isHost)
        #expect(roster.entries[1].person.region == nil)
        #expect(throws: SeatingRoster.Problem.self) {
            try SeatingRoster(csv: CSVTable(parsing: "name,sector,organisation\nEva,business,X\n"))
        }
        #expect(throws: SeatingRoster.Problem.self) { try SeatingRoster(csv: CSVTable(parsing: "name,organisation\nEva,X\n")) }
    }

    @Test func organisationsFileParses() throws {
        // The research's organisations (8 regions and the organisations of civil society).
        let url = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        let text = try String(contentsOf: url.appendingPathComponent("seating/organisations.csv"), encoding: .utf8)
        let csv = try CSVTable(parsing: text)
        #expect(csv.header == ["sector", "organisation", "focus", "region"])
        #expect(csv.rows.count >= 40)
        #expect(csv.rows.allSatisfy { $0.count == 4 })
        #expect(csv.rows.contains { $0[1] == "Hela Sverige ska leva, Norrbotten" })
        #expect(csv.rows.contains { $0[2] == "Odling, djur, idrott, teater" })
        #expect(Set(csv.rows.map { $0[0] }) == ["region", "civil"])
    }
}

extension String {
    fileprivate func replacingQuoteInName() -> String {
        var out = self
        if let range = out.range(of: "Sven \"Svenne\" Ek") { out.replaceSubrange(range, with: "Sven Ek") }
        return out
    }
}
