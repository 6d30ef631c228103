import Foundation
import Testing
import TestSupport

/// A 4-sample FASTQ plate from Fixtures/screening/simulate_plate.py (no alignment), made once.
private let smallPlate: Result<URL, ScreenTestError> = {
    guard commandExists("python3") && commandExists("samtools") else {
        return .failure(ScreenTestError(message: "python3 (with numpy) and samtools are needed (make setup installs them)"))
    }
    do {
        let dir = try TestPaths.temporaryDirectory("cli-plate")
        let script = TestPaths.fixtures.appendingPathComponent("screening/simulate_plate.py").path
        let run = try runProcess(URL(fileURLWithPath: "/usr/bin/env"),
                                 ["python3", script, dir.path, "--samples", "4", "--depths", "60", "--seed", "3"])
        guard run.status == 0 else { return .failure(ScreenTestError(message: "simulate_plate.py failed: \(run.stderr)")) }
        return .success(dir)
    } catch {
        return .failure(ScreenTestError(message: "\(error)"))
    }
}()

private struct ScreenTestError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

private func gxtool(_ arguments: [String]) throws -> ProcessResult {
    try runProcess(TestPaths.gxtoolExecutable, arguments)
}

@Test func panelVerifyAcceptsTheBundledPanelAndRefusesABadOne() throws {
    let ok = try gxtool(["panel", "verify", "deafness-9"])
    #expect(ok.status == 0, "\(ok.stderr)")
    #expect(ok.stdout.split(separator: "\n").count == 6 && ok.stdout.hasPrefix("ok\tdeafness-9\tGJB2_c.35delG"))

    let dir = try TestPaths.temporaryDirectory("panel-verify")
    let shown = try gxtool(["panel", "show", "deafness-9"])
    #expect(shown.status == 0)
    // c.235delC with a wrong REF, and a site on a chromosome the reference does not hold.
    var text = shown.stdout.replacingOccurrences(of: "\t20189346\tAG\tA\t", with: "\t20189346\tAT\tA\t")
    text += "X1\tGJB3\tNM_024009\tc.538C>T\tp.Arg180*\t.\tGRCh38\tchr1\t35250901\tC\tT\tsnv\tdisputed\tAD\tx\tx\n"
    let bad = dir.appendingPathComponent("bad.tsv")
    try text.write(to: bad, atomically: true, encoding: .utf8)
    let refused = try gxtool(["panel", "verify", bad.path])
    #expect(refused.status == 1)
    #expect(refused.stdout.contains("FAIL\tdeafness-9\tGJB2_c.235delC\tchr13:20189346 AT>A\tREF AT disagrees with the reference AG at chr13:20189346"))
    #expect(refused.stdout.contains("unknown chromosome chr1"))
    #expect(refused.stderr.contains("the panel is refused"))
}

@Test func screenRunsAPlateAndABadSampleFailsAlone() throws {
    let plate = try smallPlate.get()
    let sheet = plate.appendingPathComponent("sheet_fastq.tsv")
    var text = try String(contentsOf: sheet, encoding: .utf8)
    text += "LOST\t\(plate.path)/samples/LOST_R1.fastq\t\(plate.path)/samples/LOST_R2.fastq\n"
    let withBad = plate.appendingPathComponent("sheet_with_bad.tsv")
    try text.write(to: withBad, atomically: true, encoding: .utf8)
    let out = plate.appendingPathComponent("out")
    let run = try gxtool(["screen", "--panel", "deafness-extended", "--sample-sheet", withBad.path, "--out", out.path, "--threads", "2"])
    #expect(run.status == 1, "one sample failed, so the exit status is 1")
    #expect(run.stderr.contains("sample LOST failed:") && run.stderr.contains("LOST_R1.fastq"), "\(run.stderr)")
    #expect(run.stderr.contains("screened 4 of 5 sample(s)"))
    #expect(run.stdout.split(separator: "\n").count == 4)
    for name in ["S001.vcf", "S001.json", "S001.report.txt", "S001.report.html", "S004.json", "LOST.json",
                 "LOST.report.txt", "summary.tsv", "batch.vcf", "batch.json"] {
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(name).path), "\(name) missing")
    }
    let summary = try String(contentsOf: out.appendingPathComponent("summary.tsv"), encoding: .utf8).split(separator: "\n")
    #expect(summary.count == 6)
    #expect(summary.last?.hasPrefix("LOST\tfailed\t") == true)
    let report = try String(contentsOf: out.appendingPathComponent("LOST.report.txt"), encoding: .utf8)
    #expect(report.contains("RESULT: NOT AVAILABLE"))
    // The planted genotypes are the ones reported (depth 60x: every nuclear site is callable).
    let truth = try String(contentsOf: plate.appendingPathComponent("truth.tsv"), encoding: .utf8)
    let s001 = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("S001.json"))) as! [String: Any]
    for site in s001["sites"] as! [[String: Any]] where (site["mitochondrial"] as? Bool) == false {
        let id = site["siteID"] as! String
        #expect(truth.contains("S001\t\(id)\t\(site["genotype"] as? String ?? "none")\t"), "\(id)")
    }
}

@Test func screenOneSampleWritesABgzippedIndexedVCF() throws {
    let plate = try smallPlate.get()
    let out = plate.appendingPathComponent("one")
    let run = try gxtool(["screen", "--panel", "deafness-9", "--fastq", "\(plate.path)/samples/S002_R1.fastq",
                          "\(plate.path)/samples/S002_R2.fastq", "--sample", "S002", "--out", out.path, "--bgzip"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.hasPrefix("S002\t") && run.stdout.contains("/6 called\t"), "\(run.stdout)")
    try #require(commandExists("bcftools"), "bcftools is not installed (make setup installs it)")
    let view = try runShell("bcftools view -H -r chrM '\(out.path)/S002.vcf.gz'")
    #expect(view.status == 0 && view.stdout.split(separator: "\n").count == 2, "\(view.stderr)")
}

@Test func screenRejectsContradictoryArguments() throws {
    let both = try gxtool(["screen", "--bam", "a.bam", "--fastq", "a.fq", "--sample", "A", "--out", "/tmp/x"])
    #expect(both.status != 0 && both.stderr.contains("give --bam or --fastq, not both"))
    let none = try gxtool(["screen", "--out", "/tmp/x"])
    #expect(none.status != 0 && none.stderr.contains("give one sample"))
    let badID = try gxtool(["screen", "--fastq", "a.fq", "--sample", "../etc", "--out", "/tmp/x"])
    #expect(badID.status != 0 && badID.stderr.contains("may only hold letters"))
}
