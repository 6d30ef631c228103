import Foundation
import Testing
@testable import HealthRecords

@Suite("FHIR validation")
struct FHIRValidatorTests {
    func issues(_ text: String, security: Bool = false) -> [FHIR.OperationOutcome.Issue] {
        FHIR.Validator(securityChecks: security).validate(bytes: Array(text.utf8)).issue
            .filter { $0.severity == .error || $0.severity == .fatal }
    }

    func paths(_ text: String) -> [String] { issues(text).compactMap(\.expression.first) }

    @Test func validPatientHasNoErrors() {
        let outcome = FHIR.Validator().validate(bytes: Array(FHIRResourceTests.patientJSON.replacingOccurrences(of: #","x-unknown":{"kept":[1.10,null]}"#, with: "").utf8))
        #expect(!outcome.hasErrors, "\(outcome.issue)")
        #expect(outcome.issue.first?.severity == .information)
    }

    @Test func pointsAtTheElement() {
        let text = #"{"resourceType":"Patient","gender":"F","birthDate":"1990-02-30","active":"yes","name":{"family":"x"},"telecom":[]}"#
        let found = paths(text)
        #expect(found.contains("Patient.gender"))
        #expect(found.contains("Patient.birthDate"))
        #expect(found.contains("Patient.active"))
        #expect(found.contains("Patient.name"))
        #expect(found.contains("Patient.telecom"))
        #expect(issues(text).first { $0.expression == ["Patient.gender"] }?.code == "code-invalid")
    }

    @Test func requiredElementsAndChoices() {
        let found = issues(#"{"resourceType":"Observation","valueString":"a","valueBoolean":true,"effectiveFoo":"x"}"#)
        let messages = found.map { "\($0.expression.first ?? "") \($0.diagnostics ?? "")" }
        #expect(messages.contains { $0.hasPrefix("Observation.status minimum required = 1") })
        #expect(messages.contains { $0.hasPrefix("Observation.code minimum required = 1") })
        #expect(messages.contains { $0.hasPrefix("Observation.valueBoolean only one of") })
        #expect(messages.contains { $0.hasPrefix("Observation.effectiveFoo unrecognized property") })
    }

    @Test func primitiveExtensionsAndNullsInArrays() {
        // A given name known only by its extension: null in the value array, object in the companion.
        let good = #"{"resourceType":"Patient","name":[{"given":["A",null],"_given":[null,{"extension":[{"url":"http://x","valueString":"B"}]}]}]}"#
        #expect(issues(good).isEmpty, "\(issues(good))")
        let bad = #"{"resourceType":"Patient","name":[{"given":["A",null]}]}"#
        #expect(paths(bad) == ["Patient.name[0].given[1]"])
        let onlyExtension = #"{"resourceType":"Patient","_birthDate":{"extension":[{"url":"http://x","valueCode":"unknown"}]}}"#
        #expect(issues(onlyExtension).isEmpty)
    }

    @Test func formatsAndIDs() {
        let text = #"{"resourceType":"Observation","id":"a_b","status":"final","code":{"text":"x"},"issued":"2024-01-01","effectiveDateTime":"2024-01-01T10:00","valueInteger":1.5}"#
        let found = paths(text)
        #expect(Set(found) == ["Observation.id", "Observation.issued", "Observation.effectiveDateTime", "Observation.valueInteger"])
    }

    @Test func referencesAndContained() {
        let text = """
        {"resourceType":"Observation","status":"final","code":{"text":"x"},
         "contained":[{"resourceType":"Patient","id":"p","meta":{"lastUpdated":"2024-01-01T00:00:00Z"}},{"resourceType":"Device","id":"unused"}],
         "subject":{"reference":"#p"},"performer":[{"reference":"#missing"},{"reference":"practitioner/1"}]}
        """
        let found = issues(text)
        let byPath = Dictionary(grouping: found, by: { $0.expression.first ?? "" })
        #expect(byPath["Observation.contained[0].meta"] != nil)  // dom-4
        #expect(byPath["Observation.contained[1]"] != nil)  // dom-3
        #expect(byPath["Observation.performer[0].reference"] != nil)  // unresolved
        #expect(byPath["Observation.performer[1].reference"] != nil)  // shape
        #expect(byPath["Observation.subject.reference"] == nil)
    }

    @Test func invariants() {
        let encounter = #"{"resourceType":"Encounter","status":"finished","class":{"code":"AMB"},"period":{"start":"2024-02-01","end":"2024-01-01"}}"#
        #expect(paths(encounter) == ["Encounter.period"])
        let observation = #"{"resourceType":"Observation","status":"final","code":{"text":"x"},"valueString":"a","dataAbsentReason":{"text":"y"}}"#
        #expect(paths(observation) == ["Observation.dataAbsentReason"])
        let ext = #"{"resourceType":"Patient","extension":[{"url":"http://x","valueString":"a","extension":[{"url":"y","valueString":"b"}]}]}"#
        #expect(paths(ext) == ["Patient.extension[0]"])
        let quantity = #"{"resourceType":"Observation","status":"final","code":{"text":"x"},"valueQuantity":{"value":1,"code":"mg"}}"#
        #expect(paths(quantity) == ["Observation.valueQuantity"])
        let contact = #"{"resourceType":"Patient","contact":[{"gender":"male"}]}"#
        #expect(paths(contact) == ["Patient.contact[0]"])
        let condition = #"{"resourceType":"Condition","subject":{"reference":"Patient/1"},"clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"bogus"}]}}"#
        #expect(paths(condition) == ["Condition.clinicalStatus"])
    }

    @Test func bundleRules() {
        let text = """
        {"resourceType":"Bundle","type":"transaction","total":2,"entry":[
          {"fullUrl":"Patient/1","resource":{"resourceType":"Patient","id":"1"},"request":{"method":"POST","url":"Patient"}},
          {"fullUrl":"urn:uuid:2f9c0a4e-7a8b-4c5d-9e0f-112233445566","resource":{"resourceType":"Patient"}},
          {"fullUrl":"urn:uuid:2f9c0a4e-7a8b-4c5d-9e0f-112233445566","resource":{"resourceType":"Patient","gender":"x"},"request":{"method":"FETCH","url":"Patient"}}]}
        """
        let found = Set(paths(text))
        #expect(found == ["Bundle.total", "Bundle.entry[0].fullUrl", "Bundle.entry[1].request", "Bundle.entry[2].fullUrl",
                          "Bundle.entry[2].resource.gender", "Bundle.entry[2].request.method"])
        let message = #"{"resourceType":"Bundle","type":"message","entry":[{"resource":{"resourceType":"Patient"}}]}"#
        #expect(paths(message) == ["Bundle.entry[0]"])
    }

    @Test func narrative() {
        func narrative(_ div: String) -> [String] {
            let text = #"{"resourceType":"Basic","text":{"status":"generated","div":"\#(div)"},"code":{"text":"x"}}"#
            return paths(text)
        }
        #expect(narrative(#"<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>ok <b>bold</b><br/></p></div>"#).isEmpty)
        #expect(narrative(#"<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>bad</pa></div>"#) == ["Basic.text.div"])
        #expect(narrative(#"<div xmlns=\"http://www.w3.org/1999/xhtml\"><script>x</script></div>"#) == ["Basic.text.div"])
        #expect(narrative(#"<div xmlns=\"http://www.w3.org/1999/xhtml\"><p onclick=\"x()\">a</p></div>"#) == ["Basic.text.div"])
    }

    @Test func unmodelledResourcesKeepGenericRules() {
        let text = ##"{"resourceType":"Basic","code":{},"author":null,"meta":{"profile":"http://x"},"subject":{"reference":"#nowhere"}}"##
        #expect(Set(paths(text)) == ["Basic.code", "Basic.author", "Basic.meta.profile", "Basic.subject.reference"])
    }

    @Test func securityChecksFlagEmbeddedHTML() {
        let text = #"{"resourceType":"Patient","name":[{"family":"<img src=x onerror=alert(1)>"}]}"#
        #expect(issues(text).isEmpty)
        #expect(issues(text, security: true).map(\.code) == ["security"])
    }

    @Test func invalidJSONIsFatalWithPosition() {
        let outcome = FHIR.Validator().validate(bytes: Array("{\n\"resourceType\": \"Patient\",\n}".utf8))
        #expect(outcome.issue.count == 1)
        #expect(outcome.issue[0].severity == .fatal)
        #expect(outcome.issue[0].diagnostics?.contains("line 3") == true)
    }

    @Test func residentIdentityNumberIsCheckedAgainstTheRecord() {
        let valid = #"{"resourceType":"Patient","identifier":[{"system":"urn:oid:2.16.840.1.113883.2.23.1.19.1","value":"11010519491231002X"}],"gender":"female","birthDate":"1949-12-31"}"#
        #expect(issues(valid).isEmpty)
        let wrongSex = valid.replacingOccurrences(of: "female", with: "male")
        #expect(paths(wrongSex) == ["Patient.identifier[0].value"])
        let badCheck = valid.replacingOccurrences(of: "002X", with: "0021")
        #expect(issues(badCheck).first?.diagnostics?.contains("MOD 11-2") == true)
        #expect(issues(badCheck).first?.diagnostics?.contains("11010519491231") == false)  // no personal data
    }
}
