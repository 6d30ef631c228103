import Foundation
import Testing
import TestSupport
@testable import Seq

// Conformance on the real public FASTQ/FASTA files in ../shared/data (GX_SHARED_DATA), as
// MANIFEST.md lists them:
// - BioFmtSpecimens/FASTQ (Cock et al. 2009 and Biopython specimens): the valid ones are read with
//   the record and base counts, GC and Q30 of `seqkit stats -a`, also after gzip and bgzip; the
//   deliberately invalid `error_*` ones are rejected with a SeqError naming the file, line and record.
// - htslib test/fastq, test/faidx, the SAM/CRAM reference FASTAs, rCRS/hg19 chrM and the GJB2 exons:
//   all valid, counts as seqkit's, and names and lengths as the `.fai` indexes next to them.
// - htslib's interleaved and r1/r2 files through the paired reader.

private func sharedData(sourceLocation: SourceLocation = #_sourceLocation) -> URL? {
    guard let url = TestPaths.sharedData else {
        Issue.record("GX_SHARED_DATA is unset (or not a folder): set it to ../shared/data (make test does) to run the FASTQ/FASTA conformance tests",
                     sourceLocation: sourceLocation)
        return nil
    }
    return url
}

private func shell(_ command: String, tool: String) throws -> String {
    guard commandExists(tool) else {
        Issue.record("\(tool) is not installed: run `make setup`")
        throw CocoaError(.executableNotLoadable)
    }
    let result = try runShell(command)
    if result.status != 0 { Issue.record("`\(command)` failed: \(result.stderr)") }
    return result.stdout
}

private func seqkitStats(_ path: String) throws -> [String: String] {
    let out = try shell("seqkit stats -a -T '\(path)'", tool: "seqkit")
    let lines = out.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    guard lines.count == 2 else { return [:] }
    return Dictionary(uniqueKeysWithValues: zip(lines[0], lines[1]))
}

private func expectAgreement(_ stats: SequenceStatistics, _ peer: [String: String], _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(String(stats.records) == peer["num_seqs"], "\(name): records \(stats.records) vs seqkit \(peer["num_seqs"] ?? "?")", sourceLocation: sourceLocation)
    #expect(String(stats.bases) == peer["sum_len"], "\(name): bases \(stats.bases) vs seqkit \(peer["sum_len"] ?? "?")", sourceLocation: sourceLocation)
    #expect(String(stats.minLength) == peer["min_len"] && String(stats.maxLength) == peer["max_len"], "\(name): lengths", sourceLocation: sourceLocation)
    if let gc = peer["GC(%)"].flatMap(Double.init) {
        #expect(abs(stats.gcFraction * 100 - gc) <= 0.005 + 1e-9, "\(name): GC \(stats.gcFraction * 100) vs seqkit \(gc)", sourceLocation: sourceLocation)
    }
    if stats.format == .fastq, let q30 = peer["Q30(%)"].flatMap(Double.init), let gx = stats.q30Fraction {
        #expect(abs(gx * 100 - q30) <= 0.005 + 1e-9, "\(name): Q30 \(gx * 100) vs seqkit \(q30)", sourceLocation: sourceLocation)
    }
}

/// `valid:` flags of BioFmtSpecimens' index.yml, by file name (files without the flag are absent).
private func specimenValidity(_ index: URL) throws -> [String: Bool] {
    var flags: [String: Bool] = [:]
    var current: String?
    for line in try String(contentsOf: index, encoding: .utf8).split(separator: "\n") {
        let text = line.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("- filename:") {
            current = text.dropFirst("- filename:".count).trimmingCharacters(in: .whitespaces)
        } else if text.hasPrefix("valid:"), let current {
            flags[current] = text.hasSuffix("true")
        }
    }
    return flags
}

@Suite("FASTQ/FASTA conformance on ../shared/data")
struct SequenceConformanceTests {
    @Test func bioFmtSpecimensValidAreReadAndInvalidAreRejected() throws {
        guard let data = sharedData() else { return }
        let folder = data.appendingPathComponent("BioFmtSpecimens/FASTQ")
        let flags = try specimenValidity(folder.appendingPathComponent("index.yml"))
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".fastq") }.sorted()
        #expect(files.count >= 50, "expected the ~52 specimen files, found \(files.count)")
        let scratch = try TestPaths.temporaryDirectory("gx-conformance")
        defer { try? FileManager.default.removeItem(at: scratch) }
        var valid = 0, invalid = 0
        for name in files {
            let path = folder.appendingPathComponent(name).path
            // Cock et al.: error_* files are the deliberately invalid ones; index.yml agrees where it has a flag.
            let isValid = !name.hasPrefix("error_")
            if let flag = flags[name] { #expect(flag == isValid, "\(name): index.yml says valid: \(flag)") }
            if isValid {
                valid += 1
                let stats: SequenceStatistics
                do { stats = try SequenceStatistics.compute(path: path) } catch {
                    Issue.record("\(name) is valid but gx rejected it: \(error)")
                    continue
                }
                #expect(stats.format == .fastq)
                expectAgreement(stats, try seqkitStats(path), name)
                // The same content gzip- and BGZF-compressed gives the same statistics.
                let copy = scratch.appendingPathComponent(name).path
                _ = try shell("gzip -c '\(path)' > '\(copy).gz' && bgzip -c '\(path)' > '\(copy).bgz'", tool: "bgzip")
                for compressed in [copy + ".gz", copy + ".bgz"] {
                    var again = try SequenceStatistics.compute(path: compressed, threads: 2)
                    #expect(again.compression != Compression.none)
                    again.file = stats.file
                    again.compression = stats.compression
                    #expect(again == stats, "\(compressed)")
                }
            } else {
                invalid += 1
                do {
                    _ = try SequenceStatistics.compute(path: path)
                    Issue.record("\(name) is deliberately invalid but gx accepted it")
                } catch let error as SeqError {
                    #expect(error.position?.file == path, "\(name): \(error)")
                    #expect(error.position?.line != nil && error.position?.record != nil, "\(name): error has no line/record: \(error)")
                    #expect(error.code == .malformedRecord || error.code == .truncated, "\(name): \(error)")
                }
            }
        }
        #expect(valid >= 35 && invalid >= 15, "valid \(valid), invalid \(invalid)")
    }

    @Test func specificInvalidSpecimensFailWhereTheDefectIs() throws {
        guard let data = sharedData() else { return }
        let folder = data.appendingPathComponent("BioFmtSpecimens/FASTQ")
        // Each file is a valid file with one defect; the line is where the defect is.
        let cases: [(String, SeqError.Code, String)] = [
            ("error_qual_tab.fastq", .malformedRecord, "tab (0x09)"),
            ("error_qual_del.fastq", .malformedRecord, "byte 0x7f"),
            ("error_spaces.fastq", .malformedRecord, "space (0x20)"),
            ("error_long_qual.fastq", .malformedRecord, "differs from sequence length"),
            ("error_trunc_in_qual.fastq", .truncated, "quality has"),
            ("error_trunc_in_plus.fastq", .truncated, "inside its '+' line"),
        ]
        for (name, code, message) in cases {
            let path = folder.appendingPathComponent(name).path
            let lines = try String(contentsOfFile: path, encoding: .isoLatin1).components(separatedBy: "\n")
            let error = expectSeqError(code, file: path, message: message) { _ = try SequenceStatistics.compute(path: path) }
            // The reported line exists and the reported record's header is at or before it.
            if let line = error?.position?.line, let record = error?.position?.record {
                #expect(line >= 1 && line <= lines.count, "\(name): line \(line)")
                let headersBefore = lines.prefix(line).enumerated().filter { i, l in l.hasPrefix("@") && i % 4 == 0 }.count
                #expect(headersBefore == record, "\(name): record \(record), headers up to line \(line): \(headersBefore)")
            }
        }
    }

    @Test func htslibAndReferenceFilesAgreeWithSeqkitAndTheirIndexes() throws {
        guard let data = sharedData() else { return }
        let test = data.appendingPathComponent("htslib/test")
        var paths: [URL] = []
        for sub in ["fastq", "faidx"] {
            let folder = test.appendingPathComponent(sub)
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".fq") || name.hasSuffix(".fa") {
                paths.append(folder.appendingPathComponent(name))
            }
        }
        for name in try FileManager.default.contentsOfDirectory(atPath: test.path) where name.hasSuffix(".fa") {
            paths.append(test.appendingPathComponent(name))
        }
        paths += [
            data.appendingPathComponent("reference-mtDNA/NC_012920.fasta"),
            data.appendingPathComponent("reference-mtDNA/rCRS.fasta"),
            data.appendingPathComponent("reference-mtDNA/hg19.fasta"),
            data.appendingPathComponent("reference-deafness-exons/MobiDetails_deafness_exons_GRCh38.fa"),
        ]
        #expect(paths.count >= 35, "found \(paths.count) FASTQ/FASTA files")
        let manifest = try String(contentsOf: data.appendingPathComponent("MANIFEST.md"), encoding: .utf8)
        var indexed = 0
        for url in paths.sorted(by: { $0.path < $1.path }) {
            let stats: SequenceStatistics
            do { stats = try SequenceStatistics.compute(path: url.path) } catch {
                Issue.record("\(url.path) is valid but gx rejected it: \(error)")
                continue
            }
            #expect(stats.format == (url.pathExtension == "fq" ? .fastq : .fasta), "\(url.lastPathComponent)")

            // Where MANIFEST.md lists an htslib .fai for the file, htslib is the authority: names and
            // lengths must be the index's. (seqkit 2.3 drops faidx.fa's header-only '>' record, faidx keeps it.)
            // Elsewhere, the counts must be seqkit's.
            let relative = url.path.replacingOccurrences(of: data.path + "/", with: "")
            let fai = [relative + ".fai", relative + ".expected.fai"].first { manifest.contains("`\($0)`") }
            guard let fai else {
                expectAgreement(stats, try seqkitStats(url.path), url.lastPathComponent)
                continue
            }
            let faiPath = data.appendingPathComponent(fai).path
            indexed += 1
            let expected = try String(contentsOfFile: faiPath, encoding: .utf8).split(separator: "\n").map { line -> (String, Int) in
                let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
                return (String(fields[0]), Int(fields[1]) ?? -1)
            }
            let reader = try SequenceReader(path: url.path)
            var found: [(String, Int)] = []
            while let entry = try reader.withNextRecord({ view -> (String, Int) in
                // faidx names are the header up to the first whitespace, leading blanks skipped.
                let name = view.nameString.drop(while: { $0 == " " || $0 == "\t" }).prefix(while: { $0 != " " && $0 != "\t" })
                return (String(name), view.sequence.count)
            }) { found.append(entry) }
            #expect(found.map(\.0) == expected.map(\.0), "\(url.lastPathComponent): names")
            #expect(found.map(\.1) == expected.map(\.1), "\(url.lastPathComponent): lengths")
            #expect(stats.records == expected.count && stats.bases == expected.map(\.1).reduce(0, +), "\(url.lastPathComponent)")
        }
        #expect(indexed >= 8, "only \(indexed) files had a .fai listed in MANIFEST.md to compare with")
    }

    @Test func htslibPairedFilesAreReadAsPairs() throws {
        guard let data = sharedData() else { return }
        let folder = data.appendingPathComponent("htslib/test/fastq")
        for name in ["interleaved.fq", "interleaved_casava.fq", "interleaved.fa"] {
            let path = folder.appendingPathComponent(name).path
            let reader = try FASTQ.PairedReader(interleavedPath: path)
            while try reader.withNextPair({ _, _ in }) != nil {}
            let records = try #require(Int(try seqkitStats(path)["num_seqs"] ?? ""))
            #expect(reader.pairsRead * 2 == records, "\(name)")
        }
        let lockstep = try FASTQ.PairedReader(path1: folder.appendingPathComponent("r1.fq").path, path2: folder.appendingPathComponent("r2.fq").path)
        while try lockstep.withNextPair({ _, _ in }) != nil {}
        let mates = try #require(Int(try seqkitStats(folder.appendingPathComponent("r1.fq").path)["num_seqs"] ?? ""))
        #expect(lockstep.pairsRead == mates)
        // r1 against reads of other fragments must fail on the first pair.
        let wrong = try FASTQ.PairedReader(path1: folder.appendingPathComponent("r1.fq").path, path2: folder.appendingPathComponent("UMI.fq").path)
        #expect(throws: SeqError.self) { while try wrong.withNextPair({ _, _ in }) != nil {} }
    }
}

/// Runs `body`, which must throw a ``SeqError`` with the given code; returns it.
@discardableResult
private func expectSeqError(_ code: SeqError.Code, file: String, message: String, sourceLocation: SourceLocation = #_sourceLocation,
                            _ body: () throws -> Void) -> SeqError? {
    do {
        try body()
        Issue.record("expected a SeqError \(code)", sourceLocation: sourceLocation)
    } catch let error as SeqError {
        #expect(error.code == code && error.position?.file == file && error.message.contains(message), "\(error)", sourceLocation: sourceLocation)
        return error
    } catch {
        Issue.record("expected a SeqError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}
