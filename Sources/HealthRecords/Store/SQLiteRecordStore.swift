import Foundation
import CSQLiteSetup
import GRDB

/// The embedded ``RecordStore``: one SQLite file (GRDB) in WAL mode.
///
/// Opening the store runs the schema migrations. Reads may run concurrently with the single writer.
/// Every write goes through ``write(_:)``, one SQLite transaction, so an interrupted process (even `kill -9`)
/// leaves the file at the last committed transaction.
public final class SQLiteRecordStore: RecordStore {
    private let pool: DatabasePool
    private let checkpointer: WALCheckpointer
    /// The path of the SQLite file.
    public let path: String

    /// Opens (creating when needed) the store at `path` and migrates its schema.
    /// - Throws: ``HealthRecordsError`` `store` when the file cannot be opened or migrated.
    public init(path: String) throws {
        self.path = path
        _ = Self.processConfiguration
        checkpointer = WALCheckpointer(path: path)
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            // WAL with NORMAL sync is durable against process crashes (kill -9); FULL adds power-loss durability.
            // Checkpoints run on their own thread (WALCheckpointer), not inside the writer's commits. The writer
            // checkpoints itself only past 16,384 log pages (64 MiB): by then the background thread has copied
            // most frames, and the writer's own (short) checkpoint lets its next transaction restart the log, which
            // a long import that keeps a transaction open would otherwise never do. The log stays near 100 MB.
            try db.execute(sql: "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 16384; PRAGMA temp_store = MEMORY")
        }
        configuration.busyMode = .timeout(10)
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try SQLiteSchema.migrator().migrate(pool)
        } catch {
            throw HealthRecordsError(.store, "cannot open record store at \(path): \(error)")
        }
    }

    deinit {
        checkpointer.stop()
    }

    /// SQLite's process-wide settings, applied once before the first store opens (`gx_sqlite_configure_process`:
    /// no per-connection mutexes, which GRDB's serialised connections do not need, and no allocation statistics,
    /// a global lock per allocation). False when they could not be applied (SQLite already initialised by other
    /// code); SQLite then keeps its defaults, which are correct, only slower.
    private static let processConfiguration: Bool = gx_sqlite_configure_process() == 0

    /// The schema version of the open file (`PRAGMA user_version`).
    public func schemaVersion() throws -> Int {
        try wrap { try pool.read { try Int.fetchOne($0, sql: "PRAGMA user_version") ?? 0 } }
    }

    /// The SQLite journal mode in force (`wal`).
    public func journalMode() throws -> String {
        try wrap { try pool.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") ?? "" } }
    }

    public func read(type: String, id: String) throws -> StoredResource? {
        try wrap { try pool.read { try Self.readCurrent($0, type: type, id: id) } }
    }

    public func history(type: String, id: String) throws -> [StoredResource] {
        try wrap {
            try pool.read { db in
                var rows = try Row.fetchAll(db, sql: "SELECT * FROM resource_history WHERE type = ? AND id = ? ORDER BY version",
                                            arguments: [type, id]).map(Self.resource)
                if let current = try Self.readCurrent(db, type: type, id: id, includeDeleted: true) { rows.append(current) }
                return rows
            }
        }
    }

    public func search(_ query: SearchQuery) throws -> [StoredResource] {
        var sql = "SELECT r.* FROM resource r WHERE r.type = ? AND r.deleted = 0"
        var arguments: [(any DatabaseValueConvertible)?] = [query.type]
        for criterion in query.criteria {
            var alternatives: [String] = []
            for value in criterion.values {
                let (clause, args) = try SearchSQL.clause(parameter: criterion.parameter, value: value)
                alternatives.append(clause)
                arguments.append(contentsOf: args)
            }
            guard !alternatives.isEmpty else { continue }
            sql += " AND (" + alternatives.joined(separator: " OR ") + ")"
        }
        sql += " ORDER BY r.id"
        if let count = query.count { sql += " LIMIT \(count)" }
        let finalSQL = sql
        let finalArguments = StatementArguments(arguments)
        return try wrap { try pool.read { try Row.fetchAll($0, sql: finalSQL, arguments: finalArguments).map(Self.resource) } }
    }

    public func compartment(patientID: String) throws -> [StoredResource] {
        try wrap {
            try pool.read { db in
                var result: [StoredResource] = []
                if let patient = try Self.readCurrent(db, type: "Patient", id: patientID) { result.append(patient) }
                let rows = try Row.fetchAll(db, sql: """
                    SELECT r.* FROM resource r WHERE r.deleted = 0 AND r.number IN (
                      SELECT s.resource FROM search_index s WHERE s.kind = 'reference' AND s.value = ? AND s.system = 'Patient')
                      AND NOT (r.type = 'Patient' AND r.id = ?)
                    ORDER BY r.type, r.id
                    """, arguments: [patientID, patientID])
                result.append(contentsOf: rows.map(Self.resource))
                return result
            }
        }
    }

    public func forEachCurrent(type: String?, _ body: (StoredResource) throws -> Void) throws {
        try wrap {
            try pool.read { db in
                let cursor = type == nil
                    ? try Row.fetchCursor(db, sql: "SELECT * FROM resource WHERE deleted = 0 ORDER BY type, id")
                    : try Row.fetchCursor(db, sql: "SELECT * FROM resource WHERE deleted = 0 AND type = ? ORDER BY id", arguments: [type])
                while let row = try cursor.next() { try body(Self.resource(row)) }
            }
        }
    }

    public func countByType() throws -> [String: Int] {
        try wrap {
            try pool.read { db in
                var counts: [String: Int] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT type, COUNT(*) AS n FROM resource WHERE deleted = 0 GROUP BY type") {
                    counts[row["type"]] = row["n"]
                }
                return counts
            }
        }
    }

    @discardableResult
    public func write<T>(_ body: (any RecordStoreWriter) throws -> T) throws -> T {
        do {
            let result = try pool.write { db in
                let writer = SQLiteRecordWriter(db: db, now: Timestamp.now())
                return try body(writer)
            }
            checkpointer.request()
            return result
        } catch let error as HealthRecordsError {
            throw error
        } catch {
            throw HealthRecordsError(.store, "record store write failed: \(error)")
        }
    }

    public func importLogEntry(key: String) throws -> ImportLogEntry? {
        // The writer's statements only read here (one reader of the import log's row layout).
        try wrap { try pool.read { try SQLiteRecordWriter(db: $0, now: "").importLogEntry(key: key) } }
    }

    /// Import log counts per outcome (every processed input has exactly one entry).
    public func importLogCounts() throws -> [ImportLogEntry.Outcome: Int] {
        try wrap {
            try pool.read { db in
                var counts: [ImportLogEntry.Outcome: Int] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT outcome, COUNT(*) AS n FROM import_log GROUP BY outcome") {
                    if let outcome = ImportLogEntry.Outcome(rawValue: row["outcome"]) { counts[outcome] = row["n"] }
                }
                return counts
            }
        }
    }

    /// Every import log entry's key and patient id (for identity evaluation against a known truth).
    public func importedPatients() throws -> [(key: String, patientID: String?)] {
        try wrap {
            try pool.read { db in
                try Row.fetchAll(db, sql: "SELECT key, patient_id FROM import_log ORDER BY rowid").map { ($0["key"], $0["patient_id"]) }
            }
        }
    }

    public func rejections() throws -> [Rejection] {
        try wrap {
            try pool.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM rejection ORDER BY number").map {
                    Rejection(key: $0["key"], file: $0["file"], position: $0["position"], reason: $0["reason"], at: $0["at"], raw: $0["raw"])
                }
            }
        }
    }

    public func reviewQueue(includeResolved: Bool) throws -> [ReviewItem] {
        try wrap {
            try pool.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM review_queue \(includeResolved ? "" : "WHERE status = 'open'") ORDER BY number").map {
                    ReviewItem(number: $0["number"], patientID: $0["patient_id"], candidateID: $0["candidate_id"],
                               score: $0["score"], status: $0["status"], created: $0["created"])
                }
            }
        }
    }

    public func survivor(ofPatient id: String) throws -> String {
        try wrap { try pool.read { try SQLiteRecordWriter.survivor($0, of: id) } }
    }

    public func mergedPatients() throws -> [String: String] {
        let links = try wrap {
            try pool.read { db in
                try Row.fetchAll(db, sql: "SELECT from_id, to_id FROM patient_link WHERE kind = 'merge' ORDER BY number").map { ($0["from_id"] as String, $0["to_id"] as String) }
            }
        }
        var next: [String: String] = [:]
        for (from, to) in links { next[from] = to }
        var result: [String: String] = [:]
        for start in next.keys {
            var current = start, seen: Set<String> = [start]
            while let step = next[current], seen.insert(step).inserted { current = step }
            result[start] = current
        }
        return result
    }

    public func patientIndexRecords() throws -> [PatientIndexRecord] {
        try wrap {
            try pool.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM mpi_record ORDER BY number").map {
                    PatientIndexRecord(patientID: $0["patient_id"], name: $0["name"], namePinyin: $0["name_pinyin"],
                                       birthDate: $0["birth_date"], sex: $0["sex"], phone: $0["phone"],
                                       division: $0["division"], residentID: $0["resident_id"])
                }
            }
        }
    }

    public func identifierLinks() throws -> [IdentifierLink] {
        try wrap {
            try pool.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM mpi_identifier").map {
                    IdentifierLink(system: $0["system"], value: $0["value"], patientID: $0["patient_id"])
                }
            }
        }
    }

    static func readCurrent(_ db: Database, type: String, id: String, includeDeleted: Bool = false) throws -> StoredResource? {
        try SQLiteRecordWriter(db: db, now: "").current(type: type, id: id, includeDeleted: includeDeleted)
    }

    static func resource(_ row: Row) -> StoredResource {
        StoredResource(type: row["type"], id: row["id"], version: row["version"], lastUpdated: row["last_updated"],
                       deleted: row["deleted"], json: row["json"])
    }

    private func wrap<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as HealthRecordsError { throw error } catch {
            throw HealthRecordsError(.store, "record store read failed: \(error)")
        }
    }
}

/// Instants in the form FHIR `meta.lastUpdated` wants.
enum Timestamp {
    static func now() -> String {
        Date.now.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
