import GRDB

/// The SQLite schema of ``SQLiteRecordStore`` and its migrations.
///
/// Each migration is registered once and never edited; a schema change adds a migration. `PRAGMA user_version`
/// carries ``currentVersion`` so that external tools can see the schema version.
enum SQLiteSchema {
    /// The schema version after all migrations.
    static let currentVersion = 3

    static func migrator() -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            // Current versions; older versions move to resource_history on update.
            try db.execute(sql: """
                CREATE TABLE resource (
                  type TEXT NOT NULL, id TEXT NOT NULL, version INTEGER NOT NULL,
                  last_updated TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, json BLOB NOT NULL,
                  PRIMARY KEY (type, id));
                CREATE TABLE resource_history (
                  type TEXT NOT NULL, id TEXT NOT NULL, version INTEGER NOT NULL,
                  last_updated TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, json BLOB NOT NULL,
                  PRIMARY KEY (type, id, version));
                CREATE TABLE search_index (
                  type TEXT NOT NULL, id TEXT NOT NULL, parameter TEXT NOT NULL, kind TEXT NOT NULL,
                  system TEXT NOT NULL, value TEXT NOT NULL);
                CREATE INDEX search_index_lookup ON search_index (parameter, value);
                CREATE INDEX search_index_owner ON search_index (type, id);
                CREATE TABLE import_log (
                  key TEXT PRIMARY KEY NOT NULL, source TEXT NOT NULL, file TEXT NOT NULL, position TEXT NOT NULL,
                  outcome TEXT NOT NULL, patient_id TEXT, at TEXT NOT NULL, raw BLOB NOT NULL);
                CREATE TABLE rejection (
                  number INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE, file TEXT NOT NULL,
                  position TEXT NOT NULL, reason TEXT NOT NULL, at TEXT NOT NULL, raw BLOB NOT NULL);
                CREATE TABLE source_mapping (source_key TEXT PRIMARY KEY NOT NULL, id TEXT NOT NULL);
                CREATE TABLE mpi_identifier (
                  system TEXT NOT NULL, value TEXT NOT NULL, patient_id TEXT NOT NULL, PRIMARY KEY (system, value));
                CREATE INDEX mpi_identifier_patient ON mpi_identifier (patient_id);
                CREATE TABLE mpi_record (
                  number INTEGER PRIMARY KEY AUTOINCREMENT, patient_id TEXT NOT NULL, name TEXT NOT NULL,
                  name_pinyin TEXT NOT NULL, birth_date TEXT NOT NULL, sex TEXT NOT NULL, phone TEXT NOT NULL,
                  division TEXT NOT NULL, resident_id TEXT NOT NULL);
                CREATE INDEX mpi_record_patient ON mpi_record (patient_id);
                CREATE TABLE patient_link (
                  number INTEGER PRIMARY KEY AUTOINCREMENT, from_id TEXT NOT NULL, to_id TEXT NOT NULL,
                  kind TEXT NOT NULL, score REAL, at TEXT NOT NULL);
                CREATE INDEX patient_link_from ON patient_link (from_id);
                CREATE TABLE review_queue (
                  number INTEGER PRIMARY KEY AUTOINCREMENT, patient_id TEXT NOT NULL, candidate_id TEXT NOT NULL,
                  score REAL NOT NULL, status TEXT NOT NULL, created TEXT NOT NULL, resolved TEXT);
                PRAGMA user_version = 1;
                """)
        }
        migrator.registerMigration("v2") { db in
            // References get their own index by target id (merges and patient compartments look referrers up by
            // target, which the (parameter, value) index cannot serve); new ids are time-ordered, so its inserts
            // land at its right edge. The (parameter, value) index keeps the other entries only.
            try db.execute(sql: """
                DROP INDEX search_index_lookup;
                CREATE INDEX search_index_lookup ON search_index (parameter, value) WHERE kind != 'reference';
                CREATE INDEX search_index_reference ON search_index (value, system) WHERE kind = 'reference';
                PRAGMA user_version = 2;
                """)
        }
        migrator.registerMigration("v3") { db in
            // Resources get a stable row number (`number`, an INTEGER PRIMARY KEY, which VACUUM keeps) and index
            // entries name their resource by it: the entry table is one B-tree clustered by resource (new
            // resources append at its right edge; the old table was a rowid table plus an index on the (type, id)
            // text), entries are unique by key (no repeats to filter), and the secondary indexes carry an integer
            // instead of the type and id text. The patient index records drop AUTOINCREMENT (a sqlite_sequence
            // write per record; records are never deleted, so numbers still only grow), and identifier links are
            // one B-tree keyed by (system, value) instead of a rowid table plus that key's index.
            try db.execute(sql: """
                CREATE TABLE resource_v3 (
                  number INTEGER PRIMARY KEY, type TEXT NOT NULL, id TEXT NOT NULL, version INTEGER NOT NULL,
                  last_updated TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, json BLOB NOT NULL,
                  UNIQUE (type, id));
                INSERT INTO resource_v3 (type, id, version, last_updated, deleted, json)
                  SELECT type, id, version, last_updated, deleted, json FROM resource ORDER BY rowid;
                CREATE TABLE search_index_v3 (
                  resource INTEGER NOT NULL, parameter TEXT NOT NULL, kind TEXT NOT NULL, system TEXT NOT NULL,
                  value TEXT NOT NULL, PRIMARY KEY (resource, parameter, kind, system, value)) WITHOUT ROWID;
                INSERT OR IGNORE INTO search_index_v3 (resource, parameter, kind, system, value)
                  SELECT r.number, s.parameter, s.kind, s.system, s.value
                  FROM search_index s JOIN resource_v3 r ON r.type = s.type AND r.id = s.id;
                DROP TABLE search_index;
                DROP TABLE resource;
                ALTER TABLE resource_v3 RENAME TO resource;
                ALTER TABLE search_index_v3 RENAME TO search_index;
                CREATE INDEX search_index_lookup ON search_index (parameter, value) WHERE kind != 'reference';
                CREATE INDEX search_index_reference ON search_index (value, system) WHERE kind = 'reference';
                CREATE TABLE mpi_record_v3 (
                  number INTEGER PRIMARY KEY, patient_id TEXT NOT NULL, name TEXT NOT NULL,
                  name_pinyin TEXT NOT NULL, birth_date TEXT NOT NULL, sex TEXT NOT NULL, phone TEXT NOT NULL,
                  division TEXT NOT NULL, resident_id TEXT NOT NULL);
                INSERT INTO mpi_record_v3 SELECT number, patient_id, name, name_pinyin, birth_date, sex, phone, division, resident_id
                  FROM mpi_record;
                DROP TABLE mpi_record;
                ALTER TABLE mpi_record_v3 RENAME TO mpi_record;
                CREATE INDEX mpi_record_patient ON mpi_record (patient_id);
                CREATE TABLE mpi_identifier_v3 (
                  system TEXT NOT NULL, value TEXT NOT NULL, patient_id TEXT NOT NULL, PRIMARY KEY (system, value)) WITHOUT ROWID;
                INSERT INTO mpi_identifier_v3 SELECT system, value, patient_id FROM mpi_identifier;
                DROP TABLE mpi_identifier;
                ALTER TABLE mpi_identifier_v3 RENAME TO mpi_identifier;
                CREATE INDEX mpi_identifier_patient ON mpi_identifier (patient_id);
                PRAGMA user_version = 3;
                """)
        }
        return migrator
    }
}
