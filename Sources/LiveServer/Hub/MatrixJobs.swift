import Dispatch
import Session

/// Classifies meetings on the participation matrix off the service thread, one batch after
/// another, and leaves each result (a ready `matrix` frame) for the service thread's next wake.
/// With hundreds of cafés live at once, classifying and serialising every changed meeting each
/// second on the service thread delayed every push and ack behind it.
final class MatrixJobs: Sendable {
    private let queue = DispatchQueue(label: "dialogcafe.matrix")
    /// A meeting's snapshot, with the identity of the live meeting it came from (a code can be
    /// reused after a meeting is deleted).
    struct Job: Sendable {
        let code: String
        let meeting: ObjectIdentifier
        let state: Meeting
        /// The meeting's `rollbacks` when the snapshot was taken.
        let rollbacks: Int
    }

    private let finished = Inbox<(job: Job, frameText: String)>()

    /// Classifies each meeting snapshot in order; `wake` is called after the batch.
    func start(_ batch: [Job], wake: @escaping @Sendable () -> Void) {
        guard !batch.isEmpty else { return }
        queue.async { [finished] in
            for job in batch {
                let result = ParticipationMatrix.classifyAll(job.state).liveJSON
                finished.post((job, JSONValue.object(["type": "matrix", "result": result]).serialized))
            }
            wake()
        }
    }

    func takeFinished() -> [(job: Job, frameText: String)] { finished.takeAll() }
}
