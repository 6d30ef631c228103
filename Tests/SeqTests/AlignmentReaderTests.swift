import Foundation
import Seq
import Testing
import TestSupport

@Suite struct AlignmentReaderTests {
    static func count(_ reader: Alignment.Reader) throws(SeqError) -> Int {
        var n = 0
        while try reader.next() != nil { n += 1 }
        return n
    }

    static func write(_ text: String, _ name: String) throws -> String {
        let url = try TestPaths.temporaryDirectory("gx-aln").appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func headerMatchesSamtools() throws {
        let reader = try Alignment.Reader(path: try AlignmentFixture.path("sample.bam"))
        #expect(reader.format == .bam)
        let text = try AlignmentFixture.peer("samtools view -H '\(try AlignmentFixture.path("sample.bam"))'")
        let expected = text.split(separator: "\n").filter { $0.hasPrefix("@SQ") }.map { line -> Alignment.Header.ReferenceSequence in
            let fields = line.split(separator: "\t")
            let name = fields.first { $0.hasPrefix("SN:") }!.dropFirst(3), length = fields.first { $0.hasPrefix("LN:") }!.dropFirst(3)
            return .init(name: String(name), length: Int(length)!)
        }
        #expect(reader.header.referenceSequences == expected)
        #expect(reader.header.referenceSequenceID(named: "chrB") == 1)
        #expect(reader.header.readGroups.map(\.id) == ["fixture"])
        #expect(reader.header.readGroups.first?.fields["SM"] == "fixture")
        #expect(reader.header.programs.contains { $0.id.hasPrefix("minimap2") })
    }

    @Test(arguments: ["sample.sam", "sample.bam", "sample.cram"])
    func everyFormatGivesTheSameRecordsAsSamtools(_ name: String) throws {
        let path = try AlignmentFixture.path(name), reference = try AlignmentFixture.path("ref.fa")
        let expected = Int(try AlignmentFixture.peer("samtools view -c -T '\(reference)' '\(path)'").trimmingCharacters(in: .whitespacesAndNewlines))!
        for threads in [1, 2] {
            let reader = try Alignment.Reader(path: path, referencePath: reference, threads: threads)
            #expect(try Self.count(reader) == expected, "\(name) threads \(threads)")
        }
        // The same first records, field by field, in every format.
        let bam = try Alignment.Reader(path: try AlignmentFixture.path("sample.bam"))
        let other = try Alignment.Reader(path: path, referencePath: reference)
        for _ in 0..<200 {
            let a = Alignment.Record(try #require(try bam.next()))
            let b = Alignment.Record(try #require(try other.next()))
            #expect(a.name == b.name && a.flags == b.flags && a.alignmentStart == b.alignmentStart && a.cigar == b.cigar
                    && a.sequence == b.sequence && a.qualityScores == b.qualityScores && a.templateLength == b.templateLength)
            #expect(a.auxValue("RG") == .string("fixture"))
        }
    }

    @Test func regionQueriesMatchSamtoolsAndAreDeduplicated() throws {
        let path = try AlignmentFixture.path("sample.bam")
        for regions in [["chrA:1000-2000"], ["chrB"], ["chrA:1,000-2,000", "chrA:1500-2500", "chrB:5000-5001"], ["chrB:11990-"]] {
            let expected = Int(try AlignmentFixture.peer("samtools view -c -M '\(path)' \(regions.map { "'\($0)'" }.joined(separator: " "))")
                .trimmingCharacters(in: .whitespacesAndNewlines))!
            let reader = try Alignment.Reader(path: path)
            try reader.query(regions)
            var names: [String] = []
            while let record = try reader.next() { names.append("\(record.name)/\(record.flags.rawValue)") }
            #expect(names.count == expected, "\(regions)")
            #expect(Set(names).count == names.count, "a record overlapping two regions is returned once")
        }
        // Reading the whole file after a query is not possible on the same reader, but a new query is.
        let reader = try Alignment.Reader(path: path)
        try reader.query(referenceSequenceID: 1, start: 0, end: 100)
        let first = try Self.count(reader)
        try reader.query(referenceSequenceID: 1, start: 0, end: 100)
        #expect(try Self.count(reader) == first)
    }

    @Test func cramNeedsItsReference() throws {
        // A CRAM whose reference is gone (the fixture's own CRAM finds ref.fa through its @SQ UR field).
        let dir = try TestPaths.temporaryDirectory("gx-aln")
        let cram = dir.appendingPathComponent("orphan.cram").path
        _ = try AlignmentFixture.peer("cp '\(try AlignmentFixture.path("ref.fa"))' '\(dir.path)/gone.fa' && samtools faidx '\(dir.path)/gone.fa' && samtools view -C -T '\(dir.path)/gone.fa' -o '\(cram)' '\(try AlignmentFixture.path("sample.bam"))' chrB && rm '\(dir.path)/gone.fa' '\(dir.path)/gone.fa.fai'")
        do {
            let reader = try Alignment.Reader(path: cram)
            _ = try Self.count(reader)
            Issue.record("reading sample.cram without its reference must fail")
        } catch {
            #expect(error.code == .reference)
            #expect(error.description.contains(cram) && error.description.contains("reference"), "\(error)")
        }
        // Flags and positions alone decode without the reference.
        let core = try Alignment.Reader(path: cram, fields: .core)
        #expect(try Self.count(core) > 2_000)
        let withReference = try Alignment.Reader(path: cram, referencePath: try AlignmentFixture.path("ref.fa"))
        #expect(try Self.count(withReference) > 2_000)
        #expect(throws: SeqError.self) { try Alignment.Reader(path: try AlignmentFixture.path("sample.cram"), referencePath: "/nonexistent/ref.fa") }
    }

    @Test func typedAuxValuesCigarAndFields() throws {
        let sam = """
        @SQ\tSN:c1\tLN:100
        r1\t99\tc1\t10\t60\t2S5M1I3M2D4M1H\t=\t40\t45\tAACGTACGTACGTAC\tIIIIIIIIIIIIII#\tXA:A:x\tXI:i:-5\tXU:i:4000000000\tXF:f:1.5\tXZ:Z:hello world\tXH:H:1AE3\tBc:B:c,-1,2\tBS:B:S,1,65535\tBf:B:f,0.5,-2\tBi:B:i,-2147483648,7
        r2\t4\t*\t0\t0\t*\t*\t0\t0\t*\t*

        """
        let reader = try Alignment.Reader(path: try Self.write(sam, "aux.sam"))
        #expect(reader.format == .sam)
        let view = try #require(try reader.next())
        #expect(view.name == "r1")
        #expect(view.flags == [.paired, .properPair, .mateReverseStrand, .firstSegment])
        #expect(view.alignmentStart == 9 && view.alignmentEnd == 9 + 5 + 3 + 2 + 4)
        #expect(view.cigar.cigarString == "2S5M1I3M2D4M1H")
        #expect(view.cigar.referenceLength == 14 && view.cigar.queryLength == 15)
        #expect(view.cigarOperation(at: 2) == .init(.insertion, 1))
        #expect(view.mateReferenceSequenceID == 0 && view.mateAlignmentStart == 39 && view.templateLength == 45)
        #expect(String(decoding: view.sequence, as: UTF8.self) == "AACGTACGTACGTAC")
        #expect(view.base(at: 2) == UInt8(ascii: "C") && view.qualityScore(at: 14) == 2)
        #expect(try view.auxValue("XA") == .character(UInt8(ascii: "x")))
        #expect(try view.auxValue("XI") == .integer(-5))
        #expect(try view.auxValue("XU") == .integer(4_000_000_000))
        #expect(try view.auxValue("XF") == .float(1.5))
        #expect(try view.auxValue("XZ") == .string("hello world"))
        #expect(try view.auxValue("XH") == .hex("1AE3"))
        #expect(try view.auxValue("Bc") == .array(.int8([-1, 2])))
        #expect(try view.auxValue("BS") == .array(.uint16([1, 65535])))
        #expect(try view.auxValue("Bf") == .array(.float([0.5, -2])))
        #expect(try view.auxValue("Bi") == .array(.int32([Int32.min, 7])))
        #expect(try view.auxValue("ZZ") == nil)
        #expect(try view.auxFields().map(\.tag) == ["XA", "XI", "XU", "XF", "XZ", "XH", "Bc", "BS", "Bf", "Bi"])
        let owned = Alignment.Record(view)
        #expect(owned.alignmentEnd == view.alignmentEnd && owned.auxValue("XZ") == .string("hello world"))
        let unmapped = try #require(try reader.next())
        #expect(unmapped.flags.contains(.unmapped) && unmapped.referenceSequenceID == -1 && unmapped.alignmentStart == -1)
        #expect(unmapped.sequence.isEmpty && unmapped.qualityScores.isEmpty && unmapped.cigar.isEmpty)
        #expect(try reader.next() == nil)
        #expect(reader.recordNumber == 2)
    }

    @Test func regionParsing() throws {
        #expect(try Alignment.Region(parsing: "chr1:1,000-2,000") == .init(referenceName: "chr1", start: 1000, end: 2000))
        #expect(try Alignment.Region(parsing: "chr1:5") == .init(referenceName: "chr1", start: 5, end: nil))
        #expect(try Alignment.Region(parsing: "chr1") == .init(referenceName: "chr1"))
        #expect(try Alignment.Region(parsing: "HLA-A*01:01", knownNames: ["HLA-A*01:01"]) == .init(referenceName: "HLA-A*01:01"))
        #expect(try Alignment.Region(parsing: "{chr1:100}:2-3") == .init(referenceName: "chr1:100", start: 2, end: 3))
        for bad in ["", ":1-2", "chr1:0-5", "chr1:10-5", "chr1:a-b", "chr1:5-x"] {
            #expect(throws: SeqError.self, "\(bad)") { try Alignment.Region(parsing: bad) }
        }
        let bed = try Self.write("track name=x\n# comment\nchrA\t99\t200\nchrB\t0\t1\n", "r.bed")
        #expect(try Alignment.Region.regions(bedPath: bed) == [.init(referenceName: "chrA", start: 100, end: 200), .init(referenceName: "chrB", start: 1, end: 1)])
        let badBed = try Self.write("chrA\t99\t200\nchrA\t50\n", "bad.bed")
        do { _ = try Alignment.Region.regions(bedPath: badBed); Issue.record("short BED line must fail") } catch { #expect(error.position?.line == 2) }
    }

    // MARK: bad input: exit with a SeqError naming the file and record, never a crash

    @Test func missingFileAndNotAlignmentFile() throws {
        do { _ = try Alignment.Reader(path: "/nonexistent/x.bam"); Issue.record("must fail") } catch {
            #expect(error.code == .io && error.position?.file == "/nonexistent/x.bam")
        }
        let empty = try Self.write("", "empty.sam")
        #expect(throws: SeqError.self) { try Alignment.Reader(path: empty) }
    }

    @Test func truncatedBAMNamesTheRecord() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: try AlignmentFixture.path("sample.bam")))
        let url = try TestPaths.temporaryDirectory("gx-aln").appendingPathComponent("truncated.bam")
        try data.prefix(data.count / 2).write(to: url)
        let reader = try Alignment.Reader(path: url.path)
        do { _ = try Self.count(reader); Issue.record("a truncated BAM must fail") } catch {
            #expect(error.code == .truncated, "\(error)")
            #expect(error.position?.file == url.path && (error.position?.record ?? 0) > 1000, "\(error)")
        }
    }

    @Test func corruptBGZFBlockIsReported() throws {
        var data = try Data(contentsOf: URL(fileURLWithPath: try AlignmentFixture.path("sample.bam")))
        // Scribble over deflate data in the middle of the file (inside some block's payload).
        let middle = data.count / 2
        for i in middle..<(middle + 64) { data[i] ^= 0x5A }
        let url = try TestPaths.temporaryDirectory("gx-aln").appendingPathComponent("corrupt.bam")
        try data.write(to: url)
        let reader = try Alignment.Reader(path: url.path)
        do { _ = try Self.count(reader); Issue.record("a corrupt BAM must fail") } catch {
            #expect(error.code == .corruptCompression || error.code == .truncated || error.code == .malformedRecord, "\(error)")
            #expect(error.position?.file == url.path && error.position?.record != nil, "\(error)")
        }
    }

    @Test func samLineWithWrongFieldCountNamesTheLine() throws {
        let sam = "@SQ\tSN:c1\tLN:100\nr1\t0\tc1\t1\t60\t4M\t*\t0\t0\tACGT\tIIII\nr2\t0\tc1\t1\t60\t4M\t*\t0\n"
        let path = try Self.write(sam, "short.sam")
        let reader = try Alignment.Reader(path: path)
        #expect(try reader.next() != nil)
        do { _ = try reader.next(); Issue.record("a SAM line with 8 fields must fail") } catch {
            #expect(error.code == .malformedRecord)
            #expect(error.position == .init(file: path, line: 3, record: 2), "\(error)")
            #expect(error.message.contains("8 tab-separated fields"), "\(error)")
        }
        let mismatch = try Self.write("@SQ\tSN:c1\tLN:100\nr1\t0\tc1\t1\t60\t4M\t*\t0\t0\tACGT\tIII\n", "qual.sam")
        do { _ = try Self.count(try Alignment.Reader(path: mismatch)); Issue.record("QUAL shorter than SEQ must fail") } catch {
            #expect(error.message.contains("QUAL has 3 characters but SEQ has 4 bases") && error.position?.line == 2, "\(error)")
        }
        // An RNAME missing from the header: htslib (and samtools) read the record as unplaced, with a warning.
        let unknown = try Self.write("@SQ\tSN:c1\tLN:100\nr1\t0\tcX\t1\t60\t4M\t*\t0\t0\tACGT\tIIII\n", "unknown.sam")
        #expect(try AlignmentFixture.peer("samtools view -c '\(unknown)'").hasPrefix("1"))
        let lenient = try Alignment.Reader(path: unknown)
        #expect(try lenient.next()?.referenceSequenceID == -1)
    }

    @Test func regionErrors() throws {
        let reader = try Alignment.Reader(path: try AlignmentFixture.path("sample.bam"))
        do { try reader.query("chrZ:1-10"); Issue.record("unknown name must fail") } catch {
            #expect(error.code == .invalidRegion && error.message.contains("chrZ"))
        }
        let copy = try TestPaths.temporaryDirectory("gx-aln").appendingPathComponent("noindex.bam")
        try FileManager.default.copyItem(atPath: try AlignmentFixture.path("sample.bam"), toPath: copy.path)
        let unindexed = try Alignment.Reader(path: copy.path)
        #expect(!unindexed.hasIndex)
        do { try unindexed.query("chrA:1-10"); Issue.record("no index must fail") } catch {
            #expect(error.code == .missingIndex && error.message.contains("samtools index"))
        }
    }

    /// Opening, querying and reading 1,000 times must not grow memory: every htslib handle is freed.
    @Test func noLeakOverAThousandReads() throws {
        let bam = try AlignmentFixture.path("sample.bam"), ref = try AlignmentFixture.path("ref.fa")
        let small = try TestPaths.temporaryDirectory("gx-aln").appendingPathComponent("small.bam").path
        _ = try AlignmentFixture.peer("samtools view -b -o '\(small)' '\(bam)' chrB:1-3000")
        func cycle() throws {
            let reader = try Alignment.Reader(path: small)
            var n = 0
            while let record = try reader.next() { n += record.sequence.count > 0 ? 1 : 0 }
            let indexed = try Alignment.Reader(path: bam, threads: 2)
            try indexed.query(["chrA:5000-5100", "chrB:100-200"])
            while let record = try indexed.next() { _ = try record.auxFields() }
            let fasta = try IndexedFASTA(path: ref)
            _ = try fasta.fetch("chrA", start: 100, end: 200)
            _ = try Alignment.Pileup(reader: indexed, reference: fasta).columns(at: [.init(referenceName: "chrA", position: 5050)])
            #expect(n > 0)
        }
        // Warm up (allocator arenas, htslib's lazily built tables), then read 1,000 times. Other suites run in
        // parallel in this process, so single samples are noisy: compare the minimum over cycles 51–150 with the
        // minimum over cycles 901–1,000, and count open file descriptors (a leaked htsFile or faidx keeps one, so a
        // leak would add ~850–2,500 of them; other suites open and close a few meanwhile).
        for _ in 0..<50 { try cycle() }
        var early = Int.max, late = Int.max, earlyDescriptors = Int.max, lateDescriptors = Int.max
        for i in 1...1_000 {
            try cycle()
            if i <= 100 { early = min(early, residentBytes()); earlyDescriptors = min(earlyDescriptors, openDescriptors()) }
            if i > 900 { late = min(late, residentBytes()); lateDescriptors = min(lateDescriptors, openDescriptors()) }
        }
        print("resident MiB, minimum over cycles 51-150: \(early >> 20), over 901-1000: \(late >> 20); descriptors \(earlyDescriptors) -> \(lateDescriptors)")
        // Alone this stays flat to within 1 MiB; with other suites holding memory meanwhile it moves by up to
        // ~15 MiB. A leaked BGZF reader (two 64 KiB blocks and more, twice per cycle) would add > 100 MiB.
        #expect(late - early < 48 << 20, "resident memory grew by \((late - early) >> 10) KiB over 850 cycles")
        #expect(lateDescriptors < earlyDescriptors + 100, "open file descriptors grew from \(earlyDescriptors) to \(lateDescriptors)")
    }
}

/// The number of open file descriptors of this process (Linux /proc/self/fd).
func openDescriptors() -> Int { (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? 0 }

/// The resident set size of this process (Linux /proc/self/statm).
func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    return (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE)))
}
