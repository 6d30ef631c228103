extension FHIR {
    /// `OperationOutcome`: errors, warnings and information about an operation — the result of validation.
    public struct OperationOutcome: TypedResource {
        public static let resourceType = "OperationOutcome"
        public var json: JSON.Object
        public init(json: JSON.Object) { self.json = json }

        /// Creates an outcome from issues.
        public init(issues: [Issue]) {
            self.init()
            self.issue = issues
        }

        /// The issues (required, 1..*).
        public var issue: [Issue] { get { json.elements("issue") } set { json.setElements("issue", newValue) } }

        /// Whether any issue is an error or fatal.
        public var hasErrors: Bool { issue.contains { $0.severity == .error || $0.severity == .fatal } }

        /// `IssueSeverity`.
        public enum Severity: String, Sendable, CaseIterable, Comparable {
            case fatal, error, warning, information
            var rank: Int { switch self { case .fatal: 3; case .error: 2; case .warning: 1; case .information: 0 } }
            public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
        }

        /// `IssueType` codes gx uses (the value set has more; any code is kept).
        public enum IssueType: String, Sendable, CaseIterable {
            case invalid, structure, required, value, invariant, security, processing, notFound = "not-found"
            case codeInvalid = "code-invalid", informational, duplicate, exception, incomplete, notSupported = "not-supported"
        }

        /// `OperationOutcome.issue`.
        public struct Issue: Element, CustomStringConvertible {
            public var json: JSON.Object
            public init(json: JSON.Object) { self.json = json }

            /// Creates an issue.
            ///
            /// - Parameters:
            ///   - severity: fatal, error, warning or information.
            ///   - code: The issue type.
            ///   - diagnostics: What is wrong, in a sentence (no personal data).
            ///   - expression: FHIRPath of the element (`Patient.birthDate`, `Bundle.entry[2].resource`).
            public init(severity: Severity, code: IssueType, diagnostics: String, expression: String? = nil) {
                json = [:]
                self.severity = severity
                json.setString("code", code.rawValue)
                self.diagnostics = diagnostics
                if let expression { self.expression = [expression] }
            }

            /// Severity (required).
            public var severity: Severity? { get { json.code("severity") } set { json.setCode("severity", newValue) } }
            /// Issue type code (required).
            public var code: String? { get { json.string("code") } set { json.setString("code", newValue) } }
            /// Details as a concept.
            public var details: CodeableConcept? { get { json.element("details") } set { json.setElement("details", newValue) } }
            /// Diagnostics text.
            public var diagnostics: String? { get { json.string("diagnostics") } set { json.setString("diagnostics", newValue) } }
            /// FHIRPath expressions of the elements concerned.
            public var expression: [String] { get { json.strings("expression") } set { json.setStrings("expression", newValue) } }

            /// `severity expression: diagnostics`.
            public var description: String {
                let path = expression.first.map { " \($0)" } ?? ""
                return "\(severity?.rawValue ?? "?")\(path): \(diagnostics ?? code ?? "")"
            }
        }
    }
}
