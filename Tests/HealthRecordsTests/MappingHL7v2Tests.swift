import Foundation
import HealthRecords
import Testing
import TestSupport

/// HL7 v2 → FHIR on the hand-written fixtures (Fixtures/records-formats/make_fixtures.py).
@Suite struct MappingHL7v2Tests {
    typealias JSON = FHIR.JSON

    static func message(_ name: String) throws -> HL7v2.Message {
        let url = TestPaths.fixtures.appendingPathComponent("records-formats/\(name)")
        let input = try HL7v2.Parser().parse(contentsOf: url)
        #expect(input.errors.isEmpty, "\(input.errors)")
        return try #require(input.messages.first)
    }

    static func resources(_ bundle: FHIR.Bundle, _ type: String) -> [FHIR.JSON.Object] {
        bundle.resources.filter { $0.resourceType == type }.map(\.json)
    }

    func path(_ object: FHIR.JSON.Object?, _ keys: Any...) -> JSON? {
        var current: JSON? = object.map { .object($0) }
        for key in keys {
            switch (current, key) {
            case (.object(let o)?, let k as String): current = o[k]
            case (.array(let a)?, let i as Int): current = i < a.count ? a[i] : nil
            default: return nil
            }
        }
        return current
    }

    @Test func admissionGivesPatientEncounterConditionObservationHeaderAndProvenance() throws {
        let result = try HL7v2FHIRMapper().map(Self.message("adt-a01-zh.hl7"))
        #expect(result.warnings.isEmpty, "\(result.warnings)")
        let bundle = result.bundle
        #expect(bundle.type?.rawValue == "transaction")
        #expect(bundle.resources.map(\.resourceType) == ["Patient", "Encounter", "Observation", "Condition", "MessageHeader", "Provenance"])
        #expect(bundle.entry.allSatisfy { $0.fullUrl?.hasPrefix("urn:uuid:") == true })
        let patient = try #require(Self.resources(bundle, "Patient").first)
        #expect(path(patient, "identifier", 1, "system")?.stringValue == FHIR.China.residentIDSystem)
        #expect(path(patient, "identifier", 0, "value")?.stringValue == "H0001")
        #expect(path(patient, "name", 0, "text")?.stringValue == "王小明")
        #expect(path(patient, "name", 1, "family")?.stringValue == "wang" && path(patient, "name", 1, "given", 0)?.stringValue == "xiaoming")
        #expect(path(patient, "gender")?.stringValue == "male" && path(patient, "birthDate")?.stringValue == "1985-03-12")
        #expect(path(patient, "telecom", 0, "value")?.stringValue == "13800138000" && path(patient, "telecom", 0, "use")?.stringValue == "mobile")
        #expect(path(patient, "address", 0, "district")?.stringValue == "440305")
        #expect(path(patient, "contact", 0, "name", "text")?.stringValue == "李娜")
        let patientURL = try #require(bundle.entry.first?.fullUrl)
        #expect(bundle.entry.first?.request?.json["method"]?.stringValue == "PUT")
        let encounter = try #require(Self.resources(bundle, "Encounter").first)
        #expect(path(encounter, "class", "code")?.stringValue == "IMP" && path(encounter, "status")?.stringValue == "in-progress")
        #expect(path(encounter, "subject", "reference")?.stringValue == patientURL)
        #expect(path(encounter, "identifier", 0, "value")?.stringValue == "V20250106001")
        #expect(path(encounter, "period", "start")?.stringValue == "2025-01-06T08:30:00+08:00")
        let condition = try #require(Self.resources(bundle, "Condition").first)
        #expect(path(condition, "code", "coding", 0, "system")?.stringValue == "http://hl7.org/fhir/sid/icd-10")
        #expect(path(condition, "recordedDate")?.stringValue == "2025-01-06")
        let provenance = try #require(Self.resources(bundle, "Provenance").first)
        #expect(path(provenance, "target")?.arrayValue?.count == 5)
        #expect(path(provenance, "entity", 0, "what", "identifier", "value")?.stringValue == "ADT0001")
        let header = try #require(Self.resources(bundle, "MessageHeader").first)
        #expect(path(header, "eventCoding", "code")?.stringValue == "A01")
        // gx's own validator accepts every resource.
        #expect(!FHIR.Validator().validate(FHIR.Resource(bundle)).hasErrors)
        // Deterministic: the same message gives the same Bundle.
        let again = try HL7v2FHIRMapper().map(Self.message("adt-a01-zh.hl7"))
        #expect(FHIR.Resource(again.bundle).serialized() == FHIR.Resource(bundle).serialized())
    }

    @Test func labReportValuesRangesFlagsAndSpecimen() throws {
        let result = try HL7v2FHIRMapper().map(Self.message("oru-r01-zh.hl7"))
        #expect(result.warnings.isEmpty, "\(result.warnings)")
        let bundle = result.bundle
        let report = try #require(Self.resources(bundle, "DiagnosticReport").first)
        #expect(path(report, "status")?.stringValue == "final")
        #expect(path(report, "code", "coding", 0, "code")?.stringValue == "24331-1")
        #expect(path(report, "result")?.arrayValue?.count == 6)
        #expect(path(report, "specimen")?.arrayValue?.count == 1)
        #expect(path(report, "issued")?.stringValue == "2025-01-07T10:10:00+08:00")
        let request = try #require(Self.resources(bundle, "ServiceRequest").first)
        #expect(path(request, "intent")?.stringValue == "order" && path(request, "status")?.stringValue == "completed")
        let observations = Self.resources(bundle, "Observation")
        #expect(observations.count == 6)
        #expect(path(observations[0], "valueQuantity", "value") == .number("5.90"))
        #expect(path(observations[0], "valueQuantity", "system")?.stringValue == "http://unitsofmeasure.org")
        #expect(path(observations[0], "referenceRange", 0, "high", "value") == .number("5.2"))
        #expect(path(observations[0], "interpretation", 0, "coding", 0, "code")?.stringValue == "H")
        #expect(path(observations[1], "valueQuantity", "comparator")?.stringValue == "<")
        #expect(path(observations[1], "referenceRange", 0, "low", "value") == .number("0.5"))
        #expect(path(observations[2], "valueRange", "low", "value") == .number("4.1") && path(observations[2], "valueRange", "high", "value") == .number("4.5"))
        #expect(path(observations[3], "valueCodeableConcept", "coding", 0, "system")?.stringValue == "http://snomed.info/sct")
        #expect(path(observations[4], "valueString")?.stringValue == "空腹采血&复查")
        #expect(path(observations[4], "note", 0, "text")?.stringValue == "建议三个月后复查")
        #expect(path(observations[5], "valueDateTime")?.stringValue == "1992-07-01")
        #expect(path(observations[0], "effectiveDateTime")?.stringValue == "2025-01-07T08:30:00+08:00")
        let specimen = try #require(Self.resources(bundle, "Specimen").first)
        #expect(path(specimen, "type", "coding", 0, "code")?.stringValue == "119364003")
        #expect(!FHIR.Validator().validate(FHIR.Resource(bundle)).hasErrors)
    }

    @Test func mergeLinksSurvivorAndRetiredPatient() throws {
        let bundle = try HL7v2FHIRMapper().map(Self.message("adt-a40.hl7")).bundle
        let patients = Self.resources(bundle, "Patient")
        #expect(patients.count == 2)
        let survivorURL = try #require(bundle.entry.first?.fullUrl)
        let priorURL = try #require(bundle.entry.dropFirst().first?.fullUrl)
        #expect(path(patients[0], "link", 0, "type")?.stringValue == "replaces")
        #expect(path(patients[0], "link", 0, "other", "reference")?.stringValue == priorURL)
        #expect(path(patients[1], "link", 0, "type")?.stringValue == "replaced-by")
        #expect(path(patients[1], "link", 0, "other", "reference")?.stringValue == survivorURL)
        #expect(path(patients[1], "active") == .bool(false))
        #expect(path(patients[1], "identifier", 0, "value")?.stringValue == "H0099")
        #expect(bundle.entry.dropFirst().first?.request?.json["url"]?.stringValue == "Patient?identifier=urn:gx:hl7v2:SZH%7CH0099")
        #expect(!FHIR.Validator().validate(FHIR.Resource(bundle)).hasErrors)
        // A merge without MRG is rejected with the segment named.
        let noMRG = try HL7v2.Message(er7: "MSH|^~\\&|HIS|SZH|||20250108||ADT^A40|X|P|2.5\rPID|1||H1^^^SZH^MR")
        #expect { try HL7v2FHIRMapper().map(noMRG) } throws: { ($0 as? HealthRecordsError)?.position?.location == "MRG" }
    }

    @Test func chinaCodesAndInvalidValuesAreReportedNotCopied() throws {
        // GB/T 2261.1 sex "2", a resident ID whose sex digit (odd) and birth date disagree, a bad birth date.
        let good = "11010519491231002X"
        let text = "MSH|^~\\&|HIS|SZH|||20250101||ADT^A04|C1|P|2.5\rPID|1||\(good)^^^CHN^NNCHN~12345^^^CHN^NNCHN||张^三||19500101|1\r"
            + "OBX|1|NM|X^Y^L||12a|||||F\r"
        let result = try HL7v2FHIRMapper().map(HL7v2.Message(er7: text))
        let patient = try #require(Self.resources(result.bundle, "Patient").first)
        #expect(path(patient, "gender")?.stringValue == "male")
        #expect(path(patient, "_gender", "extension", 0, "valueCoding", "code")?.stringValue == "1")
        #expect(path(patient, "identifier", 1, "system")?.stringValue == "urn:gx:unverified-resident-id")
        // The valid number contradicts PID-7 and PID-8, so it is not trusted either.
        #expect(path(patient, "identifier", 0, "system")?.stringValue == "urn:gx:unverified-resident-id")
        let locations = result.warnings.compactMap(\.position?.location)
        #expect(locations.contains("PID-3[2]") && locations.contains("PID-7") && locations.contains("PID-8") && locations.contains("OBX-5"))
        #expect(result.warnings.allSatisfy { !$0.description.contains(good) && $0.position?.record == 1 })
        let observation = try #require(Self.resources(result.bundle, "Observation").first)
        #expect(path(observation, "valueString")?.stringValue == "12a")
        #expect(!FHIR.Validator().validate(FHIR.Resource(result.bundle)).hasErrors)
    }

    @Test func datesAndTimesFollowFHIRRules() throws {
        let zone = "+08:00"
        let cases: [(String, String?)] = [("2025", "2025"), ("202501", "2025-01"), ("20250106", "2025-01-06"),
                                          ("2025010608", "2025-01-06T08:00:00+08:00"), ("202501060830", "2025-01-06T08:30:00+08:00"),
                                          ("20250106083015.123-0500", "2025-01-06T08:30:15.123-05:00"), ("20250230", nil), ("2025013", nil),
                                          ("20250106250000", nil), ("\"\"", nil), ("abc", nil)]
        for (input, expected) in cases {
            let msg = try HL7v2.Message(er7: "MSH|^~\\&|A|B|||20250101||ADT^A04|C|P|2.5\rPID|1||1^^^H^MR||X^Y\rPV1|1|O" + String(repeating: "|", count: 42) + "\(input)")
            let encounter = try #require(Self.resources(try HL7v2FHIRMapper(options: .init(defaultTimeZone: zone)).map(msg).bundle, "Encounter").first)
            #expect(path(encounter, "period", "start")?.stringValue == expected, "\(input)")
        }
    }
}
