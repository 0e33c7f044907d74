import ArgumentParser
import Foundation
import Session

/// `dialogcafe assign`: seats a CSV roster at tables for several rounds and reports quality.
struct AssignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assign",
        abstract: "Seat a CSV roster at mixed tables for several rounds.",
        discussion: """
            The CSV needs a header with name, sector (public, region, civil or other) and \
            organisation; region and host (yes, ja, y, true or 1) are optional. UTF-8 or, as Excel saves \
            a plain CSV, Windows-1252. Hosts stay at one table, \
            in file order: the first host at table 1, the next at table 2, …
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: "The roster, a CSV file.") var file: String
    @Option(help: "Number of tables.") var tables: Int?
    @Option(help: "People per table (instead of --tables); tables hold at most this many.") var tableSize: Int?
    @Option(help: "Number of rounds.") var rounds: Int
    @Option(help: "Seed for the seating search (same seed, same plan).") var seed: UInt64 = 1
    @Option(help: "Output format: text or json.") var format: Format = .text

    func validate() throws {
        if (tables == nil) == (tableSize == nil) { throw ValidationError("Give either --tables or --table-size.") }
        if let tables, !(1...Limits.tables).contains(tables) {
            throw ValidationError("--tables must be between 1 and \(Limits.tables).")
        }
        if let tableSize, !(2...Limits.participants).contains(tableSize) {
            throw ValidationError("--table-size must be between 2 and \(Limits.participants).")
        }
        if rounds < 1 || rounds > 100 { throw ValidationError("--rounds must be between 1 and 100.") }
    }

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CommandFailure(description: "Cannot read \(file): no such file, or it is not readable.")
        }
        // Excel's plain CSV on a Swedish Windows is Windows-1252: å, ä and ö are not UTF-8 there.
        guard let text = String(data: data, encoding: .utf8) ?? String(data: data, encoding: .windowsCP1252) else {
            throw CommandFailure(description: "\(file) is neither UTF-8 nor Windows-1252 text (save the CSV as UTF-8).")
        }
        let roster: SeatingRoster
        do {
            roster = try SeatingRoster(csv: try CSVTable(parsing: text))
        } catch let error as CSVTable.ParseError {
            throw CommandFailure(description: "\(file): \(error)")
        } catch {
            throw CommandFailure(description: "\(file): \(error)")
        }
        guard !roster.entries.isEmpty else { throw CommandFailure(description: "\(file) has no participants.") }
        let tableCount = tables ?? (roster.entries.count + tableSize! - 1) / tableSize!
        let tableIDs = (1...tableCount).map(String.init)
        let hostEntries = roster.entries.filter(\.isHost)
        guard hostEntries.count <= tableCount else {
            throw CommandFailure(description: "\(hostEntries.count) hosts but only \(tableCount) tables.")
        }
        let hosts = Dictionary(uniqueKeysWithValues: zip(hostEntries.map(\.person.id), tableIDs))
        let plans = SeatingEngine.planRounds(
            people: roster.people, tableIDs: tableIDs, rounds: rounds, hosts: hosts, seed: seed)
        print(Self.render(plans: plans, roster: roster, tableIDs: tableIDs, hosts: hosts, format: format))
    }

    static func render(
        plans: [SeatingPlan], roster: SeatingRoster, tableIDs: [String], hosts: [String: String], format: Format
    ) -> String {
        let byID = Dictionary(uniqueKeysWithValues: roster.entries.map { ($0.person.id, $0) })
        var history = PairHistory()
        var text = ""
        var rounds: [JSONValue] = []
        for (number, plan) in zip(1..., plans) {
            let quality = SeatingEngine.quality(of: plan, people: roster.people, history: history)
            history.record(tables: Array(plan.tables.values))
            switch format {
            case .text:
                text += "Round \(number)\n"
                for table in tableIDs {
                    let members = plan.tables[table] ?? []
                    text += "  Table \(table) (\(members.count))\n"
                    for id in members {
                        let entry = byID[id]!
                        let host = hosts[id] == nil ? "" : ", host"
                        text += "    \(entry.name) — \(entry.person.organisation) (\(entry.person.sector.rawValue)\(host))\n"
                    }
                }
                let sizes = quality.tableSizes.values
                let bound = quality.lowerBoundRepeatedPairs.map { " (at least \($0) unavoidable)" } ?? ""
                text += "  Quality: repeated pairs \(quality.repeatedPairs)\(bound), most times met \(quality.maxTimesMet), "
                text += "same-organisation pairs \(quality.sameOrganisationPairs), tables missing a sector "
                text += "\(quality.tablesMissingSector), civil outnumbered at \(quality.civilOutnumberedTables) tables, "
                text += "table sizes \(sizes.min() ?? 0)–\(sizes.max() ?? 0)\n\n"
            case .json:
                let tables: [JSONValue] = tableIDs.map { table in
                    let people: [JSONValue] = (plan.tables[table] ?? []).map { id in
                        let entry = byID[id]!
                        return .compactObject([
                            ("id", .string(id)), ("name", .string(entry.name)),
                            ("organisation", .string(entry.person.organisation)),
                            ("sector", .string(entry.person.sector.rawValue)),
                            ("region", entry.person.region.map(JSONValue.string)),
                            ("host", .bool(hosts[id] != nil)),
                        ])
                    }
                    return ["table": .string(table), "people": .array(people)]
                }
                rounds.append(["round": .int(Int64(number)), "tables": .array(tables), "quality": quality.json])
            }
        }
        return format == .json ? JSONValue.object(["rounds": .array(rounds)]).serialized : String(text.dropLast())
    }
}
