import Foundation
import Testing
import TestSupport


/// Writes a FASTQ of reads drawn from both strands of a random genome with a repeat (so counts above 1
/// are common), ~1 % substitutions, ~0.5 % N, some lower-case reads and some reads shorter than k.
private func writeSimulatedFASTQ(to url: URL, reads: Int, seed: UInt64) throws {
    var random = SplitMix64(state: seed)
    let letters = Array("ACGT".utf8)
    var genome = (0..<30_000).map { _ in letters[Int(random.next() % 4)] }
    let repeatUnit = Array(genome[1000..<1400])
    for copy in 1...5 { genome.replaceSubrange((copy * 5000)..<(copy * 5000 + 400), with: repeatUnit) }
    var text = ""
    for index in 0..<reads {
        let length = index % 97 == 0 ? 15 : 80 + Int(random.next() % 71)
        let start = Int(random.next() % UInt64(genome.count - length))
        var read = Array(genome[start..<(start + length)])
        if random.next() % 2 == 1 {
            read = read.reversed().map { base in
                switch base { case 65: 84; case 67: 71; case 71: 67; default: 65 }
            }
        }
        for position in read.indices {
            let roll = random.next() % 1000
            if roll < 5 { read[position] = 78 } else if roll < 15 { read[position] = letters[Int(random.next() % 4)] }
        }
        if index % 11 == 0 { read = read.map { $0 == 78 ? $0 : $0 | 0x20 } }
        text += "@read\(index)\n\(String(decoding: read, as: UTF8.self))\n+\n\(String(repeating: "I", count: read.count))\n"
    }
    try Data(text.utf8).write(to: url)
}

private func gx(_ arguments: [String]) throws -> ProcessResult {
    try runProcess(TestPaths.gxtoolExecutable, arguments)
}

private func requireJellyfish() throws {
    try #require(commandExists("jellyfish"), "jellyfish is not installed: the agreement tests need it (scripts/setup.sh installs it)")
}

@Test(arguments: [(21, true, 2), (31, true, 1), (17, false, 2)])
func kmerCountAgreesWithJellyfish(k: Int, canonical: Bool, threads: Int) throws {
    try requireJellyfish()
    let directory = try TestPaths.temporaryDirectory("gx-kmer-cli")
    defer { try? FileManager.default.removeItem(at: directory) }
    let reads = directory.appendingPathComponent("reads.fastq")
    try writeSimulatedFASTQ(to: reads, reads: 4000, seed: UInt64(k))
    let table = directory.appendingPathComponent("reads.gxk").path
    let jf = directory.appendingPathComponent("reads.jf").path
    let strand = canonical ? ["-C"] : []

    let count = try gx(["kmer", "count", "-k", "\(k)"] + (canonical ? ["--canonical"] : []) + ["--threads", "\(threads)", "-o", table, reads.path])
    #expect(count.status == 0, "kmer count failed: \(count.stderr)")
    #expect(count.stdout.contains("distinct"))
    let jfCount = try runProcess(URL(fileURLWithPath: "/usr/bin/env"),
                                 ["jellyfish", "count", "-m", "\(k)"] + strand + ["-s", "1M", "-t", "2", "-o", jf, reads.path])
    try #require(jfCount.status == 0, "jellyfish count failed: \(jfCount.stderr)")

    // Histogram: byte-for-byte equal to jellyfish histo.
    let histo = try gx(["kmer", "histo", table])
    let jfHisto = try runShell("jellyfish histo '\(jf)'")
    #expect(histo.status == 0)
    #expect(!histo.stdout.isEmpty)
    #expect(histo.stdout == jfHisto.stdout)
    #expect(histo.stdout.split(separator: "\n").count > 3, "the simulated reads should give several distinct counts")

    // Full dump, sorted, equal to jellyfish dump -c -t | sort.
    let dump = try gx(["kmer", "dump", "--sorted", table])
    let jfDump = try runShell("jellyfish dump -c -t '\(jf)' | LC_ALL=C sort")
    #expect(dump.status == 0)
    #expect(dump.stdout == jfDump.stdout)

    // Queries: present k-mers (from the dump, on either strand) and absent ones, equal to jellyfish query.
    var random = SplitMix64(state: 99)
    var queries: [String] = []
    let present = dump.stdout.split(separator: "\n").map { String($0.split(separator: "\t")[0]) }
    for _ in 0..<150 { queries.append(present[Int(random.next() % UInt64(present.count))]) }
    for _ in 0..<50 { queries.append(String(decoding: (0..<k).map { _ in Array("ACGT".utf8)[Int(random.next() % 4)] }, as: UTF8.self)) }
    if canonical { queries = queries.enumerated().map { $0.offset % 2 == 0 ? $0.element : reverseComplement($0.element) } }
    let list = directory.appendingPathComponent("queries.txt")
    try Data((queries.joined(separator: "\n") + "\n").utf8).write(to: list)
    let query = try gx(["kmer", "query", table, "--file", list.path])
    let jfQuery = try runShell("jellyfish query '\(jf)' $(cat '\(list.path)')")
    #expect(query.status == 0, "kmer query failed: \(query.stderr)")
    let ours = query.stdout.split(separator: "\n").map { $0.split(separator: "\t") }
    let theirs = jfQuery.stdout.split(separator: "\n").map { $0.split(separator: " ") }
    try #require(ours.count == queries.count && theirs.count == queries.count)
    for index in queries.indices {
        #expect(String(ours[index][0]) == queries[index])
        #expect(ours[index][1] == theirs[index][1], "count of \(queries[index])")
    }
    #expect(ours.contains { $0[1] != "0" } && ours.contains { $0[1] == "0" })

    // The query structure (kmer scan) finds the same counts by streaming the reads.
    if canonical {
        let scan = try gx(["kmer", "scan", "--canonical", "--kmers", list.path, reads.path])
        #expect(scan.status == 0, "kmer scan failed: \(scan.stderr)")
        #expect(scan.stdout == query.stdout)
    }
}

@Test func kmerCountReadsGzipAndSeveralFilesLikeOneFile() throws {
    let directory = try TestPaths.temporaryDirectory("gx-kmer-cli-gz")
    defer { try? FileManager.default.removeItem(at: directory) }
    let first = directory.appendingPathComponent("a.fastq"), second = directory.appendingPathComponent("b.fastq")
    try writeSimulatedFASTQ(to: first, reads: 1500, seed: 1)
    try writeSimulatedFASTQ(to: second, reads: 1500, seed: 2)
    let both = directory.appendingPathComponent("both.fastq")
    try Data(try Data(contentsOf: first) + Data(contentsOf: second)).write(to: both)
    try #require(try runShell("gzip -k '\(second.path)'").status == 0)
    let one = directory.appendingPathComponent("one.gxk").path, two = directory.appendingPathComponent("two.gxk").path
    #expect(try gx(["kmer", "count", "-k", "25", "-C", "-o", one, both.path]).status == 0)
    let split = try gx(["kmer", "count", "-k", "25", "-C", "-t", "1", "-o", two, first.path, second.path + ".gz"])
    #expect(split.status == 0, "\(split.stderr)")
    let a = try gx(["kmer", "dump", "--sorted", one]).stdout, b = try gx(["kmer", "dump", "--sorted", two]).stdout
    #expect(!a.isEmpty && a == b)
    // --min-count keeps only k-mers seen at least that often.
    let filtered = try gx(["kmer", "dump", "--sorted", "--min-count", "3", one]).stdout
    let expected = a.split(separator: "\n").filter { Int($0.split(separator: "\t")[1])! >= 3 }.joined(separator: "\n") + "\n"
    #expect(filtered == expected)
}

@Test func kmerCountMemoryLimitIsHonouredOrRefusedClearly() throws {
    let directory = try TestPaths.temporaryDirectory("gx-kmer-cli-mem")
    defer { try? FileManager.default.removeItem(at: directory) }
    let reads = directory.appendingPathComponent("reads.fastq")
    try writeSimulatedFASTQ(to: reads, reads: 2000, seed: 3)
    let table = directory.appendingPathComponent("r.gxk").path
    // Far too small: a clear refusal (exit 1, message on stderr), not a crash or an OOM kill.
    let refused = try gx(["kmer", "count", "-k", "21", "-C", "--memory", "4M", "-o", table, reads.path])
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("--memory") && refused.stderr.contains("too small"), "\(refused.stderr)")
    #expect(!FileManager.default.fileExists(atPath: table))
    // A tight limit that fits: the same counts as a generous one.
    let tight = try gx(["kmer", "count", "-k", "21", "-C", "--memory", "48M", "-o", table, reads.path])
    #expect(tight.status == 0, "\(tight.stderr)")
    let loose = directory.appendingPathComponent("loose.gxk").path
    #expect(try gx(["kmer", "count", "-k", "21", "-C", "--memory", "2G", "-o", loose, reads.path]).status == 0)
    #expect(try gx(["kmer", "histo", table]).stdout == gx(["kmer", "histo", loose]).stdout)
    // Not a size at all.
    let bad = try gx(["kmer", "count", "-k", "21", "--memory", "lots", "-o", table, reads.path])
    #expect(bad.status == 1 && bad.stderr.contains("not a memory size"))
    // No temporary bin folder is left behind.
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).allSatisfy { !$0.hasPrefix("gx-kmer-") })
}

@Test func kmerCommandsReportBadInputClearly() throws {
    let directory = try TestPaths.temporaryDirectory("gx-kmer-cli-bad")
    defer { try? FileManager.default.removeItem(at: directory) }
    let broken = directory.appendingPathComponent("broken.fastq")
    try Data("@r1\nACGTACGTAC\n+\nIIIIIIIIII\n@r2\nACGTACGTAC\n+\nIIII\n".utf8).write(to: broken)
    let table = directory.appendingPathComponent("t.gxk").path
    let count = try gx(["kmer", "count", "-k", "5", "-o", table, broken.path])
    #expect(count.status == 1)
    #expect(count.stderr.contains("broken.fastq:") && count.stderr.contains("record 2"), "\(count.stderr)")
    let missing = try gx(["kmer", "count", "-k", "5", "-o", table, directory.appendingPathComponent("nope.fastq").path])
    #expect(missing.status == 1 && missing.stderr.contains("nope.fastq"))
    #expect(try gx(["kmer", "count", "-k", "40", "-o", table, broken.path]).stderr.contains("out of range"))

    let good = directory.appendingPathComponent("good.fastq")
    try writeSimulatedFASTQ(to: good, reads: 200, seed: 4)
    #expect(try gx(["kmer", "count", "-k", "5", "-o", table, good.path]).status == 0)
    let wrongLength = try gx(["kmer", "query", table, "ACGTAC"])
    #expect(wrongLength.status == 1 && wrongLength.stderr.contains("is not a 5-mer"))
    let withN = try gx(["kmer", "query", table, "ACNTA"])
    #expect(withN.status == 1)
    let list = directory.appendingPathComponent("list.txt")
    try Data("ACGTA\n# comment\nACGTT\nACGXA\n".utf8).write(to: list)
    let badList = try gx(["kmer", "query", table, "--file", list.path])
    #expect(badList.status == 1 && badList.stderr.contains("list.txt:4:"), "\(badList.stderr)")
    let notTable = try gx(["kmer", "histo", good.path])
    #expect(notTable.status == 1 && notTable.stderr.contains("not a gx k-mer table"))
}

private func reverseComplement(_ text: String) -> String {
    String(decoding: text.utf8.reversed().map { base -> UInt8 in
        switch base { case 65: 84; case 67: 71; case 71: 67; default: 65 }
    }, as: UTF8.self)
}
