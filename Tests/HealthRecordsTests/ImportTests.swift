import Foundation
import Testing
import TestSupport
@testable import HealthRecords

/// The import pipeline on hand-written FHIR inputs: idempotency, matching, reference integrity, merges, rejections.
@Suite struct ImportTests {
    let rid = "11010519491231002X"

    func makeStore() throws -> SQLiteRecordStore {
        try SQLiteRecordStore(path: TestPaths.temporaryDirectory("gx-import").appendingPathComponent("gx.sqlite").path)
    }

    func patient(_ id: String, family: String, given: String, birth: String, gender: String = "male", phone: String? = nil,
                 identifiers: [(String, String)] = [], district: String? = nil) -> String {
        var fields = [#""resourceType":"Patient","id":"\#(id)""#]
        if !identifiers.isEmpty {
            fields.append(#""identifier":[\#(identifiers.map { #"{"system":"\#($0.0)","value":"\#($0.1)"}"# }.joined(separator: ","))]"#)
        }
        fields.append(#""name":[{"family":"\#(family)","given":["\#(given)"]}],"gender":"\#(gender)","birthDate":"\#(birth)""#)
        if let phone { fields.append(#""telecom":[{"system":"phone","value":"\#(phone)"}]"#) }
        if let district { fields.append(#""address":[{"line":["1号"],"district":"\#(district)"}]"#) }
        return "{" + fields.joined(separator: ",") + "}"
    }

    func bundle(_ entries: [(String, String)]) -> String {
        #"{"resourceType":"Bundle","type":"transaction","entry":[\#(entries.map { #"{"fullUrl":"\#($0.0)","resource":\#($0.1)}"# }.joined(separator: ","))]}"#
    }

    func observation(_ id: String, subject: String, value: String = "22.5") -> String {
        #"{"resourceType":"Observation","id":"\#(id)","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"39156-5"}]},"subject":{"reference":"\#(subject)"},"effectiveDateTime":"2025-03-01T09:30:00+08:00","valueQuantity":{"value":\#(value),"unit":"kg/m2"}}"#
    }

    func write(_ lines: [String], name: String = "in.ndjson") throws -> String {
        let url = try TestPaths.temporaryDirectory("gx-import-in").appendingPathComponent(name)
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url)
        return url.path
    }

    func run(_ store: SQLiteRecordStore, _ paths: [String]) throws -> ImportCounts {
        let importer = try RecordImporter(store: store, transactionSize: 3)
        for path in paths { try importer.run(FHIRInputReader.inputs(file: path)) }
        #expect(importer.counts.addsUp)
        return importer.counts
    }

    @Test func bundlesAreStoredWithResolvedReferencesAndImportedOnce() throws {
        let store = try makeStore()
        let file = try write([
            bundle([("urn:uuid:p1", patient("a", family: "张", given: "伟", birth: "1980-05-17", identifiers: [("urn:fd", "FD1")])),
                    ("urn:uuid:o1", observation("x", subject: "urn:uuid:p1"))]),
            bundle([("urn:uuid:p2", patient("b", family: "李", given: "娜", birth: "1991-02-03", gender: "female", identifiers: [("urn:fd", "FD2")]))]),
        ])
        let first = try run(store, [file])
        #expect(first.inputs == 2 && first.stored == 2 && first.rejected == 0)
        let patients = try store.search(SearchQuery(parsing: "Patient?identifier=urn:fd|FD1"))
        #expect(patients.count == 1)
        let compartment = try store.compartment(patientID: patients[0].id)
        #expect(compartment.map(\.type) == ["Patient", "Observation"])
        let observation = try #require(FHIR.JSON.parse(compartment[1].json).objectValue)
        #expect(observation["subject"]?.objectValue?.string("reference") == "Patient/" + patients[0].id)
        // Pinyin search finds the Han name.
        #expect(try store.search(SearchQuery(parsing: "Patient?name=zhangwei")).map(\.id) == [patients[0].id])

        let second = try run(store, [file])
        #expect(second.inputs == 2 && second.alreadyImported == 2 && second.stored == 0)
        #expect(try store.countByType()["Patient"] == 2)
        #expect(try store.countByType()["Observation"] == 1)
    }

    @Test func sameIdentifierOrResidentIDFilesUnderOnePerson() throws {
        let store = try makeStore()
        let file = try write([
            bundle([("urn:uuid:1", patient("a", family: "王", given: "芳", birth: "1949-12-31", gender: "female",
                                           identifiers: [("urn:hosp", "H1"), (FHIR.China.residentIDSystem, rid)]))]),
            // Another source, romanized name and a birth-date typo, but the same valid resident ID: same person.
            bundle([("urn:uuid:2", patient("b", family: "Wang", given: "Fang", birth: "1949-12-13", gender: "female",
                                           identifiers: [("urn:clinic", "C9"), ("urn:other-id-system", rid)]))]),
            // The hospital MRN again with new data (an update): same person, the phone is added.
            bundle([("urn:uuid:3", patient("c", family: "王", given: "芳", birth: "1949-12-31", gender: "female", phone: "13800138000",
                                           identifiers: [("urn:hosp", "H1")]))]),
        ])
        let counts = try run(store, [file])
        #expect(counts.stored == 1 && counts.updated == 2 && counts.newPatients == 1)
        let all = try store.search(SearchQuery(parsing: "Patient?gender=female"))
        #expect(all.count == 1)
        let record = try #require(FHIR.JSON.parse(all[0].json).objectValue)
        let identifiers = Set((record["identifier"]?.arrayValue ?? []).compactMap { $0.objectValue?.string("value") })
        #expect(identifiers == ["H1", rid, "C9"])
        #expect(record["telecom"] != nil)
        #expect(all[0].version == 3)
        #expect(try store.search(SearchQuery(parsing: "Patient?phone=+86 138-0013-8000")).count == 1)
    }

    @Test func probabilisticLinkReviewAndNewPerson() throws {
        let store = try makeStore()
        let file = try write([
            bundle([("urn:uuid:1", patient("a", family: "陈", given: "晓明", birth: "1975-03-08", phone: "13912345678", district: "440305"))]),
            // Homophone given name, same birth date, phone, district: linked.
            bundle([("urn:uuid:2", patient("b", family: "陈", given: "晓铭", birth: "1975-03-08", phone: "13912345678", district: "440305"))]),
            // Same name, birth date one digit off, another phone: uncertain → new patient + review item.
            bundle([("urn:uuid:3", patient("c", family: "陈", given: "晓明", birth: "1975-03-18", phone: "13600000000"))]),
            // Same name, different everything else: a different person.
            bundle([("urn:uuid:4", patient("d", family: "陈", given: "晓明", birth: "1990-10-10", phone: "13700000000", district: "110101"))]),
        ])
        let counts = try run(store, [file])
        #expect(counts.updated == 1 && counts.newPatients == 3 && counts.reviews == 1)
        let queue = try store.reviewQueue(includeResolved: false)
        try #require(queue.count == 1)
        // A review decision merges the pair.
        try store.write { writer in
            try PatientMerger.merge(queue[0].patientID, into: queue[0].candidateID, in: writer)
            try writer.resolveReview(id: queue[0].number, decision: "linked")
        }
        #expect(try store.survivor(ofPatient: queue[0].patientID) == queue[0].candidateID)
        #expect(try store.reviewQueue(includeResolved: false).isEmpty)
    }

    @Test func danglingReferencesAndBadInputsAreRejectedWithPositionsAndTheRestGoesOn() throws {
        let store = try makeStore()
        let good = try write([bundle([("urn:uuid:1", patient("a", family: "赵", given: "强", birth: "1960-01-01", identifiers: [("urn:fd", "F1")]))])], name: "a.ndjson")
        let mixed = try write([
            bundle([("urn:uuid:2", observation("o", subject: "Patient/does-not-exist"))]),
            #"{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Patient","#,  // truncated line
            bundle([("urn:uuid:3", patient("c", family: "钱", given: "多", birth: "1970-07-07", identifiers: [("urn:fd", "F2")]))]),
            #"{"not":"fhir"}"#,
        ], name: "b.ndjson")
        let missing = "/nonexistent/c.json"
        let importer = try RecordImporter(store: store)
        for path in [good, mixed, missing] { try importer.run(FHIRInputReader.inputs(file: path)) }
        let c = importer.counts
        #expect(c.inputs == 6 && c.stored == 2 && c.rejected == 4 && c.addsUp)
        let rejections = try store.rejections()
        #expect(rejections.map(\.position) == ["line 1", "line 2", "line 4", "file"])
        #expect(rejections[0].reason.contains("does not resolve"))
        #expect(rejections.allSatisfy { !$0.reason.contains("钱") && !$0.reason.contains("赵") })
        #expect(try store.countByType()["Observation"] == nil)
        // Every input is in the import log exactly once.
        #expect(try store.importLogCounts().values.reduce(0, +) == 6)
    }

    @Test func mergeMovesEverythingToTheSurvivorAndKeepsTheLink() throws {
        let store = try makeStore()
        let file = try write([
            bundle([("urn:uuid:1", patient("a", family: "孙", given: "丽", birth: "1988-08-08", gender: "female", identifiers: [("urn:hosp", "H1")])),
                    ("urn:uuid:o1", observation("o1", subject: "urn:uuid:1"))]),
            bundle([("urn:uuid:2", patient("b", family: "孙", given: "莉", birth: "1988-08-18", gender: "female", identifiers: [("urn:hosp", "H2")])),
                    ("urn:uuid:o2", observation("o2", subject: "urn:uuid:2", value: "23.1"))]),
            // A40: H1 survives, H2 is merged into it.
            #"{"resourceType":"Bundle","type":"message","entry":[{"fullUrl":"urn:uuid:3","resource":{"resourceType":"Patient","identifier":[{"system":"urn:hosp","value":"H1"}],"link":[{"other":{"identifier":{"system":"urn:hosp","value":"H2"}},"type":"replaces"}]}}]}"#,
        ])
        let counts = try run(store, [file])
        #expect(counts.merged == 1 && counts.newPatients == 2)
        let h1 = try #require(try store.search(SearchQuery(parsing: "Patient?identifier=urn:hosp|H1&_count=5")).first { r in
            (try? FHIR.JSON.parse(r.json).objectValue?["active"]?.boolValue) != false
        })
        let compartment = try store.compartment(patientID: h1.id)
        #expect(compartment.filter { $0.type == "Observation" }.count == 2)
        let patients = try store.search(SearchQuery(parsing: "Patient?identifier=urn:hosp|H2"))
        let retired = try #require(patients.first { $0.id != h1.id })
        #expect(try store.survivor(ofPatient: retired.id) == h1.id)
        let retiredJSON = try #require(FHIR.JSON.parse(retired.json).objectValue)
        #expect(retiredJSON["active"] == .bool(false))
        // A later message for H2 is filed under the survivor.
        let later = try write([bundle([("urn:uuid:4", patient("d", family: "孙", given: "莉", birth: "1988-08-18", gender: "female", identifiers: [("urn:hosp", "H2")])),
                                       ("urn:uuid:o3", observation("o3", subject: "urn:uuid:4"))])])
        _ = try run(store, [later])
        #expect(try store.compartment(patientID: h1.id).filter { $0.type == "Observation" }.count == 3)
    }
}
