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

    /// The table for someone who arrives while `round` runs (or is seated ahead of its start),
    /// moving nobody else: the smallest table in use (people who left do not count) where they
    /// add the least cost; ties go to the first table. Only the smallest tables' members are
    /// looked at, so a join at a café of thousands costs what those tables hold, not the room.
    /// A newcomer has met nobody in earlier rounds; `metHere` holds whom they sit with in the
    /// rounds this same join seated them in before this one.
    func lateArrivalTable(for newcomer: Participant, in round: Round, metHere: PairHistory) -> String? {
        let inUse = tables.filter(\.inUse).map(\.id)
        var sizes = inUse.map { round.members(of: $0).count }
        if !departures.isEmpty {
            let index = Dictionary(uniqueKeysWithValues: inUse.enumerated().map { ($1, $0) })
            for person in departures.keys { if let table = round.seating[person], let at = index[table] { sizes[at] -= 1 } }
        }
        guard let smallest = sizes.min() else { return nil }
        var best: (table: String, cost: Int)?
        for (table, size) in zip(inUse, sizes) where size == smallest {
            let members = round.members(of: table).compactMap { id -> (id: String, keys: SeatingKeys)? in
                guard let member = participants[id], !member.hasLeft, member.role != .observer else { return nil }
                return (id, member.seatingKeys)
            }
            let cost = SeatingEngine.lateArrivalCost(of: (newcomer.id, newcomer.seatingKeys), beside: members, history: metHere)
            if best == nil || cost < best!.cost { best = (table, cost) }
        }
        return best?.table
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
