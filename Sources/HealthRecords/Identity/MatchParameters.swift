import Foundation

/// The Fellegi–Sunter model: per comparison and level, m = P(level | same person) and u = P(level | different
/// persons), plus the thresholds that turn a total weight into link / review / new.
///
/// Weights are `log2(m / u)`, summed over the comparisons present in both records. Parameters come from
/// ``defaults``, from a JSON configuration file (``load(from:)``), or from ``ExpectationMaximization``.
public struct MatchParameters: Sendable, Codable, Hashable {
    /// m probabilities per comparison, one per level (index = level).
    public var m: [MatchComparison: [Double]]
    /// u probabilities per comparison, one per level.
    public var u: [MatchComparison: [Double]]
    /// At or above this total weight the pair is linked (same person).
    public var linkThreshold: Double
    /// At or above this (and below ``linkThreshold``) the pair goes to the review queue; below, a new person.
    public var reviewThreshold: Double

    /// Creates parameters.
    public init(m: [MatchComparison: [Double]], u: [MatchComparison: [Double]], linkThreshold: Double, reviewThreshold: Double) {
        self.m = m; self.u = u; self.linkThreshold = linkThreshold; self.reviewThreshold = reviewThreshold
    }

    /// Built-in parameters, estimated by EM on the project's simulated three-source load and rounded.
    public static let defaults = MatchParameters(
        m: [.name: [0.03, 0.04, 0.13, 0.80], .birthDate: [0.01, 0.04, 0.95], .sex: [0.01, 0.99],
            .phone: [0.25, 0.75], .division: [0.10, 0.05, 0.85], .residentID: [0.005, 0.995]],
        u: [.name: [0.985, 0.012, 0.0025, 0.0005], .birthDate: [0.93, 0.069, 0.001], .sex: [0.5, 0.5],
            .phone: [0.985, 0.015], .division: [0.80, 0.15, 0.05], .residentID: [0.9999, 0.0001]],
        linkThreshold: 12, reviewThreshold: 6)

    /// The weight of one comparison level (`log2(m/u)`), with probabilities floored to avoid infinities.
    public func weight(_ comparison: MatchComparison, level: Int) -> Double {
        let mp = max(m[comparison]?[level] ?? 0.5, 1e-6), up = max(u[comparison]?[level] ?? 0.5, 1e-6)
        return log2(mp / up)
    }

    /// The total match weight of a pair.
    public func score(_ a: PatientIndexRecord, _ b: PatientIndexRecord) -> Double {
        var total = 0.0
        for comparison in MatchComparison.allCases {
            if let level = comparison.level(a, b) { total += weight(comparison, level: level) }
        }
        return total
    }

    /// Reads parameters from a JSON file (the format ``save(to:)`` writes).
    /// - Throws: ``HealthRecordsError`` `invalid_argument` when the file is unreadable or malformed.
    public static func load(from url: URL) throws -> MatchParameters {
        do {
            let parameters = try JSONDecoder().decode(MatchParameters.self, from: Data(contentsOf: url))
            for comparison in MatchComparison.allCases {
                guard parameters.m[comparison]?.count == comparison.levelCount,
                      parameters.u[comparison]?.count == comparison.levelCount else {
                    throw HealthRecordsError(.invalidArgument, "\(url.path): m and u for '\(comparison.rawValue)' need \(comparison.levelCount) levels")
                }
            }
            return parameters
        } catch let error as HealthRecordsError { throw error } catch {
            throw HealthRecordsError(.invalidArgument, "\(url.path): not a valid match configuration: \(error)")
        }
    }

    /// Writes the parameters as JSON.
    public func save(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: url)
    }
}
