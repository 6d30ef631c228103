/// A search over one resource type: every criterion must hold (AND); the values of one criterion are
/// alternatives (OR, the FHIR comma).
///
/// Parsed from FHIR search syntax: `Patient?identifier=urn:oid:…|110105…&name=zhang&birthdate=1980-01-01`.
public struct SearchQuery: Sendable, Hashable {
    /// One criterion: a parameter and its accepted values.
    public struct Criterion: Sendable, Hashable {
        /// The parameter name (`identifier`, `name`, `family`, `given`, `birthdate`, `gender`, `phone`,
        /// `telecom`, `subject`, `patient`, `code`, `_id`).
        public var parameter: String
        /// Alternatives; tokens as `system|code`, `|code` or `code`; dates with an optional prefix (`ge1980`).
        public var values: [String]
        /// Creates a criterion.
        public init(parameter: String, values: [String]) { self.parameter = parameter; self.values = values }
    }
    /// The resource type searched.
    public var type: String
    /// The criteria.
    public var criteria: [Criterion]
    /// At most this many results (`_count`), nil for all.
    public var count: Int?

    /// Creates a query.
    public init(type: String, criteria: [Criterion], count: Int? = nil) {
        self.type = type; self.criteria = criteria; self.count = count
    }

    /// Parses `Type?param=value&param=value` (percent-encoding allowed).
    /// - Throws: ``HealthRecordsError`` `invalid_argument` for a malformed query.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let type = String(parts[0])
        guard !type.isEmpty, type.allSatisfy({ $0.isLetter }) else {
            throw HealthRecordsError(.invalidArgument, "search must start with a resource type, as in Patient?name=zhang")
        }
        var criteria: [Criterion] = []
        var count: Int?
        if parts.count == 2 {
            for pair in parts[1].split(separator: "&") where !pair.isEmpty {
                let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard kv.count == 2, !kv[0].isEmpty else {
                    throw HealthRecordsError(.invalidArgument, "search parameter '\(pair)' has no value")
                }
                let name = String(kv[0]).removingPercentEncoding ?? String(kv[0])
                let raw = String(kv[1])
                let values = raw.split(separator: ",").map { String($0).removingPercentEncoding ?? String($0) }
                if name == "_count" {
                    guard let n = Int(raw), n > 0 else { throw HealthRecordsError(.invalidArgument, "_count must be a positive integer") }
                    count = n
                    continue
                }
                guard SearchQuery.supportedParameters.contains(name) else {
                    throw HealthRecordsError(.invalidArgument, "unsupported search parameter '\(name)' (supported: \(SearchQuery.supportedParameters.sorted().joined(separator: ", ")))")
                }
                criteria.append(Criterion(parameter: name, values: values))
            }
        }
        self.init(type: type, criteria: criteria, count: count)
    }

    /// The parameters the stores index.
    public static let supportedParameters: Set<String> = [
        "_id", "identifier", "name", "family", "given", "birthdate", "gender", "phone", "telecom",
        "address", "subject", "patient", "code", "date", "status",
    ]
}
