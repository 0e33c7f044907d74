import Session

extension MeetingHub {
    /// Meetings whose newest event is older than this (ms) are past the retention period.
    static func retentionCutoff(now: Int64, days: Int) -> Int64 { now - Int64(days) * 86_400_000 }

    /// Deletes meetings whose last event is older than the retention period, at most hourly:
    /// from memory at once (their connections are closed), from the database in order with writes.
    func applyRetention() {
        guard options.retentionDays > 0 else { return }
        let now = clock()
        guard now - lastRetentionSweep >= 3_600_000 else { return }
        lastRetentionSweep = now
        let cutoff = Self.retentionCutoff(now: now, days: options.retentionDays)
        let expired = meetings.values.filter { meeting in
            guard let last = meeting.log.last?.record.at else { return false }
            return last < cutoff && meeting.isSettled
        }
        guard !expired.isEmpty else { return }
        for meeting in expired {
            meetings[meeting.code] = nil
            retiredCodes.insert(meeting.code)
            for connection in meeting.recipients(of: .everyone) + meeting.projectors {
                attachments[connection] = nil
                server.close(connection, status: .goingAway, reason: "meeting deleted")
            }
        }
        let codes = expired.map(\.code)
        ledger.removeMeetings(Set(codes))
        // One transaction for all of them: the writer holds up live cafés' commits meanwhile.
        writer.perform { store in
            do { _ = try store.deleteMeetings(codes) } catch {
                Log.error("store", "retention could not delete \(codes.count) meetings (tried again at the next start): \(error)")
            }
        }
        Log.info("store", "retention removed \(codes.count) meetings")
    }
}
