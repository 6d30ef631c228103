import Foundation
import GRDB
import GRDBSQLite

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
        if !write.isNew, let (number, previous) = try queryRow(db.cachedStatement(sql: "SELECT number, version FROM resource WHERE type = ? AND id = ?"),
                                                               { s in bind(s, 1, write.type); bind(s, 2, write.id) },
                                                               { s in (sqlite3_column_int64(s, 0), Int(sqlite3_column_int64(s, 1))) }) {
            let version = previous + 1
            // The current version moves to the history inside SQLite (its JSON never comes through here).
            try run(db.cachedStatement(sql: """
                INSERT INTO resource_history (type, id, version, last_updated, deleted, json)
                SELECT type, id, version, last_updated, deleted, json FROM resource WHERE number = ?
                """)) { s in sqlite3_bind_int64(s, 1, number) }
            let json = try write.render(version, now)
            try run(db.cachedStatement(sql: "UPDATE resource SET version = ?, last_updated = ?, deleted = 0, json = ? WHERE number = ?")) { s in
                sqlite3_bind_int64(s, 1, Int64(version)); bind(s, 2, now); bind(s, 3, json); sqlite3_bind_int64(s, 4, number)
            }
            try replaceIndex(of: number, with: write.index)
            return StoredResource(type: write.type, id: write.id, version: version, lastUpdated: now, json: json)
        }
        let json = try write.render(1, now)
        try run(db.cachedStatement(sql: "INSERT INTO resource (type, id, version, last_updated, deleted, json) VALUES (?, ?, 1, ?, 0, ?)")) { s in
            bind(s, 1, write.type); bind(s, 2, write.id); bind(s, 3, now); bind(s, 4, json)
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
            try run(db.cachedStatement(sql: "DELETE FROM search_index WHERE resource = ? AND parameter = ? AND kind = ? AND system = ? AND value = ?")) { s in
                sqlite3_bind_int64(s, 1, resource); bind(s, 2, entry.parameter); bind(s, 3, entry.kind)
                bind(s, 4, entry.system); bind(s, 5, entry.value)
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
            try run(db.cachedStatement(sql: Self.indexInsertSQL[rows.count])) { s in
                var column: Int32 = 1
                for entry in rows {
                    sqlite3_bind_int64(s, column, resource); bind(s, column + 1, entry.parameter)
                    bind(s, column + 2, entry.kind.rawValue); bind(s, column + 3, entry.system); bind(s, column + 4, entry.value)
                    column += 5
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
                     { s in bind(s, 1, key) }) { s in
            ImportLogEntry(key: columnText(s, 0) ?? "", source: columnText(s, 1) ?? "", file: columnText(s, 2) ?? "",
                           position: columnText(s, 3) ?? "", outcome: ImportLogEntry.Outcome(rawValue: columnText(s, 4) ?? "") ?? .rejected,
                           patientID: columnText(s, 5), at: columnText(s, 6) ?? "", raw: columnData(s, 7))
        }
    }

    func logImport(_ entry: ImportLogEntry) throws {
        try run(db.cachedStatement(sql: """
            INSERT OR REPLACE INTO import_log (key, source, file, position, outcome, patient_id, at, raw) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)) { s in
            bind(s, 1, entry.key); bind(s, 2, entry.source); bind(s, 3, entry.file); bind(s, 4, entry.position)
            bind(s, 5, entry.outcome.rawValue); bind(s, 6, entry.patientID); bind(s, 7, entry.at); bind(s, 8, entry.raw)
        }
    }

    func reject(_ rejection: Rejection) throws {
        try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO rejection (key, file, position, reason, at, raw) VALUES (?, ?, ?, ?, ?, ?)
            """).execute(arguments: [rejection.key, rejection.file, rejection.position, rejection.reason, rejection.at, rejection.raw])
    }

    func deleteRejection(key: String) throws {
        try run(db.cachedStatement(sql: "DELETE FROM rejection WHERE key = ?")) { s in bind(s, 1, key) }
    }

    func survivor(ofPatient id: String) throws -> String {
        try Self.survivor(db, of: id)
    }

    func addPatientIndexRecord(_ record: PatientIndexRecord) throws {
        try run(db.cachedStatement(sql: """
            INSERT INTO mpi_record (patient_id, name, name_pinyin, birth_date, sex, phone, division, resident_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)) { s in
            bind(s, 1, record.patientID); bind(s, 2, record.name); bind(s, 3, record.namePinyin); bind(s, 4, record.birthDate)
            bind(s, 5, record.sex); bind(s, 6, record.phone); bind(s, 7, record.division); bind(s, 8, record.residentID)
        }
    }

    func linkIdentifier(_ link: IdentifierLink) throws {
        try run(db.cachedStatement(sql: "INSERT OR REPLACE INTO mpi_identifier (system, value, patient_id) VALUES (?, ?, ?)")) { s in
            bind(s, 1, link.system); bind(s, 2, link.value); bind(s, 3, link.patientID)
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
        try queryRow(db.cachedStatement(sql: "SELECT id FROM source_mapping WHERE source_key = ?"), { s in bind(s, 1, sourceKey) }) { s in
            columnText(s, 0)
        } ?? nil
    }

    func setSourceMapping(_ sourceKey: String, id: String) throws {
        try run(db.cachedStatement(sql: "INSERT OR REPLACE INTO source_mapping (source_key, id) VALUES (?, ?)")) { s in
            bind(s, 1, sourceKey); bind(s, 2, id)
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

    /// Runs a cached statement bound by `bind` (sqlite3_bind_* on its handle) — without GRDB's per-call argument
    /// arrays, which cost the single writer more than SQLite's own work for these small inserts.
    private func run(_ statement: Statement, _ bind: (OpaquePointer) -> Void) throws {
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        bind(handle)
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                                sql: statement.sql)
        }
    }

    /// Runs a cached query bound by `bind` and reads its first row with `read` (nil when there is none).
    private func queryRow<T>(_ statement: Statement, _ bind: (OpaquePointer) -> Void, _ read: (OpaquePointer) -> T) throws -> T? {
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        bind(handle)
        defer { sqlite3_reset(handle); sqlite3_clear_bindings(handle) }
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return read(handle)
        case SQLITE_DONE: return nil
        case let code:
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                                sql: statement.sql)
        }
    }

    private func columnText(_ statement: OpaquePointer, _ column: Int32) -> String? {
        guard let text = sqlite3_column_text(statement, column) else { return nil }
        return String(decoding: UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(statement, column))), as: UTF8.self)
    }

    private func columnData(_ statement: OpaquePointer, _ column: Int32) -> Data {
        guard let bytes = sqlite3_column_blob(statement, column) else { return Data() }
        return Data(bytes: bytes, count: Int(sqlite3_column_bytes(statement, column)))
    }

    private func bind(_ statement: OpaquePointer, _ index: Int32, _ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            _ = utf8.withMemoryRebound(to: CChar.self) { sqlite3_bind_text(statement, index, $0.baseAddress, Int32($0.count), Self.transient) }
        }
    }

    private func bind(_ statement: OpaquePointer, _ index: Int32, _ text: String?) {
        if let text { bind(statement, index, text) } else { sqlite3_bind_null(statement, index) }
    }

    private func bind(_ statement: OpaquePointer, _ index: Int32, _ data: Data) {
        data.withUnsafeBytes { bytes in
            _ = sqlite3_bind_blob(statement, index, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(bytes.count), Self.transient)
        }
    }

    /// SQLITE_TRANSIENT: SQLite copies the bytes before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
