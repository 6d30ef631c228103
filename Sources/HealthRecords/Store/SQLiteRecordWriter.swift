import Foundation
import GRDB
import GRDBSQLite

/// The writer handed to ``SQLiteRecordStore/write(_:)`` bodies: operations on one open transaction.
final class SQLiteRecordWriter: RecordStoreWriter {
    let db: Database
    let now: String
    /// The values of the statement being run (one arena, reused).
    private var parameters = StatementParameters()

    init(db: Database, now: String) {
        self.db = db
        self.now = now
    }

    func read(type: String, id: String) throws -> StoredResource? {
        try current(type: type, id: id, includeDeleted: false)
    }

    /// The current version of `type`/`id` (nil when absent, or deleted unless `includeDeleted`). The store's reads
    /// go through here too: one reader of the resource row.
    func current(type: String, id: String, includeDeleted: Bool) throws -> StoredResource? {
        let resource = try queryRow(db.cachedStatement(sql: "SELECT version, last_updated, deleted, json FROM resource WHERE type = ? AND id = ?"),
                                    { p in p.text(type); p.text(id) }) { s in
            StoredResource(type: type, id: id, version: Int(sqlite3_column_int64(s, 0)), lastUpdated: columnText(s, 1) ?? "",
                           deleted: sqlite3_column_int64(s, 2) != 0, json: columnData(s, 3))
        }
        return resource?.deleted == true && !includeDeleted ? nil : resource
    }

    @discardableResult
    func put(_ write: ResourceWrite) throws -> StoredResource {
        if !write.isNew, let (number, previous) = try queryRow(db.cachedStatement(sql: "SELECT number, version FROM resource WHERE type = ? AND id = ?"),
                                                               { p in p.text(write.type); p.text(write.id) },
                                                               { s in (sqlite3_column_int64(s, 0), Int(sqlite3_column_int64(s, 1))) }) {
            let version = previous + 1
            // The current version moves to the history inside SQLite (its JSON never comes through here).
            try run(db.cachedStatement(sql: """
                INSERT INTO resource_history (type, id, version, last_updated, deleted, json)
                SELECT type, id, version, last_updated, deleted, json FROM resource WHERE number = ?
                """)) { p in p.integer(number) }
            let json = try write.render(version, now)
            try run(db.cachedStatement(sql: "UPDATE resource SET version = ?, last_updated = ?, deleted = 0, json = ? WHERE number = ?")) { p in
                p.integer(Int64(version)); p.text(now); p.blob(json); p.integer(number)
            }
            try replaceIndex(of: number, with: write.index)
            return StoredResource(type: write.type, id: write.id, version: version, lastUpdated: now, json: json)
        }
        let json = try write.render(1, now)
        try run(db.cachedStatement(sql: "INSERT INTO resource (type, id, version, last_updated, deleted, json) VALUES (?, ?, 1, ?, 0, ?)")) { p in
            p.text(write.type); p.text(write.id); p.text(now); p.blob(json)
        }
        try insertIndex(of: sqlite3_last_insert_rowid(db.sqliteConnection), entries: write.index[...])
        return StoredResource(type: write.type, id: write.id, version: 1, lastUpdated: now, json: json)
    }

    /// Brings a stored resource's index entries to `entries`: entries that stay are left alone (an update usually
    /// changes a phone or an address, not the names), the others are deleted or inserted.
    private func replaceIndex(of resource: Int64, with entries: [SearchIndexEntry]) throws {
        var wanted = Set(entries)
        var stale: [(parameter: String, kind: String, system: String, value: String)] = []
        let rows = try Row.fetchCursor(db.cachedStatement(sql: "SELECT parameter, kind, system, value FROM search_index WHERE resource = ?"),
                                       arguments: [resource])
        while let row = try rows.next() {
            let kind: String = row[1]
            if let known = SearchIndexEntry.Kind(rawValue: kind),
               wanted.remove(SearchIndexEntry(parameter: row[0], kind: known, system: row[2], value: row[3])) != nil { continue }
            stale.append((row[0], kind, row[2], row[3]))
        }
        for entry in stale {
            try run(db.cachedStatement(sql: "DELETE FROM search_index WHERE resource = ? AND parameter = ? AND kind = ? AND system = ? AND value = ?")) { p in
                p.integer(resource); p.text(entry.parameter); p.text(entry.kind)
                p.text(entry.system); p.text(entry.value)
            }
        }
        try insertIndex(of: resource, entries: entries.filter { wanted.contains($0) }[...])
    }

    /// `INSERT OR IGNORE … VALUES (…), (…)` for 1…`maximumIndexRows` rows, made once (the writer inserts a
    /// resource's index entries with one statement; building this text per resource was a per-record allocation).
    /// A repeated entry is ignored (the table's key is the whole entry).
    private static let maximumIndexRows = 128
    private static let indexInsertSQL: [String] = (0...maximumIndexRows).map { rows in
        "INSERT OR IGNORE INTO search_index (resource, parameter, kind, system, value) VALUES "
            + Array(repeating: "(?, ?, ?, ?, ?)", count: rows).joined(separator: ", ")
    }

    /// Inserts index entries of one resource (its row number), up to 128 rows per statement (SQLite allows 999
    /// parameters in old builds).
    private func insertIndex(of resource: Int64, entries: ArraySlice<SearchIndexEntry>) throws {
        var start = entries.startIndex
        while start < entries.endIndex {
            let rows = entries[start..<min(entries.endIndex, start + Self.maximumIndexRows)]
            try run(db.cachedStatement(sql: Self.indexInsertSQL[rows.count])) { p in
                for entry in rows {
                    p.integer(resource); p.text(entry.parameter); p.text(entry.kind.rawValue); p.text(entry.system); p.text(entry.value)
                }
            }
            start = rows.endIndex
        }
    }

    func referrers(to type: String, id: String) throws -> [(type: String, id: String)] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT DISTINCT r.type, r.id FROM search_index s JOIN resource r ON r.number = s.resource
            WHERE s.kind = 'reference' AND s.system = ? AND s.value = ? ORDER BY r.type, r.id
            """), arguments: [type, id]).map { ($0["type"], $0["id"]) }
    }

    /// Runs `body` in a savepoint: all of its writes stand or none. The savepoint statements are prepared once
    /// per transaction (GRDB's `inSavepoint` compiles them for every input; the writer runs one per input).
    func savepoint<T>(_ body: () throws -> T) throws -> T {
        try run(db.cachedStatement(sql: "SAVEPOINT gx_input")) { _ in }
        let result: T
        do {
            result = try body()
        } catch {
            try run(db.cachedStatement(sql: "ROLLBACK TRANSACTION TO SAVEPOINT gx_input")) { _ in }
            try run(db.cachedStatement(sql: "RELEASE SAVEPOINT gx_input")) { _ in }
            throw error
        }
        try run(db.cachedStatement(sql: "RELEASE SAVEPOINT gx_input")) { _ in }
        return result
    }

    func importLogEntry(key: String) throws -> ImportLogEntry? {
        try queryRow(db.cachedStatement(sql: "SELECT key, source, file, position, outcome, patient_id, at, raw FROM import_log WHERE key = ?"),
                     { p in p.text(key) }) { s in
            ImportLogEntry(key: columnText(s, 0) ?? "", source: columnText(s, 1) ?? "", file: columnText(s, 2) ?? "",
                           position: columnText(s, 3) ?? "", outcome: ImportLogEntry.Outcome(rawValue: columnText(s, 4) ?? "") ?? .rejected,
                           patientID: columnText(s, 5), at: columnText(s, 6) ?? "", raw: columnData(s, 7))
        }
    }

    func logImport(_ entry: ImportLogEntry) throws {
        try run(db.cachedStatement(sql: """
            INSERT OR REPLACE INTO import_log (key, source, file, position, outcome, patient_id, at, raw) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)) { p in
            p.text(entry.key); p.text(entry.source); p.text(entry.file); p.text(entry.position)
            p.text(entry.outcome.rawValue); p.text(entry.patientID); p.text(entry.at); p.blob(entry.raw)
        }
    }

    func reject(_ rejection: Rejection) throws {
        try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO rejection (key, file, position, reason, at, raw) VALUES (?, ?, ?, ?, ?, ?)
            """).execute(arguments: [rejection.key, rejection.file, rejection.position, rejection.reason, rejection.at, rejection.raw])
    }

    func deleteRejection(key: String) throws {
        try run(db.cachedStatement(sql: "DELETE FROM rejection WHERE key = ?")) { p in p.text(key) }
    }

    func survivor(ofPatient id: String) throws -> String {
        try Self.survivor(db, of: id)
    }

    func addPatientIndexRecord(_ record: PatientIndexRecord) throws {
        try run(db.cachedStatement(sql: """
            INSERT INTO mpi_record (patient_id, name, name_pinyin, birth_date, sex, phone, division, resident_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)) { p in
            p.text(record.patientID); p.text(record.name); p.text(record.namePinyin); p.text(record.birthDate)
            p.text(record.sex); p.text(record.phone); p.text(record.division); p.text(record.residentID)
        }
    }

    func linkIdentifier(_ link: IdentifierLink) throws {
        try run(db.cachedStatement(sql: "INSERT OR REPLACE INTO mpi_identifier (system, value, patient_id) VALUES (?, ?, ?)")) { p in
            p.text(link.system); p.text(link.value); p.text(link.patientID)
        }
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
        try queryRow(db.cachedStatement(sql: "SELECT id FROM source_mapping WHERE source_key = ?"), { p in p.text(sourceKey) }) { s in
            columnText(s, 0)
        } ?? nil
    }

    func setSourceMapping(_ sourceKey: String, id: String) throws {
        try run(db.cachedStatement(sql: "INSERT OR REPLACE INTO source_mapping (source_key, id) VALUES (?, ?)")) { p in
            p.text(sourceKey); p.text(id)
        }
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

    // MARK: - The import's hot statements, bound directly

    /// Runs a cached statement with the parameters `bind` gives, in order (``StatementParameters``: bound without
    /// copies, and without GRDB's per-call argument arrays, which cost the single writer more than SQLite's own work
    /// for these small inserts).
    private func run(_ statement: Statement, _ bind: (inout StatementParameters) -> Void) throws {
        let handle = statement.sqliteStatement
        parameters.removeAll()
        bind(&parameters)
        let code = parameters.withBound(to: handle) {
            let code = sqlite3_step(handle)
            sqlite3_reset(handle)
            return code
        }
        guard code == SQLITE_DONE else { throw error(code, statement) }
    }

    /// Runs a cached query with the parameters `bind` gives and reads its first row with `read` (nil when none).
    private func queryRow<T>(_ statement: Statement, _ bind: (inout StatementParameters) -> Void, _ read: (OpaquePointer) -> T) throws -> T? {
        let handle = statement.sqliteStatement
        parameters.removeAll()
        bind(&parameters)
        // The row is read while the parameters are bound; a failure code is turned into an error after.
        var failure: Int32?
        let row: T? = parameters.withBound(to: handle) {
            defer { sqlite3_reset(handle) }
            switch sqlite3_step(handle) {
            case SQLITE_ROW: return read(handle)
            case SQLITE_DONE: return nil
            case let code: failure = code; return nil
            }
        }
        if let failure { throw error(failure, statement) }
        return row
    }

    private func error(_ code: Int32, _ statement: Statement) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: statement.sql)
    }

    private func columnText(_ statement: OpaquePointer, _ column: Int32) -> String? {
        guard let text = sqlite3_column_text(statement, column) else { return nil }
        return String(decoding: UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(statement, column))), as: UTF8.self)
    }

    private func columnData(_ statement: OpaquePointer, _ column: Int32) -> Data {
        guard let bytes = sqlite3_column_blob(statement, column) else { return Data() }
        return Data(bytes: bytes, count: Int(sqlite3_column_bytes(statement, column)))
    }
}
