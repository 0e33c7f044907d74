/// Seats participants at tables.
///
/// Interim: fills tables in turn, hosts and pinned people first. The mixing engine replaces
/// this body; the signatures are the contract the meeting domain calls.
public enum SeatingEngine {
    /// Seats everyone in `request.people` at `request.tableIDs` for one round.
    public static func seatRound(_ request: SeatingRequest) -> SeatingPlan {
        var tables = Dictionary(uniqueKeysWithValues: request.tableIDs.map { ($0, [String]()) })
        var free: [SeatingPerson] = []
        for person in request.people {
            if let table = request.pinned[person.id] ?? request.hosts[person.id], tables[table] != nil {
                tables[table]!.append(person.id)
            } else {
                free.append(person)
            }
        }
        for person in free {
            let table = request.tableIDs.min(by: { tables[$0]!.count < tables[$1]!.count })!
            tables[table]!.append(person.id)
        }
        return SeatingPlan(tables: tables)
    }

    /// Chooses a table for someone arriving while a round runs, moving nobody else.
    public static func seatLateArrival(
        _ person: SeatingPerson, into plan: SeatingPlan, request: SeatingRequest
    ) -> String? {
        request.tableIDs.min(by: { (plan.tables[$0]?.count ?? 0) < (plan.tables[$1]?.count ?? 0) })
    }
}
