import Foundation
import Testing
@testable import HealthRecords

@Suite("FHIR resources")
struct FHIRResourceTests {
    static let patientJSON = """
    {"resourceType":"Patient","id":"p1","meta":{"versionId":"2"},"identifier":[{"system":"urn:oid:2.16.840.1.113883.2.23.1.19.1","value":"11010519491231002X"}],
     "name":[{"family":"王","given":["小明"]}],"gender":"female","birthDate":"1949-12-31","_birthDate":{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/patient-birthTime","valueDateTime":"1949-12-31T06:20:00+08:00"}]},
     "multipleBirthInteger":2,"x-unknown":{"kept":[1.10,null]}}
    """

    @Test func typedViewReadsAndWritesTheSameObject() throws {
        let resource = try FHIR.Resource(parsing: Self.patientJSON)
        #expect(resource.resourceType == "Patient")
        #expect(resource.relativeReference == "Patient/p1")
        #expect(resource.meta?.versionId == "2")
        #expect(resource.as(FHIR.Observation.self) == nil)
        var patient = try #require(resource.as(FHIR.Patient.self))
        #expect(patient.gender == .female)
        #expect(patient.birthDate == "1949-12-31")
        #expect(patient.name.first?.family == "王")
        #expect(patient.name.first?.given == ["小明"])
        #expect(patient.identifier.first?.system == FHIR.China.residentIDSystem)
        #expect(patient.multipleBirth == .integer("2"))
        patient.gender = .male
        patient.deceased = .boolean(false)
        let out = try FHIR.JSON.parse(patient.serialized()).objectValue!
        #expect(out["gender"] == .string("male"))
        #expect(out["deceasedBoolean"] == .bool(false))
        // Unknown members, primitive extensions and decimal text survive.
        #expect(out["x-unknown"] == (try FHIR.JSON.parse(#"{"kept":[1.10,null]}"#)))
        #expect(out["_birthDate"] != nil)
        #expect(out.keys.prefix(3) == ["resourceType", "id", "meta"])
    }

    @Test func choiceSetterReplacesTheOtherType() {
        var observation = FHIR.Observation(status: .final, code: .init(coding: [.init(system: "http://loinc.org", code: "718-7")]))
        observation.value = .quantity(.init(value: "7.20", unit: "g/dL", system: FHIR.Quantity.ucum, code: "g/dL"))
        observation.value = .string("see note")
        #expect(observation.json["valueQuantity"] == nil)
        #expect(observation.json["valueString"] == .string("see note"))
        observation.value = .quantity(.init(value: "7.20"))
        guard case .quantity(let q)? = observation.value else { Issue.record("expected a quantity"); return }
        #expect(q.value?.text == "7.20")
        #expect(observation.serialized().contains("\"value\":7.20"))
    }

    @Test func bundleEntriesRequestsAndResources() throws {
        var bundle = FHIR.Bundle(type: .transaction)
        var patient = FHIR.Patient()
        patient.gender = .unknown
        var observation = FHIR.Observation(status: .final, code: .init(coding: [.init(system: "http://loinc.org", code: "8867-4")]))
        observation.subject = .init("urn:uuid:2f9c0a4e-7a8b-4c5d-9e0f-112233445566")
        bundle.entry = [
            .init(fullUrl: "urn:uuid:2f9c0a4e-7a8b-4c5d-9e0f-112233445566", resource: patient.resource,
                  request: .init(method: .post, url: "Patient")),
            .init(fullUrl: "urn:uuid:3f9c0a4e-7a8b-4c5d-9e0f-112233445566", resource: observation.resource,
                  request: .init(method: .post, url: "Observation")),
        ]
        let parsed = try FHIR.Resource(parsing: bundle.serialized())
        let back = try #require(parsed.as(FHIR.Bundle.self))
        #expect(back.type == .transaction)
        #expect(back.entry.count == 2)
        #expect(back.entry[1].request?.method == .post)
        #expect(back.entry[1].request?.url == "Observation")
        #expect(back.resources.map(\.resourceType) == ["Patient", "Observation"])
        #expect(back.entry[1].resource?.as(FHIR.Observation.self)?.subject?.reference == "urn:uuid:2f9c0a4e-7a8b-4c5d-9e0f-112233445566")
        #expect(FHIR.Validator().validate(parsed).hasErrors == false)
    }

    @Test func rejectsNonResources() {
        #expect(throws: HealthRecordsError.self) { _ = try FHIR.Resource(parsing: "[1]") }
        #expect(throws: HealthRecordsError.self) { _ = try FHIR.Resource(parsing: #"{"id":"x"}"#) }
        #expect(throws: HealthRecordsError.self) { _ = try FHIR.Resource(parsing: #"{"resourceType":"patient"}"#) }
    }

    @Test func ids() {
        #expect(FHIR.Resource.isValidID("a-B.9"))
        #expect(!FHIR.Resource.isValidID("org_1"))
        #expect(!FHIR.Resource.isValidID(String(repeating: "a", count: 65)))
        #expect(!FHIR.Resource.isValidID(""))
    }

    @Test(arguments: [
        ("Patient/123", true), ("Patient/123/_history/2", true), ("http://x.org/fhir/Patient/1", true),
        ("urn:uuid:2f9c0a4e-7a8b-4c5d-9e0f-112233445566", true), ("urn:oid:1.2.3", true), ("#p1", true),
        ("patient/1", false), ("Patient/", false), ("urn:uuid:zzz", false), ("Patient/a_b", false), ("#a b", false),
    ])
    func referenceShapes(text: String, valid: Bool) {
        #expect(FHIR.Reference.isValidShape(text) == valid)
    }

    @Test(arguments: [
        ("2024", FHIR.DateTime.Kind.date, true), ("2024-02-29", .date, true), ("2023-02-29", .date, false),
        ("2024-13", .date, false), ("2024-01-01T10:00:00+08:00", .date, false),
        ("2024-01-01T10:00:00+08:00", .dateTime, true), ("2024-01-01T10:00:00.123Z", .dateTime, true),
        ("2024-01-01T10:00+08:00", .dateTime, false), ("2024-01-01T10:00:00", .dateTime, false),
        ("2024-01-01", .instant, false), ("2024-01-01T10:00:00Z", .instant, true), ("24-01-01", .dateTime, false),
    ])
    func dateFormats(text: String, kind: FHIR.DateTime.Kind, valid: Bool) {
        #expect(FHIR.DateTime.isValid(text, kind: kind) == valid)
    }

    @Test func dateTimeKeepsPrecisionAndComparesLikeFHIRPath() throws {
        let a = try #require(FHIR.DateTime("2024-06"))
        let b = try #require(FHIR.DateTime("2024-06-15T10:00:00+08:00"))
        #expect(a.precision == .month)
        #expect(b.precision == .second)
        #expect(b.zoneOffsetMinutes == 480)
        #expect(a.compare(to: b) == nil)  // indeterminate
        #expect(FHIR.DateTime("2024-05")!.compare(to: b) == .orderedAscending)
        #expect(FHIR.DateTime("2024-06-15T03:00:00Z")!.compare(to: b) == .orderedDescending)
    }

    @Test func decimalKeepsText() {
        #expect(FHIR.Decimal(lenient: "+1.50")?.text == "1.50")
        #expect(FHIR.Decimal(lenient: ".5")?.text == "0.5")
        #expect(FHIR.Decimal(lenient: "007")?.text == "7")
        #expect(FHIR.Decimal(lenient: "abc") == nil)
    }
}
