import Foundation
import Seq
import Testing
import TestSupport

@Suite struct ReferenceIndexedFASTATests {
    @Test func fetchEqualsSamtoolsFaidx() throws {
        let ref = try AlignmentFixture.path("ref.fa")
        let fasta = try IndexedFASTA(path: ref)
        #expect(fasta.sequences == [.init(name: "chrA", length: 30_000), .init(name: "chrB", length: 12_000)])
        #expect(fasta.length(of: "chrB") == 12_000 && fasta.contains("chrA") && !fasta.contains("chrZ"))
        for region in ["chrA:1-1", "chrA:59-121", "chrA:29990-30000", "chrB:1-12000", "chrB:7000-7100"] {
            let expected = try AlignmentFixture.peer("samtools faidx '\(ref)' \(region)").split(separator: "\n").dropFirst().joined()
            #expect(String(decoding: try fasta.fetch(region), as: UTF8.self) == expected, "\(region)")
        }
        #expect(try fasta.fetch("chrA", start: 29_999, end: 40_000).count == 2)   // clipped at the end
        #expect(try fasta.fetch(referenceName: "chrA", range: 0..<3) == (try fasta.fetch("chrA:1-3")))
    }

    @Test func lowercaseBgzipAndMissingIndex() throws {
        let dir = try TestPaths.temporaryDirectory("gx-fai")
        let plain = dir.appendingPathComponent("soft.fa")
        try ">s1 masked\nACgtn\nAC\n>s2\nTTTT\n".write(to: plain, atomically: true, encoding: .utf8)
        let fasta = try IndexedFASTA(path: plain.path)          // builds soft.fa.fai
        #expect(FileManager.default.fileExists(atPath: plain.path + ".fai"))
        #expect(String(decoding: try fasta.fetch("s1:2-7"), as: UTF8.self) == "CGTNAC")
        guard commandExists("bgzip") else { Issue.record("bgzip is not installed (make setup)"); return }
        let result = try runShell("cd '\(dir.path)' && cp soft.fa z.fa && bgzip z.fa")
        #expect(result.status == 0)
        let compressed = try IndexedFASTA(path: dir.appendingPathComponent("z.fa.gz").path)
        #expect(try compressed.fetch("s2:2-4") == Array("TTT".utf8))
    }

    @Test func errors() throws {
        do { _ = try IndexedFASTA(path: "/nonexistent.fa"); Issue.record("must fail") } catch { #expect(error.code == .io) }
        let fasta = try IndexedFASTA(path: try AlignmentFixture.path("ref.fa"))
        for bad in ["chrZ:1-10", "chrA:40000-40010", "chrA:0-5"] {
            #expect(throws: SeqError.self, "\(bad)") { try fasta.fetch(bad) }
        }
        #expect(throws: SeqError.self) { try fasta.fetch("chrA", start: 10, end: 5) }
        let dir = try TestPaths.temporaryDirectory("gx-fai")
        let gz = dir.appendingPathComponent("plain-gzip.fa.gz")
        _ = try runShell("printf '>a\\nACGT\\n' | gzip > '\(gz.path)'")
        do { _ = try IndexedFASTA(path: gz.path); Issue.record("gzip (not BGZF) FASTA cannot be indexed") } catch { #expect(error.code == .missingIndex) }
    }
}
