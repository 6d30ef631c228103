import Foundation
import Testing
import TestSupport

/// End-to-end `gxtool records import` on the project's generated load: kill -9 in the middle and resume, a
/// corrupted file in the middle of a batch, counts that add up.
@Suite(.serialized) struct RecordsImportTests {
    struct Counts: Decodable, Equatable {
        var `in`: Int, stored: Int, updated: Int, merged: Int, rejected: Int, alreadyImported: Int, newPatients: Int, review: Int
        var addsUp: Bool { `in` == stored + updated + merged + rejected + alreadyImported }
    }

    /// Generates the three-source load for `persons` persons into a fresh folder.
    static func generateLoad(persons: Int) throws -> URL {
        let dir = try TestPaths.temporaryDirectory("gx-records-load")
        let script = TestPaths.fixtures.appendingPathComponent("records/generate.py").path
        let result = try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", script, dir.path, "--persons", String(persons), "--seed", "11"])
        try #require(result.status == 0, "generate.py failed: \(result.stderr)")
        return dir
    }

    func importJSON(_ store: String, _ files: [String]) throws -> (Counts, ProcessResult) {
        let result = try runProcess(TestPaths.gxtoolExecutable, ["records", "import", "--store", store, "--json"] + files)
        let line = result.stdout.split(separator: "\n").last.map(String.init) ?? ""
        let counts = try JSONDecoder().decode(Counts.self, from: Data(line.utf8))
        return (counts, result)
    }

    /// Resource lines per file of a Bulk NDJSON export of the store.
    func exportCounts(_ store: String) throws -> [String: Int] {
        let out = try TestPaths.temporaryDirectory("gx-records-export")
        let result = try runProcess(TestPaths.gxtoolExecutable, ["records", "export", "--store", store, "--all", "--ndjson", out.path])
        try #require(result.status == 0, "export failed: \(result.stderr)")
        var counts: [String: Int] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: out.path) where name.hasSuffix(".ndjson") {
            let text = try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
            counts[String(name.dropLast(7))] = text.split(separator: "\n").count
        }
        return counts
    }

    @Test func killMinus9MidwayThenRerunLosesAndDuplicatesNothing() throws {
        let load = try Self.generateLoad(persons: 3000)
        let files = [load.appendingPathComponent("family-doctor.ndjson").path]
        let work = try TestPaths.temporaryDirectory("gx-records-kill")
        let clean = work.appendingPathComponent("clean.sqlite").path, killed = work.appendingPathComponent("killed.sqlite").path

        let (reference, _) = try importJSON(clean, files)
        #expect(reference.addsUp && reference.rejected == 0 && reference.alreadyImported == 0)

        let process = Process()
        process.executableURL = TestPaths.gxtoolExecutable
        process.arguments = ["records", "import", "--store", killed, "--transaction-size", "16"] + files
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait until commits are landing, then kill without warning. Creating the store (its schema migrations)
        // leaves ~200 KB of log before any input is committed; commits of inputs then add several hundred KB each.
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let size = (try? FileManager.default.attributesOfItem(atPath: killed + "-wal")[.size] as? Int) ?? 0
            if size > 1_500_000 { break }
            Thread.sleep(forTimeInterval: 0.01)
        }
        try #require(process.isRunning, "the import finished before it could be killed; the test load is too small")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)

        let (resumed, _) = try importJSON(killed, files)
        #expect(resumed.addsUp)
        #expect(resumed.alreadyImported > 0 && resumed.alreadyImported < reference.in, "the kill should land mid-way")
        #expect(resumed.stored + resumed.updated + resumed.merged + resumed.alreadyImported == reference.stored + reference.updated + reference.merged)

        // Nothing lost, nothing twice: a third run finds every input already imported, and the store holds as many
        // resources of each type as the uninterrupted import.
        let (again, _) = try importJSON(killed, files)
        #expect(again.alreadyImported == reference.in && again.stored == 0 && again.updated == 0)
        var killedCounts = try exportCounts(killed), cleanCounts = try exportCounts(clean)
        killedCounts["AuditEvent"] = nil; cleanCounts["AuditEvent"] = nil
        #expect(killedCounts == cleanCounts)
        #expect(cleanCounts["Patient"] == reference.newPatients)
    }

    @Test func threeSourceLoadAddsUpAndMeetsPrecisionAndRecall() throws {
        let load = try Self.generateLoad(persons: 800)
        let store = load.appendingPathComponent("gx.sqlite").path
        let (adt, _) = try importJSON(store, [load.appendingPathComponent("hospital-adt.hl7").path])
        let (csv, _) = try importJSON(store, ["--mapping", load.appendingPathComponent("clinic-mapping.json").path,
                                              load.appendingPathComponent("clinic.csv").path])
        let (fhir, _) = try importJSON(store, [load.appendingPathComponent("family-doctor.ndjson").path])
        for counts in [adt, csv, fhir] { #expect(counts.addsUp && counts.rejected == 0) }
        #expect(adt.merged > 0, "the generated feed holds A40 merges")
        let evaluate = TestPaths.packageRoot.appendingPathComponent("Benchmarks/records/evaluate.py").path
        let result = try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", evaluate, load.path, store, "--json"])
        try #require(result.status == 0, "evaluate.py failed: \(result.stderr)")
        struct Evaluation: Decodable { var precision: Double, recall: Double, not_filed: Int, records: Int }
        let evaluation = try JSONDecoder().decode(Evaluation.self, from: Data(result.stdout.utf8))
        #expect(evaluation.not_filed == 0 && evaluation.records > 1500)
        #expect(evaluation.precision >= 0.99)
        #expect(evaluation.recall >= 0.97)
    }

    @Test func corruptedFileInTheMiddleOfABatchStopsNothingElse() throws {
        let load = try Self.generateLoad(persons: 300)
        let source = load.appendingPathComponent("family-doctor.ndjson")
        let lines = try String(contentsOf: source, encoding: .utf8).split(separator: "\n").map(String.init)
        let half = lines.count / 2
        let first = load.appendingPathComponent("first.ndjson"), corrupt = load.appendingPathComponent("corrupt.json"),
            broken = load.appendingPathComponent("broken.ndjson"), second = load.appendingPathComponent("second.ndjson")
        try Data((lines[..<half].joined(separator: "\n") + "\n").utf8).write(to: first)
        try Data((lines[half...].joined(separator: "\n") + "\n").utf8).write(to: second)
        // A file cut off in the middle of a JSON document, and an NDJSON file with one damaged line.
        try Data(lines[0].utf8.prefix(lines[0].utf8.count / 2)).write(to: corrupt)
        var damaged = Array(lines[0..<3])
        damaged[1] = String(damaged[1].dropLast(40))
        try Data(damaged.joined(separator: "\n").utf8).write(to: broken)
        let store = load.appendingPathComponent("gx.sqlite").path
        let (counts, result) = try importJSON(store, [first.path, corrupt.path, broken.path, second.path])
        #expect(result.status == 3, "some inputs rejected → exit status 3")
        #expect(counts.addsUp)
        #expect(counts.in == lines.count + 1 + 3)
        #expect(counts.rejected == 2)
        #expect(result.stderr.contains("corrupt.json file:"))
        #expect(result.stderr.contains("broken.ndjson line 2:"))
        // Everything of the good files is in the store; broken.ndjson's good lines were already imported from first.ndjson.
        #expect(counts.alreadyImported == 2)
        #expect(try exportCounts(store)["Observation"] == lines.count)
    }
}
