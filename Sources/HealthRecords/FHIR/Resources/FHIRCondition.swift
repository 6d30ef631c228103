extension FHIR {
    /// `Condition`: a diagnosis or problem (an HL7 v2 DG1).
    public struct Condition: TypedResource {
        public static let resourceType = "Condition"
        public var json: JSON.Object
        public init(json: JSON.Object) { self.json = json }

        /// The code system of ``clinicalStatus``.
        public static let clinicalStatusSystem = "http://terminology.hl7.org/CodeSystem/condition-clinical"
        /// The code system of ``verificationStatus``.
        public static let verificationStatusSystem = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
        /// The codes of the required `condition-clinical` value set.
        public static let clinicalStatusCodes: Set<String> = ["active", "recurrence", "relapse", "inactive", "remission", "resolved"]
        /// The codes of the required `condition-ver-status` value set.
        public static let verificationStatusCodes: Set<String> = [
            "unconfirmed", "provisional", "differential", "confirmed", "refuted", "entered-in-error",
        ]

        /// Business identifiers.
        public var identifier: [Identifier] { get { json.elements("identifier") } set { json.setElements("identifier", newValue) } }
        /// active | recurrence | relapse | inactive | remission | resolved.
        public var clinicalStatus: CodeableConcept? { get { json.element("clinicalStatus") } set { json.setElement("clinicalStatus", newValue) } }
        /// unconfirmed | provisional | differential | confirmed | refuted | entered-in-error.
        public var verificationStatus: CodeableConcept? {
            get { json.element("verificationStatus") } set { json.setElement("verificationStatus", newValue) }
        }
        /// Problem-list item, encounter diagnosis …
        public var category: [CodeableConcept] { get { json.elements("category") } set { json.setElements("category", newValue) } }
        /// Severity.
        public var severity: CodeableConcept? { get { json.element("severity") } set { json.setElement("severity", newValue) } }
        /// The diagnosis (ICD-10, SNOMED CT).
        public var code: CodeableConcept? { get { json.element("code") } set { json.setElement("code", newValue) } }
        /// The patient (required).
        public var subject: Reference? { get { json.element("subject") } set { json.setElement("subject", newValue) } }
        /// The encounter.
        public var encounter: Reference? { get { json.element("encounter") } set { json.setElement("encounter", newValue) } }
        /// `onset[x]`.
        public var onset: Choice? { get { json.choiceValue("onset") } set { json.setChoiceValue("onset", newValue) } }
        /// `abatement[x]`.
        public var abatement: Choice? { get { json.choiceValue("abatement") } set { json.setChoiceValue("abatement", newValue) } }
        /// When recorded (dateTime text).
        public var recordedDate: String? { get { json.string("recordedDate") } set { json.setString("recordedDate", newValue) } }
        /// Who recorded.
        public var recorder: Reference? { get { json.element("recorder") } set { json.setElement("recorder", newValue) } }
    }
}
