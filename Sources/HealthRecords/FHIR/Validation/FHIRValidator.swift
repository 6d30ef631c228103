extension FHIR {
    /// Validates FHIR R4 JSON and reports what is wrong as an ``OperationOutcome`` whose issues point at the
    /// element (`Patient.birthDate`, `Bundle.entry[2].resource.status`).
    ///
    /// What is checked:
    /// - JSON: syntax, duplicate members (fatal, from the parser); no `null` (except inside `_primitive` arrays), no
    ///   empty strings, arrays or objects (ele-1); `_primitive` companions are objects (or arrays of objects/null).
    /// - For the modelled resources (``Definitions/modelledResourceTypes``) and the common datatypes, everywhere they
    ///   occur: unknown properties, arrays vs single values, JSON kinds of primitives, minimum cardinality, one
    ///   type per choice element, required value sets (gender, status codes …).
    /// - Formats: id, date, dateTime, instant, time, code, uri, integer ranges, base64Binary.
    /// - Reference shape (`Type/id`, absolute URL, `urn:uuid:`, `urn:oid:`, `#local` resolving to a contained
    ///   resource), contained resources (dom-2 … dom-5), extensions (ext-1), narrative XHTML (well-formed, basic
    ///   elements only, no scripts or event attributes), invariants per-1, rng-2, qty-3, att-1, rat-1, pat-1,
    ///   obs-6, obs-7, con-3, con-4, con-5, prr-1, sev-1, and the Bundle rules bdl-1 … bdl-12 with absolute fullUrls.
    /// - China: resident identity numbers (system ``China/residentIDSystem``) must pass GB 11643 and agree with
    ///   the Patient's birth date and gender.
    ///
    /// Terminology bindings other than the required ones, profiles, and invariants of resources gx does not model
    /// are not checked (see docs/fhir.md).
    public struct Validator: Sendable {
        /// The structure definitions used.
        public var definitions: Definitions
        /// Also report strings that look like embedded HTML (`<script>`, `<img …>`) outside the narrative, as the
        /// HL7 validator does with security checks on.
        public var securityChecks: Bool
        /// HL7's FHIR JSON schema, to check the elements of resource types gx does not model (nil: those get the
        /// JSON-level and base-element checks only).
        public var schema: JSONSchema?
        /// Check only that the input is JSON holding a resource (a `resourceType`), not its elements.
        public var syntaxOnly: Bool

        /// Creates a validator.
        public init(definitions: Definitions = .shared, schema: JSONSchema? = nil, securityChecks: Bool = false,
                    syntaxOnly: Bool = false) {
            self.definitions = definitions
            self.schema = schema
            self.securityChecks = securityChecks
            self.syntaxOnly = syntaxOnly
        }

        /// Validates a resource.
        public func validate(_ resource: Resource) -> OperationOutcome {
            var run = ValidationRun(validator: self)
            run.validateResource(resource.json, path: resource.resourceType.isEmpty ? "Resource" : resource.resourceType,
                                 context: nil)
            return run.outcome
        }

        /// Parses and validates UTF-8 JSON text; a parse failure becomes one fatal issue naming line and column.
        public func validate(bytes: some Collection<UInt8>, file: String? = nil) -> OperationOutcome {
            validateParsing(bytes: bytes, file: file).outcome
        }

        /// Parses and validates UTF-8 JSON text, returning the parsed resource too (nil if it did not parse).
        public func validateParsing(bytes: some Collection<UInt8>, file: String? = nil) -> (resource: Resource?, outcome: OperationOutcome) {
            let value: JSON
            do {
                value = try JSON.parse(bytes, file: file)
            } catch {
                var where_ = ""
                if let position = error.position { where_ = [position.line.map { "line \($0)" }, position.location].compactMap { $0 }.joined(separator: ", ") }
                return (nil, OperationOutcome(issues: [
                    .init(severity: .fatal, code: .structure, diagnostics: "invalid JSON\(where_.isEmpty ? "" : " at \(where_)"): \(error.message)"),
                ]))
            }
            guard case .object(let object) = value else {
                return (nil, OperationOutcome(issues: [
                    .init(severity: .fatal, code: .structure, diagnostics: "a FHIR resource must be a JSON object, found \(value.kindName)"),
                ]))
            }
            let resource = Resource(json: object)
            if syntaxOnly {
                do {
                    _ = try Resource(checking: object, file: file)
                    return (resource, OperationOutcome(issues: [.init(severity: .information, code: .informational, diagnostics: "no issues found")]))
                } catch {
                    return (resource, OperationOutcome(issues: [.init(severity: .fatal, code: .structure, diagnostics: error.message)]))
                }
            }
            return (resource, validate(resource))
        }
    }
}
