import Foundation
import Testing
import TestSupport

/// `gxtool nipt count / reference / test` end to end on simulated data (1/100 genome, 50 kb bins).
@Suite("gxtool nipt", .serialized)
struct NiptCommandTests {
    struct Failure: Error, CustomStringConvertible { var description: String }

    static func simulate(_ arguments: [String]) throws {
        let script = TestPaths.fixtures.appendingPathComponent("nipt/simulate.py").path
        let r = try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", script] + arguments)
        guard r.status == 0 else { throw Failure(description: "simulate.py failed (python3 and samtools are needed): \(r.stderr)") }
    }

    /// 12 references, a T21 and a euploid test profile, a small BAM, and the reference set built by the CLI.
    static let data: Result<URL, Failure> = {
        do {
            let dir = try TestPaths.temporaryDirectory("gx-nipt-cli")
            var spec = (1...12).map { String(format: "ref%02d euploid %@ 0.10 600000 %d", $0, $0 % 2 == 0 ? "male" : "female", 300 + $0) }
            spec += ["T21sample T21 female 0.15 600000 401", "Euploid-1 euploid male 0.10 600000 402"]
            try (spec.joined(separator: "\n") + "\n").write(to: dir.appendingPathComponent("spec.txt"), atomically: true, encoding: .utf8)
            try simulate(["genome", "--out", dir.appendingPathComponent("genome").path, "--scale", "0.01", "--bin-size", "50000", "--bin-size", "10000"])
            try simulate(["cohort", "--genome", dir.appendingPathComponent("genome").path, "--spec", dir.appendingPathComponent("spec.txt").path,
                          "--outdir", dir.appendingPathComponent("p").path, "--bin-size", "50000"])
            try simulate(["bam", "--genome", dir.appendingPathComponent("genome").path, "--out", dir.appendingPathComponent("s1.bam").path, "--reads", "30000"])
            return .success(dir)
        } catch let error as Failure { return .failure(error) } catch { return .failure(Failure(description: "\(error)")) }
    }()

    static func gx(_ arguments: [String]) throws -> ProcessResult { try runProcess(TestPaths.gxtoolExecutable, ["nipt"] + arguments) }

    static func buildReference(_ dir: URL) throws -> String {
        let panel = dir.appendingPathComponent("ref.gxnipt").path
        if FileManager.default.fileExists(atPath: panel) { return panel }
        let refs = (1...12).map { dir.appendingPathComponent(String(format: "p/ref%02d.gxbins", $0)).path }
        let r = try gx(["reference", "--gc-table", dir.appendingPathComponent("genome/gc-50000.tsv").path, "--min-reads", "300000",
                        "--neighbours", "50", "-o", panel] + refs)
        guard r.status == 0 else { throw Failure(description: "nipt reference failed: \(r.stderr)") }
        #expect(r.stdout.contains("12 samples offered"))
        return panel
    }

    @Test func referenceThenTestWritesReportsAndCallsTrisomy21() throws {
        let dir = try Self.data.get()
        let panel = try Self.buildReference(dir)
        let qc = try String(contentsOfFile: panel + ".qc.tsv", encoding: .utf8)
        #expect(qc.split(separator: "\n").count == 13)
        // A sample sheet renames the T21 sample; the euploid one is given as an argument.
        let sheet = dir.appendingPathComponent("sheet.tsv")
        try "sample\tpath\nPatient A\tp/T21sample.gxbins\n".write(to: sheet, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("results").path
        let r = try Self.gx(["test", "--panel", panel, "--out", out, "--min-reads", "300000", "--sample-sheet", sheet.path,
                             dir.appendingPathComponent("p/Euploid-1.gxbins").path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Patient A\thigh risk"))
        #expect(r.stdout.contains("Euploid-1\tlow risk"))
        let tsv = try String(contentsOfFile: out + "/results.tsv", encoding: .utf8).split(separator: "\n")
        #expect(tsv.count == 3 && tsv[0].hasPrefix("sample\tstatus"))
        for file in ["Patient_A.json", "Patient_A.svg", "Patient_A.html", "Euploid-1.json"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + file), "\(file)")
        }
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/Patient_A.json"))) as? [String: Any]
        #expect((json?["trisomy"] as? [String: String])?["21"] == "high risk")
    }

    @Test func countWritesBinsThatTestAccepts() throws {
        let dir = try Self.data.get()
        let out = dir.appendingPathComponent("counts").path
        let r = try Self.gx(["count", "--bin-size", "50000", "--out", out, dir.appendingPathComponent("s1.bam").path])
        #expect(r.status == 0, "\(r.stderr)")
        let expected = try runShell("samtools view -c -q 10 -F 0xF04 '\(dir.appendingPathComponent("s1.bam").path)'").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(r.stdout.contains("\t\(expected) counted"), "gx: \(r.stdout) samtools: \(expected)")
        #expect(FileManager.default.fileExists(atPath: out + "/s1.gxbins"))
        // Too few reads: a no call with the reason, not an error.
        let panel = try Self.buildReference(dir)
        let t = try Self.gx(["test", "--panel", panel, "--out", dir.appendingPathComponent("r2").path, out + "/s1.gxbins"])
        #expect(t.status == 0, "\(t.stderr)")
        #expect(t.stdout.contains("no call") && t.stdout.contains("too few reads"))
    }

    @Test func badInputsGiveClearErrors() throws {
        let dir = try Self.data.get()
        let panel = try Self.buildReference(dir)
        // Unindexed BAM.
        let copy = dir.appendingPathComponent("noindex.bam").path
        if !FileManager.default.fileExists(atPath: copy) { try FileManager.default.copyItem(atPath: dir.appendingPathComponent("s1.bam").path, toPath: copy) }
        var r = try Self.gx(["test", "--panel", panel, "--out", dir.appendingPathComponent("r3").path, copy])
        #expect(r.status == 1 && r.stderr.contains("no index") && r.stderr.contains("noindex.bam"), "\(r.stderr)")
        // Bin counts in 10 kb bins against a 50 kb reference set.
        try Self.simulate(["profile", "--genome", dir.appendingPathComponent("genome").path, "--out", dir.appendingPathComponent("ten.gxbins").path,
                           "--bin-size", "10000", "--reads", "100000"])
        r = try Self.gx(["test", "--panel", panel, "--out", dir.appendingPathComponent("r4").path, dir.appendingPathComponent("ten.gxbins").path])
        #expect(r.status == 1 && r.stderr.contains("50000-bp bins"), "\(r.stderr)")
        // Not a reference set.
        r = try Self.gx(["test", "--panel", dir.appendingPathComponent("spec.txt").path, "--out", dir.appendingPathComponent("r5").path, copy])
        #expect(r.status == 1 && r.stderr.contains("not a gx NIPT reference set"), "\(r.stderr)")
        // Too few references.
        r = try Self.gx(["reference", "--gc-table", dir.appendingPathComponent("genome/gc-50000.tsv").path, "--min-reads", "1000", "-o",
                         dir.appendingPathComponent("small.gxnipt").path, dir.appendingPathComponent("p/ref01.gxbins").path])
        #expect(r.status == 1 && r.stderr.contains("at least 10"), "\(r.stderr)")
    }
}
