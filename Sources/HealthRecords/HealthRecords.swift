/// `HealthRecords`: FHIR R4, HL7 v2, CSV mapping, identity matching, privacy and the record store.
public enum HealthRecordsLibrary {
    /// The library version.
    public static let version = "0.1.0"
}
