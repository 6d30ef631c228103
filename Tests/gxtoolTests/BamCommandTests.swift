import Foundation
import Testing
import TestSupport

/// End-to-end tests of `gxtool bam` on the fixture made by Fixtures/bam/make-fixture.sh, against samtools.
@Suite struct BamCommandTests {
    struct Failure: Error, CustomStringConvertible { let description: String }

    static let fixture: Result<String, Failure> = {
        let script = TestPaths.fixtures.appendingPathComponent("bam/make-fixture.sh").path
        guard let result = try? runShell("bash '\(script)'"), result.status == 0 else {
            return .failure(Failure(description: "Fixtures/bam/make-fixture.sh failed (needs python3, samtools, wgsim, minimap2; make setup)"))
        }
        return .success(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
    }()

    static func path(_ name: String) throws -> String { try fixture.get() + "/" + name }

    static func gx(_ arguments: [String]) throws -> ProcessResult { try runProcess(TestPaths.gxtoolExecutable, arguments) }

    static func samtools(_ arguments: String) throws -> String {
        guard commandExists("samtools") else { throw Failure(description: "samtools is not installed (make setup)") }
        let result = try runShell("samtools \(arguments)")
        guard result.status == 0 else { throw Failure(description: "samtools \(arguments): \(result.stderr)") }
        return result.stdout
    }

    @Test func statsEqualsSamtoolsFlagstat() throws {
        for name in ["sample.bam", "sample.sam"] {
            let result = try Self.gx(["bam", "stats", "--threads", "2", try Self.path(name)])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout == (try Self.samtools("flagstat '\(try Self.path(name))'")))
        }
        let json = try Self.gx(["bam", "stats", "--json", try Self.path("sample.bam")])
        let ours = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? NSDictionary
        let theirs = try JSONSerialization.jsonObject(with: Data(try Self.samtools("flagstat -O json '\(try Self.path("sample.bam"))'").utf8)) as? NSDictionary
        #expect(ours != nil && ours == theirs)
        let cram = try Self.gx(["bam", "stats", "--reference", try Self.path("ref.fa"), try Self.path("sample.cram")])
        #expect(cram.stdout == (try Self.samtools("flagstat '\(try Self.path("sample.bam"))'")))
    }

    @Test func depthEqualsSamtoolsDepth() throws {
        let bam = try Self.path("sample.bam")
        let result = try Self.gx(["bam", "depth", "--region", "chrA:2000-2600", "--min-baseq", "13", "--reference", try Self.path("ref.fa"), bam])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.first == "#chrom\tpos\tref\tdepth\tA\tC\tG\tT\tN\tindels")
        let ours = lines.dropFirst().map { $0.split(separator: "\t").prefix(4).enumerated().filter { $0.offset != 2 }.map(\.element).joined(separator: "\t") }
        let theirs = try Self.samtools("depth -a -s -q 13 -r chrA:2000-2600 '\(bam)'").split(separator: "\n").map(String.init)
        #expect(ours == theirs)
        // A BED file of two intervals gives the same lines as two --region options.
        let bed = try TestPaths.temporaryDirectory("gx-bam-cli").appendingPathComponent("r.bed")
        try "chrA\t1999\t2100\nchrB\t10\t20\n".write(to: bed, atomically: true, encoding: .utf8)
        let viaBED = try Self.gx(["bam", "depth", "--sites", bed.path, bam])
        let viaRegions = try Self.gx(["bam", "depth", "--region", "chrA:2000-2100", "--region", "chrB:11-20", bam])
        #expect(viaBED.status == 0 && viaBED.stdout == viaRegions.stdout && viaBED.stdout.split(separator: "\n").count == 1 + 101 + 10)
    }

    @Test func countMatchesSamtoolsViewC() throws {
        let bam = try Self.path("sample.bam")
        let all = try Self.gx(["bam", "count", "--threads", "2", bam])
        #expect(all.stdout == (try Self.samtools("view -c '\(bam)'")))
        let regions = try Self.gx(["bam", "count", bam, "chrA:100-5000", "chrB"])
        #expect(regions.stdout == (try Self.samtools("view -c -M '\(bam)' chrA:100-5000 chrB")))
    }

    @Test func badInputExitsOneWithAMessage() throws {
        let dir = try TestPaths.temporaryDirectory("gx-bam-cli")
        let missing = try Self.gx(["bam", "stats", dir.appendingPathComponent("missing.bam").path])
        #expect(missing.status == 1 && missing.stderr.contains("missing.bam") && missing.stderr.contains("no such file"))

        let data = try Data(contentsOf: URL(fileURLWithPath: try Self.path("sample.bam")))
        let truncated = dir.appendingPathComponent("truncated.bam")
        try data.prefix(data.count / 3).write(to: truncated)
        let cut = try Self.gx(["bam", "stats", truncated.path])
        #expect(cut.status == 1 && cut.stderr.contains("truncated.bam") && cut.stderr.contains("record"), "\(cut.stderr)")

        let sam = dir.appendingPathComponent("bad.sam")
        try "@SQ\tSN:c1\tLN:100\nr1\t0\tc1\t1\t60\t4M\t*\t0\t0\tACGT\tIIII\nr2\t0\tc1\n".write(to: sam, atomically: true, encoding: .utf8)
        let bad = try Self.gx(["bam", "stats", sam.path])
        #expect(bad.status == 1 && bad.stderr.contains("bad.sam:3") && bad.stderr.contains("record 2"), "\(bad.stderr)")

        let region = try Self.gx(["bam", "depth", "--region", "chrQ:1-10", try Self.path("sample.bam")])
        #expect(region.status == 1 && region.stderr.contains("chrQ"), "\(region.stderr)")

        // A CRAM whose reference FASTA is gone: counting needs no reference, a pileup does.
        let orphan = dir.appendingPathComponent("orphan.cram").path
        _ = try Self.samtools("faidx '\(try Self.path("ref.fa"))'")
        let made = try runShell("cp '\(try Self.path("ref.fa"))' '\(dir.path)/gone.fa' && samtools view -C -T '\(dir.path)/gone.fa' -o '\(orphan)' '\(try Self.path("sample.bam"))' && samtools index '\(orphan)' && rm '\(dir.path)/gone.fa'*")
        #expect(made.status == 0, "\(made.stderr)")
        let cram = try Self.gx(["bam", "count", orphan, "chrA:1-100"])
        #expect(cram.status == 0)
        let cramDepth = try Self.gx(["bam", "depth", "--region", "chrA:1000-1001", orphan])
        #expect(cramDepth.status == 1 && cramDepth.stderr.contains("reference"), "\(cramDepth.stderr)")

        let noIndex = dir.appendingPathComponent("copy.bam")
        try FileManager.default.copyItem(atPath: try Self.path("sample.bam"), toPath: noIndex.path)
        let unindexed = try Self.gx(["bam", "depth", "--region", "chrA:1-10", noIndex.path])
        #expect(unindexed.status == 1 && unindexed.stderr.contains("index"), "\(unindexed.stderr)")
    }

    /// LeakSanitizer (libgcc's liblsan, preloaded into the uninstrumented binary) finds no leak in the reader,
    /// index, iterator, pileup and faidx paths, including the error paths that abandon half-built readers.
    @Test func leakSanitizerIsCleanOnEveryCommand() throws {
        let lsan = "/usr/lib/x86_64-linux-gnu/liblsan.so.0"
        guard FileManager.default.fileExists(atPath: lsan) else {
            Issue.record("\(lsan) is missing (Debian package liblsan0, a dependency of libgcc-12-dev)"); return
        }
        let dir = try TestPaths.temporaryDirectory("gx-bam-lsan")
        let data = try Data(contentsOf: URL(fileURLWithPath: try Self.path("sample.bam")))
        try data.prefix(data.count / 3).write(to: dir.appendingPathComponent("truncated.bam"))
        try "@SQ\tSN:c1\tLN:100\nr1\t0\tc1\n".write(to: dir.appendingPathComponent("bad.sam"), atomically: true, encoding: .utf8)
        let runs: [([String], Int32)] = [
            (["bam", "stats", "--threads", "2", try Self.path("sample.bam")], 0),
            (["bam", "stats", "--reference", try Self.path("ref.fa"), try Self.path("sample.cram")], 0),
            (["bam", "count", try Self.path("sample.sam")], 0),
            (["bam", "count", "--threads", "2", try Self.path("sample.bam"), "chrA:100-5000", "chrB"], 0),
            (["bam", "depth", "--region", "chrA:2000-2600", "--reference", try Self.path("ref.fa"), try Self.path("sample.bam")], 0),
            (["bam", "stats", dir.appendingPathComponent("truncated.bam").path], 1),
            (["bam", "stats", dir.appendingPathComponent("bad.sam").path], 1),
            (["bam", "depth", "--region", "chrQ:1-5", try Self.path("sample.bam")], 1),
        ]
        for (arguments, status) in runs {
            let result = try runProcess(TestPaths.gxtoolExecutable, arguments,
                                        environment: ProcessInfo.processInfo.environment.merging(["LD_PRELOAD": lsan]) { $1 })
            #expect(result.status == status, "\(arguments): \(result.stderr.prefix(400))")
            #expect(!result.stderr.contains("LeakSanitizer"), "\(arguments): \(result.stderr.prefix(2000))")
        }
    }
}
