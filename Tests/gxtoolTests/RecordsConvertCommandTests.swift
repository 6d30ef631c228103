import Foundation
import Testing
import TestSupport

/// `gxtool records convert` and `gxtool records hl7` end to end on the project's fixtures.
@Suite struct RecordsConvertCommandTests {
    static func fixture(_ name: String) -> String { TestPaths.fixtures.appendingPathComponent("records-formats/\(name)").path }

    @Test func convertsHL7FeedsToNDJSONBundles() throws {
        let directory = try TestPaths.temporaryDirectory("gx-convert")
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("out.ndjson").path
        let result = try runProcess(TestPaths.gxtoolExecutable, ["records", "convert", Self.fixture("adt-a01-zh.hl7"), Self.fixture("oru-r01-zh.hl7"),
                                                                  Self.fixture("adt-a40.hl7"), "-o", out])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(first["resourceType"] as? String == "Bundle" && first["type"] as? String == "transaction")
        #expect(result.stderr.contains("3 bundle(s) written, 0 failed"))
    }

    @Test func convertsCSVWithABundledMappingAndReportsBadRows() throws {
        let directory = try TestPaths.temporaryDirectory("gx-convert")
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("labs.json").path
        let result = try runProcess(TestPaths.gxtoolExecutable, ["records", "convert", "--from", "csv", "--mapping", "lab-results",
                                                                  Self.fixture("lab-results.csv"), "-o", out])
        // Row 5 has no MRN: rejected with file, row, line and column; the other rows are written; exit status 1.
        #expect(result.status == 1)
        #expect(result.stderr.contains("lab-results.csv:6: record 5: mrn: required column is empty"), "\(result.stderr)")
        #expect(result.stderr.contains("lab-results.csv:5: record 4: result: value is not a number"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
        #expect(json["type"] as? String == "collection" && (json["entry"] as? [Any])?.count == 4)
    }

    @Test func malformedMessagesAreNamedAndOthersStillConverted() throws {
        let directory = try TestPaths.temporaryDirectory("gx-convert")
        defer { try? FileManager.default.removeItem(at: directory) }
        let feed = directory.appendingPathComponent("feed.hl7")
        let good = try String(contentsOfFile: Self.fixture("adt-a01-zh.hl7"), encoding: .utf8)
        try (good + "\nMSH|^~|X\rPID|1\r\n" + good).write(to: feed, atomically: true, encoding: .utf8)
        let result = try runProcess(TestPaths.gxtoolExecutable, ["records", "convert", feed.path, "-o", directory.appendingPathComponent("o.ndjson").path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("feed.hl7:8: record 2: MSH-2: MSH-2 (encoding characters) has 2 character(s)"), "\(result.stderr)")
        #expect(result.stderr.contains("2 bundle(s) written, 1 failed"))
        // No personal data in messages: the patient's name and ID never appear on stderr.
        #expect(!result.stderr.contains("王") && !result.stderr.contains("44030519850312001X"))
    }

    @Test func hl7CommandPrintsFieldsAndAcknowledgements() throws {
        let fields = try runProcess(TestPaths.gxtoolExecutable, ["records", "hl7", "--field", "MSH-10", "--field", "PID-3[2].1", Self.fixture("adt-a01-zh.hl7")])
        #expect(fields.status == 0)
        #expect(fields.stdout.hasSuffix("\t1\tADT0001\t44030519850312001X\n"))
        let ack = try runProcess(TestPaths.gxtoolExecutable, ["records", "hl7", "--ack", Self.fixture("oru-r01-zh.hl7")])
        #expect(ack.stdout.contains("MSA|AA|ORU0001"))
        let bad = try runProcess(TestPaths.gxtoolExecutable, ["records", "convert", "--from", "xml", Self.fixture("adt-a40.hl7")])
        #expect(bad.status != 0 && bad.stderr.contains("--from must be hl7v2, csv or fhir"))
    }
}
