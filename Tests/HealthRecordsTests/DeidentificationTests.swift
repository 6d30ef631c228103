import Foundation
import Testing
import TestSupport
@testable import HealthRecords

/// De-identified export of an imported generated load: no direct identifier of the input survives, the same key
/// gives the same pseudonyms, another key other pseudonyms.
@Suite struct DeidentificationTests {
    /// Imports the family-doctor bundles of a small generated load; returns the store and the load folder.
    static func importedLoad() throws -> (SQLiteRecordStore, URL) {
        let load = try TestPaths.temporaryDirectory("gx-deid-load")
        let script = TestPaths.fixtures.appendingPathComponent("records/generate.py").path
        let result = try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", script, load.path, "--persons", "400", "--seed", "5"])
        try #require(result.status == 0, "generate.py failed: \(result.stderr)")
        let store = try SQLiteRecordStore(path: load.appendingPathComponent("gx.sqlite").path)
        let importer = try RecordImporter(store: store)
        try importer.run(FHIRInputReader.inputs(file: load.appendingPathComponent("family-doctor.ndjson").path))
        #expect(importer.counts.rejected == 0 && importer.counts.stored > 0)
        return (store, load)
    }

    func key(_ byte: UInt8) throws -> PseudonymKey { try PseudonymKey(bytes: [UInt8](repeating: byte, count: 32).enumerated().map { UInt8($0.offset) ^ $0.element }) }

    func text(_ folder: URL, _ type: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(type + ".ndjson"), encoding: .utf8)
    }

    @Test func exportHoldsNoDirectIdentifierOfTheInput() throws {
        let (store, load) = try Self.importedLoad()
        let out = load.appendingPathComponent("deid")
        let result = try DeidentifiedExport.write(store: store, key: key(7), to: out, referenceDate: "2026-01-01")
        #expect(result.counts["Patient"] ?? 0 > 0 && result.counts["Observation"] ?? 0 > 0)
        #expect(try DigestManifest.verify(folder: out).isEmpty)
        var exported = ""
        for name in try FileManager.default.contentsOfDirectory(atPath: out.path) {
            exported += try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
        }
        // Every name (characters and pinyin), ID number, phone and source identifier of the input is searched for.
        let input = try String(contentsOf: load.appendingPathComponent("family-doctor.ndjson"), encoding: .utf8)
        var searched = 0
        for line in input.split(separator: "\n") {
            let bundle = try #require(FHIR.JSON.parse(String(line)).objectValue)
            let patient = try #require(bundle["entry"]?.arrayValue?.first?.objectValue?["resource"]?.objectValue)
            var needles: [String] = []
            for name in patient["name"]?.arrayValue?.compactMap(\.objectValue) ?? [] {
                needles.append((name.string("family") ?? "") + name.strings("given").joined())
                needles += name.strings("given").filter { $0.count >= 2 }
                if let text = name.string("text") { needles.append(text) }
            }
            needles += (patient["identifier"]?.arrayValue ?? []).compactMap { $0.objectValue?.string("value") }
            needles += (patient["telecom"]?.arrayValue ?? []).compactMap { $0.objectValue?.string("value") }
            needles += (patient["address"]?.arrayValue ?? []).flatMap { $0.objectValue?.strings("line") ?? [] }
            for needle in needles where !needle.isEmpty {
                searched += 1
                #expect(!exported.contains(needle), "a direct identifier of the input survived de-identification")
            }
        }
        #expect(searched > 1000)
        // No Han character at all (names, free text), and no birth date left unshifted for the known patients.
        #expect(!exported.unicodeScalars.contains(where: Pinyin.isHan))
        #expect(!exported.contains("\"name\"") && !exported.contains("\"telecom\""))
    }

    @Test func sameKeySamePseudonymsOtherKeyOtherPseudonyms() throws {
        let (store, load) = try Self.importedLoad()
        let a = load.appendingPathComponent("a"), b = load.appendingPathComponent("b"), c = load.appendingPathComponent("c")
        _ = try DeidentifiedExport.write(store: store, key: key(7), to: a, referenceDate: "2026-01-01")
        _ = try DeidentifiedExport.write(store: store, key: key(7), to: b, referenceDate: "2026-01-01")
        _ = try DeidentifiedExport.write(store: store, key: key(9), to: c, referenceDate: "2026-01-01")
        #expect(try text(a, "Patient") == text(b, "Patient"))
        #expect(try text(a, "Observation") == text(b, "Observation"))
        let idsA = Set(try text(a, "Patient").split(separator: "\n").compactMap { try? FHIR.JSON.parse(String($0)).objectValue?.string("id") })
        let idsC = Set(try text(c, "Patient").split(separator: "\n").compactMap { try? FHIR.JSON.parse(String($0)).objectValue?.string("id") })
        #expect(idsA.count == (try store.countByType()["Patient"]))
        #expect(idsA.isDisjoint(with: idsC))
        // Observations still point at their patient's pseudonym.
        let firstObservation = try #require(try text(a, "Observation").split(separator: "\n").first)
        let subject = try #require(FHIR.JSON.parse(String(firstObservation)).objectValue?["subject"]?.objectValue?.string("reference"))
        #expect(idsA.contains(String(subject.dropFirst("Patient/".count))))
    }

    @Test func datesShiftPerPersonAndOldAgesAreGrouped() throws {
        let deidentifier = Deidentifier(pseudonymizer: Pseudonymizer(key: try key(3)), referenceDate: "2026-06-01")
        let patient: FHIR.JSON.Object = ["resourceType": .string("Patient"), "id": .string("p1"), "birthDate": .string("1980-05-17"),
                                         "name": .array([.object(["family": .string("张")])]), "telecom": .array([.object(["value": .string("13800138000")])])]
        let shift = Pseudonymizer(key: try key(3)).shiftDays(personID: "p1")
        let out = try #require(deidentifier.deidentify(patient, personID: "p1"))
        #expect(out.string("birthDate") == Deidentifier.shift("1980-05-17", days: shift))
        #expect(out.string("birthDate") != "1980-05-17")
        #expect(out["name"] == nil && out["telecom"] == nil)
        let old: FHIR.JSON.Object = ["resourceType": .string("Patient"), "id": .string("p2"), "birthDate": .string("1930-02-02")]
        let grouped = try #require(deidentifier.deidentify(old, personID: "p2"))
        #expect(grouped.string("birthDate") == "1936")
        #expect(deidentifier.deidentify(["resourceType": .string("Practitioner"), "id": .string("x")], personID: nil) == nil)
        #expect(Deidentifier.shift("2024-02-28T10:00:00+08:00", days: 2) == "2024-03-01T10:00:00+08:00")
    }
}
