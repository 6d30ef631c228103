import Foundation
import Testing
@testable import HealthRecords

@Suite("FHIR JSON")
struct FHIRJSONTests {
    @Test func keepsMemberOrderAndNumberText() throws {
        let text = #"{"b":1.50,"a":[1e3,-0.0,12],"c":{"z":true,"y":null},"d":"\u00e9\n\"x\""}"#
        let value = try FHIR.JSON.parse(text)
        #expect(value.objectValue?.keys == ["b", "a", "c", "d"])
        #expect(value.objectValue?["b"]?.numberText == "1.50")
        #expect(value.objectValue?["a"]?.arrayValue?.map { $0.numberText } == ["1e3", "-0.0", "12"])
        #expect(value.objectValue?["d"]?.stringValue == "é\n\"x\"")
        // Serialising writes the same text back (non-ASCII as UTF-8, not escaped).
        #expect(value.serialized() == #"{"b":1.50,"a":[1e3,-0.0,12],"c":{"z":true,"y":null},"d":"é\n\"x\""}"#)
        #expect(try FHIR.JSON.parse(value.serialized(pretty: true)) == value)
    }

    @Test func surrogatePairsAndControlCharacters() throws {
        let value = try FHIR.JSON.parse(#"["\ud83d\ude00","\u0001"]"#)
        #expect(value.arrayValue?[0].stringValue == "😀")
        #expect(value.serialized() == "[\"😀\",\"\\u0001\"]")
    }

    @Test(arguments: [
        (#"{"a":1,}"#, "trailing comma"),
        (#"{"a":925.}"#, "decimal point"),
        (#"{"a":01}"#, "leading zero"),
        (#"{"a":1 "b":2}"#, "expected ','"),
        (#"{"a":1,"a":2}"#, "duplicate member 'a'"),
        (#"{"a":"x"#, "unterminated string"),
        (#"{"a":tru}"#, "invalid literal"),
        (#"{"a":"\q"}"#, "invalid escape"),
        (#"{"a":"\ud800"}"#, "surrogate"),
        ("{\"a\":\"\u{01}\"}", "control character"),
        (#"{} {}"#, "after the end"),
        (#""#, "unexpected end"),
    ])
    func rejectsInvalidJSON(text: String, expected: String) {
        #expect {
            _ = try FHIR.JSON.parse(text, file: "x.json")
        } throws: { error in
            guard let error = error as? HealthRecordsError else { return false }
            return error.code == .invalidJSON && error.message.contains(expected) && error.position?.file == "x.json"
        }
    }

    @Test func errorNamesLineAndColumn() {
        do {
            _ = try FHIR.JSON.parse("{\n  \"a\": 1,\n  \"b\": ]\n}")
            Issue.record("expected an error")
        } catch {
            #expect(error.position?.line == 3)
            #expect(error.position?.location == "column 8")
        }
    }

    @Test func rejectsInvalidUTF8() {
        #expect(throws: HealthRecordsError.self) { _ = try FHIR.JSON.parse([0x22, 0xC3, 0x28, 0x22] as [UInt8]) }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let text = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: HealthRecordsError.self) { _ = try FHIR.JSON.parse(text) }
    }

    @Test func equivalenceIgnoresMemberOrderButNotArrayOrderOrPrecision() throws {
        let a = try FHIR.JSON.parse(#"{"x":1,"y":[1,2]}"#)
        #expect(a.isEquivalent(to: try FHIR.JSON.parse(#"{"y":[1,2],"x":1}"#)))
        #expect(!a.isEquivalent(to: try FHIR.JSON.parse(#"{"y":[2,1],"x":1}"#)))
        #expect(!a.isEquivalent(to: try FHIR.JSON.parse(#"{"y":[1,2],"x":1.0}"#)))
    }

    @Test func objectSubscriptReplacesInPlaceAndRemoves() {
        var o: FHIR.JSON.Object = ["a": .number("1"), "b": .number("2"), "c": .number("3")]
        o["b"] = .string("x")
        #expect(o.keys == ["a", "b", "c"])
        o["a"] = nil
        o["d"] = .bool(true)
        #expect(o.keys == ["b", "c", "d"])
    }
}
