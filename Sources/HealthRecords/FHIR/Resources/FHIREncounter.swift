extension FHIR {
    /// `Encounter`: a visit or stay (an HL7 v2 PV1).
    public struct Encounter: TypedResource {
        public static let resourceType = "Encounter"
        public var json: JSON.Object
        public init(json: JSON.Object) { self.json = json }

        /// Creates an encounter with its two required elements.
        public init(status: EncounterStatus, class encounterClass: Coding) {
            self.init()
            self.status = status
            self.class = encounterClass
        }

        /// Business identifiers (visit number).
        public var identifier: [Identifier] { get { json.elements("identifier") } set { json.setElements("identifier", newValue) } }
        /// Status (required); nil if absent or not a valid code.
        public var status: EncounterStatus? { get { json.code("status") } set { json.setCode("status", newValue) } }
        /// Inpatient, ambulatory, emergency … (a `Coding`, required; v3 ActCode `IMP`, `AMB`, `EMER`).
        public var `class`: Coding? { get { json.element("class") } set { json.setElement("class", newValue) } }
        /// Specific types.
        public var type: [CodeableConcept] { get { json.elements("type") } set { json.setElements("type", newValue) } }
        /// Service type.
        public var serviceType: CodeableConcept? { get { json.element("serviceType") } set { json.setElement("serviceType", newValue) } }
        /// Urgency.
        public var priority: CodeableConcept? { get { json.element("priority") } set { json.setElement("priority", newValue) } }
        /// The patient.
        public var subject: Reference? { get { json.element("subject") } set { json.setElement("subject", newValue) } }
        /// Participants (attending doctor …), kept as JSON.
        public var participant: [BackboneElement] { get { json.elements("participant") } set { json.setElements("participant", newValue) } }
        /// Start and end.
        public var period: Period? { get { json.element("period") } set { json.setElement("period", newValue) } }
        /// Reasons.
        public var reasonCode: [CodeableConcept] { get { json.elements("reasonCode") } set { json.setElements("reasonCode", newValue) } }
        /// Diagnoses, kept as JSON.
        public var diagnosis: [BackboneElement] { get { json.elements("diagnosis") } set { json.setElements("diagnosis", newValue) } }
        /// Admission/discharge details, kept as JSON.
        public var hospitalization: BackboneElement? {
            get { json.element("hospitalization") } set { json.setElement("hospitalization", newValue) }
        }
        /// Locations, kept as JSON.
        public var location: [BackboneElement] { get { json.elements("location") } set { json.setElements("location", newValue) } }
        /// The organisation responsible.
        public var serviceProvider: Reference? { get { json.element("serviceProvider") } set { json.setElement("serviceProvider", newValue) } }
        /// Parent encounter.
        public var partOf: Reference? { get { json.element("partOf") } set { json.setElement("partOf", newValue) } }
    }
}
