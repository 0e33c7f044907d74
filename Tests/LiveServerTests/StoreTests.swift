import Foundation
import Testing

@testable import LiveServer
import Session

@Suite struct StoreTests {
    static func databasePath() -> String { ServerProcess.temporaryDirectory() + "/events.sqlite" }

    static func event(_ meeting: String, _ seq: Int64, at: Int64 = 1_000, payload: String = #"{"k":"v"}"#) -> StoredEvent {
        StoredEvent(
            meeting: meeting, seq: seq, at: at, commandID: "cmd-\(seq)", actor: seq % 2 == 0 ? "p1" : nil,
            commandDigest: seq % 3 == 0 ? "d\(seq)" : nil, audience: #"{"all":true}"#, payload: payload)
    }

    /// A stored row that cannot be read back is reported and left out, and its seq is never
    /// given out again: the next event is numbered after the highest seq stored, also after a
    /// rollback, so the store's unique index does not refuse every later batch.
    @Test func anUnreadableRowKeepsItsSeq() throws {
        let info = try MeetingInfo(
            fields: FieldReader(["title": "Kulturplan", "date": "2026-12-03", "declared_level": "dialogue", "decision_step": "drafting"]))
        func row(_ seq: Int64, _ payload: String) -> StoredEvent {
            StoredEvent(meeting: "K7QM3P", seq: seq, at: 1_000, audience: #"{"all":true}"#, payload: payload)
        }
        let rows = [
            row(1, MeetingEvent.meetingCreated(code: "K7QM3P", info: info).json(at: 1_000).serialized),
            row(2, #"{"at":1000,"kind":"table_added","table":{"id":"t1","name":"Bord 1"}}"#),
            row(3, #"{"kind":"table_added","at":"#),
        ]
        let rebuilt = MeetingLog.rebuild(from: rows)
        #expect(rebuilt.unreadable == 1)
        let meeting = try #require(rebuilt.meetings.first)
        #expect(meeting.durableSeq == 2 && meeting.state.tables.count == 1)
        #expect(meeting.isSettled, "nothing waits to be written, so retention may delete it")
        let decision = try meeting.state.decide(MeetingCommand.addTables(count: 1, names: []), by: Session.Actor.facilitator, at: 2_000)
        #expect(meeting.state.commit(decision, at: 2_000).first?.seq == 4)
        meeting.rollBackToDurable()
        #expect(meeting.state.lastSeq == 3, "a rollback keeps the floor")
    }

    @Test func aMeetingWhoseCreationCannotBeReadIsReportedWithAllItsRowsAndKeepsItsCode() {
        let rows = [
            StoredEvent(meeting: "K7QM3P", seq: 1, at: 1_000, audience: #"{"all":true}"#, payload: #"{"kind":"meeting_created","at":"#),
            StoredEvent(
                meeting: "K7QM3P", seq: 2, at: 1_000, audience: #"{"all":true}"#,
                payload: #"{"at":1000,"kind":"table_added","table":{"id":"t1","name":"Bord 1"}}"#),
        ]
        let rebuilt = MeetingLog.rebuild(from: rows)
        #expect(rebuilt.meetings.isEmpty)
        #expect(rebuilt.unreadable == 2, "the readable row that could not be used is counted too")
        #expect(rebuilt.unloadableCodes == ["K7QM3P"])
    }

    @Test func appendAndLoadRoundTripAcrossReopen() throws {
        let path = Self.databasePath()
        let events = [
            Self.event("BBB", 1), Self.event("AAA", 2), Self.event("AAA", 1), Self.event("BBB", 2, payload: #"{"t":"åäö \"q\""}"#),
        ]
        do {
            let store = try SQLiteEventStore(path: path)
            try store.append(Array(events[0..<2]))
            try store.append(Array(events[2...]))
            try store.setMeta("schema", "1")
            try store.setMeta("schema", "2")
        }
        let reopened = try SQLiteEventStore(path: path)
        let loaded = try reopened.loadAll()
        #expect(loaded == [events[2], events[1], events[0], events[3]])
        #expect(try reopened.meta("schema") == "2")
        #expect(try reopened.meta("missing") == nil)
    }

    @Test func batchIsAtomic() throws {
        let store = try SQLiteEventStore(path: Self.databasePath())
        try store.append([Self.event("M", 1)])
        #expect {
            try store.append([Self.event("M", 2), Self.event("M", 1)])  // duplicate key
        } throws: { error in
            (error as? StoreError)?.code == "storage_unavailable"
        }
        #expect(try store.loadAll().map(\.seq) == [1])
        try store.append([Self.event("M", 2)])
        #expect(try store.loadAll().map(\.seq) == [1, 2])
    }

    @Test func deletesMeetings() throws {
        let store = try SQLiteEventStore(path: Self.databasePath())
        try store.append([
            Self.event("OLD", 1, at: 100), Self.event("OLD", 2, at: 200), Self.event("NEW", 1, at: 100),
            Self.event("NEW", 2, at: 5_000), Self.event("GONE", 1, at: 1),
        ])
        #expect(try store.deleteMeetings(["GONE", "NEVER"]) == 1)
        #expect(try store.deleteMeetings(["GONE"]) == 0)
        #expect(try store.deleteMeetings(olderThan: 1_000) == ["OLD"])
        #expect(try store.loadAll().map(\.meeting) == ["NEW", "NEW"])
        // A deleted meeting's code is kept as used, so its old keys never open a new meeting.
        #expect(try store.retiredCodes() == ["GONE", "OLD"])
    }

    @Test func groupCommitCompletesInSubmissionOrder() throws {
        let path = Self.databasePath()
        let writer = GroupCommitWriter(store: try SQLiteEventStore(path: path))
        let completed = Locked<[Int]>([])
        let count = 300
        for index in 0..<count {
            writer.submit([Self.event("G", Int64(index + 1))]) { result in
                if case .success = result { completed.withLock { $0.append(index) } }
            }
        }
        writer.flushAndStop()
        #expect(completed.withLock { $0 } == Array(0..<count))
        #expect(writer.groupCount <= count)
        #expect(try SQLiteEventStore(path: path).loadAll().map(\.seq) == (1...Int64(count)).map { $0 })
    }

    /// Storage failures reach every completion of the group as `storage_unavailable`; the
    /// writer keeps going and succeeds once storage works again.
    @Test(arguments: [
        ("PRAGMA max_page_count = 1", "PRAGMA max_page_count = 1073741823"),  // full disk
        ("PRAGMA query_only = 1", "PRAGMA query_only = 0"),  // read-only database
    ])
    func failingStorageReportsAndRecovers(break breakSQL: String, repair repairSQL: String) throws {
        let path = Self.databasePath()
        let store = try SQLiteEventStore(path: path)
        try store.append([Self.event("R", 1)])
        let writer = GroupCommitWriter(store: store)
        let results = Locked<[String]>([])
        let record: @Sendable (String) -> GroupCommitWriter.Completion = { label in
            { result in
                let outcome: String
                switch result {
                case .success: outcome = "ok"
                case .failure(let error): outcome = error.code
                }
                results.withLock { $0.append("\(label):\(outcome)") }
            }
        }
        writer.perform { store in try? (store as? SQLiteEventStore)?.execute(breakSQL) }
        let bulky = String(repeating: "x", count: 20_000)
        writer.submit([Self.event("R", 2, payload: "\"\(bulky)\"")], completion: record("a"))
        writer.submit([Self.event("R", 3, payload: "\"\(bulky)\"")], completion: record("b"))
        writer.perform { store in try? (store as? SQLiteEventStore)?.execute(repairSQL) }
        writer.submit([Self.event("R", 2)], completion: record("c"))
        writer.flushAndStop()
        #expect(results.withLock { $0 } == ["a:storage_unavailable", "b:storage_unavailable", "c:ok"])
        #expect(try SQLiteEventStore(path: path).loadAll().map(\.seq) == [1, 2])
    }

    @Test func submitAfterStopFails() {
        let writer = GroupCommitWriter(store: try! SQLiteEventStore(path: Self.databasePath()))
        writer.flushAndStop()
        let failed = Locked(false)
        writer.submit([Self.event("S", 1)]) { result in
            if case .failure(let error) = result, error.code == "storage_unavailable" { failed.withLock { $0 = true } }
        }
        #expect(failed.withLock { $0 })
    }
}

extension StoreTests {
    @Test func loadsOneMeetingInSeqOrder() throws {
        let store = try SQLiteEventStore(path: ServerProcess.temporaryDirectory() + "/one.sqlite")
        let rows = ["B", "A", "B", "A"].enumerated().map { index, meeting in
            StoredEvent(meeting: meeting, seq: Int64(index / 2 + 1), at: 0, audience: "\"*\"", payload: "{\"n\":\(index)}")
        }
        try store.append(rows)
        let meetingA = try store.loadMeeting("A")
        #expect(meetingA.map(\.seq) == [1, 2])
        #expect(meetingA.allSatisfy { $0.meeting == "A" })
        #expect(try store.loadMeeting("C").isEmpty)
    }
}

extension StoreTests {
    @Test func anEventTableKeyedByMeetingIsMovedToTheAppendOrderedLayout() throws {
        let path = ServerProcess.temporaryDirectory() + "/keyed.sqlite"
        do {
            let old = try SQLiteDatabase(path: path)
            try old.execute(
                """
                CREATE TABLE events(
                    meeting TEXT NOT NULL, seq INTEGER NOT NULL, at INTEGER NOT NULL,
                    command_id TEXT, actor TEXT, command_digest TEXT,
                    audience TEXT NOT NULL, payload TEXT NOT NULL,
                    PRIMARY KEY(meeting, seq)) WITHOUT ROWID;
                INSERT INTO events VALUES ('B', 1, 10, 'c1', NULL, NULL, '"*"', '{"n":1}');
                INSERT INTO events VALUES ('A', 1, 20, 'c2', 'p1', 'd2', '"*"', '{"n":2}');
                INSERT INTO events VALUES ('A', 2, 30, NULL, NULL, NULL, '"*"', '{"n":3}');
                """)
        }
        let store = try SQLiteEventStore(path: path)
        let loaded = try store.loadAll()
        #expect(loaded.map { "\($0.meeting)\($0.seq)" } == ["A1", "A2", "B1"])
        #expect(loaded[0] == StoredEvent(meeting: "A", seq: 1, at: 20, commandID: "c2", actor: "p1", commandDigest: "d2", audience: #""*""#, payload: #"{"n":2}"#))
        #expect(throws: StoreError.self) { try store.append([Self.event("A", 2)]) }
        try store.append([Self.event("A", 3)])
        #expect(try store.loadMeeting("A").map(\.seq) == [1, 2, 3])

        let check = try SQLiteDatabase(path: path)
        let tables = try check.statement("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name")
        var layout: [String: String] = [:]
        while try tables.step() { layout[tables.text(0) ?? ""] = tables.text(1) ?? "" }
        #expect(Set(layout.keys) == ["events", "meta", "retired_codes"])
        #expect(layout["events"]?.contains("id INTEGER PRIMARY KEY") == true)
    }
}

extension StoreTests {
    @Test func theLogIsCopiedIntoTheDatabaseByTheCheckpointerNotByCommits() throws {
        let path = ServerProcess.temporaryDirectory() + "/checkpoint.sqlite"
        let store = try SQLiteEventStore(path: path)
        let checkpointer = try store.handCheckpointsTo(interval: 3_600)  // not during the first part
        let text = String(repeating: "x", count: 2_000)
        for batch in 0..<25 {  // ~5 MB: past SQLite's automatic checkpoint at 1,000 pages
            try store.append((1...100).map { Self.event("M", Int64(batch * 100 + $0), payload: "{\"t\":\"\(text)\"}") })
        }
        func databaseBytes() -> Int { Self.fileBytes(path) }
        #expect(databaseBytes() < 1_000_000, "commits left the log alone")
        checkpointer.stop()

        let running = try store.handCheckpointsTo(interval: 0.05)
        defer { running.stop() }
        #expect(eventually(timeout: 5) { databaseBytes() > 4_000_000 }, "the checkpointer copied the log")
        #expect(try store.loadAll().count == 2_500)
    }

    /// A store whose checkpointer runs every 20 ms and restarts the log past 1 MB.
    static func storeWithASmallLogLimit(_ name: String) throws -> (store: SQLiteEventStore, checkpointer: WALCheckpointer, path: String) {
        let path = ServerProcess.temporaryDirectory() + "/" + name
        let store = try SQLiteEventStore(path: path)
        return (store, try store.handCheckpointsTo(interval: 0.02, logLimitBytes: 1 << 20), path)
    }

    /// Ten events of about 1 KB each, seqs `first + 1` to `first + 10`.
    static func kilobyteEvents(after first: Int64) -> [StoredEvent] {
        let text = String(repeating: "x", count: 1_000)
        return (1...10).map { Self.event("M", first + Int64($0), payload: "{\"t\":\"\(text)\"}") }
    }

    static func fileBytes(_ path: String) -> Int { ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0 }

    @Test func theLogStaysBoundedWhileCommitsNeverPause() throws {
        let (store, checkpointer, path) = try Self.storeWithASmallLogLimit("steady.sqlite")
        defer { checkpointer.stop() }
        var largest = 0
        // Commits back to back, about 12 MB of log: every checkpoint overlaps a commit.
        for batch in 0..<1_200 {
            try store.append(Self.kilobyteEvents(after: Int64(batch * 10)))
            largest = max(largest, Self.fileBytes(path + "-wal"))
        }
        #expect(largest < 6 << 20, "the log was started over on the way, not left to grow (largest: \(largest) bytes)")
        #expect(try store.loadAll().count == 12_000)
    }

    @Test func aReaderBesideTheServerHoldsNoCommitBackForLong() throws {
        let (store, checkpointer, path) = try Self.storeWithASmallLogLimit("reader.sqlite")
        defer { checkpointer.stop() }
        try store.append([Self.event("M", 1, payload: "{}")])
        // Another process's `export`: a read transaction left open on the log.
        let reader = try SQLiteDatabase(path: path)
        try reader.execute("BEGIN")
        let rows = try reader.statement("SELECT count(*) FROM events")
        _ = try rows.step()
        var slowest = 0.0
        for batch in 0..<300 {
            let started = Date()
            try store.append(Self.kilobyteEvents(after: Int64(1 + batch * 10)))
            slowest = max(slowest, Date().timeIntervalSince(started))
        }
        try reader.execute("COMMIT")
        #expect(slowest < 2, "a commit waited \(slowest) s for the reader (the store's busy timeout is 5 s)")
    }

    /// A deletion beside a reader is committed and returns soon, without an error (the live
    /// cafés' commits wait behind it on the writer); a later commit empties the log once the
    /// reader is gone, so no earlier image of the deleted rows stays in it.
    @Test func aDeletionBesideAReaderReturnsSoonAndALaterCommitEmptiesTheLog() throws {
        let (store, checkpointer, path) = try Self.storeWithASmallLogLimit("deletion.sqlite")
        defer { checkpointer.stop() }
        try store.append([Self.event("GONE", 1, payload: #"{"t":"Hemlig idé"}"#), Self.event("M", 1)])
        let reader = try SQLiteDatabase(path: path)
        try reader.execute("BEGIN")
        let rows = try reader.statement("SELECT count(*) FROM events")
        while try rows.step() {}  // read to the end: the transaction, not the statement, holds the log

        let started = Date()
        #expect(try store.deleteMeetings(["GONE"]) == 1)
        let waited = Date().timeIntervalSince(started)
        #expect(waited < 2, "the deletion waited \(waited) s for the reader")
        #expect(Self.fileBytes(path + "-wal") > 0, "the reader kept the log")

        try reader.execute("COMMIT")
        var seq: Int64 = 1
        #expect(eventually(timeout: 5) {
            seq += 1
            try? store.append([Self.event("M", seq)])
            return Self.fileBytes(path + "-wal") == 0
        }, "a commit after the reader left emptied the log")
        #expect(try store.loadAll().map(\.meeting).allSatisfy { $0 == "M" })
    }
}
