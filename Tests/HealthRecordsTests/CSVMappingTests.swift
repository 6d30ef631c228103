import Foundation
import HealthRecords
import Testing
import TestSupport

/// CSV → FHIR with the two bundled example mappings on the fixtures of Fixtures/records-formats/.
@Suite struct CSVMappingTests {
    static func fixture(_ name: String) -> URL { TestPaths.fixtures.appendingPathComponent("records-formats/\(name)") }

    func value(_ bundle: FHIR.Bundle?, _ type: String, _ keys: [Any]) -> FHIR.JSON? {
        guard let object = bundle?.resources.first(where: { $0.resourceType == type })?.json else { return nil }
        var current: FHIR.JSON? = .object(object)
        for key in keys {
            switch (current, key) {
            case (.object(let o)?, let k as String): current = o[k]
            case (.array(let a)?, let i as Int): current = i < a.count ? a[i] : nil
            default: return nil
            }
        }
        return current
    }

    @Test func bundledMappingsLoad() throws {
        #expect(CSVMapping.bundledNames == ["hospital-patient-master", "lab-results"])
        #expect(throws: HealthRecordsError.self) { try CSVMapping.bundled("no-such-mapping") }
    }

    @Test func patientMasterExport() throws {
        let rows = try CSVFHIRMapper(mapping: CSVMapping.bundled("hospital-patient-master")).map(contentsOf: Self.fixture("hospital-patients.csv"))
        #expect(rows.count == 6 && rows.allSatisfy { $0.bundle != nil })
        let wang = rows[0].bundle
        #expect(value(wang, "Patient", ["identifier", 1, "system"])?.stringValue == FHIR.China.residentIDSystem)
        #expect(value(wang, "Patient", ["gender"])?.stringValue == "male")
        #expect(value(wang, "Patient", ["_gender", "extension", 0, "valueCoding", "code"])?.stringValue == "1")
        #expect(value(wang, "Patient", ["birthDate"])?.stringValue == "1985-03-12")
        #expect(value(wang, "Patient", ["telecom", 0, "value"])?.stringValue == "13800138000")
        #expect(value(wang, "Patient", ["name", 0, "given", 0])?.stringValue == "小明")
        #expect(wang?.entry.first?.request?.json["method"]?.stringValue == "PUT")
        #expect(value(rows[1].bundle, "Patient", ["address", 0, "line", 0])?.stringValue == "福田区深南大道2号, 3栋")
        // The 15-digit legacy number is upgraded to 18 characters.
        #expect(value(rows[3].bundle, "Patient", ["identifier", 1, "value"])?.stringValue?.count == 18)
        // Row 5: mistyped ID (kept as unverified, warned) and 30 February (left out, warned), sex 9 → unknown.
        #expect(value(rows[4].bundle, "Patient", ["identifier", 1, "system"])?.stringValue == "urn:gx:unverified-resident-id")
        #expect(rows[4].warnings.map(\.position?.location) == ["id_number", "birth_date"])
        #expect(rows[4].warnings.allSatisfy { $0.position?.record == 5 && $0.position?.line == 6 })
        #expect(value(rows[4].bundle, "Patient", ["gender"])?.stringValue == "unknown")
        for row in rows { #expect(!FHIR.Validator().validate(FHIR.Resource(row.bundle!)).hasErrors, "row \(row.row)") }
    }

    @Test func labResultExport() throws {
        let rows = try CSVFHIRMapper(mapping: CSVMapping.bundled("lab-results")).map(contentsOf: Self.fixture("lab-results.csv"))
        #expect(rows.count == 5)
        let first = rows[0].bundle
        #expect(first?.resources.map(\.resourceType) == ["Patient", "Observation"])
        #expect(value(first, "Observation", ["valueQuantity", "value"]) == .number("5.6"))
        #expect(value(first, "Observation", ["valueQuantity", "code"])?.stringValue == "mmol/L")
        #expect(value(first, "Observation", ["code", "coding", 0, "system"])?.stringValue == "http://loinc.org")
        #expect(value(first, "Observation", ["effectiveDateTime"])?.stringValue == "2025-01-06T08:30:00+08:00")
        #expect(value(first, "Observation", ["subject", "reference"])?.stringValue == first?.entry.first?.fullUrl)
        #expect(value(first, "Observation", ["category", 0, "coding", 0, "code"])?.stringValue == "laboratory")
        #expect(value(rows[2].bundle, "Observation", ["status"])?.stringValue == "preliminary")
        #expect(value(rows[2].bundle, "Observation", ["valueQuantity", "value"]) == .number("11.20"))
        #expect(rows[3].warnings.first?.position?.location == "result")
        let rejected = try #require(rows[4].error)
        #expect(rows[4].bundle == nil && rejected.position?.location == "mrn" && rejected.position?.line == 6)
        for row in rows.prefix(4) { #expect(!FHIR.Validator().validate(FHIR.Resource(row.bundle!)).hasErrors) }
    }

    @Test func malformedCSVAndMappingsAreRejectedWithPositions() throws {
        let mapping = try CSVMapping.bundled("hospital-patient-master")
        let mapper = CSVFHIRMapper(mapping: mapping)
        #expect { try mapper.map(bytes: Array("mrn,family_name\nH1,王\n".utf8), source: "x.csv") } throws: {
            ($0 as? HealthRecordsError)?.message.contains("the header does not have") == true && ($0 as? HealthRecordsError)?.position?.line == 1
        }
        let header = "mrn,family_name,given_name,sex,birth_date,id_number,phone,division,address,marital\n"
        #expect { try mapper.map(bytes: Array((header + "H1,\"open\n").utf8), source: "x.csv") } throws: {
            ($0 as? HealthRecordsError)?.position?.line == 2
        }
        #expect { try mapper.map(bytes: Array((header + "H1,a,b\n").utf8), source: "x.csv") } throws: {
            ($0 as? HealthRecordsError)?.position?.line == 2 && ($0 as? HealthRecordsError)?.position?.record == 1
        }
        let strict = try mapper.map(bytes: Array((header + "H1,王,五,7,,,,,,\n").utf8), source: "x.csv")
        #expect(strict.first?.error?.position?.location == "sex")
        // GB 18030 files decode when the mapping says so.
        var gb = mapping
        gb.encoding = "GB18030"
        var bytes = Array((header + "H2,").utf8) + [0xCD, 0xF5] + Array(",,1,,,,,,\n".utf8)
        let decoded = try CSVFHIRMapper(mapping: gb).map(bytes: bytes, source: nil)
        #expect(value(decoded.first?.bundle, "Patient", ["name", 0, "family"])?.stringValue == "王")
        bytes = Array(#"{"name": "x", "resources": [{"resourceType": "Patient", "key": "p", "fields": [{"column": "a", "element": "name[x", "type": "string"}]}]}"#.utf8)
        #expect { try CSVMapping.decode(Data(bytes)) } throws: { ($0 as? HealthRecordsError)?.position?.location == "resources[0].fields[0].element" }
    }
}
