/// Lookups the minutes need many times, built once so rendering stays linear in the size of
/// the meeting (up to `Limits.inputs` inputs and `Limits.participants` people).
struct MinutesIndex: Sendable {
    /// Participant id → 1-based join order.
    var joinNumbers: [String: Int] = [:]
    var tables: [String: CafeTable] = [:]
    /// Input id → responses naming it, oldest first.
    var feedback: [String: [Feedback]] = [:]
    /// Round id → table id → inputs, in the order written.
    var inputs: [String: [String: [Input]]] = [:]
    /// Round id → table id → member ids in id order.
    var seating: [String: [String: [String]]] = [:]

    init(_ meeting: Meeting) {
        for (index, id) in meeting.participantOrder.enumerated() where joinNumbers[id] == nil { joinNumbers[id] = index + 1 }
        for table in meeting.tables where tables[table.id] == nil { tables[table.id] = table }
        for response in meeting.feedback {
            for id in Set(response.inputs) { feedback[id, default: []].append(response) }
        }
        for input in meeting.inputs {
            guard let round = input.round, let table = input.table else { continue }
            inputs[round, default: [:]][table, default: []].append(input)
        }
        // Seats kept for someone who left before the round began (a round seated ahead) are no
        // seats: the matrix does not count them as present either.
        for round in meeting.rounds {
            func wasThere(_ person: String) -> Bool {
                guard let left = meeting.departures[person] else { return true }
                return round.startedAt.map { left >= $0 } ?? false
            }
            seating[round.id] = round.membersByTable.mapValues { $0.filter(wasThere) }.filter { !$0.value.isEmpty }
        }
    }
}
