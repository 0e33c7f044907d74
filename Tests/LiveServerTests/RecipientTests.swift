import Session
import Testing

@testable import LiveServer

/// Who an event reaches, as connections attach and leave.
@Suite struct RecipientTests {
    @Test func everyoneIsEveryAttachedConnectionInConnectionOrder() {
        let info = MeetingInfo(title: "T", date: "2026-12-03", declaredLevel: .dialogue, decisionStep: .drafting)
        let meeting = LiveMeeting(state: Meeting(code: "K7QM3P", info: info, createdAt: 0))
        let ids = [5, 2, 9, 7, 3].map { ConnectionID(UInt64($0)) }
        meeting.attach(ids[0], as: .participant("p1"))
        meeting.attach(ids[1], as: .facilitator)
        meeting.attach(ids[2], as: .participant("p2"))
        meeting.attach(ids[3], as: .participant("p1"))  // a second device
        meeting.attach(ids[4], as: .participant("p3"))
        meeting.attach(ids[4], as: .participant("p3"))  // attached twice counts once
        #expect(meeting.recipients(of: .everyone).map(\.rawValue) == [2, 3, 5, 7, 9])
        meeting.detach(ids[0], as: .participant("p1"))
        meeting.detach(ids[1], as: .facilitator)
        meeting.detach(ids[1], as: .facilitator)  // already gone
        #expect(meeting.recipients(of: .everyone).map(\.rawValue) == [3, 7, 9])
        #expect(Set(meeting.recipients(of: .members(["p1"])).map(\.rawValue)) == [7])
        #expect(meeting.recipients(of: .staff).isEmpty)
    }
}

/// Who gets the ack of a command still on its way to the disk.
@Suite struct CommandLedgerTests {
    @Test func aConnectionThatSendsAPendingCommandAgainIsAnsweredOnce() {
        var ledger = CommandLedger()
        let key = CommandLedger.Key(scope: "K7QM3P", sender: "p1", id: "c1")
        ledger[key] = .pending(digest: "d", waiters: [ConnectionID(1)])
        for _ in 0..<50 { ledger.addWaiter(ConnectionID(1), to: key) }
        ledger.addWaiter(ConnectionID(2), to: key)
        guard case .pending(_, let waiters) = ledger[key] else { Issue.record("not pending"); return }
        #expect(waiters == [ConnectionID(1), ConnectionID(2)])
    }

    @Test func deletedMeetingsAreForgottenWithTheirCreation() {
        var ledger = CommandLedger()
        let creation = CommandLedger.Key(scope: "-", sender: "create", id: "c1")
        let otherCreation = CommandLedger.Key(scope: "-", sender: "create", id: "c2")
        let keptCreation = CommandLedger.Key(scope: "-", sender: "create", id: "c4")
        let input = CommandLedger.Key(scope: "K7QM3P", sender: "p1", id: "c3")
        let otherInput = CommandLedger.Key(scope: "ZZZZZZ", sender: "p1", id: "c3")
        let keptInput = CommandLedger.Key(scope: "KEPT22", sender: "p1", id: "c3")
        ledger[creation] = .done(digest: "d", seq: 1, result: ["code": "K7QM3P"])
        ledger[otherCreation] = .done(digest: "d", seq: 1, result: ["code": "ZZZZZZ"])
        ledger[keptCreation] = .done(digest: "d", seq: 1, result: ["code": "KEPT22"])
        ledger[input] = .done(digest: "d", seq: 5, result: nil)
        ledger[otherInput] = .done(digest: "d", seq: 5, result: nil)
        ledger[keptInput] = .done(digest: "d", seq: 5, result: nil)
        ledger.removeMeetings(["K7QM3P", "ZZZZZZ"])
        #expect(ledger[creation] == nil && ledger[input] == nil, "a re-sent creation does not answer with the old code and key")
        #expect(ledger[otherCreation] == nil && ledger[otherInput] == nil)
        #expect(ledger[keptCreation] != nil && ledger[keptInput] != nil)
    }
}
