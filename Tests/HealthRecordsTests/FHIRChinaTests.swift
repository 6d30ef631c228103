import Testing
@testable import HealthRecords

@Suite("FHIR China codes")
struct FHIRChinaTests {
    typealias ID = FHIR.China.ResidentIdentityNumber

    @Test func parsesTheStandardExample() throws {
        let id = try ID("11010519491231002x")
        #expect(id.value == "11010519491231002X")
        #expect(id.divisionCode == "110105")
        #expect(id.birthDate == "1949-12-31")
        #expect(id.gender == .female)
        #expect(id.description == "110105***********X")
        #expect(!id.wasUpgraded)
    }

    @Test func upgradesLegacyFifteenDigitNumbers() throws {
        // 15-digit form of 11010519491231002X: drop the century and the check character.
        let id = try ID("110105491231002")
        #expect(id.value == "11010519491231002X")
        #expect(id.wasUpgraded)
    }

    @Test(arguments: [
        ("11010519491231002", ID.Problem.length(17)), ("1101051949123100XX", .characters),
        ("99010519491231002X", .divisionCode), ("11010519490230002X", .birthDate), ("110105194912310021", .checkCharacter),
    ])
    func rejects(text: String, problem: ID.Problem) {
        guard case .failure(let found) = ID.parse(text) else { Issue.record("accepted \(text)"); return }
        #expect(found == problem)
    }

    @Test func checkCharacterAgreesWithAnIndependentComputation() {
        // Every check character 0-9/X appears for some sequence; recompute MOD 11-2 by the ISO 7064 recursion.
        for sequence in 0..<200 {
            let body = "440305" + "19900101" + String(format: "%03d", sequence)
            var p = 0
            for c in body { p = ((p + Int(String(c))!) * 2) % 11 }
            let check = (12 - p) % 11
            let text = body + (check == 10 ? "X" : String(check))
            guard case .success(let id) = ID.parse(text) else { Issue.record("rejected a valid number"); return }
            #expect(id.gender == (sequence % 2 == 1 ? .male : .female))
        }
    }

    @Test func sexCodes() {
        #expect(FHIR.China.gender(fromSexCode: "1") == .male)
        #expect(FHIR.China.gender(fromSexCode: "2") == .female)
        #expect(FHIR.China.gender(fromSexCode: "9") == .unknown)
        #expect(FHIR.China.gender(fromSexCode: "0") == .unknown)
        #expect(FHIR.China.gender(fromSexCode: "M") == nil)
        #expect(FHIR.China.sexCode(for: .female) == "2")
    }

    @Test func divisionCodes() {
        #expect(FHIR.China.isDivisionCode("440305"))
        #expect(!FHIR.China.isDivisionCode("990305"))
        #expect(!FHIR.China.isDivisionCode("44030"))
    }
}

import Foundation

@Suite("FHIR China names and sex codes in resources")
struct FHIRChinaResourceTests {
    @Test func sexCodeKeepsTheOriginal() throws {
        var patient = FHIR.Patient()
        #expect(FHIR.China.setGender(of: &patient, fromSexCode: "9"))
        #expect(patient.gender == .unknown)
        #expect(FHIR.China.sexCode(of: patient) == "9")
        #expect(!FHIR.China.setGender(of: &patient, fromSexCode: "X"))
        #expect(FHIR.China.setGender(of: &patient, fromSexCode: "2"))
        #expect(FHIR.China.sexCode(of: patient) == "2")
        #expect(patient.json["_gender"]?.objectValue?["extension"]?.arrayValue?.count == 1)
        let outcome = FHIR.Validator().validate(patient.resource)
        #expect(!outcome.hasErrors, "\(outcome.issue)")
    }

    @Test func pinyinNameRepresentation() {
        var name = FHIR.HumanName(family: "Wang", given: ["Xiaohong"])
        name.representation = .syllabic
        #expect(name.representation == .syllabic)
        name.representation = .ideographic
        #expect(name.extensions.count == 1)
        #expect(name.representation == .ideographic)
    }
}
