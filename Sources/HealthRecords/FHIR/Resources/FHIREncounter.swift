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
        /// Participants (attending doctor …).
        public var participant: [Participant] { get { json.elements("participant") } set { json.setElements("participant", newValue) } }
        /// Start and end.
        public var period: Period? { get { json.element("period") } set { json.setElement("period", newValue) } }
        /// Reasons.
        public var reasonCode: [CodeableConcept] { get { json.elements("reasonCode") } set { json.setElements("reasonCode", newValue) } }
        /// Diagnoses.
        public var diagnosis: [Diagnosis] { get { json.elements("diagnosis") } set { json.setElements("diagnosis", newValue) } }
        /// Admission/discharge details, kept as JSON.
        public var hospitalization: BackboneElement? {
            get { json.element("hospitalization") } set { json.setElement("hospitalization", newValue) }
        }
        /// Locations (ward, room, bed).
        public var location: [Location] { get { json.elements("location") } set { json.setElements("location", newValue) } }
        /// The organisation responsible.
        public var serviceProvider: Reference? { get { json.element("serviceProvider") } set { json.setElement("serviceProvider", newValue) } }
        /// Parent encounter.
        public var partOf: Reference? { get { json.element("partOf") } set { json.setElement("partOf", newValue) } }
    
        /// `Encounter.participant`.
        public struct Participant: Element {
            public var json: JSON.Object
            public init(json: JSON.Object) { self.json = json }
            /// Creates a participant.
            public init(individual: Reference, type: [CodeableConcept] = []) { json = [:]; self.type = type; self.individual = individual }
            /// Role (v3 ParticipationType `ATND` attender, `ADM` admitter, `REF` referrer …).
            public var type: [CodeableConcept] { get { json.elements("type") } set { json.setElements("type", newValue) } }
            /// When.
            public var period: Period? { get { json.element("period") } set { json.setElement("period", newValue) } }
            /// Who (Practitioner, PractitionerRole, RelatedPerson).
            public var individual: Reference? { get { json.element("individual") } set { json.setElement("individual", newValue) } }
        }

        /// `Encounter.diagnosis`.
        public struct Diagnosis: Element {
            public var json: JSON.Object
            public init(json: JSON.Object) { self.json = json }
            /// Creates a diagnosis entry.
            public init(condition: Reference, rank: Int? = nil) { json = [:]; self.condition = condition; self.rank = rank }
            /// The Condition or Procedure (required).
            public var condition: Reference? { get { json.element("condition") } set { json.setElement("condition", newValue) } }
            /// Admission, discharge, chief complaint …
            public var use: CodeableConcept? { get { json.element("use") } set { json.setElement("use", newValue) } }
            /// Ranking (1 = primary).
            public var rank: Int? { get { json.integer("rank") } set { json.setInteger("rank", newValue) } }
        }

        /// `Encounter.location`.
        public struct Location: Element {
            public var json: JSON.Object
            public init(json: JSON.Object) { self.json = json }
            /// Creates a location entry.
            public init(location: Reference) { json = [:]; self.location = location }
            /// The Location (required).
            public var location: Reference? { get { json.element("location") } set { json.setElement("location", newValue) } }
            /// planned | active | reserved | completed.
            public var status: String? { get { json.string("status") } set { json.setString("status", newValue) } }
            /// When.
            public var period: Period? { get { json.element("period") } set { json.setElement("period", newValue) } }
        }
    }
}
