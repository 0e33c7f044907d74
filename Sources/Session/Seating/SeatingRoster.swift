/// Participants read from a CSV roster for seating.
///
/// Columns (header names, any case): `name`, `sector`, `organisation` (or `organization`)
/// are required; `region` and `host` are optional. Sector `public` or `region` (a region is
/// the public side) → public, `civil` → civil, `other` → other. Host `yes`/`ja`/`true`/`1`
/// marks a table host. Ids are `p1`, `p2`, … in row order, so equal names stay apart.
public struct SeatingRoster: Equatable, Sendable {
    public struct Entry: Equatable, Sendable {
        public var person: SeatingPerson
        public var name: String
        public var isHost: Bool
    }

    public var entries: [Entry]

    public var people: [SeatingPerson] { entries.map(\.person) }

    public struct Problem: Error, Equatable, Sendable, CustomStringConvertible {
        public var description: String
    }

    public init(csv: CSVTable) throws(Problem) {
        guard let name = csv.column("name") else { throw Problem(description: "the header has no \"name\" column") }
        guard let sector = csv.column("sector") else {
            throw Problem(description: "the header has no \"sector\" column")
        }
        guard let organisation = csv.column("organisation") ?? csv.column("organization") else {
            throw Problem(description: "the header has no \"organisation\" column")
        }
        let region = csv.column("region")
        let host = csv.column("host")
        entries = []
        // A row of empty cells (Excel writes `;;;` for a row once touched) is nobody, not an error.
        for (offset, row) in csv.rows.enumerated() where !row.allSatisfy({ $0.trimmingSpaces.isEmpty }) {
            let line = offset + 2
            let personName = csv.field(row, name).trimmingSpaces
            guard !personName.isEmpty else { throw Problem(description: "row \(line): the name is empty") }
            let sectorText = csv.field(row, sector).trimmingSpaces.lowercased()
            let parsedSector: Sector
            switch sectorText {
            case "public", "region": parsedSector = .public
            case "civil": parsedSector = .civil
            case "other": parsedSector = .other
            default:
                throw Problem(
                    description: "row \(line): sector \"\(sectorText)\" is not public, region, civil or other")
            }
            let regionText = csv.field(row, region).trimmingSpaces
            let hostText = csv.field(row, host).trimmingSpaces.lowercased()
            let person = SeatingPerson(
                id: "p\(offset + 1)", sector: parsedSector, organisation: csv.field(row, organisation).trimmingSpaces,
                region: regionText.isEmpty ? nil : regionText)
            entries.append(Entry(person: person, name: personName, isHost: ["yes", "ja", "true", "1", "y"].contains(hostText)))
        }
    }
}
