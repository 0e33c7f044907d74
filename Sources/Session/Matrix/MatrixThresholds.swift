/// The thresholds of the classification, as documented in `docs/participation-matrix.md`.
public enum MatrixThresholds {
    /// People present (observers excepted) needed to classify.
    public static let minimumPresent = 3
    /// Contributions plus pushed questions needed to classify.
    public static let minimumItems = 3
    /// Civil-society participants needed to classify: the matrix measures their participation.
    public static let minimumCivilPresent = 1

    /// Consultation: civil society contributes at least this often …
    public static let civilContributions = 2
    /// … and at least this fraction of a proportional share (civil voice ratio).
    public static let civilVoiceRatio = 0.2

    /// Broad dialogue: civil society speaks at least half as much per person as the average
    /// participant, so the content is not almost all from the public side …
    public static let dialogueCivilVoiceRatio = 0.5
    /// … and crossing replies in each direction and civil-society initiative, each at least
    /// once per this many people present (see `perPresent`).
    public static let peoplePerExchange = 20

    /// Collaborative dialogue: proposals endorsed by both sectors.
    public static let jointProposals = 1
    /// Partnership: commitments owned by both sectors and naming a decision step.
    public static let sharedCommitments = 1

    /// Advisory: share of civil-society inputs the public side responded to.
    public static let responsiveness = 0.5

    /// Confidence is high with this many items and at least two present of each of the two sectors.
    public static let highConfidenceItems = 20
    public static let highConfidencePerSector = 2
    /// Confidence is medium with this many items and both sectors present.
    public static let mediumConfidenceItems = 8

    /// One per `peoplePerExchange` people present, rounded up, and at least one: a meeting of
    /// up to 20 needs one, a café of 200 (twenty-odd tables) needs ten. A single exchange in a
    /// large room is a token, not "a regular exchange of views".
    public static func perPresent(_ present: Int) -> Int {
        max(1, (present + peoplePerExchange - 1) / peoplePerExchange)
    }
}
