import Foundation
import GRDB
import Testing
import TestSupport
@testable import HealthRecords

@Suite struct StoreTests {
    func makeStore() throws -> SQLiteRecordStore {
        try SQLiteRecordStore(path: TestPaths.temporaryDirectory("gx-store").appendingPathComponent("gx.sqlite").path)
    }

    func patientWrite(_ id: String, family: String, birthDate: String) -> ResourceWrite {
        ResourceWrite(type: "Patient", id: id, index: [
            SearchIndexEntry(parameter: "name", kind: .string, value: SearchIndexEntry.normalize(family)),
            SearchIndexEntry(parameter: "family", kind: .string, value: SearchIndexEntry.normalize(family)),
            SearchIndexEntry(parameter: "birthdate", kind: .date, value: birthDate),
            SearchIndexEntry(parameter: "identifier", kind: .token, system: "urn:mrn", value: "M-" + id),
        ]) { version, time in
            Data(#"{"resourceType":"Patient","id":"\#(id)","meta":{"versionId":"\#(version)","lastUpdated":"\#(time)"},"name":[{"family":"\#(family)"}],"birthDate":"\#(birthDate)"}"#.utf8)
        }
    }

    @Test func schemaIsMigratedAndInWALMode() throws {
        let store = try makeStore()
        #expect(try store.schemaVersion() == SQLiteSchema.currentVersion)
        #expect(try store.journalMode() == "wal")
    }

    @Test func aVersion1StoreIsMigratedToTheCurrentSchemaAndItsReferencesFoundByTarget() throws {
        let path = try TestPaths.temporaryDirectory("gx-store-v1").appendingPathComponent("gx.sqlite").path
        do {
            // A store as version 1 left it: one patient and an encounter referring to it.
            let queue = try DatabaseQueue(path: path)
            try SQLiteSchema.migrator().migrate(queue, upTo: "v1")
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO resource VALUES ('Patient', 'p1', 1, '2026-01-01T00:00:00Z', 0, '{"resourceType":"Patient","id":"p1"}');
                    INSERT INTO resource VALUES ('Encounter', 'e1', 1, '2026-01-01T00:00:00Z', 0, '{"resourceType":"Encounter","id":"e1","subject":{"reference":"Patient/p1"}}');
                    INSERT INTO search_index VALUES ('Encounter', 'e1', 'subject', 'reference', 'Patient', 'p1');
                    INSERT INTO search_index VALUES ('Patient', 'p1', 'family', 'string', '', 'zhang');
                    INSERT INTO search_index VALUES ('Patient', 'p1', 'family', 'string', '', 'zhang');
                    INSERT INTO mpi_record (patient_id, name, name_pinyin, birth_date, sex, phone, division, resident_id)
                      VALUES ('p1', '张三', 'zhangsan', '1980-05-17', 'male', '13800138000', '440305', '');
                    INSERT INTO mpi_identifier VALUES ('urn:mrn', 'M1', 'p1');
                    """)
            }
        }
        let store = try SQLiteRecordStore(path: path)
        #expect(try store.schemaVersion() == SQLiteSchema.currentVersion)
        #expect(try store.compartment(patientID: "p1").map { $0.type + "/" + $0.id } == ["Patient/p1", "Encounter/e1"])
        #expect(try store.search(SearchQuery(parsing: "Encounter?subject=Patient/p1")).map(\.id) == ["e1"])
        #expect(try store.search(SearchQuery(parsing: "Patient?family=zhang")).map(\.id) == ["p1"])
        let referrers = try store.write { try $0.referrers(to: "Patient", id: "p1") }
        #expect(referrers.map { $0.type + "/" + $0.id } == ["Encounter/e1"])
        // The patient index comes through the table rebuilds; a repeated v1 index row is kept once.
        #expect(try store.patientIndexRecords().map(\.patientID) == ["p1"])
        #expect(try store.identifierLinks().map { $0.system + "|" + $0.value + "→" + $0.patientID } == ["urn:mrn|M1→p1"])
        let entries = try DatabaseQueue(path: path).read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM search_index") }
        #expect(entries == 2)
        // A resource updated after the migration keeps its index in step (rows keyed by the resource's number).
        try store.write { try $0.put(patientWrite("p1", family: "Li", birthDate: "1980-05-17")) }
        #expect(try store.search(SearchQuery(parsing: "Patient?family=zhang")).isEmpty)
        #expect(try store.search(SearchQuery(parsing: "Patient?family=li")).map(\.id) == ["p1"])
    }

    @Test func aFailedSavepointUndoesItsWritesAndTheTransactionGoesOn() throws {
        struct Failure: Error {}
        let store = try makeStore()
        try store.write { writer in
            _ = try writer.savepoint { try writer.put(patientWrite("kept", family: "Wang", birthDate: "1990-01-01")) }
            #expect(throws: Failure.self) {
                try writer.savepoint {
                    try writer.put(patientWrite("undone", family: "Li", birthDate: "1991-01-01"))
                    try writer.setSourceMapping("test|undone", id: "undone")
                    throw Failure()
                }
            }
            // The same savepoint name is used again after a rollback.
            _ = try writer.savepoint { try writer.put(patientWrite("after", family: "Zhao", birthDate: "1992-01-01")) }
        }
        #expect(try store.read(type: "Patient", id: "kept") != nil)
        #expect(try store.read(type: "Patient", id: "after") != nil)
        #expect(try store.read(type: "Patient", id: "undone") == nil)
        #expect(try store.search(SearchQuery(parsing: "Patient?family=li")).isEmpty)
        #expect(try store.write { try $0.sourceMapping("test|undone") } == nil)
    }

    @Test func writesKeepVersionHistory() throws {
        let store = try makeStore()
        try store.write { try $0.put(patientWrite("p1", family: "Zhang", birthDate: "1980-05-17")) }
        let second = try store.write { try $0.put(patientWrite("p1", family: "Zhāng", birthDate: "1980-05-18")) }
        #expect(second.version == 2)
        let current = try #require(try store.read(type: "Patient", id: "p1"))
        #expect(current.version == 2)
        #expect(String(decoding: current.json, as: UTF8.self).contains(#""versionId":"2""#))
        let history = try store.history(type: "Patient", id: "p1")
        #expect(history.map(\.version) == [1, 2])
        #expect(String(decoding: history[0].json, as: UTF8.self).contains("1980-05-17"))
        // The old version's index entries are gone: searching the old birth date finds nothing.
        #expect(try store.search(SearchQuery(parsing: "Patient?birthdate=1980-05-17")).isEmpty)
        #expect(try store.search(SearchQuery(parsing: "Patient?birthdate=1980-05-18")).map(\.id) == ["p1"])
    }

    @Test func searchByIdentifierNameAndDate() throws {
        let store = try makeStore()
        try store.write { writer in
            try writer.put(patientWrite("a", family: "Zhang", birthDate: "1980-05-17"))
            try writer.put(patientWrite("b", family: "Zhao", birthDate: "1991-01-02"))
            try writer.put(patientWrite("c", family: "Li", birthDate: "1980-12-30"))
        }
        #expect(try store.search(SearchQuery(parsing: "Patient?name=zh")).map(\.id) == ["a", "b"])
        #expect(try store.search(SearchQuery(parsing: "Patient?name=ZHANG")).map(\.id) == ["a"])
        #expect(try store.search(SearchQuery(parsing: "Patient?identifier=urn:mrn|M-b")).map(\.id) == ["b"])
        #expect(try store.search(SearchQuery(parsing: "Patient?identifier=M-c")).map(\.id) == ["c"])
        #expect(try store.search(SearchQuery(parsing: "Patient?identifier=other|M-c")).isEmpty)
        #expect(try store.search(SearchQuery(parsing: "Patient?birthdate=1980")).map(\.id) == ["a", "c"])
        #expect(try store.search(SearchQuery(parsing: "Patient?birthdate=ge1981")).map(\.id) == ["b"])
        #expect(try store.search(SearchQuery(parsing: "Patient?name=zh&birthdate=1980")).map(\.id) == ["a"])
        #expect(try store.search(SearchQuery(parsing: "Patient?name=li,zhao")).map(\.id) == ["b", "c"])
        #expect(throws: HealthRecordsError.self) { try SearchQuery(parsing: "Patient?shoe=42") }
    }

    @Test func compartmentFollowsReferences() throws {
        let store = try makeStore()
        try store.write { writer in
            try writer.put(patientWrite("p", family: "Wang", birthDate: "1970-01-01"))
            try writer.put(ResourceWrite(type: "Observation", id: "o1", index: [
                SearchIndexEntry(parameter: "subject", kind: .reference, system: "Patient", value: "p"),
            ]) { _, _ in Data(#"{"resourceType":"Observation","id":"o1"}"#.utf8) })
            try writer.put(ResourceWrite(type: "Observation", id: "o2", index: [
                SearchIndexEntry(parameter: "subject", kind: .reference, system: "Patient", value: "other"),
            ]) { _, _ in Data(#"{"resourceType":"Observation","id":"o2"}"#.utf8) })
        }
        #expect(try store.compartment(patientID: "p").map(\.reference) == ["Patient/p", "Observation/o1"])
        #expect(try store.search(SearchQuery(parsing: "Observation?subject=Patient/p")).map(\.id) == ["o1"])
    }

    @Test func savepointUndoesOnlyItsOwnWrites() throws {
        let store = try makeStore()
        try store.write { writer in
            try writer.put(patientWrite("kept", family: "Wu", birthDate: "1970-01-01"))
            _ = try? writer.savepoint { () throws -> Int in
                try writer.put(patientWrite("undone", family: "Wu", birthDate: "1970-01-01"))
                throw HealthRecordsError(.mapping, "simulated failure")
            }
        }
        #expect(try store.read(type: "Patient", id: "kept") != nil)
        #expect(try store.read(type: "Patient", id: "undone") == nil)
    }

    @Test func failedTransactionLeavesNothing() throws {
        let store = try makeStore()
        #expect(throws: HealthRecordsError.self) {
            try store.write { writer in
                try writer.put(patientWrite("x", family: "Xu", birthDate: "1970-01-01"))
                try writer.logImport(ImportLogEntry(key: "k", source: "csv", file: "f", position: "row 1", outcome: .stored,
                                                    patientID: "x", at: writer.now, raw: Data()))
                throw HealthRecordsError(.store, "crash")
            }
        }
        #expect(try store.read(type: "Patient", id: "x") == nil)
        #expect(try store.importLogEntry(key: "k") == nil)
    }

    @Test func mergeLinksAreFollowedToTheSurvivor() throws {
        let store = try makeStore()
        try store.write { writer in
            try writer.addPatientLink(PatientLink(fromID: "a", toID: "b", kind: "merge", score: nil, at: writer.now))
            try writer.addPatientLink(PatientLink(fromID: "b", toID: "c", kind: "merge", score: nil, at: writer.now))
        }
        #expect(try store.survivor(ofPatient: "a") == "c")
        #expect(try store.survivor(ofPatient: "z") == "z")
    }
}
