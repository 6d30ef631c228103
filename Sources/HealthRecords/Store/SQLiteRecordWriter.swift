import Foundation
import GRDB

/// The writer handed to ``SQLiteRecordStore/write(_:)`` bodies: operations on one open transaction.
final class SQLiteRecordWriter: RecordStoreWriter {
    let db: Database
    let now: String

    init(db: Database, now: String) {
        self.db = db
        self.now = now
    }

    func read(type: String, id: String) throws -> StoredResource? {
        try SQLiteRecordStore.readCurrent(db, type: type, id: id)
    }

    @discardableResult
    func put(_ write: ResourceWrite) throws -> StoredResource {
        var version = 1
        if !write.isNew, let previous = try Row.fetchOne(db.cachedStatement(sql: "SELECT version FROM resource WHERE type = ? AND id = ?"),
                                                          arguments: [write.type, write.id]) {
            version = (previous["version"] as Int) + 1
            // The current version moves to the history inside SQLite (its JSON never comes through here).
            try db.cachedStatement(sql: """
                INSERT INTO resource_history (type, id, version, last_updated, deleted, json)
                SELECT type, id, version, last_updated, deleted, json FROM resource WHERE type = ? AND id = ?
                """).execute(arguments: [write.type, write.id])
            let json = try write.render(version, now)
            try db.cachedStatement(sql: "UPDATE resource SET version = ?, last_updated = ?, deleted = 0, json = ? WHERE type = ? AND id = ?")
                .execute(arguments: [version, now, json, write.type, write.id])
            try replaceIndex(write)
            return StoredResource(type: write.type, id: write.id, version: version, lastUpdated: now, json: json)
        }
        let json = try write.render(version, now)
        try db.cachedStatement(sql: "INSERT INTO resource (type, id, version, last_updated, deleted, json) VALUES (?, ?, ?, ?, 0, ?)")
            .execute(arguments: [write.type, write.id, version, now, json])
        try insertIndex(write)
        return StoredResource(type: write.type, id: write.id, version: version, lastUpdated: now, json: json)
    }

    /// Brings a stored resource's index entries to those of `write`: entries that stay are left alone (an update
    /// usually changes a phone or an address, not the names), the others are deleted or inserted.
    private func replaceIndex(_ write: ResourceWrite) throws {
        var wanted = Set(write.index)
        var stale: [Int64] = []
        let rows = try Row.fetchCursor(db.cachedStatement(sql: "SELECT rowid, parameter, kind, system, value FROM search_index WHERE type = ? AND id = ?"),
                                       arguments: [write.type, write.id])
        while let row = try rows.next() {
            let kind = SearchIndexEntry.Kind(rawValue: row["kind"] as String)
            if let kind, wanted.remove(SearchIndexEntry(parameter: row["parameter"], kind: kind, system: row["system"], value: row["value"])) != nil {
                continue
            }
            stale.append(row["rowid"])
        }
        let delete = try db.cachedStatement(sql: "DELETE FROM search_index WHERE rowid = ?")
        for rowid in stale { try delete.execute(arguments: [rowid]) }
        var added = write
        added.index = write.index.filter { wanted.contains($0) }
        try insertIndex(added)
    }

    /// Inserts a resource's distinct index entries, up to 128 rows per statement (SQLite allows 999 parameters
    /// in old builds).
    private func insertIndex(_ write: ResourceWrite) throws {
        var seen = Set<SearchIndexEntry>()
        let entries = write.index.filter { seen.insert($0).inserted }
        var start = 0
        while start < entries.count {
            let rows = entries[start..<min(entries.count, start + 128)]
            var values: [(any DatabaseValueConvertible)?] = []
            values.reserveCapacity(rows.count * 6)
            for entry in rows { values += [write.type, write.id, entry.parameter, entry.kind.rawValue, entry.system, entry.value] }
            let sql = "INSERT INTO search_index (type, id, parameter, kind, system, value) VALUES "
                + Array(repeating: "(?, ?, ?, ?, ?, ?)", count: rows.count).joined(separator: ", ")
            try db.cachedStatement(sql: sql).execute(arguments: StatementArguments(values))
            start += rows.count
        }
    }

    func referrers(to type: String, id: String) throws -> [(type: String, id: String)] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT DISTINCT type, id FROM search_index WHERE kind = 'reference' AND system = ? AND value = ? ORDER BY type, id
            """), arguments: [type, id]).map { ($0["type"], $0["id"]) }
    }

    func savepoint<T>(_ body: () throws -> T) throws -> T {
        var result: Result<T, any Error>?
        try db.inSavepoint {
            do {
                result = .success(try body())
                return .commit
            } catch {
                result = .failure(error)
                return .rollback
            }
        }
        return try result!.get()
    }

    func importLogEntry(key: String) throws -> ImportLogEntry? {
        try Self.fetchLog(db, key: key)
    }

    static func fetchLog(_ db: Database, key: String) throws -> ImportLogEntry? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM import_log WHERE key = ?"), arguments: [key]) else { return nil }
        return ImportLogEntry(key: row["key"], source: row["source"], file: row["file"], position: row["position"],
                              outcome: ImportLogEntry.Outcome(rawValue: row["outcome"]) ?? .rejected,
                              patientID: row["patient_id"], at: row["at"], raw: row["raw"])
    }

    func logImport(_ entry: ImportLogEntry) throws {
        try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO import_log (key, source, file, position, outcome, patient_id, at, raw) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [entry.key, entry.source, entry.file, entry.position, entry.outcome.rawValue,
                                     entry.patientID, entry.at, entry.raw])
    }

    func reject(_ rejection: Rejection) throws {
        try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO rejection (key, file, position, reason, at, raw) VALUES (?, ?, ?, ?, ?, ?)
            """).execute(arguments: [rejection.key, rejection.file, rejection.position, rejection.reason, rejection.at, rejection.raw])
    }

    func deleteRejection(key: String) throws {
        try db.cachedStatement(sql: "DELETE FROM rejection WHERE key = ?").execute(arguments: [key])
    }

    func survivor(ofPatient id: String) throws -> String {
        try Self.survivor(db, of: id)
    }

    func addPatientIndexRecord(_ record: PatientIndexRecord) throws {
        try db.cachedStatement(sql: """
            INSERT INTO mpi_record (patient_id, name, name_pinyin, birth_date, sex, phone, division, resident_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [record.patientID, record.name, record.namePinyin, record.birthDate, record.sex,
                                     record.phone, record.division, record.residentID])
    }

    func linkIdentifier(_ link: IdentifierLink) throws {
        try db.cachedStatement(sql: "INSERT OR REPLACE INTO mpi_identifier (system, value, patient_id) VALUES (?, ?, ?)")
            .execute(arguments: [link.system, link.value, link.patientID])
    }

    func addPatientLink(_ link: PatientLink) throws {
        try db.cachedStatement(sql: "INSERT INTO patient_link (from_id, to_id, kind, score, at) VALUES (?, ?, ?, ?, ?)")
            .execute(arguments: [link.fromID, link.toID, link.kind, link.score, link.at])
    }

    func reassignPatientIndex(from fromID: String, to toID: String) throws {
        try db.execute(sql: "UPDATE mpi_record SET patient_id = ? WHERE patient_id = ?", arguments: [toID, fromID])
        try db.execute(sql: "UPDATE mpi_identifier SET patient_id = ? WHERE patient_id = ?", arguments: [toID, fromID])
    }

    @discardableResult
    func enqueueReview(_ item: ReviewItem) throws -> Int64 {
        try db.cachedStatement(sql: "INSERT INTO review_queue (patient_id, candidate_id, score, status, created) VALUES (?, ?, ?, ?, ?)")
            .execute(arguments: [item.patientID, item.candidateID, item.score, item.status, item.created])
        return db.lastInsertedRowID
    }

    func resolveReview(id: Int64, decision: String) throws {
        try db.execute(sql: "UPDATE review_queue SET status = ?, resolved = ? WHERE number = ?", arguments: [decision, now, id])
        guard db.changesCount == 1 else { throw HealthRecordsError(.notFound, "review item \(id) does not exist") }
    }

    func sourceMapping(_ sourceKey: String) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT id FROM source_mapping WHERE source_key = ?"), arguments: [sourceKey])
    }

    func setSourceMapping(_ sourceKey: String, id: String) throws {
        try db.cachedStatement(sql: "INSERT OR REPLACE INTO source_mapping (source_key, id) VALUES (?, ?)").execute(arguments: [sourceKey, id])
    }

    static func survivor(_ db: Database, of id: String) throws -> String {
        var current = id
        var seen: Set<String> = [id]
        while let next = try String.fetchOne(db.cachedStatement(sql: """
            SELECT to_id FROM patient_link WHERE from_id = ? AND kind = 'merge' ORDER BY number DESC LIMIT 1
            """), arguments: [current]), !seen.contains(next) {
            seen.insert(next)
            current = next
        }
        return current
    }
}
