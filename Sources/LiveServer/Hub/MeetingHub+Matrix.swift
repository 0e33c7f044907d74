import Session

extension MeetingHub {
    /// Pushes a fresh matrix result to each meeting's staff, at most once per interval.
    func pushStaleMatrices() {
        let now = clock()
        for meeting in meetings.values where meeting.matrixIsStale && !meeting.staff.isEmpty {
            guard now - meeting.matrixPushedAt >= options.matrixIntervalMs else { continue }
            meeting.matrixIsStale = false
            meeting.matrixPushedAt = now
            guard let result = matrixResult(for: meeting) else { continue }
            let frame = OutboundFrame(text: JSONValue.object(["type": "matrix", "result": result]).serialized)
            server.send(frame, to: Array(meeting.staff))
        }
    }

    /// The meeting's matrix with each round and table. Computed on the decided state, which is
    /// at most one write batch ahead of the disk.
    func matrixResult(for meeting: LiveMeeting) -> JSONValue? {
        ParticipationMatrix.classifyAll(meeting.state).json
    }
}
