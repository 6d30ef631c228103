/// HL7 FHIR R4 (4.0.1): lossless JSON, typed views of the modelled resources, validation.
///
/// Design: every resource and complex element is a `Sendable` value type that *owns its JSON object*
/// (``FHIR/JSON/Object``, members in document order, numbers kept as their original text). Typed properties
/// (`Patient.birthDate`, `Observation.value`) are computed views that read from and write into that object.
/// Reading and writing therefore never loses an element gx does not model: unknown resource types, unknown
/// elements, `_primitive` extensions, `contained` resources and decimal precision all survive a
/// parse → serialise round trip.
///
/// ```swift
/// let resource = try FHIR.Resource(parsing: Array(data))
/// if var patient = resource.as(FHIR.Patient.self) {
///     patient.gender = .female
///     let text = FHIR.Resource(patient).json.serialized()
/// }
/// ```
public enum FHIR {
    /// The FHIR version gx reads and writes.
    public static let version = "4.0.1"
    /// MIME type of FHIR JSON.
    public static let mimeType = "application/fhir+json"
}
