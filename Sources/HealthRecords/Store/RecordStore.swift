import Foundation

/// A durable store of FHIR resources with version history, search indexes, the patient index tables and the
/// import bookkeeping (import log, rejections).
///
/// The protocol is phrased in store operations, not SQL, so that a shared PostgreSQL implementation can follow the
/// embedded ``SQLiteRecordStore``: every write happens inside ``write(_:)``, one database transaction, and is all or
/// nothing.
///
/// ```swift
/// let store = try SQLiteRecordStore(path: "gx.sqlite")
/// let patient = try store.read(type: "Patient", id: "p1")
/// ```
public protocol RecordStore: Sendable {
    /// Reads the current version of a resource (nil when absent or deleted).
    /// - Throws: ``HealthRecordsError`` with code `store` when the store fails.
    func read(type: String, id: String) throws -> StoredResource?
    /// Reads every version of a resource, oldest first.
    func history(type: String, id: String) throws -> [StoredResource]
    /// Finds current resources of `query.type` matching every criterion of the query.
    func search(_ query: SearchQuery) throws -> [StoredResource]
    /// The patient's compartment: the Patient itself and every current resource referring to it.
    func compartment(patientID: String) throws -> [StoredResource]
    /// Calls `body` for every current, non-deleted resource (of `type` when given), ordered by type and id.
    func forEachCurrent(type: String?, _ body: (StoredResource) throws -> Void) throws
    /// Counts current, non-deleted resources per type.
    func countByType() throws -> [String: Int]
    /// Runs `body` in one write transaction; a thrown error rolls everything back.
    @discardableResult
    func write<T>(_ body: (any RecordStoreWriter) throws -> T) throws -> T
    /// The import log entry for an idempotency key, if that input was already processed.
    func importLogEntry(key: String) throws -> ImportLogEntry?
    /// Every rejected input, oldest first.
    func rejections() throws -> [Rejection]
    /// The open review queue (uncertain identity matches).
    func reviewQueue(includeResolved: Bool) throws -> [ReviewItem]
    /// Where a merged or linked patient id now lives (follows merge links to the survivor).
    func survivor(ofPatient id: String) throws -> String
    /// Every merged-away patient id with the survivor it now lives in (merge chains followed).
    func mergedPatients() throws -> [String: String]
    /// Loads every patient-index record (demographics used by the matcher).
    func patientIndexRecords() throws -> [PatientIndexRecord]
    /// Loads every identifier → patient link.
    func identifierLinks() throws -> [IdentifierLink]
}

/// The operations available inside one write transaction of a ``RecordStore``.
public protocol RecordStoreWriter {
    /// The time stamp (instant) every version written in this transaction carries.
    var now: String { get }
    /// Reads the current version of a resource as seen inside the transaction.
    func read(type: String, id: String) throws -> StoredResource?
    /// Writes a new version of a resource (version 1 when new), replacing its search index entries.
    @discardableResult
    func put(_ write: ResourceWrite) throws -> StoredResource
    /// Ids of current resources that refer to `Type/id` (any reference parameter).
    func referrers(to type: String, id: String) throws -> [(type: String, id: String)]
    /// Runs `body` in a savepoint: an error thrown by `body` undoes only its own writes, then rethrows.
    func savepoint<T>(_ body: () throws -> T) throws -> T
    /// The import log entry for a key, as seen inside the transaction.
    func importLogEntry(key: String) throws -> ImportLogEntry?
    /// Records that an input was processed (or rejected) under its idempotency key.
    func logImport(_ entry: ImportLogEntry) throws
    /// Records a rejected input with its reason and position (replacing an earlier rejection of the same key).
    func reject(_ rejection: Rejection) throws
    /// Removes the rejection of an input that has now been imported.
    func deleteRejection(key: String) throws
    /// Where a merged patient id now lives, as seen inside the transaction.
    func survivor(ofPatient id: String) throws -> String
    /// Adds a demographics record for the patient index.
    func addPatientIndexRecord(_ record: PatientIndexRecord) throws
    /// Links an identifier (system + value) to a patient (replacing an older link for the same identifier).
    func linkIdentifier(_ link: IdentifierLink) throws
    /// Records a patient link (merge, match) from `fromID` to `toID`.
    func addPatientLink(_ link: PatientLink) throws
    /// Moves patient-index records and identifier links of `fromID` to `toID` (after a merge).
    func reassignPatientIndex(from fromID: String, to toID: String) throws
    /// Adds an uncertain pair to the review queue; returns its number.
    @discardableResult
    func enqueueReview(_ item: ReviewItem) throws -> Int64
    /// Marks a review item resolved with a decision (`linked`, `distinct`).
    func resolveReview(id: Int64, decision: String) throws
    /// Maps a source-side identity (`sender|Type|source id`) to a store id, or reads that mapping.
    func sourceMapping(_ sourceKey: String) throws -> String?
    /// Records a source-side identity → store id mapping.
    func setSourceMapping(_ sourceKey: String, id: String) throws
}

/// What happened to one input (message, row, bundle) under its idempotency key.
public struct ImportLogEntry: Sendable, Hashable {
    /// The outcome of an input.
    public enum Outcome: String, Sendable, Hashable, CaseIterable {
        /// New resources were stored (a new person or new data).
        case stored
        /// An existing record was updated (matched person, A08 update, repeated source resource).
        case updated
        /// A merge (HL7 v2 A40) moved a patient's record into the survivor.
        case merged
        /// The input was rejected (see the rejection table).
        case rejected
    }
    /// The idempotency key (`hl7v2|sender|MSH-10`, `csv|…`, `fhir|…`).
    public var key: String
    /// The source format (`hl7v2`, `csv`, `fhir`).
    public var source: String
    /// The input file path as given.
    public var file: String
    /// The position in the file (`message 12`, `row 40`, `entry 3`).
    public var position: String
    /// The outcome.
    public var outcome: Outcome
    /// The patient the input was filed under (nil for rejections and inputs without a patient).
    public var patientID: String?
    /// When it was processed.
    public var at: String
    /// The raw input (message text, CSV row, bundle JSON), kept so that nothing is lost.
    public var raw: Data

    /// Creates a log entry.
    public init(key: String, source: String, file: String, position: String, outcome: Outcome,
                patientID: String?, at: String, raw: Data) {
        self.key = key; self.source = source; self.file = file; self.position = position
        self.outcome = outcome; self.patientID = patientID; self.at = at; self.raw = raw
    }
}

/// A rejected input: what was wrong and where.
public struct Rejection: Sendable, Hashable {
    /// The idempotency key of the input (or a position-derived key when the input had none).
    public var key: String
    /// The input file.
    public var file: String
    /// The position (`message 12`, `row 40`, `line 7`).
    public var position: String
    /// Why it was rejected (no personal data).
    public var reason: String
    /// When.
    public var at: String
    /// The raw input.
    public var raw: Data

    /// Creates a rejection.
    public init(key: String, file: String, position: String, reason: String, at: String, raw: Data) {
        self.key = key; self.file = file; self.position = position; self.reason = reason; self.at = at; self.raw = raw
    }
}

/// A pair of patients the index could not decide on.
public struct ReviewItem: Sendable, Hashable {
    /// The queue number (0 before it is stored).
    public var number: Int64
    /// The newly created patient.
    public var patientID: String
    /// The existing patient it may be the same person as.
    public var candidateID: String
    /// The Fellegi–Sunter match weight (log2 likelihood ratio).
    public var score: Double
    /// `open`, `linked` or `distinct`.
    public var status: String
    /// When it was queued.
    public var created: String

    /// Creates a review item.
    public init(number: Int64 = 0, patientID: String, candidateID: String, score: Double, status: String = "open", created: String) {
        self.number = number; self.patientID = patientID; self.candidateID = candidateID
        self.score = score; self.status = status; self.created = created
    }
}

/// An identifier (system + value) known to belong to a patient.
public struct IdentifierLink: Sendable, Hashable {
    /// The identifier system (URI or OID URN; for HL7 v2, the assigning authority).
    public var system: String
    /// The identifier value.
    public var value: String
    /// The patient.
    public var patientID: String
    /// Creates a link.
    public init(system: String, value: String, patientID: String) {
        self.system = system; self.value = value; self.patientID = patientID
    }
}

/// A recorded relation between two patient ids.
public struct PatientLink: Sendable, Hashable {
    /// The patient that was merged or linked away.
    public var fromID: String
    /// The surviving patient.
    public var toID: String
    /// `merge` (HL7 v2 A40 or a review decision) or `match` (the index linked an input to an existing patient).
    public var kind: String
    /// The match weight for `match` links, nil otherwise.
    public var score: Double?
    /// When.
    public var at: String
    /// Creates a link.
    public init(fromID: String, toID: String, kind: String, score: Double?, at: String) {
        self.fromID = fromID; self.toID = toID; self.kind = kind; self.score = score; self.at = at
    }
}
