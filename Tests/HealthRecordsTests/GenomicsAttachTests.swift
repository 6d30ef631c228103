import Foundation
import Testing
import TestSupport
@testable import HealthRecords

/// Screening and NIPT result files filed under the patient found by sample map (resident ID) and stored as Genomics
/// Reporting resources in the patient's compartment; attaching again makes new versions, not duplicates.
@Suite struct GenomicsAttachTests {
    let rid = "11010519491231002X"

    let screening = """
    {"schema":"gx.screening.result/1","sampleID":"S07","status":"ok","panel":"deafness-9","build":"GRCh38",
     "sites":[{"siteID":"GJB2_c.235delC","gene":"GJB2","transcript":"NM_004004.6","hgvsC":"c.235del","hgvsP":"p.Leu79Cysfs*3",
               "rsID":"rs80338943","chromosome":"chr13","position":20189346,"reference":"AG","alternate":"A","mitochondrial":false,
               "status":"called","zygosity":"heterozygous","depth":52,"alternateDepth":25,"positive":true},
              {"siteID":"MT-RNR1_m.1555A>G","gene":"MT-RNR1","hgvsC":"m.1555A>G","chromosome":"chrM","position":1555,
               "reference":"A","alternate":"G","mitochondrial":true,"status":"called","zygosity":"not_detected","depth":300,
               "alternateDepth":0,"positive":false}],
     "findings":[{"text":"GJB2 c.235del heterozygous: carrier"}]}
    """

    let nipt = """
    {"sample":"N07","status":"ok","trisomy":{"21":"high risk","18":"negative","13":"negative"},"sexChromosomes":"XX",
     "fetalFraction":{"value":0.11,"method":"chrY"},"chromosomes":[{"chromosome":"21","z":5.2},{"chromosome":"18","z":0.3}]}
    """

    @Test func resultsAreFiledUnderTheMappedPatient() throws {
        let dir = try TestPaths.temporaryDirectory("gx-attach")
        let store = try SQLiteRecordStore(path: dir.appendingPathComponent("gx.sqlite").path)
        let bundle = #"{"resourceType":"Bundle","type":"transaction","entry":[{"fullUrl":"urn:uuid:1","resource":{"resourceType":"Patient","identifier":[{"system":"urn:oid:2.16.840.1.113883.2.23.1.19.1","value":"\#(rid)"}],"name":[{"family":"王","given":["芳"]}],"gender":"female","birthDate":"1949-12-31"}}]}"#
        let input = dir.appendingPathComponent("p.json")
        try Data(bundle.utf8).write(to: input)
        let importer = try RecordImporter(store: store)
        try importer.run(FHIRInputReader.inputs(file: input.path))
        let patientID = try #require(try store.search(SearchQuery(parsing: "Patient?gender=female")).first?.id)

        let map = dir.appendingPathComponent("samples.tsv")
        try Data("sample_id\tidentifier\nS07\t\(rid)\nN07\t\(rid)\n".utf8).write(to: map)
        let samples = try SampleMap.load(map.path)
        let attacher = GenomicsAttacher(store: store)
        for (name, text) in [("S07.json", screening), ("N07.json", nipt)] {
            for result in try Genomics.ResultFile.decode(Data(text.utf8), file: name) {
                let found = try #require(try attacher.findPatient(sampleID: result.sampleID, mappedIdentifier: samples[result.sampleID]))
                #expect(found == patientID)
                try attacher.attach(result, patientID: found)
            }
        }
        let compartment = try store.compartment(patientID: patientID)
        let reports = compartment.filter { $0.type == "DiagnosticReport" }
        #expect(reports.count == 2)
        let observations = try compartment.filter { $0.type == "Observation" }.map { try #require(FHIR.JSON.parse($0.json).objectValue) }
        func codes(_ o: FHIR.JSON.Object) -> [String] { (o["code"]?.objectValue?["coding"]?.arrayValue ?? []).compactMap { $0.objectValue?.string("code") } }
        func answer(_ o: FHIR.JSON.Object) -> String? { o["valueCodeableConcept"]?.objectValue?["coding"]?.arrayValue?.first?.objectValue?.string("code") }
        let variants = observations.filter { codes($0).contains(Genomics.Code.variant) }
        #expect(Set(variants.compactMap(answer)) == [Genomics.Code.present, Genomics.Code.absent])
        let t21 = try #require(observations.first { codes($0).contains(Genomics.Code.trisomy21Qualitative) })
        #expect(answer(t21) == Genomics.Code.positive)
        let fetalFraction = try #require(observations.first { codes($0).contains(Genomics.Code.fetalFraction) })
        #expect(fetalFraction["valueQuantity"]?.objectValue?["value"]?.numberText == "11")
        // Attaching again: new versions of the same resources.
        for result in try Genomics.ResultFile.decode(Data(screening.utf8), file: "S07.json") { try attacher.attach(result, patientID: patientID) }
        #expect(try store.compartment(patientID: patientID).count == compartment.count)
        #expect(try store.read(type: "DiagnosticReport", id: reports.first { $0.id.hasPrefix("gen-") }!.id)?.version == 2)
        // An unknown sample finds no patient.
        #expect(try attacher.findPatient(sampleID: "X99", mappedIdentifier: nil) == nil)

        // The same sample id attached to another patient (a reused lab number) makes that patient's own report and
        // leaves the first patient's untouched.
        let other = dir.appendingPathComponent("q.json")
        try Data(#"{"resourceType":"Bundle","type":"transaction","entry":[{"fullUrl":"urn:uuid:2","resource":{"resourceType":"Patient","name":[{"family":"李","given":["强"]}],"gender":"male","birthDate":"1960-01-01"}}]}"#.utf8).write(to: other)
        try importer.run(FHIRInputReader.inputs(file: other.path))
        let otherID = try #require(try store.search(SearchQuery(parsing: "Patient?gender=male")).first?.id)
        for result in try Genomics.ResultFile.decode(Data(screening.utf8), file: "S07.json") { try attacher.attach(result, patientID: otherID) }
        let otherReports = try store.compartment(patientID: otherID).filter { $0.type == "DiagnosticReport" }
        #expect(otherReports.count == 1)
        #expect(try store.compartment(patientID: patientID).count == compartment.count)
        #expect(try store.read(type: "DiagnosticReport", id: reports.first { $0.id.hasPrefix("gen-") }!.id)?.version == 2)
        #expect(!Set(otherReports.map(\.id)).isSubset(of: Set(reports.map(\.id))))
    }
}
