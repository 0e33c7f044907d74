/// Upper bounds on what one meeting holds and on every text a user sends.
///
/// They keep one meeting's memory bounded and make every refusal explicit.
public enum Limits {
    public static let textLength = 2_000
    public static let nameLength = 80
    public static let organisationLength = 120
    public static let titleLength = 200
    public static let reasonLength = 500
    public static let optionLength = 200
    public static let options = 20
    public static let wordLength = 40
    public static let participants = 20_000
    public static let tables = 2_000
    public static let rounds = 50
    public static let questions = 500
    public static let topics = 2_000
    public static let inputs = 200_000
    public static let commitments = 1_000
    public static let owners = 20
    public static let feedbackInputs = 500
    /// Feedback entries on one meeting's inputs (each may cover up to `feedbackInputs` inputs).
    public static let feedback = 5_000
    /// Times one person may answer one question, or the exit poll: each change replaces the
    /// answer in the meeting but stays in the log, so without a bound a script could grow the
    /// log for ever.
    public static let answersPerQuestion = 20
    /// Times a table's summary of one round may be recorded (each replaces the one before).
    public static let summariesPerTable = 100
    /// How long after the close the exit poll still takes answers.
    public static let exitPollDaysAfterClose = 14
    public static let roundMinutes: ClosedRange<Int64> = 1...240
}
