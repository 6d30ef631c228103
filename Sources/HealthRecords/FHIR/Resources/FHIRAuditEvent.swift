extension FHIR {
    /// `AuditEvent`: a record of an access or change (import, merge, export, de-identification).
    public struct AuditEvent: TypedResource {
        public static let resourceType = "AuditEvent"
        public var json: JSON.Object
        public init(json: JSON.Object) { self.json = json }

        /// `AuditEventAction` (required binding of `AuditEvent.action`).
        public enum Action: String, Sendable, CaseIterable {
            case create = "C", read = "R", update = "U", delete = "D", execute = "E"
        }

        /// `AuditEventOutcome` (required binding of `AuditEvent.outcome`): 0 success, 4 minor, 8 serious, 12 major failure.
        public enum Outcome: String, Sendable, CaseIterable {
            case success = "0", minorFailure = "4", seriousFailure = "8", majorFailure = "12"
        }

        /// Event type (required, a Coding).
        public var type: Coding? { get { json.element("type") } set { json.setElement("type", newValue) } }
        /// Subtypes.
        public var subtype: [Coding] { get { json.elements("subtype") } set { json.setElements("subtype", newValue) } }
        /// C | R | U | D | E.
        public var action: Action? { get { json.code("action") } set { json.setCode("action", newValue) } }
        /// When the activity happened.
        public var period: Period? { get { json.element("period") } set { json.setElement("period", newValue) } }
        /// When recorded (instant text, required).
        public var recorded: String? { get { json.string("recorded") } set { json.setString("recorded", newValue) } }
        /// 0 | 4 | 8 | 12.
        public var outcome: Outcome? { get { json.code("outcome") } set { json.setCode("outcome", newValue) } }
        /// Description of the outcome.
        public var outcomeDesc: String? { get { json.string("outcomeDesc") } set { json.setString("outcomeDesc", newValue) } }
        /// Actors (required, 1..*), kept as JSON.
        public var agent: [BackboneElement] { get { json.elements("agent") } set { json.setElements("agent", newValue) } }
        /// The reporting system (required), kept as JSON.
        public var source: BackboneElement? { get { json.element("source") } set { json.setElement("source", newValue) } }
        /// Data involved, kept as JSON.
        public var entity: [BackboneElement] { get { json.elements("entity") } set { json.setElements("entity", newValue) } }
    }
}
