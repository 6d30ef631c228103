import Foundation

/// Imports mapped inputs into a ``RecordStore``: each input in its own savepoint (all of it or none of it),
/// patients matched by the master patient index, references resolved and checked, every input logged under its
/// idempotency key as stored / updated / merged or rejected with its reason and position.
///
/// Inputs are committed in transactions of ``transactionSize`` inputs. A process killed at any moment leaves the
/// store at the last committed transaction; running the same import again skips what the import log already holds
/// and processes the rest in the same order, so nothing is lost and nothing is duplicated.
///
/// ```swift
/// let importer = try RecordImporter(store: store)
/// try importer.run(inputs)
/// print(importer.counts)      // in 120: stored 80, updated 38, merged 1, rejected 1, already imported 0
/// ```
public final class RecordImporter {
    /// The store written to.
    public let store: any RecordStore
    /// Inputs committed per transaction.
    public var transactionSize: Int
    /// The counts so far.
    public private(set) var counts = ImportCounts()
    /// The first rejections of this run (file, position, reason), at most ``rejectionSampleLimit``.
    public private(set) var rejectionSample: [Rejection] = []
    /// How many rejections to keep in ``rejectionSample``.
    public var rejectionSampleLimit = 20
    /// Resource types not stored (transport-only resources of a message).
    public var skippedTypes: Set<String> = MappedInput.transportTypes

    private var index: PatientIndex

    /// Opens an importer on `store`, loading the patient index from it.
    public init(store: any RecordStore, parameters: MatchParameters = .defaults, transactionSize: Int = 4096) throws {
        self.store = store
        self.transactionSize = max(1, transactionSize)
        self.index = try PatientIndex(store: store, parameters: parameters)
    }

    /// Imports `inputs` in order. Throws only when the store itself fails (the inputs of the open transaction are
    /// then not committed, and a rerun processes them); bad inputs are rejected and counted, never thrown.
    public func run(_ inputs: some Sequence<ImportInput>, progress: ((ImportCounts) -> Void)? = nil) throws {
        var iterator = inputs.makeIterator()
        var ended = false
        while !ended {
            // Inputs are taken from the sequence inside the open transaction, one at a time, so a reader that maps
            // ahead (HL7 v2) keeps working while this transaction is written.
            var taken: [ImportInput] = []
            taken.reserveCapacity(transactionSize)
            try commit {
                guard taken.count < transactionSize else { return nil }
                guard let input = iterator.next() else { ended = true; return nil }
                taken.append(input)
                return input
            }
            if !taken.isEmpty {
                Self.releaseInBackground(taken)
                progress?(counts)
            }
        }
    }

    /// Frees a committed batch (thousands of FHIR object trees) on another thread: the single writer goes on with
    /// the next batch instead of spending a few percent of its time in deallocation.
    private static func releaseInBackground(_ batch: [ImportInput]) {
        let box = ReleaseBox(batch)
        let thread = Thread { box.empty() }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Holds the last reference to a batch until the background thread drops it.
    private final class ReleaseBox: @unchecked Sendable {
        private var batch: [ImportInput]?
        init(_ batch: [ImportInput]) { self.batch = batch }
        func empty() { batch = nil }
    }

    /// Records the import in the audit trail (counts and file names; no personal data).
    public func recordAudit(files: [String]) throws {
        let c = counts
        try store.write { writer in
            try AuditTrail.record(.import, details: [
                ("files", files.map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: ",")),
                ("in", String(c.inputs)), ("stored", String(c.stored)), ("updated", String(c.updated)),
                ("merged", String(c.merged)), ("rejected", String(c.rejected)), ("already-imported", String(c.alreadyImported)),
            ], success: c.rejected == 0, in: writer)
        }
    }

    // MARK: - Transactions

    private enum IndexChange {
        case add(PatientIndexRecord, blockingKeys: [UInt64])
        case link(system: String, value: String, patientID: String)
        case reassign(from: String, to: String)
    }

    private func commit(_ next: () -> ImportInput?) throws {
        var batchCounts = counts
        var batchRejections = rejectionSample
        var changes: [IndexChange] = []
        do {
            try store.write { writer in
                while let input = next() {
                    batchCounts.inputs += 1
                    let logged = try writer.importLogEntry(key: input.key)
                    if let logged, logged.outcome != .rejected {
                        batchCounts.alreadyImported += 1
                        continue
                    }
                    var inputChanges: [IndexChange] = []
                    var inputCounts = ImportCounts()
                    var outcome: ImportLogEntry.Outcome
                    var patientID: String?
                    do {
                        guard case .mapped(let mapped) = input.content else {
                            if case .failed(let error) = input.content { throw error }
                            fatalError("unreachable")
                        }
                        (outcome, patientID) = try writer.savepoint {
                            try self.process(input, mapped, writer: writer, changes: &inputChanges, counts: &inputCounts)
                        }
                        // A rejection is on file only for an input logged as rejected (both are written together).
                        if logged != nil { try writer.deleteRejection(key: input.key) }
                    } catch let error as HealthRecordsError where error.code != .store {
                        let rejection = Rejection(key: input.key, file: input.file, position: input.position,
                                                  reason: error.description, at: writer.now, raw: input.raw)
                        try writer.reject(rejection)
                        if batchRejections.count < rejectionSampleLimit { batchRejections.append(rejection) }
                        outcome = .rejected
                        patientID = nil
                        inputChanges = []
                        inputCounts = ImportCounts()
                    }
                    try writer.logImport(ImportLogEntry(key: input.key, source: input.source.rawValue, file: input.file,
                                                        position: input.position, outcome: outcome, patientID: patientID,
                                                        at: writer.now, raw: input.raw))
                    batchCounts.count(outcome)
                    batchCounts.newPatients += inputCounts.newPatients
                    batchCounts.reviews += inputCounts.reviews
                    // The in-memory index follows the savepoint: applied only once the input's writes stand.
                    apply(inputChanges)
                    changes.append(contentsOf: inputChanges)
                }
            }
        } catch {
            // The transaction rolled back: the in-memory index may hold changes that are not in the store.
            index = try PatientIndex(store: store, parameters: index.parameters)
            throw error
        }
        counts = batchCounts
        rejectionSample = batchRejections
    }

    private func apply(_ changes: [IndexChange]) {
        for change in changes {
            switch change {
            case .add(let record, let keys): index.add(record, blockingKeys: keys)
            case .link(let system, let value, let patientID): index.link(system: system, value: value, to: patientID)
            case .reassign(let from, let to): index.reassign(from: from, to: to)
            }
        }
    }

    // MARK: - One input

    private func process(_ input: ImportInput, _ mapped: MappedInput, writer: any RecordStoreWriter,
                         changes: inout [IndexChange], counts: inout ImportCounts) throws -> (ImportLogEntry.Outcome, String?) {
        // Entries that are not stored, and references to them (a Provenance target naming the MessageHeader), are
        // dropped (readers that know their transport resources drop them on their own threads already).
        let entries = mapped.removingEntries(ofTypes: skippedTypes).entries
        guard !entries.isEmpty else {
            throw HealthRecordsError(.invalidResource, "the input holds no resource to store")
        }
        // 1. Store ids: patients through the index, other resources through their identity.
        var storeIDs: [String] = []
        var isNew: [Bool] = []
        var anyNew = false, firstPatient: String?
        var merges: [(prior: String, survivor: String)] = []
        var localReferences: [String: String] = [:]
        // A merge message (HL7 v2 A40 as mapped): the surviving Patient `replaces` a retired Patient entry that names
        // the prior patient by its identifiers. The prior patient must already be known; it is not matched or created.
        let retiredEntries = Self.retiredPatientEntries(entries)
        var priorByEntry: [Int: String] = [:]
        for index in retiredEntries.keys.sorted() {
            let prior = try knownPatient(entries[index].resource)
            priorByEntry[index] = prior
            if let fullUrl = entries[index].fullUrl, !fullUrl.isEmpty { localReferences[fullUrl] = "Patient/" + prior }
        }
        for (position, entry) in entries.enumerated() {
            let type = entry.type
            guard !type.isEmpty, type.allSatisfy(\.isLetter) else {
                throw HealthRecordsError(.invalidResource, "a resource has an invalid resourceType")
            }
            if let prior = priorByEntry[position] {
                storeIDs.append(prior)
                isNew.append(false)
                continue
            }
            let id: String, created: Bool
            if type == "Patient" {
                (id, created) = try resolvePatient(entry, input: input, scope: mapped.scope, writer: writer, changes: &changes, counts: &counts)
                if firstPatient == nil { firstPatient = id }
                if let prior = try mergeRequest(entry.resource, input: input, scope: mapped.scope, writer: writer) { merges.append((prior, id)) }
                for (retired, survivorEntry) in retiredEntries where survivorEntry == position { merges.append((priorByEntry[retired]!, id)) }
            } else {
                (id, created) = try resolveResource(entry, input: input, scope: mapped.scope, writer: writer)
            }
            storeIDs.append(id)
            isNew.append(created)
            anyNew = anyNew || created
            if let fullUrl = entry.fullUrl, !fullUrl.isEmpty { localReferences[fullUrl] = type + "/" + id }
            if let sourceID = entry.resource.string("id") { localReferences[type + "/" + sourceID] = type + "/" + id }
        }
        // 2. References: local entries first, then the sender's earlier resources, then the store; nothing dangling.
        for (i, entry) in entries.enumerated() where priorByEntry[i] == nil {
            let type = entry.type, id = storeIDs[i]
            // Any resource but a Patient that is merged into a stored one or carries links: the template made on
            // the reader's thread gets the resolved references (the same bytes as the object tree's path below).
            if let template = entry.template, type != "Patient" || (isNew[i] && entry.resource["link"] == nil) {
                let resolved = try template.references.map { reference in
                    try self.resolveReference(reference.value, local: localReferences, input: input, scope: mapped.scope, writer: writer) ?? reference.value
                }
                let index = entry.contentIndex + template.referenceEntries(resolved)
                try writer.put(ResourceWrite(type: type, id: id, index: index, isNew: isNew[i]) { version, lastUpdated in
                    template.render(id: id, version: version, lastUpdated: lastUpdated, references: resolved)
                })
                continue
            }
            var json = FHIR.JSON.object(entry.resource)
            try StoredJSON.rewriteReferences(&json) { reference in
                try self.resolveReference(reference, local: localReferences, input: input, scope: mapped.scope, writer: writer)
            }
            var resource = json.objectValue!
            if type == "Patient" {
                resource["link"] = resource["link"]?.arrayValue.map { links in
                    .array(links.filter { $0.objectValue?.string("type") != "replaces" })
                }.flatMap { $0.arrayValue?.isEmpty == false ? $0 : nil }
                if !isNew[i], let existing = try writer.read(type: "Patient", id: id) {
                    let current = try StoredJSON.object(existing)
                    let merged = PatientRecordMerge.merge(current, adding: resource)
                    if !FHIR.JSON.object(merged).isEquivalent(to: .object(current)) {
                        try writer.put(StoredJSON.write(merged, type: type, id: id))
                    }
                    continue
                }
            }
            // Only references changed since the entry was read: its other index entries were worked out then.
            try writer.put(StoredJSON.write(resource, type: type, id: id, isNew: isNew[i], contentIndex: entry.contentIndex))
        }
        // 3. Merges (HL7 v2 A40).
        for (prior, survivor) in merges where prior != survivor {
            try PatientMerger.merge(prior, into: survivor, in: writer)
            changes.append(.reassign(from: prior, to: survivor))
        }
        if !merges.isEmpty { return (.merged, firstPatient) }
        let patientCreated = zip(entries, isNew).contains { $0.type == "Patient" && $1 }
        return (patientCreated || (firstPatient == nil && anyNew) ? .stored : .updated, firstPatient)
    }

    /// The patient an incoming Patient is filed under: the sender's earlier record of it (FHIR), a valid resident
    /// ID or same-system identifier already linked (deterministic), else the Fellegi–Sunter decision.
    private func resolvePatient(_ entry: MappedInput.Entry, input: ImportInput, scope: String, writer: any RecordStoreWriter,
                                changes: inout [IndexChange], counts: inout ImportCounts) throws -> (String, Bool) {
        let demographics = entry.demographics ?? PatientDemographics(patient: entry.resource)
        var patientID: String?
        var created = false
        if input.source == .fhir, let sourceKey = fhirSourceKey(entry, scope: scope), let known = try writer.sourceMapping(sourceKey) {
            patientID = try survivor(known, writer: writer)
        }
        if patientID == nil, let rid = demographics.residentID {
            patientID = index.patient(forIdentifier: FHIR.China.residentIDSystem, value: rid)
        }
        if patientID == nil {
            for (system, value) in demographics.identifiers {
                if let known = index.patient(forIdentifier: system, value: value) { patientID = known; break }
            }
        }
        if patientID == nil {
            switch index.match(demographics.record, identifiers: [], blockingKeys: demographics.blockingKeys) {
            case .link(let candidate, let score):
                _ = score
                patientID = candidate
            case .review(let candidate, let score):
                let id = Self.newID()
                try writer.enqueueReview(ReviewItem(patientID: id, candidateID: candidate, score: score, created: writer.now))
                counts.reviews += 1
                patientID = id; created = true
            case .identifier(let id):
                patientID = id
            case .new:
                patientID = Self.newID(); created = true
            }
        }
        let id = patientID!
        if created { counts.newPatients += 1 }
        if input.source == .fhir, let sourceKey = fhirSourceKey(entry, scope: scope) { try writer.setSourceMapping(sourceKey, id: id) }
        var record = demographics.record
        record.patientID = id
        try writer.addPatientIndexRecord(record)
        changes.append(.add(record, blockingKeys: demographics.blockingKeys))
        var links = demographics.identifiers
        if let rid = demographics.residentID { links.insert((FHIR.China.residentIDSystem, rid), at: 0) }
        for (system, value) in links where index.patient(forIdentifier: system, value: value) == nil {
            // An identifier stays with the first patient it was linked to (only a merge moves it).
            if system == FHIR.China.residentIDSystem && value != demographics.residentID && PatientDemographics.validResidentID(value) == nil { continue }
            try writer.linkIdentifier(IdentifierLink(system: system, value: value, patientID: id))
            changes.append(.link(system: system, value: value, patientID: id))
        }
        return (id, created)
    }

    /// The id of a non-Patient resource: the same resource sent again (same identifier, or for FHIR senders the
    /// same id / fullUrl) gets a new version of the stored one; anything else a new id.
    private func resolveResource(_ entry: MappedInput.Entry, input: ImportInput, scope: String,
                                 writer: any RecordStoreWriter) throws -> (String, Bool) {
        var keys: [String] = []
        if let identifier = entry.resource["identifier"]?.arrayValue?.first?.objectValue,
           let system = identifier.string("system"), let value = identifier.string("value") {
            keys.append(entry.type + "|identifier|" + system + "|" + value)
        }
        if input.source == .fhir, let key = fhirSourceKey(entry, scope: scope) { keys.append(key) }
        for key in keys {
            if let known = try writer.sourceMapping(key), try writer.read(type: entry.type, id: known) != nil {
                for other in keys where other != key { try writer.setSourceMapping(other, id: known) }
                return (known, false)
            }
        }
        let id = Self.newID()
        for key in keys { try writer.setSourceMapping(key, id: id) }
        return (id, true)
    }

    private func fhirSourceKey(_ entry: MappedInput.Entry, scope: String) -> String? {
        if let fullUrl = entry.fullUrl, !fullUrl.isEmpty { return scope + "|" + entry.type + "|" + fullUrl }
        if let id = entry.resource.string("id") { return scope + "|" + entry.type + "|" + entry.type + "/" + id }
        return nil
    }

    /// The store reference a reference of the input stands for; throws when it cannot resolve.
    private func resolveReference(_ reference: String, local: [String: String], input: ImportInput, scope: String,
                                  writer: any RecordStoreWriter) throws -> String? {
        if let target = local[reference] { return target }
        if reference.hasPrefix("#") { return nil }
        if let (type, id) = ResourceIndexer.relativeReference(reference) {
            if input.source == .fhir, let known = try writer.sourceMapping(scope + "|" + type + "|" + type + "/" + id) {
                return type + "/" + (type == "Patient" ? try survivor(known, writer: writer) : known)
            }
            if try writer.read(type: type, id: id) != nil {
                return type == "Patient" ? "Patient/" + (try survivor(id, writer: writer)) : nil
            }
            throw HealthRecordsError(.invalidResource, "reference \(type)/… does not resolve to a resource of this input or the store")
        }
        if reference.hasPrefix("urn:uuid:") || reference.hasPrefix("urn:oid:") {
            throw HealthRecordsError(.invalidResource, "reference \(reference) does not resolve to an entry of this input")
        }
        return nil  // absolute URLs of other servers stay as they are
    }

    /// An HL7 v2 A40-style merge request: the Patient carries `link` type `replaces` naming the prior patient by
    /// identifier or reference. Returns the prior patient's store id.
    private func mergeRequest(_ patient: FHIR.JSON.Object, input: ImportInput, scope: String, writer: any RecordStoreWriter) throws -> String? {
        for link in patient["link"]?.arrayValue?.compactMap(\.objectValue) ?? [] where link.string("type") == "replaces" {
            guard let other = link["other"]?.objectValue else { continue }
            if let identifier = other["identifier"]?.objectValue, let value = identifier.string("value") {
                let system = identifier.string("system") ?? ""
                if let known = index.patient(forIdentifier: system, value: value) { return known }
                if let rid = PatientDemographics.validResidentID(value), let known = index.patient(forIdentifier: FHIR.China.residentIDSystem, value: rid) { return known }
                throw HealthRecordsError(.invalidResource, "merge: the prior patient identifier (system \(system)) is not known to the store")
            }
            if let reference = other.string("reference"), let (type, id) = ResourceIndexer.relativeReference(reference), type == "Patient" {
                if input.source == .fhir, let known = try writer.sourceMapping(scope + "|Patient|Patient/" + id) { return try survivor(known, writer: writer) }
                if try writer.read(type: "Patient", id: id) != nil { return try survivor(id, writer: writer) }
                throw HealthRecordsError(.invalidResource, "merge: the prior Patient/… is not in the store")
            }
        }
        return nil
    }

    /// Retired Patient entries of a merge message (index → index of the surviving entry): entries that a Patient's
    /// `link` of type `replaces` points to by fullUrl.
    static func retiredPatientEntries(_ entries: [MappedInput.Entry]) -> [Int: Int] {
        var byURL: [String: Int] = [:]
        for (i, entry) in entries.enumerated() where entry.type == "Patient" { if let url = entry.fullUrl, !url.isEmpty { byURL[url] = i } }
        var result: [Int: Int] = [:]
        for (i, entry) in entries.enumerated() where entry.type == "Patient" {
            for link in entry.resource["link"]?.arrayValue?.compactMap(\.objectValue) ?? [] where link.string("type") == "replaces" {
                if let url = link["other"]?.objectValue?.string("reference"), let target = byURL[url], target != i { result[target] = i }
            }
        }
        return result
    }

    /// The stored patient a retired Patient entry names by identifier (resident ID or same-system identifier).
    private func knownPatient(_ patient: FHIR.JSON.Object) throws -> String {
        let demographics = PatientDemographics(patient: patient)
        if let rid = demographics.residentID, let known = index.patient(forIdentifier: FHIR.China.residentIDSystem, value: rid) { return known }
        for (system, value) in demographics.identifiers {
            if let known = index.patient(forIdentifier: system, value: value) { return known }
        }
        throw HealthRecordsError(.invalidResource, "merge: the prior patient's identifiers are not known to the store")
    }

    private func survivor(_ id: String, writer: any RecordStoreWriter) throws -> String {
        try writer.survivor(ofPatient: id)
    }

    static func newID() -> String { TimeOrderedID.make() }
}
