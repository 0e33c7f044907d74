/// Places meetings in the Code's participation matrix from what happened in them.
///
/// Pure and linear in the size of a meeting: the server may call it after every commit.
public enum ParticipationMatrix {
    /// The result for a meeting, or for one of its rounds, tables, or a table in a round.
    public static func classify(_ meeting: Meeting, round: String? = nil, table: String? = nil) -> MatrixResult {
        let scope = MatrixScope(round: round, table: table)
        return result(for: scope, of: MatrixScan(meeting, scopes: [scope]), meeting: meeting)
    }

    /// The results for the meeting, each started round and each table, from one walk over the meeting.
    public static func classifyAll(_ meeting: Meeting) -> MeetingMatrix {
        let rounds = meeting.rounds.filter { $0.startedAt != nil }.map { MatrixScope(round: $0.id, table: nil) }
        let tables = meeting.tables.map { MatrixScope(round: nil, table: $0.id) }
        let scan = MatrixScan(meeting, scopes: [.meeting] + rounds + tables)
        return MeetingMatrix(
            meeting: result(for: .meeting, of: scan, meeting: meeting),
            rounds: rounds.map { result(for: $0, of: scan, meeting: meeting) },
            tables: tables.map { result(for: $0, of: scan, meeting: meeting) })
    }

    /// The meetings of a series on the levels × steps grid.
    public static func series(_ meetings: [Meeting]) -> SeriesMatrix {
        SeriesMatrix(meetings.map { SeriesMatrix.Entry(meeting: $0, result: classify($0)) })
    }

    private static func result(for scope: MatrixScope, of scan: MatrixScan, meeting: Meeting) -> MatrixResult {
        let tally = scan.tallies[scope] ?? MatrixScan.Tally()
        var perceived = PerceivedTally()
        if scope == .meeting {
            for (id, level) in meeting.exitPoll { if let p = meeting.participants[id] { perceived.add(p.sector, level) } }
        } else {
            for id in tally.presentIDs {
                if let level = meeting.exitPoll[id], let p = meeting.participants[id] { perceived.add(p.sector, level) }
            }
        }
        return MatrixResult(scope: scope, info: meeting.info, evidence: tally.evidence, perceived: perceived)
    }
}

/// A meeting's matrix results: the whole meeting, each started round, each table.
public struct MeetingMatrix: Equatable, Sendable {
    public var meeting: MatrixResult
    public var rounds: [MatrixResult]
    public var tables: [MatrixResult]

    public func round(_ id: String) -> MatrixResult? { rounds.first { $0.round == id } }
    public func table(_ id: String) -> MatrixResult? { tables.first { $0.table == id } }

    public var json: JSONValue { json(ruleTexts: true) }

    /// The results as live frames carry them (see `MatrixResult.liveJSON`).
    public var liveJSON: JSONValue { json(ruleTexts: false) }

    private func json(ruleTexts: Bool) -> JSONValue {
        func each(_ results: [MatrixResult]) -> JSONValue { .array(results.map { $0.json(ruleTexts: ruleTexts) }) }
        return ["meeting": meeting.json(ruleTexts: ruleTexts), "rounds": each(rounds), "tables": each(tables)]
    }
}
