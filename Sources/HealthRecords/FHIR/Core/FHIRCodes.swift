extension FHIR.JSON.Object {
    /// The value of a `code` member as a typed code; nil if absent or not one of the type's codes (the raw text
    /// stays in the JSON and ``FHIR/Validator`` reports it).
    public func code<C: RawRepresentable>(_ key: String, as type: C.Type = C.self) -> C? where C.RawValue == String {
        string(key).flatMap(C.init(rawValue:))
    }

    /// Sets or removes a `code` member from a typed code.
    public mutating func setCode<C: RawRepresentable>(_ key: String, _ value: C?) where C.RawValue == String {
        setString(key, value?.rawValue)
    }

    /// The integer value of `key` (JSON number without fraction or exponent).
    public func integer(_ key: String) -> Int? { self[key]?.numberText.flatMap { Int($0) } }

    /// Sets or removes an integer member.
    public mutating func setInteger(_ key: String, _ value: Int?) { self[key] = value.map { .number(String($0)) } }

    /// Sets or removes a boolean member.
    public mutating func setBool(_ key: String, _ value: Bool?) { self[key] = value.map { .bool($0) } }

    /// The typed value of the choice member `base[x]` (`value`, `effective`, `deceased`).
    public func choiceValue(_ base: String) -> FHIR.Choice? {
        choice(base).map { FHIR.Choice(suffix: $0.suffix, json: $0.value) }
    }

    /// Replaces the choice member `base[x]` (removing any other type's member and its `_` companion).
    public mutating func setChoiceValue(_ base: String, _ value: FHIR.Choice?) {
        removeChoice(base)
        if let value { self[base + value.suffix] = value.json }
    }
}

extension FHIR {
    /// `AdministrativeGender` (required binding of `Patient.gender`, `Practitioner.gender`).
    public enum AdministrativeGender: String, Sendable, CaseIterable {
        case male, female, other, unknown
    }

    /// `ObservationStatus` (required binding of `Observation.status`).
    public enum ObservationStatus: String, Sendable, CaseIterable {
        case registered, preliminary, final, amended, corrected, cancelled
        case enteredInError = "entered-in-error"
        case unknown
    }

    /// `EncounterStatus` (required binding of `Encounter.status`).
    public enum EncounterStatus: String, Sendable, CaseIterable {
        case planned, arrived, triaged
        case inProgress = "in-progress"
        case onleave, finished, cancelled
        case enteredInError = "entered-in-error"
        case unknown
    }

    /// `BundleType` (required binding of `Bundle.type`).
    public enum BundleType: String, Sendable, CaseIterable {
        case document, message, transaction
        case transactionResponse = "transaction-response"
        case batch
        case batchResponse = "batch-response"
        case history, searchset, collection
    }

    /// `HTTPVerb` (required binding of `Bundle.entry.request.method`).
    public enum HTTPVerb: String, Sendable, CaseIterable {
        case get = "GET", head = "HEAD", post = "POST", put = "PUT", delete = "DELETE", patch = "PATCH"
    }
}
