extension FHIR {
    /// A choice-type value (`value[x]`, `effective[x]`, `onset[x]`): the type suffix decides the JSON name.
    public enum Choice: Sendable, Hashable {
        /// `…String`.
        case string(String)
        /// `…Boolean`.
        case boolean(Bool)
        /// `…Integer` (JSON number text).
        case integer(String)
        /// `…Decimal`.
        case decimal(Decimal)
        /// `…Code`.
        case code(String)
        /// `…Uri` / `…Url`.
        case uri(String)
        /// `…Date`.
        case date(String)
        /// `…DateTime`.
        case dateTime(String)
        /// `…Instant`.
        case instant(String)
        /// `…Time`.
        case time(String)
        /// `…Quantity`.
        case quantity(Quantity)
        /// `…CodeableConcept`.
        case codeableConcept(CodeableConcept)
        /// `…Coding`.
        case coding(Coding)
        /// `…Period`.
        case period(Period)
        /// `…Range`.
        case range(Range)
        /// `…Ratio`.
        case ratio(Ratio)
        /// `…Reference`.
        case reference(Reference)
        /// `…Identifier`.
        case identifier(Identifier)
        /// Any other type, kept as JSON with its suffix (`SampledData`, `Attachment`, …).
        case other(suffix: String, json: JSON)

        /// Builds a choice from a JSON member name suffix and value.
        public init(suffix: String, json: JSON) {
            switch (suffix, json) {
            case ("String", .string(let s)): self = .string(s)
            case ("Boolean", .bool(let b)): self = .boolean(b)
            case ("Integer", .number(let n)): self = .integer(n)
            case ("Decimal", .number(let n)): self = .decimal(Decimal(text: n))
            case ("Code", .string(let s)): self = .code(s)
            case ("Uri", .string(let s)): self = .uri(s)
            case ("Date", .string(let s)): self = .date(s)
            case ("DateTime", .string(let s)): self = .dateTime(s)
            case ("Instant", .string(let s)): self = .instant(s)
            case ("Time", .string(let s)): self = .time(s)
            case ("Quantity", .object(let o)): self = .quantity(Quantity(json: o))
            case ("CodeableConcept", .object(let o)): self = .codeableConcept(CodeableConcept(json: o))
            case ("Coding", .object(let o)): self = .coding(Coding(json: o))
            case ("Period", .object(let o)): self = .period(Period(json: o))
            case ("Range", .object(let o)): self = .range(Range(json: o))
            case ("Ratio", .object(let o)): self = .ratio(Ratio(json: o))
            case ("Reference", .object(let o)): self = .reference(Reference(json: o))
            case ("Identifier", .object(let o)): self = .identifier(Identifier(json: o))
            default: self = .other(suffix: suffix, json: json)
            }
        }

        /// The type suffix of the JSON name (`"Quantity"` for `valueQuantity`).
        public var suffix: String {
            switch self {
            case .string: "String"
            case .boolean: "Boolean"
            case .integer: "Integer"
            case .decimal: "Decimal"
            case .code: "Code"
            case .uri: "Uri"
            case .date: "Date"
            case .dateTime: "DateTime"
            case .instant: "Instant"
            case .time: "Time"
            case .quantity: "Quantity"
            case .codeableConcept: "CodeableConcept"
            case .coding: "Coding"
            case .period: "Period"
            case .range: "Range"
            case .ratio: "Ratio"
            case .reference: "Reference"
            case .identifier: "Identifier"
            case .other(let suffix, _): suffix
            }
        }

        /// The JSON value.
        public var json: JSON {
            switch self {
            case .string(let s), .code(let s), .uri(let s), .date(let s), .dateTime(let s), .instant(let s), .time(let s):
                .string(s)
            case .boolean(let b): .bool(b)
            case .integer(let n): .number(n)
            case .decimal(let d): .number(d.text)
            case .quantity(let v): .object(v.json)
            case .codeableConcept(let v): .object(v.json)
            case .coding(let v): .object(v.json)
            case .period(let v): .object(v.json)
            case .range(let v): .object(v.json)
            case .ratio(let v): .object(v.json)
            case .reference(let v): .object(v.json)
            case .identifier(let v): .object(v.json)
            case .other(_, let json): json
            }
        }
    }
}
