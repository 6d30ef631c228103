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
        ("patient/1", false), ("Patient/", false), ("urn:uuid:zzz", false), ("Patient/a_b", false), ("#a b", false), ("http://x.org/a b", false), ("urn:ietf:rfc:3986", true),
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

@Suite("FHIR NDJSON")
struct FHIRNDJSONTests {
    @Test func parsesLinesAndReportsBadOnesWithTheirNumber() throws {
        let text = "{\"resourceType\":\"Patient\",\"id\":\"a\"}\r\n\n  \n{\"resourceType\":\"Observation\",\n{\"id\":\"x\"}\n"
        let results = FHIR.NDJSON.parseEach(Array(text.utf8), file: "in.ndjson")
        #expect(results.map(\.line) == [1, 4, 5])
        guard case .success(let first) = results[0].result, case .failure(let second) = results[1].result,
              case .failure(let third) = results[2].result else { Issue.record("unexpected results"); return }
        #expect(first.relativeReference == "Patient/a")
        #expect(second.code == .invalidJSON && second.position?.line == 4 && second.position?.file == "in.ndjson")
        #expect(third.code == .invalidResource && third.position?.line == 5)
        #expect(throws: HealthRecordsError.self) { _ = try FHIR.NDJSON.parse(Array(text.utf8)) }
        let written = FHIR.NDJSON.serialize([first, first])
        #expect(try FHIR.NDJSON.parse(written).count == 2)
    }
}

@Suite("FHIR typed resources build valid FHIR")
struct FHIRTypedResourceTests {
    let patientRef = FHIR.Reference("Patient/p1")

    @Test func everyModelledTypeBuildsAValidResource() throws {
        var patient = FHIR.Patient(id: "p1")
        var contact = FHIR.Patient.Contact()
        contact.name = .init(family: "王", given: ["大明"])
        contact.relationship = [.init(coding: [.init(system: "http://terminology.hl7.org/CodeSystem/v2-0131", code: "N")])]
        patient.contact = [contact]
        patient.link = [.init(other: .init("Patient/p0"), type: .replaces)]

        var practitioner = FHIR.Practitioner(id: "dr1")
        practitioner.name = [.init(family: "李", given: ["医生"])]
        var organization = FHIR.Organization(id: "lab")
        organization.name = "Shenzhen Genetics Lab"

        var encounter = FHIR.Encounter(status: .inProgress, class: .init(system: "http://terminology.hl7.org/CodeSystem/v3-ActCode", code: "IMP"))
        encounter.subject = patientRef
        encounter.participant = [.init(individual: try #require(FHIR.Reference(to: practitioner)))]
        encounter.diagnosis = [.init(condition: .init("Condition/c1"), rank: 1)]
        encounter.period = .init(start: "2024-06-01T08:00:00+08:00")

        var specimen = FHIR.Specimen(id: "s1")
        specimen.status = .available
        specimen.subject = patientRef
        var request = FHIR.ServiceRequest(status: .active, intent: .order, subject: patientRef)
        request.code = .init(coding: [.init(system: "http://loinc.org", code: "73967-2")])
        var report = FHIR.DiagnosticReport(status: .final, code: .init(coding: [.init(system: "http://loinc.org", code: "51968-6")]))
        report.subject = patientRef
        report.result = [.init("Observation/o1")]
        report.presentedForm = [.init(contentType: "application/pdf", data: "JVBERi0=")]
        var observation = FHIR.Observation(status: .final, code: .init(coding: [.init(system: "http://loinc.org", code: "75605-6")]))
        observation.value = .quantity(.init(value: "0.105", unit: "%", system: FHIR.Quantity.ucum, code: "%"))
        observation.note = [.init(text: "fetal fraction")]
        var condition = FHIR.Condition(id: "c1")
        condition.subject = patientRef
        condition.clinicalStatus = .init(coding: [.init(system: FHIR.Condition.clinicalStatusSystem, code: "active")])
        var provenance = FHIR.Provenance()
        provenance.target = [patientRef]
        provenance.recorded = "2024-06-01T08:00:00+08:00"
        provenance.agent = [.init(who: .init("Organization/lab"))]
        var audit = FHIR.AuditEvent()
        audit.type = .init(system: "http://dicom.nema.org/resources/ontology/DCM", code: "110107")
        audit.action = .create
        audit.outcome = .success
        audit.recorded = "2024-06-01T08:00:00Z"
        audit.agent = [.init(json: ["requestor": .bool(true)])]
        audit.source = .init(json: ["observer": .object(["reference": .string("Device/gx")])])
        var header = FHIR.MessageHeader()
        header.event = .coding(.init(system: "http://terminology.hl7.org/CodeSystem/v2-0003", code: "R01"))
        header.source = .init(endpoint: "urn:oid:1.2.3", name: "LIS")
        let outcome = FHIR.OperationOutcome(issues: [.init(severity: .warning, code: .value, diagnostics: "x", expression: "Patient.name")])

        let resources: [FHIR.Resource] = [patient.resource, practitioner.resource, organization.resource, encounter.resource,
                                          specimen.resource, request.resource, report.resource, observation.resource,
                                          condition.resource, provenance.resource, audit.resource, header.resource, outcome.resource]
        for resource in resources {
            let result = FHIR.Validator().validate(resource)
            #expect(!result.hasErrors, "\(resource.resourceType): \(result.issue)")
            let back = try FHIR.Resource(parsing: resource.serialized())
            #expect(back.isEquivalent(to: resource))
        }
        // The typed reads give back what was set.
        let readPatient = try #require(try FHIR.Resource(parsing: patient.serialized()).as(FHIR.Patient.self))
        #expect(readPatient.contact.first?.name?.given == ["大明"])
        #expect(readPatient.link.first?.type == .replaces)
        #expect(FHIR.Encounter(json: encounter.json).diagnosis.first?.rank == 1)
        #expect(header.source?.endpoint == "urn:oid:1.2.3")
        #expect(audit.json["action"] == .string("C"))
        #expect(report.presentedForm.first?.contentType == "application/pdf")
        // A missing required element is reported at its path.
        var bad = FHIR.Provenance()
        bad.recorded = "2024-06-01"
        let issues = FHIR.Validator().validate(bad.resource).issue.compactMap(\.expression.first)
        #expect(Set(issues) == ["Provenance.target", "Provenance.agent", "Provenance.recorded"])
    }
}
