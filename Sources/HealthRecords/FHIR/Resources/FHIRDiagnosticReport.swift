extension FHIR {
    /// `DiagnosticReport`: a set of results with an interpretation (an HL7 v2 OBR, a genetic test report).
    public struct DiagnosticReport: TypedResource {
        public static let resourceType = "DiagnosticReport"
        public var json: JSON.Object
        public init(json: JSON.Object) { self.json = json }

        /// Creates a report with its two required elements.
        public init(status: Status, code: CodeableConcept) {
            self.init()
            self.status = status
            self.code = code
        }

        /// `DiagnosticReportStatus` (required binding of `DiagnosticReport.status`).
        public enum Status: String, Sendable, CaseIterable {
            case registered, partial, preliminary, final, amended, corrected, appended, cancelled
            case enteredInError = "entered-in-error"
            case unknown
        }

        /// Business identifiers (filler order number).
        public var identifier: [Identifier] { get { json.elements("identifier") } set { json.setElements("identifier", newValue) } }
        /// Orders fulfilled.
        public var basedOn: [Reference] { get { json.elements("basedOn") } set { json.setElements("basedOn", newValue) } }
        /// Status (required).
        public var status: Status? { get { json.code("status") } set { json.setCode("status", newValue) } }
        /// Service categories (`GE` genetics, `LAB` …).
        public var category: [CodeableConcept] { get { json.elements("category") } set { json.setElements("category", newValue) } }
        /// What the report is (required).
        public var code: CodeableConcept? { get { json.element("code") } set { json.setElement("code", newValue) } }
        /// The patient.
        public var subject: Reference? { get { json.element("subject") } set { json.setElement("subject", newValue) } }
        /// The encounter.
        public var encounter: Reference? { get { json.element("encounter") } set { json.setElement("encounter", newValue) } }
        /// `effective[x]`: dateTime or Period.
        public var effective: Choice? { get { json.choiceValue("effective") } set { json.setChoiceValue("effective", newValue) } }
        /// When released (instant text).
        public var issued: String? { get { json.string("issued") } set { json.setString("issued", newValue) } }
        /// Responsible service.
        public var performer: [Reference] { get { json.elements("performer") } set { json.setElements("performer", newValue) } }
        /// Who interpreted.
        public var resultsInterpreter: [Reference] {
            get { json.elements("resultsInterpreter") } set { json.setElements("resultsInterpreter", newValue) }
        }
        /// Specimens.
        public var specimen: [Reference] { get { json.elements("specimen") } set { json.setElements("specimen", newValue) } }
        /// Observations.
        public var result: [Reference] { get { json.elements("result") } set { json.setElements("result", newValue) } }
        /// Clinical conclusion text.
        public var conclusion: String? { get { json.string("conclusion") } set { json.setString("conclusion", newValue) } }
        /// Coded conclusions.
        public var conclusionCode: [CodeableConcept] {
            get { json.elements("conclusionCode") } set { json.setElements("conclusionCode", newValue) }
        }
        /// Rendered report (PDF …).
        public var presentedForm: [Attachment] {
            get { json.elements("presentedForm") } set { json.setElements("presentedForm", newValue) }
        }
    }
}
