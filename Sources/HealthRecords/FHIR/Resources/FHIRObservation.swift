extension FHIR {
    /// `Observation`: a measurement or finding (an HL7 v2 OBX, a lab value, a genomic variant).
    public struct Observation: TypedResource {
        public static let resourceType = "Observation"
        public var json: JSON.Object
        public init(json: JSON.Object) { self.json = json }

        /// Creates an observation with its two required elements.
        public init(status: ObservationStatus, code: CodeableConcept) {
            self.init()
            self.status = status
            self.code = code
        }

        /// Business identifiers.
        public var identifier: [Identifier] { get { json.elements("identifier") } set { json.setElements("identifier", newValue) } }
        /// Orders fulfilled.
        public var basedOn: [Reference] { get { json.elements("basedOn") } set { json.setElements("basedOn", newValue) } }
        /// Status (required); nil if absent or not a valid code.
        public var status: ObservationStatus? { get { json.code("status") } set { json.setCode("status", newValue) } }
        /// Categories (laboratory, vital-signs …).
        public var category: [CodeableConcept] { get { json.elements("category") } set { json.setElements("category", newValue) } }
        /// What was observed (LOINC) (required).
        public var code: CodeableConcept? { get { json.element("code") } set { json.setElement("code", newValue) } }
        /// Who or what it is about.
        public var subject: Reference? { get { json.element("subject") } set { json.setElement("subject", newValue) } }
        /// Focus, when not the subject (a fetus).
        public var focus: [Reference] { get { json.elements("focus") } set { json.setElements("focus", newValue) } }
        /// The encounter.
        public var encounter: Reference? { get { json.element("encounter") } set { json.setElement("encounter", newValue) } }
        /// `effective[x]`: dateTime, Period, Timing or instant.
        public var effective: Choice? { get { json.choiceValue("effective") } set { json.setChoiceValue("effective", newValue) } }
        /// When the result was released (instant text).
        public var issued: String? { get { json.string("issued") } set { json.setString("issued", newValue) } }
        /// Who is responsible.
        public var performer: [Reference] { get { json.elements("performer") } set { json.setElements("performer", newValue) } }
        /// `value[x]`.
        public var value: Choice? { get { json.choiceValue("value") } set { json.setChoiceValue("value", newValue) } }
        /// Why there is no value.
        public var dataAbsentReason: CodeableConcept? {
            get { json.element("dataAbsentReason") } set { json.setElement("dataAbsentReason", newValue) }
        }
        /// High, low, normal, abnormal …
        public var interpretation: [CodeableConcept] {
            get { json.elements("interpretation") } set { json.setElements("interpretation", newValue) }
        }
        /// Comments.
        public var note: [Annotation] { get { json.elements("note") } set { json.setElements("note", newValue) } }
        /// How it was measured.
        public var method: CodeableConcept? { get { json.element("method") } set { json.setElement("method", newValue) } }
        /// The specimen.
        public var specimen: Reference? { get { json.element("specimen") } set { json.setElement("specimen", newValue) } }
        /// Reference ranges.
        public var referenceRange: [ReferenceRange] {
            get { json.elements("referenceRange") } set { json.setElements("referenceRange", newValue) }
        }
        /// Grouped observations.
        public var hasMember: [Reference] { get { json.elements("hasMember") } set { json.setElements("hasMember", newValue) } }
        /// Observations this one was derived from.
        public var derivedFrom: [Reference] { get { json.elements("derivedFrom") } set { json.setElements("derivedFrom", newValue) } }
        /// Components (repeating OBX-5, genomic variant parts, blood pressure).
        public var component: [Component] { get { json.elements("component") } set { json.setElements("component", newValue) } }

        /// `Observation.referenceRange`.
        public struct ReferenceRange: Element {
            public var json: JSON.Object
            public init(json: JSON.Object) { self.json = json }
            /// Low bound.
            public var low: Quantity? { get { json.element("low") } set { json.setElement("low", newValue) } }
            /// High bound.
            public var high: Quantity? { get { json.element("high") } set { json.setElement("high", newValue) } }
            /// Kind of range.
            public var type: CodeableConcept? { get { json.element("type") } set { json.setElement("type", newValue) } }
            /// The range as text (`"3.5-5.0"`).
            public var text: String? { get { json.string("text") } set { json.setString("text", newValue) } }
        }

        /// `Observation.component`.
        public struct Component: Element {
            public var json: JSON.Object
            public init(json: JSON.Object) { self.json = json }
            /// Creates a component.
            public init(code: CodeableConcept, value: Choice?) { json = [:]; self.code = code; self.value = value }
            /// What this component is (required).
            public var code: CodeableConcept? { get { json.element("code") } set { json.setElement("code", newValue) } }
            /// `value[x]`.
            public var value: Choice? { get { json.choiceValue("value") } set { json.setChoiceValue("value", newValue) } }
            /// Why there is no value.
            public var dataAbsentReason: CodeableConcept? {
                get { json.element("dataAbsentReason") } set { json.setElement("dataAbsentReason", newValue) }
            }
            /// Interpretations.
            public var interpretation: [CodeableConcept] {
                get { json.elements("interpretation") } set { json.setElements("interpretation", newValue) }
            }
            /// Reference ranges.
            public var referenceRange: [ReferenceRange] {
                get { json.elements("referenceRange") } set { json.setElements("referenceRange", newValue) }
            }
        }
    }
}
