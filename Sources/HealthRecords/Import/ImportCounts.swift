/// What an import did with its inputs. Every input is counted exactly once:
/// `inputs == stored + updated + merged + rejected + alreadyImported`.
public struct ImportCounts: Sendable, Hashable, CustomStringConvertible {
    /// Inputs read (messages, rows, bundles).
    public var inputs = 0
    /// Inputs that created a new person or new records.
    public var stored = 0
    /// Inputs filed under an existing person (matched by the index) or updating a known record.
    public var updated = 0
    /// Inputs that merged two patients (HL7 v2 A40).
    public var merged = 0
    /// Inputs rejected (see the rejection table for reason, file and position).
    public var rejected = 0
    /// Inputs already imported before (same idempotency key): nothing was written again.
    public var alreadyImported = 0
    /// New patient records created.
    public var newPatients = 0
    /// Uncertain pairs queued for review.
    public var reviews = 0

    /// Creates zero counts.
    public init() {}

    /// True when the outcome counts add up to the inputs.
    public var addsUp: Bool { inputs == stored + updated + merged + rejected + alreadyImported }

    mutating func count(_ outcome: ImportLogEntry.Outcome) {
        switch outcome {
        case .stored: stored += 1
        case .updated: updated += 1
        case .merged: merged += 1
        case .rejected: rejected += 1
        }
    }

    public var description: String {
        "in \(inputs): stored \(stored), updated \(updated), merged \(merged), rejected \(rejected), "
            + "already imported \(alreadyImported) (new patients \(newPatients), review \(reviews))"
    }
}
