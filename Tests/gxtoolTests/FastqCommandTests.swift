import Foundation
import Testing
import TestSupport

// `gxtool fastq stats` and `fastq count` end to end: the table, the JSON keys and values (checked
// against `seqkit stats -a -T` on the same file), standard input, compressed input, bad input
// (exit 1, file:line: record N on stderr), and bounded memory on a large file.

/// Deterministic reads (a linear congruential generator; no Seq dependency in this target).
private func fastqText(records: Int, seed: UInt64, length: ClosedRange<Int> = 30...160) -> String {
    var state = seed
    func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state >> 33
    }
    let bases = Array("ACGTACGTACGTACGTN")
    var out = ""
    for i in 0..<records {
        let n = length.lowerBound + Int(next() % UInt64(length.count))
        var sequence = "", quality = ""
        for _ in 0..<n {
            sequence.append(bases[Int(next() % UInt64(bases.count))])
            quality.append(Character(Unicode.Scalar(UInt8(35 + next() % 40))))
        }
        out += "@read\(i) sample\n\(sequence)\n+\n\(quality)\n"
    }
    return out
}

private func gxtool(_ arguments: [String], stdin: Data? = nil) throws -> ProcessResult {
    try runProcess(TestPaths.gxtoolExecutable, arguments, stdin: stdin)
}

private func requireTool(_ name: String) -> Bool {
    if commandExists(name) { return true }
    Issue.record("\(name) is not installed: run `make setup` (scripts/setup.sh installs it)")
    return false
}

private func seqkitRow(_ path: String) throws -> [String: String] {
    let result = try runShell("seqkit stats -a -T '\(path)'")
    #expect(result.status == 0, "\(result.stderr)")
    let lines = result.stdout.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
    guard lines.count == 2 else { return [:] }
    return Dictionary(uniqueKeysWithValues: zip(lines[0], lines[1]))
}

private let jsonKeys = ["file", "format", "compression", "records", "bases", "min_length", "mean_length", "max_length",
                        "gc_fraction", "n_bases", "q20_fraction", "q30_fraction"]

private func parseJSON(_ text: String) throws -> [[String: Any]] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
}

@Suite("gxtool fastq")
struct FastqCommandTests {
    let directory: URL
    let plain: String

    init() throws {
        directory = try TestPaths.temporaryDirectory("gx-fastq-cli")
        plain = directory.appendingPathComponent("reads.fq").path
        try fastqText(records: 3_000, seed: 7).write(toFile: plain, atomically: true, encoding: .utf8)
    }

    @Test func jsonHasTheDocumentedKeysAndSeqkitsValues() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        guard requireTool("seqkit"), requireTool("bgzip"), requireTool("pigz") else { return }
        #expect(try runShell("bgzip -c '\(plain)' > '\(plain).bgz' && pigz -c '\(plain)' > '\(plain).gz'").status == 0)
        let result = try gxtool(["fastq", "stats", "--json", "--threads", "2", plain, plain + ".gz", plain + ".bgz"])
        #expect(result.status == 0, "\(result.stderr)")
        let objects = try parseJSON(result.stdout)
        #expect(objects.count == 3)
        let peer = try seqkitRow(plain)
        for (object, compression) in zip(objects, ["none", "gzip", "bgzf"]) {
            #expect(Set(object.keys) == Set(jsonKeys))
            #expect(object["format"] as? String == "fastq")
            #expect(object["compression"] as? String == compression)
            #expect((object["records"] as? Int).map(String.init) == peer["num_seqs"])
            #expect((object["bases"] as? Int).map(String.init) == peer["sum_len"])
            #expect((object["min_length"] as? Int).map(String.init) == peer["min_len"])
            #expect((object["max_length"] as? Int).map(String.init) == peer["max_len"])
            for (key, column) in [("gc_fraction", "GC(%)"), ("q20_fraction", "Q20(%)"), ("q30_fraction", "Q30(%)")] {
                let gx = try #require(object[key] as? Double)
                let seqkit = try #require(peer[column].flatMap(Double.init))
                #expect(abs(gx * 100 - seqkit) <= 0.005 + 1e-9, "\(key): \(gx) vs seqkit \(seqkit)%")
            }
            let mean = try #require(object["mean_length"] as? Double)
            #expect(abs(mean - Double(object["bases"] as? Int ?? 0) / Double(object["records"] as? Int ?? 1)) < 1e-6)
        }
        // n_bases as seqtk comp counts them (the 9th column: N).
        if requireTool("seqtk") {
            let n = try runShell("seqtk comp '\(plain)' | awk '{n += $9} END {print n}'").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect((objects[0]["n_bases"] as? Int).map(String.init) == n)
        }
    }

    @Test func tableHasAHeaderAndOneRowPerFile() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try gxtool(["fastq", "stats", plain])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].split(separator: " ").map(String.init) == jsonKeys)
        let row = lines[1].split(separator: " ").map(String.init)
        #expect(row.first == plain && row[1] == "fastq" && row[2] == "none" && row[3] == "3000")
    }

    @Test func standardInputPlainAndCompressed() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = try Data(contentsOf: URL(fileURLWithPath: plain))
        let fromFile = try parseJSON(try gxtool(["fastq", "stats", "--json", plain]).stdout)
        let fromStdin = try gxtool(["fastq", "stats", "--json", "-"], stdin: data)
        #expect(fromStdin.status == 0, "\(fromStdin.stderr)")
        let object = try #require(try parseJSON(fromStdin.stdout).first)
        #expect(object["file"] as? String == "-")
        #expect(object["records"] as? Int == fromFile.first?["records"] as? Int)
        #expect(object["q30_fraction"] as? Double == fromFile.first?["q30_fraction"] as? Double)
        guard requireTool("gzip") else { return }
        let gz = try runShell("gzip -c '\(plain)' | '\(TestPaths.gxtoolExecutable.path)' fastq stats --json -")
        #expect(gz.status == 0, "\(gz.stderr)")
        let gzObject = try #require(try parseJSON(gz.stdout).first)
        #expect(gzObject["compression"] as? String == "gzip")
        #expect(gzObject["bases"] as? Int == fromFile.first?["bases"] as? Int)
    }

    @Test func badInputExitsOneWithFileLineAndRecordOnStderr() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let bad = directory.appendingPathComponent("bad.fq").path
        try "@r1\nACGT\n+\nIIII\n@r2\nACGT\n+\nIII\n@r3\nA\n+\nI\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let result = try gxtool(["fastq", "stats", plain, bad])
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(bad):8: record 2: quality length 3 differs from sequence length 4"), "\(result.stderr)")
        // The good file is still reported.
        #expect(result.stdout.contains(plain))
        let missing = try gxtool(["fastq", "stats", "/nonexistent/reads.fq"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("/nonexistent/reads.fq: cannot open for reading"), "\(missing.stderr)")
        let count = try gxtool(["fastq", "count", bad])
        #expect(count.status == 1 && count.stderr.contains("record 2"))
        let threads = try gxtool(["fastq", "stats", "--threads", "0", plain])
        #expect(threads.status != 0 && threads.stderr.contains("--threads"))
    }

    @Test func emptyFileAndFASTA() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let empty = directory.appendingPathComponent("empty.fq").path
        #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
        let fasta = directory.appendingPathComponent("ref.fa").path
        try ">chr1\nACGTNN\nGC\n>chr2\nAT\n".write(toFile: fasta, atomically: true, encoding: .utf8)
        let result = try gxtool(["fastq", "stats", "--json", empty, fasta])
        #expect(result.status == 0, "\(result.stderr)")
        let objects = try parseJSON(result.stdout)
        #expect(objects[0]["records"] as? Int == 0 && objects[0]["format"] is NSNull)
        #expect(objects[1]["format"] as? String == "fasta" && objects[1]["records"] as? Int == 2 && objects[1]["bases"] as? Int == 10)
        #expect(objects[1]["n_bases"] as? Int == 2 && objects[1]["gc_fraction"] as? Double == 0.4)
        #expect(objects[1]["q30_fraction"] is NSNull)
    }

    @Test func countPrintsRecordsAndBases() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try gxtool(["fastq", "count", plain])
        #expect(result.status == 0)
        let stats = try parseJSON(try gxtool(["fastq", "stats", "--json", plain]).stdout)[0]
        #expect(result.stdout == "\(plain)\t\(stats["records"] as? Int ?? -1)\t\(stats["bases"] as? Int ?? -1)\n")
    }

    @Test func memoryStaysBoundedOnALargeFile() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        guard requireTool("bgzip") else { return }
        // 64 MB of FASTQ (a 1 MB block repeated) and its BGZF copy; the peak resident size must
        // not grow with the file: it stays within 32 MiB of a run on a small file.
        let big = directory.appendingPathComponent("big.fq").path
        let blockData = Data(fastqText(records: 3_000, seed: 9, length: 150...150).utf8)
        #expect(FileManager.default.createFile(atPath: big, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: big))
        for _ in 0..<(64_000_000 / blockData.count) { handle.write(blockData) }
        try handle.close()
        #expect(try runShell("bgzip -@ 2 -l 1 -c '\(big)' > '\(big).gz'").status == 0)
        func peakKiB(_ file: String) throws -> Int {
            let r = try runShell("/usr/bin/time -f 'peak %M' '\(TestPaths.gxtoolExecutable.path)' fastq count --threads 2 '\(file)' 2>&1 >/dev/null | tail -1")
            return Int(r.stdout.split(separator: " ").last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? -1
        }
        guard requireTool("/usr/bin/time") else { return }
        let small = try peakKiB(plain)
        for file in [big, big + ".gz"] {
            let peak = try peakKiB(file)
            #expect(peak > 0 && peak - small < 32 * 1024, "\(file): peak \(peak) KiB vs \(small) KiB on a small file")
        }
    }
}
