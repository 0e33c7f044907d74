/// The weights of the seating cost function (see `docs/seating.md`).
///
/// A plan's cost is the sum over tables of
/// `Σ pairs (repeatedEncounter·met² + sameOrganisation·[same org] + sameRegion·[same region])`
/// `+ missingSector·(tables lacking public) + missingSector·(lacking civil)`
/// `+ civilOutnumbered·max(0, public − civil)²`.
public struct SeatingWeights: Equatable, Sendable {
    /// Per pair at a table, times the square of how often the two have already met.
    public var repeatedEncounter: Int
    /// Per pair at a table from the same organisation.
    public var sameOrganisation: Int
    /// Per table without anyone from `public` (or from `civil`) while the room has some.
    public var missingSector: Int
    /// Per table, times the square of how many more public than civil sit there.
    public var civilOutnumbered: Int
    /// Per pair at a table from the same region (both regions given).
    public var sameRegion: Int

    public init(
        repeatedEncounter: Int = 100, sameOrganisation: Int = 1000, missingSector: Int = 1000,
        civilOutnumbered: Int = 100, sameRegion: Int = 1
    ) {
        self.repeatedEncounter = repeatedEncounter
        self.sameOrganisation = sameOrganisation
        self.missingSector = missingSector
        self.civilOutnumbered = civilOutnumbered
        self.sameRegion = sameRegion
    }

    public static let standard = SeatingWeights()
}
