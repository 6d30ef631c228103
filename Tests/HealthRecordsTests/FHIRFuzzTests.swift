import Foundation
import Testing
import TestSupport
@testable import HealthRecords

/// Random mutations of valid FHIR JSON never crash the parser or the validator; whatever parses round-trips.
@Suite("FHIR fuzz")
struct FHIRFuzzTests {
    /// SplitMix64 from TestSupport, under this file's historical name.
    typealias Generator = SplitMix64

    static let seeds: [String] = [
        FHIRResourceTests.patientJSON,
        #"{"resourceType":"Observation","id":"o1","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"718-7"}]},"subject":{"reference":"Patient/p1"},"effectiveDateTime":"2024-01-02T03:04:05+08:00","valueQuantity":{"value":7.20,"unit":"g/dL","system":"http://unitsofmeasure.org","code":"g/dL"},"component":[{"code":{"text":"a"},"valueString":"\u00e9\ud83d\ude00"}],"referenceRange":[{"low":{"value":1e2}}]}"#,
        ##"{"resourceType":"Bundle","type":"transaction","entry":[{"fullUrl":"urn:uuid:2f9c0a4e-7a8b-4c5d-9e0f-112233445566","resource":{"resourceType":"Patient","gender":"male","contained":[{"resourceType":"Organization","id":"o"}],"managingOrganization":{"reference":"#o"},"text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>x</p></div>"}},"request":{"method":"POST","url":"Patient"}}]}"##,
    ]

    static let structural: [UInt8] = Array(#"{}[],:"\-0123456789.eEtfn u"#.utf8) + [0x00, 0x0A, 0xC3, 0xFF, 0xED, 0xA0]

    static func mutate(_ input: [UInt8], _ rng: inout Generator) -> [UInt8] {
        var b = input
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            guard !b.isEmpty else { b = [Self.structural.randomElement(using: &rng)!]; continue }
            let i = Int.random(in: 0..<b.count, using: &rng)
            switch Int.random(in: 0..<7, using: &rng) {
            case 0: b[i] = UInt8.random(in: 0...255, using: &rng)
            case 1: b[i] = Self.structural.randomElement(using: &rng)!
            case 2: b.insert(Self.structural.randomElement(using: &rng)!, at: i)
            case 3: b.removeSubrange(i..<min(b.count, i + Int.random(in: 1...16, using: &rng)))
            case 4: b = Array(b[..<i])
            case 5:
                let j = Int.random(in: i..<b.count, using: &rng)
                b.insert(contentsOf: b[i...j], at: Int.random(in: 0...b.count, using: &rng))
            default:
                b.insert(contentsOf: Array(repeating: UInt8(ascii: "["), count: Int.random(in: 1...600, using: &rng)), at: i)
            }
        }
        return b
    }

    @Test func byteMutationsNeverCrash() throws {
        var rng = Generator(state: 20_241_130)
        let validator = FHIR.Validator(securityChecks: true)
        var parsed = 0, rejected = 0
        for round in 0..<6000 {
            let seed = Array(Self.seeds[round % Self.seeds.count].utf8)
            let input = Self.mutate(seed, &rng)
            do {
                let value = try FHIR.JSON.parse(input)
                parsed += 1
                let again = try FHIR.JSON.parse(value.serializedBytes())
                #expect(again == value, "round \(round): parse → serialise → parse changed the value")
            } catch {
                rejected += 1
                #expect(error.code == .invalidJSON)
                #expect(error.position?.line != nil)
            }
            _ = validator.validate(bytes: input)
        }
        #expect(parsed > 100)
        #expect(rejected > 1000)
    }

    /// Replaces random values of valid resources with values of random kinds and validates: the validator
    /// must report, not crash, and typed views must not crash either.
    @Test func treeMutationsNeverCrashTheValidatorOrTypedViews() throws {
        var rng = Generator(state: 7)
        let replacements: [FHIR.JSON] = [.null, .bool(true), .number("-1.5e400"), .number("99999999999999999999"), .string(""),
                                          .string(" "), .string("#x"), .array([]), .array([.null]), .object([:]),
                                          .object(["resourceType": .string("Patient"), "contained": .array([.object(["resourceType": .number("1")])])])]
        for round in 0..<1500 {
            var value = try FHIR.JSON.parse(Self.seeds[round % Self.seeds.count])
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                value = Self.replaceRandom(in: value, with: replacements.randomElement(using: &rng)!, rng: &rng)
            }
            guard case .object(let object) = value else { continue }
            let resource = FHIR.Resource(json: object)
            let outcome = FHIR.Validator().validate(resource)
            #expect(!outcome.issue.isEmpty)
            if let p = resource.as(FHIR.Patient.self) { _ = (p.name, p.gender, p.identifier, p.deceased, p.link, p.contained) }
            if let o = resource.as(FHIR.Observation.self) { _ = (o.value, o.component.map(\.value), o.code?.coding, o.effective) }
            if let b = resource.as(FHIR.Bundle.self) { _ = (b.entry.map(\.request?.method), b.resources, b.total) }
        }
    }

    static func replaceRandom(in value: FHIR.JSON, with replacement: FHIR.JSON, rng: inout Generator) -> FHIR.JSON {
        switch value {
        case .object(var o) where !o.members.isEmpty:
            let i = Int.random(in: 0..<o.members.count, using: &rng)
            if Bool.random(using: &rng) { o.members[i].value = replacement } else {
                o.members[i].value = replaceRandom(in: o.members[i].value, with: replacement, rng: &rng)
            }
            return .object(o)
        case .array(var a) where !a.isEmpty:
            let i = Int.random(in: 0..<a.count, using: &rng)
            a[i] = Bool.random(using: &rng) ? replacement : replaceRandom(in: a[i], with: replacement, rng: &rng)
            return .array(a)
        default:
            return replacement
        }
    }
}
