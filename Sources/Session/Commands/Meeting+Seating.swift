extension Participant {
    /// What the seating engine balances on.
    public var seatingPerson: SeatingPerson {
        SeatingPerson(id: id, sector: sector, organisation: organisation, region: region)
    }
}

extension Meeting {
    /// Who met whom in every round seated before `round`.
    func history(before round: Round) -> PairHistory {
        var history = PairHistory()
        for earlier in rounds where earlier.number < round.number && !earlier.seating.isEmpty {
            history.record(tables: Array(earlier.membersByTable.values))
        }
        return history
    }

    /// A round's seating as the engine sees it: every table in use (and any other someone still
    /// sits at, so table sizes are counted whole), empty ones included, with only the people
    /// still present, so a late arrival fills the tables that people left. Late arrivals go only
    /// to tables in use (`seatingRequest`).
    func seatingPlan(of round: Round) -> SeatingPlan {
        var plan: [String: [String]] = [:]
        for table in tables {
            let members = round.members(of: table.id).filter { participants[$0]?.hasLeft == false }
            if table.inUse || !members.isEmpty { plan[table.id] = members }
        }
        return SeatingPlan(tables: plan)
    }

    /// The seating engine's input for a round: present people who take part, hosts fixed.
    func seatingRequest(for round: Round) -> SeatingRequest {
        let seated = present.filter { $0.role != .observer }
        var hosts: [String: String] = [:]
        for table in tables { for host in table.hosts { hosts[host] = table.id } }
        return SeatingRequest(
            people: seated.map(\.seatingPerson), tableIDs: tables.filter(\.inUse).map(\.id), hosts: hosts,
            pinned: round.pinned.filter { person, _ in hosts[person] == nil && participants[person]?.hasLeft == false },
            history: history(before: round),
            seed: Self.seed(code: code, round: round.number))
    }

    func seatingEvent(for round: Round) throws(DomainError) -> (MeetingEvent, Audience) {
        guard !tables.isEmpty else { throw .wrongState("Lägg till bord först.", "Add tables first.") }
        let plan = SeatingEngine.seatRound(seatingRequest(for: round))
        let seatedIDs = Set(plan.tables.values.joined())
        let people = present.filter { seatedIDs.contains($0.id) }.map(PersonCard.init)
        return (.roundSeated(round: round.id, tables: plan.tables, people: people), .everyone)
    }

    /// A deterministic seed per meeting and round (FNV-1a of the code).
    static func seed(code: String, round: Int) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in code.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash ^ UInt64(round)
    }
}
