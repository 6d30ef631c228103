extension FHIR {
    /// The structure gx knows for validation: the modelled resources, their backbone elements and the common
    /// datatypes, with cardinalities and required value sets (FHIR R4 4.0.1).
    ///
    /// Types not listed here (other resources, `Timing`, `SampledData` …) are checked only by the rules that apply
    /// to all FHIR JSON (no empty values or nulls, ids, extensions, contained resources, narrative).
    public struct Definitions: Sendable {
        /// One element of a type.
        public struct ElementDefinition: Sendable {
            /// The name as in JSON; for a choice element the base (`value` for `value[x]`).
            public let name: String
            /// Whether this is a choice element (`value[x]`).
            public let isChoice: Bool
            /// Allowed types: primitive (`date`), datatype (`CodeableConcept`), `Resource`, `*` (any, in
            /// `Extension.value[x]`), or `BackboneElement` with ``children``.
            public let types: [String]
            /// Minimum cardinality.
            public let min: Int
            /// Maximum cardinality (`Int.max` for `*`).
            public let max: Int
            /// The required value set's name, if the element has a required binding.
            public let valueSet: String?
            /// Children of a backbone element, by name.
            public let children: TypeDefinition?
        }

        /// A type: its elements in order, indexed by name.
        public struct TypeDefinition: Sendable {
            /// The type's name (`Patient`, `Patient.contact`).
            public let name: String
            /// The elements in definition order (base elements first).
            public let elements: [ElementDefinition]
            let index: [String: Int]

            init(name: String, elements: [ElementDefinition]) {
                self.name = name
                self.elements = elements
                var index: [String: Int] = [:]
                for (i, e) in elements.enumerated() { index[e.name] = i }
                self.index = index
            }

            /// The element called `name` (for a choice, the base name).
            public func element(named name: String) -> ElementDefinition? { index[name].map { elements[$0] } }

            /// The element a JSON member name denotes, and for choices the chosen type
            /// (`valueQuantity` → (`value[x]`, `Quantity`)).
            public func element(forMember key: String) -> (ElementDefinition, String)? {
                if let e = element(named: key), !e.isChoice { return (e, e.types.first ?? "") }
                var end = key.endIndex
                while end > key.startIndex {
                    end = key.index(before: end)
                    if key[end].isUppercase {
                        let base = String(key[..<end])
                        if let e = element(named: base), e.isChoice {
                            let suffix = String(key[end...])
                            if e.types == ["*"] { return (e, Definitions.typeName(forSuffix: suffix)) }
                            if let type = e.types.first(where: { Definitions.suffix(forType: $0) == suffix }) { return (e, type) }
                            return nil
                        }
                    }
                }
                return nil
            }
        }

        /// Types by name (resources and datatypes).
        public let types: [String: TypeDefinition]

        /// Required value sets by name: the allowed codes.
        public let valueSets: [String: Set<String>]

        /// The definitions gx ships (parsed once).
        public static let shared: Definitions = Definitions(text: Definitions.text)

        /// The resource types gx models and validates fully.
        public static let modelledResourceTypes: [String] = [
            "Patient", "Practitioner", "Organization", "Encounter", "Observation", "DiagnosticReport", "Specimen",
            "ServiceRequest", "Condition", "Provenance", "AuditEvent", "MessageHeader", "OperationOutcome", "Bundle",
        ]

        /// The FHIR primitive types.
        public static let primitiveTypes: Set<String> = [
            "boolean", "integer", "string", "decimal", "uri", "url", "canonical", "base64Binary", "instant", "date",
            "dateTime", "time", "code", "oid", "id", "markdown", "unsignedInt", "positiveInt", "uuid", "xhtml",
        ]

        /// Quantity profiles that share `Quantity`'s elements.
        static let quantityAliases: Set<String> = ["Age", "Count", "Distance", "Duration", "SimpleQuantity", "MoneyQuantity"]

        /// The JSON member suffix of a type in a choice (`dateTime` → `DateTime`).
        public static func suffix(forType type: String) -> String {
            guard let first = type.first else { return type }
            return first.uppercased() + type.dropFirst()
        }

        /// The type of a choice suffix (`DateTime` → `dateTime`, `Quantity` → `Quantity`).
        public static func typeName(forSuffix suffix: String) -> String {
            let lowered = (suffix.first.map { $0.lowercased() } ?? "") + suffix.dropFirst()
            return primitiveTypes.contains(lowered) ? lowered : suffix
        }

        /// The definition of a type by name (Quantity profiles resolve to `Quantity`).
        public func type(_ name: String) -> TypeDefinition? {
            types[name] ?? (Definitions.quantityAliases.contains(name) ? types["Quantity"] : nil)
        }

        init(text: String) {
            let baseElements: [String: [(String, String, Int, Int)]] = [
                "Element": [("id", "string", 0, 1), ("extension", "Extension", 0, Int.max)],
                "BackboneElement": [
                    ("id", "string", 0, 1), ("extension", "Extension", 0, Int.max), ("modifierExtension", "Extension", 0, Int.max),
                ],
                "Resource": [("id", "id", 0, 1), ("meta", "Meta", 0, 1), ("implicitRules", "uri", 0, 1), ("language", "code", 0, 1)],
                "DomainResource": [
                    ("id", "id", 0, 1), ("meta", "Meta", 0, 1), ("implicitRules", "uri", 0, 1), ("language", "code", 0, 1),
                    ("text", "Narrative", 0, 1), ("contained", "Resource", 0, Int.max), ("extension", "Extension", 0, Int.max),
                    ("modifierExtension", "Extension", 0, Int.max),
                ],
            ]
            func base(_ name: String) -> [ElementDefinition] {
                (baseElements[name] ?? []).map {
                    ElementDefinition(name: $0.0, isChoice: false, types: [$0.1], min: $0.2, max: $0.3, valueSet: nil, children: nil)
                }
            }
            struct Line { let depth: Int; let fields: [Substring] }
            var types: [String: TypeDefinition] = [:]
            var lines: [Line] = []
            var header: (name: String, base: String)?
            func parseElements(_ lines: ArraySlice<Line>, depth: Int, path: String) -> [ElementDefinition] {
                var result: [ElementDefinition] = []
                var i = lines.startIndex
                while i < lines.endIndex {
                    let line = lines[i]
                    var j = i + 1
                    while j < lines.endIndex, lines[j].depth > depth { j += 1 }
                    let f = line.fields
                    var name = String(f[0])
                    let isChoice = name.hasSuffix("[x]")
                    if isChoice { name.removeLast(3) }
                    let typeNames = f[1].split(separator: "|").map(String.init)
                    let bounds = f[2].split(separator: ".", omittingEmptySubsequences: true)
                    let min = Int(bounds[0]) ?? 0
                    let max = bounds[1] == "*" ? Int.max : Int(bounds[1]) ?? 1
                    let valueSet = f.count > 3 && f[3].hasPrefix("=") ? String(f[3].dropFirst()) : nil
                    var children: TypeDefinition?
                    if typeNames == ["BackboneElement"] {
                        let childPath = path + "." + name
                        children = TypeDefinition(name: childPath,
                                                  elements: base("BackboneElement") + parseElements(lines[(i + 1)..<j], depth: depth + 1, path: childPath))
                    }
                    result.append(ElementDefinition(name: name, isChoice: isChoice, types: typeNames, min: min, max: max,
                                                    valueSet: valueSet, children: children))
                    i = j
                }
                return result
            }
            func flush() {
                guard let header else { return }
                types[header.name] = TypeDefinition(name: header.name,
                                                    elements: base(header.base) + parseElements(lines[...], depth: 1, path: header.name))
                lines = []
            }
            for raw in text.split(separator: "\n") {
                let indent = raw.prefix(while: { $0 == " " }).count
                let fields = raw.split(separator: " ")
                guard !fields.isEmpty else { continue }
                if indent == 0 {
                    flush()
                    header = (String(fields[0]), fields.count > 2 ? String(fields[2]) : "")
                } else {
                    lines.append(Line(depth: indent / 2, fields: fields))
                }
            }
            flush()
            for name in baseElements.keys { types[name] = TypeDefinition(name: name, elements: base(name)) }
            self.types = types
            self.valueSets = Definitions.requiredValueSets
        }

        static let requiredValueSets: [String: Set<String>] = [
            "IdentifierUse": ["usual", "official", "temp", "secondary", "old"],
            "NameUse": ["usual", "official", "temp", "nickname", "anonymous", "old", "maiden"],
            "AddressUse": ["home", "work", "temp", "old", "billing"],
            "AddressType": ["postal", "physical", "both"],
            "ContactPointSystem": ["phone", "fax", "email", "pager", "url", "sms", "other"],
            "ContactPointUse": ["home", "work", "temp", "old", "mobile"],
            "QuantityComparator": ["<", "<=", ">=", ">"],
            "NarrativeStatus": ["generated", "extensions", "additional", "empty"],
            "AdministrativeGender": Set(AdministrativeGender.allCases.map(\.rawValue)),
            "LinkType": Set(Patient.LinkType.allCases.map(\.rawValue)),
            "EncounterStatus": Set(EncounterStatus.allCases.map(\.rawValue)),
            "EncounterLocationStatus": ["planned", "active", "reserved", "completed"],
            "ObservationStatus": Set(ObservationStatus.allCases.map(\.rawValue)),
            "DiagnosticReportStatus": Set(DiagnosticReport.Status.allCases.map(\.rawValue)),
            "SpecimenStatus": Set(Specimen.Status.allCases.map(\.rawValue)),
            "RequestStatus": Set(ServiceRequest.Status.allCases.map(\.rawValue)),
            "RequestIntent": Set(ServiceRequest.Intent.allCases.map(\.rawValue)),
            "RequestPriority": ["routine", "urgent", "asap", "stat"],
            "ConditionClinicalStatus": Condition.clinicalStatusCodes,
            "ConditionVerificationStatus": Condition.verificationStatusCodes,
            "ProvenanceEntityRole": ["derivation", "revision", "quotation", "source", "removal"],
            "AuditEventAction": Set(AuditEvent.Action.allCases.map(\.rawValue)),
            "AuditEventOutcome": Set(AuditEvent.Outcome.allCases.map(\.rawValue)),
            "AuditEventAgentNetworkType": ["1", "2", "3", "4", "5"],
            "ResponseType": ["ok", "transient-error", "fatal-error"],
            "IssueSeverity": Set(OperationOutcome.Severity.allCases.map(\.rawValue)),
            "IssueType": [
                "invalid", "structure", "required", "value", "invariant", "security", "login", "unknown", "expired", "forbidden",
                "suppressed", "processing", "not-supported", "duplicate", "multiple-matches", "not-found", "deleted", "too-long",
                "code-invalid", "extension", "too-costly", "business-rule", "conflict", "transient", "lock-error", "no-store",
                "exception", "timeout", "incomplete", "throttled", "informational",
            ],
            "BundleType": Set(BundleType.allCases.map(\.rawValue)),
            "HTTPVerb": Set(HTTPVerb.allCases.map(\.rawValue)),
            "SearchEntryMode": ["match", "include", "outcome"],
        ]

        /// The code system a CodeableConcept-typed required binding draws from.
        static let conceptBindingSystems: [String: String] = [
            "ConditionClinicalStatus": Condition.clinicalStatusSystem,
            "ConditionVerificationStatus": Condition.verificationStatusSystem,
        ]
    }
}
