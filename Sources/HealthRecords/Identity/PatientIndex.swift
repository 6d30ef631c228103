/// The in-memory master patient index: identifier links for deterministic matching and blocked demographics
/// records for probabilistic (Fellegi–Sunter) matching.
///
/// Loaded from a ``RecordStore`` at the start of an import and kept in step with what the import writes, so
/// each incoming patient is matched against everything stored before it.
public struct PatientIndex: Sendable {
    /// The outcome of matching one incoming record.
    public enum Decision: Sendable, Hashable {
        /// Deterministic: a valid resident ID or a same-system identifier is already linked to this patient.
        case identifier(patientID: String)
        /// Probabilistic: the best candidate's weight reached the link threshold.
        case link(patientID: String, score: Double)
        /// Uncertain: a new patient is created and the pair goes to the review queue.
        case review(candidateID: String, score: Double)
        /// No candidate: a new patient.
        case new

        /// The patient the input is filed under, when it joins an existing one.
        public var matchedPatientID: String? {
            switch self {
            case .identifier(let id), .link(let id, _): id
            case .review, .new: nil
            }
        }
    }

    /// The model.
    public var parameters: MatchParameters
    private var identifiers: [String: String] = [:]
    private var records: [PatientIndexRecord] = []
    private var blocks: [UInt64: [Int]] = [:]
    /// Blocks larger than this are ignored for candidate generation (a shared key like a hospital switchboard
    /// phone number would otherwise make every record a candidate).
    public var maximumBlockSize = 500

    /// Creates an empty index.
    public init(parameters: MatchParameters = .defaults) { self.parameters = parameters }

    /// Loads identifier links and demographics records from a store.
    public init(store: any RecordStore, parameters: MatchParameters = .defaults) throws {
        self.init(parameters: parameters)
        for link in try store.identifierLinks() { identifiers[Self.identifierKey(link.system, link.value)] = link.patientID }
        for record in try store.patientIndexRecords() { add(record) }
    }

    /// Number of demographics records held.
    public var recordCount: Int { records.count }

    /// The patient an identifier is linked to.
    public func patient(forIdentifier system: String, value: String) -> String? {
        identifiers[Self.identifierKey(system, value)]
    }

    /// Links an identifier to a patient.
    public mutating func link(system: String, value: String, to patientID: String) {
        identifiers[Self.identifierKey(system, value)] = patientID
    }

    /// Adds a demographics record (with its `patientID` set).
    /// - Parameter blockingKeys: ``Blocking/hashedKeys(_:)`` of `record` when already worked out.
    public mutating func add(_ record: PatientIndexRecord, blockingKeys: [UInt64]? = nil) {
        let index = records.count
        records.append(record)
        for key in blockingKeys ?? Blocking.hashedKeys(record) { blocks[key, default: []].append(index) }
    }

    /// Moves every record and identifier of `fromID` to `toID` (after a merge).
    public mutating func reassign(from fromID: String, to toID: String) {
        for i in records.indices where records[i].patientID == fromID { records[i].patientID = toID }
        for (key, value) in identifiers where value == fromID { identifiers[key] = toID }
    }

    /// Matches an incoming record: deterministic on identifiers (`identifiers` as (system, value) pairs, the
    /// resident ID among them), probabilistic otherwise.
    /// - Parameter blockingKeys: ``Blocking/hashedKeys(_:)`` of `record` when already worked out.
    public func match(_ record: PatientIndexRecord, identifiers incoming: [(system: String, value: String)],
                      blockingKeys: [UInt64]? = nil) -> Decision {
        for (system, value) in incoming {
            if let id = identifiers[Self.identifierKey(system, value)] { return .identifier(patientID: id) }
        }
        guard let (candidate, score) = bestCandidate(record, blockingKeys: blockingKeys) else { return .new }
        if score >= parameters.linkThreshold { return .link(patientID: candidate, score: score) }
        if score >= parameters.reviewThreshold { return .review(candidateID: candidate, score: score) }
        return .new
    }

    /// The best-scoring existing patient among the blocked candidates, with its weight.
    public func bestCandidate(_ record: PatientIndexRecord, blockingKeys: [UInt64]? = nil) -> (patientID: String, score: Double)? {
        var seen = Set<Int>()
        var best: (String, Double)?
        for key in blockingKeys ?? Blocking.hashedKeys(record) {
            guard let block = blocks[key], block.count <= maximumBlockSize else { continue }
            for index in block where seen.insert(index).inserted {
                let candidate = records[index]
                // Two different valid resident ID numbers are two people, whatever else agrees.
                if !record.residentID.isEmpty && !candidate.residentID.isEmpty && record.residentID != candidate.residentID { continue }
                let score = parameters.score(record, candidate)
                if best == nil || score > best!.1 || (score == best!.1 && candidate.patientID < best!.0) {
                    best = (candidate.patientID, score)
                }
            }
        }
        return best
    }

    /// Candidate pairs among a set of records (for EM estimation), using the same blocking keys.
    public static func candidatePairs(_ records: [PatientIndexRecord], maximumBlockSize: Int = 500) -> [(Int, Int)] {
        var blocks: [String: [Int]] = [:]
        for (i, record) in records.enumerated() { for key in Blocking.keys(record) { blocks[key, default: []].append(i) } }
        var pairs = Set<Int64>()
        for block in blocks.values where block.count > 1 && block.count <= maximumBlockSize {
            for x in 0..<block.count { for y in (x + 1)..<block.count {
                let a = min(block[x], block[y]), b = max(block[x], block[y])
                pairs.insert(Int64(a) << 32 | Int64(b))
            } }
        }
        return pairs.sorted().map { (Int($0 >> 32), Int($0 & 0xFFFF_FFFF)) }
    }

    private static func identifierKey(_ system: String, _ value: String) -> String { system + "|" + value }
}
