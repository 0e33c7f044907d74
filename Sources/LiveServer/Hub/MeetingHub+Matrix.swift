import Session

extension MeetingHub {
    /// Least time between two looks through all meetings for a matrix that is due.
    static let matrixSweepMs: Int64 = 50

    /// Starts classifying each changed meeting that has staff attached, at most once per
    /// interval, one job per meeting at a time, and within the budget for all meetings (the
    /// longest-waiting first). The state is the decided one, at most one write batch ahead of
    /// the disk.
    func classifyStaleMatrices() {
        let now = clock()
        // The service thread wakes many times a round; the matrix moves in seconds. (A wall
        // clock set back counts as time passed, so it never holds the matrix up.)
        guard now - lastMatrixSweep >= Self.matrixSweepMs || now < lastMatrixSweep else { return }
        lastMatrixSweep = now
        var due = meetings.values.filter { meeting in
            meeting.matrixIsStale && !meeting.matrixInFlight && !meeting.staff.isEmpty
                && (now - meeting.matrixPushedAt >= options.matrixIntervalMs || now < meeting.matrixPushedAt)
        }
        guard !due.isEmpty else { return }
        due.sort { $0.matrixPushedAt < $1.matrixPushedAt }
        var batch: [MatrixJobs.Job] = []
        for meeting in due {
            guard matrixBudget.allow("matrix", now: now) else { break }
            meeting.matrixIsStale = false
            meeting.matrixInFlight = true
            meeting.matrixPushedAt = now
            batch.append(MatrixJobs.Job(code: meeting.code, meeting: ObjectIdentifier(meeting), state: meeting.state, rollbacks: meeting.rollbacks))
        }
        let server = server
        matrixJobs.start(batch) { server.wake() }
    }

    /// Sends classified matrices that changed to the staff attached now (service thread).
    func pushClassifiedMatrices() {
        for result in matrixJobs.takeFinished() {
            guard let meeting = meetings[result.job.code], ObjectIdentifier(meeting) == result.job.meeting else { continue }
            meeting.matrixInFlight = false
            // Classified from commands a failed write has since taken back: a new one is due.
            guard result.job.rollbacks == meeting.rollbacks else { continue }
            guard meeting.lastMatrixFrame != result.frameText else { continue }
            meeting.lastMatrixFrame = result.frameText
            if !meeting.staff.isEmpty { server.send(OutboundFrame(text: result.frameText), to: Array(meeting.staff)) }
        }
    }
}
