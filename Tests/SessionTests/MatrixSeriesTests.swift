import Testing

@testable import Session

@Suite struct MatrixSeriesTests {
    static func series() throws -> SeriesMatrix {
        var information = MatrixScript(
            code: "INF1", title: "Budgetinformation", date: "2026-01-10", declared: .dialogue, step: .agendaSetting)
        _ = try information.people(public: 2, civil: 3)
        _ = try information.startRound()
        for slide in 1...3 { _ = try information.input("p1", .idea, "Bild \(slide)") }

        var consultation = MatrixScript(code: "SAM2", title: "Remissmöte", date: "2026-02-10", declared: .consultation, step: .drafting)
        _ = try consultation.people(public: 2, civil: 3)
        _ = try consultation.startRound()
        let ask = try consultation.input("p1", .question, "Vad tycker ni om utkastet?")
        for civil in ["p3", "p4", "p5"] { _ = try consultation.reply(civil, to: ask) }

        var (partnership, _) = try MatrixLevelTests.dialogue(declared: .partnership)
        partnership.meeting.code = "PAR3"
        partnership.meeting.info.title = "Lokalpoolen"
        partnership.meeting.info.date = "2026-03-10"
        partnership.meeting.info.decisionStep = .decision
        try partnership.commitment([.region, .association], step: .implementation)

        let empty = MatrixScript(code: "TOM4", title: "Inställt", date: "2026-04-10", declared: .dialogue, step: .monitoring)
        return ParticipationMatrix.series([empty.meeting, partnership.meeting, consultation.meeting, information.meeting])
    }

    @Test func meetingsLandInTheirCells() throws {
        let grid = try Self.series()
        #expect(grid.entries.map(\.code) == ["INF1", "SAM2", "PAR3", "TOM4"])
        #expect(grid.cell(.information, .agendaSetting).map(\.code) == ["INF1"])
        #expect(grid.cell(.information, .agendaSetting).first?.gap == true)
        #expect(grid.cell(.consultation, .drafting).map(\.code) == ["SAM2"])
        #expect(grid.cell(.partnership, .decision).map(\.code) == ["PAR3"])
        #expect(grid.cell(.partnership, .implementation).map(\.code) == ["PAR3"])
        #expect(grid.cell(.broadDialogue, .drafting).isEmpty)
        #expect(grid.unclassified.map(\.code) == ["TOM4"])
        let placed = MeasuredLevel.allCases.flatMap { level in DecisionStep.allCases.flatMap { grid.cell(level, $0) } }
        #expect(placed.count == 4)

        let json = grid.json
        #expect(json["cells"]?.arrayValue?.count == 4)
        #expect(json["unclassified"] == ["TOM4"])
        #expect(json["levels"]?.arrayValue?.first == "partnership")
        #expect(json["meetings"]?.arrayValue?.first?["measured_level"] == "information")
        #expect(json["meetings"]?.arrayValue?.first?["declared_level"] == "dialogue")
    }

    @Test func gridRendersAsPlainText() throws {
        let text = try Self.series().rendered(in: .en)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0].hasPrefix("level \\ step"))
        #expect(lines[0].contains("agenda setting | drafting"))
        #expect(lines[2].hasPrefix("partnership"))
        #expect(lines[2].contains("PAR3"))
        #expect(lines.contains { $0.hasPrefix("information") && $0.contains("INF1!") })
        #expect(lines.contains("Not enough data: TOM4"))
        #expect(lines.contains("INF1  2026-01-10  Budgetinformation — declared dialogue, measured information (gap)"))
        let swedish = try Self.series().rendered(in: .sv)
        #expect(swedish.contains("samverkande dialog"))
        #expect(swedish.contains("För lite underlag: TOM4"))
        #expect(swedish.contains("annonserat dialog, uppmätt information (glapp)"))
    }
}
