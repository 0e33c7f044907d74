/// What seating compares about a person, normalised once (when they join), so that seating
/// someone who arrives late at a café of thousands compares keys instead of normalising the
/// organisation and region of everyone at the tables it looks at.
public struct SeatingKeys: Equatable, Sendable {
    public let sector: Sector
    /// Normalised; empty when none was given (then shared with nobody).
    public let organisation: String
    /// Normalised; empty when none was given.
    public let region: String

    public init(sector: Sector, organisation: String, region: String?) {
        self.sector = sector
        self.organisation = SeatingModel.normalised(organisation)
        self.region = SeatingModel.normalised(region ?? "")
    }
}

extension SeatingEngine {
    /// What seating `newcomer` at a table of `members` adds to the cost the round's seating
    /// minimises: same organisation, same region and repeated encounters with each member, and
    /// the change in the table's sector mix. The room's sector totals play no part: the newcomer
    /// is in the room, and the other sector's term is the same before and after.
    public static func lateArrivalCost(
        of newcomer: (id: String, keys: SeatingKeys), beside members: [(id: String, keys: SeatingKeys)],
        history: PairHistory, weights: SeatingWeights = .standard
    ) -> Int {
        var cost = 0
        var publicSeats = 0
        var civilSeats = 0
        for member in members {
            let keys = member.keys
            if !keys.organisation.isEmpty && keys.organisation == newcomer.keys.organisation { cost += weights.sameOrganisation }
            if !keys.region.isEmpty && keys.region == newcomer.keys.region { cost += weights.sameRegion }
            let times = history.timesMet(newcomer.id, member.id)
            cost += weights.repeatedEncounter * times * times
            if keys.sector == .public { publicSeats += 1 } else if keys.sector == .civil { civilSeats += 1 }
        }
        func sectorCost(_ publicSeats: Int, _ civilSeats: Int) -> Int {
            SeatingModel.sectorCost(publicSeats: publicSeats, civilSeats: civilSeats, roomHasPublic: true, roomHasCivil: true, weights: weights)
        }
        let addsPublic = newcomer.keys.sector == .public ? 1 : 0
        let addsCivil = newcomer.keys.sector == .civil ? 1 : 0
        return cost + sectorCost(publicSeats + addsPublic, civilSeats + addsCivil) - sectorCost(publicSeats, civilSeats)
    }
}
