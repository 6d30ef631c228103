import Foundation
import Seq
import Testing
import TestSupport

/// gx's alignment reader against samtools on every SAM/BAM/CRAM in ../shared/data (htslib's test files and the
/// BioFmtSpecimens SAM/BAM specimens): same record counts, same rejections, same records, same flagstat.
@Suite(.serialized) struct AlignmentConformanceTests {
    struct Case {
        let path: String
        let reference: String?
    }

    static func cases() throws -> [Case] {
        let root = try TestPaths.requireSharedData()
        var result: [Case] = []
        for folder in ["htslib", "BioFmtSpecimens"] {
            let base = root.appendingPathComponent(folder)
            guard let walker = FileManager.default.enumerator(atPath: base.path) else { continue }
            for case let relative as String in walker {
                let lower = relative.lowercased()
                guard lower.hasSuffix(".sam") || lower.hasSuffix(".bam") || lower.hasSuffix(".cram") || relative.hasSuffix("emptyfile") else { continue }
                let path = base.appendingPathComponent(relative).path
                result.append(Case(path: path, reference: lower.hasSuffix(".cram") ? reference(for: path) : nil))
            }
        }
        return result.sorted { $0.path < $1.path }
    }

    /// htslib's convention: `<ref>#<case>.sam` and `<ref>#<case>_java.cram` use `<ref>.fa` beside them;
    /// range.cram is made from ce.fa (htslib test/test.pl).
    static func reference(for path: String) -> String? {
        let url = URL(fileURLWithPath: path)
        var stem = url.deletingPathExtension().lastPathComponent
        if let hash = stem.firstIndex(of: "#") { stem = String(stem[..<hash]) }
        if stem == "range" { stem = "ce" }
        let candidate = url.deletingLastPathComponent().appendingPathComponent(stem + ".fa").path
        return FileManager.default.fileExists(atPath: candidate) ? candidate : nil
    }

    static func samtools(_ arguments: String) throws -> ProcessResult {
        guard commandExists("samtools") else { throw AlignmentFixtureFailure("samtools is not installed; the conformance test compares against it (make setup)") }
        return try runShell("samtools \(arguments)")
    }

    static func quoted(_ path: String) -> String { "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    @Test func recordCountsAndRejectionsEqualSamtools() throws {
        let cases = try Self.cases()
        #expect(cases.count > 200, "found only \(cases.count) alignment files under GX_SHARED_DATA")
        var accepted = 0, rejected = 0
        for item in cases {
            let referenceOption = item.reference.map { "-T \(Self.quoted($0)) " } ?? ""
            let peer = try Self.samtools("view -c \(referenceOption)\(Self.quoted(item.path))")
            var count = 0
            var failure: SeqError? = nil
            do {
                let reader = try Alignment.Reader(path: item.path, referencePath: item.reference)
                while try reader.next() != nil { count += 1 }
            } catch {
                failure = error
            }
            if peer.status == 0 {
                accepted += 1
                #expect(failure == nil, "\(item.path): samtools reads it, gx fails: \(failure.map(String.init(describing:)) ?? "")")
                #expect(count == Int(peer.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), "\(item.path): gx \(count) records, samtools \(peer.stdout)")
            } else {
                rejected += 1
                #expect(failure != nil, "\(item.path): samtools rejects it (\(peer.stderr.prefix(200))), gx read \(count) records")
                #expect(failure?.position?.file == item.path, "the error must name the file: \(failure.map(String.init(describing:)) ?? "")")
            }
        }
        #expect(accepted > 200 && rejected >= 3, "accepted \(accepted), rejected \(rejected)")
    }

    @Test func recordFieldsEqualSamtoolsView() throws {
        for item in try Self.cases() {
            let referenceOption = item.reference.map { "-T \(Self.quoted($0)) " } ?? ""
            let peer = try Self.samtools("view --no-PG \(referenceOption)\(Self.quoted(item.path))")
            guard peer.status == 0 else { continue }
            let lines = peer.stdout.split(separator: "\n", omittingEmptySubsequences: true)
            let reader = try Alignment.Reader(path: item.path, referencePath: item.reference)
            var index = 0
            while let view = try reader.next() {
                defer { index += 1 }
                guard index < lines.count else { Issue.record("\(item.path): more records than samtools"); break }
                let record = Alignment.Record(view)
                let expected = lines[index].split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                let header = reader.header
                let mateName = record.mateReferenceSequenceID < 0 ? "*"
                    : record.mateReferenceSequenceID == record.referenceSequenceID ? "=" : header.referenceName(record.mateReferenceSequenceID)
                let actual = [record.name, String(record.flags.rawValue), header.referenceName(record.referenceSequenceID),
                              String(record.alignmentStart + 1), String(record.mappingQuality), record.cigar.cigarString, mateName,
                              String(record.mateAlignmentStart + 1), String(record.templateLength),
                              record.sequence.isEmpty ? "*" : String(decoding: record.sequence, as: UTF8.self),
                              record.qualityScores.isEmpty ? "*" : String(decoding: record.qualityScores.map { $0 &+ 33 }, as: UTF8.self)]
                if Array(expected.prefix(11)) != actual {
                    Issue.record("\(item.path) record \(index + 1): gx \(actual.joined(separator: " ").prefix(300)) vs samtools \(expected.prefix(11).joined(separator: " ").prefix(300))")
                    break
                }
                // Aux fields: same tags in the same order, same values (floats compared numerically).
                let fields = try view.auxFields()
                let expectedAux = expected.dropFirst(11)
                #expect(fields.map(\.tag) == expectedAux.map { String($0.prefix(2)) }, "\(item.path) record \(index + 1) aux tags")
                for (field, text) in zip(fields, expectedAux) {
                    let value = String(text.dropFirst(5))
                    switch field.value {
                    case .float(let f): #expect(abs(Double(f) - (Double(value) ?? .nan)) <= 1e-5 * max(1, abs(Double(f))), "\(item.path) \(text)")
                    case .array(.float(let a)):
                        let numbers = value.split(separator: ",").dropFirst().map { Double($0) ?? .nan }
                        #expect(numbers.count == a.count && zip(a, numbers).allSatisfy { abs(Double($0) - $1) <= 1e-5 * max(1, abs($1)) }, "\(item.path) \(text)")
                    default: #expect(field.value.description == value, "\(item.path) record \(index + 1): gx \(field.tag):\(field.value) samtools \(text)")
                    }
                }
            }
            #expect(index == lines.count, "\(item.path): gx \(index) records, samtools \(lines.count)")
        }
    }

    @Test func flagStatisticsEqualSamtoolsFlagstat() throws {
        var compared = 0
        for item in try Self.cases() {
            let referenceOption = item.reference.map { "--input-fmt-option reference=\(Self.quoted($0)) " } ?? ""
            let peer = try Self.samtools("flagstat \(referenceOption)\(Self.quoted(item.path))")
            guard peer.status == 0 else {
                #expect(throws: SeqError.self, "\(item.path): samtools flagstat fails, gx must too") {
                    try Alignment.FlagStatistics.compute(path: item.path, referencePath: item.reference)
                }
                continue
            }
            let statistics = try Alignment.FlagStatistics.compute(path: item.path, referencePath: item.reference)
            #expect(statistics.flagstatText == peer.stdout, "\(item.path):\n\(statistics.flagstatText)\nvs samtools:\n\(peer.stdout)")
            let json = try Self.samtools("flagstat -O json \(referenceOption)\(Self.quoted(item.path))")
            let ours = try JSONSerialization.jsonObject(with: Data(statistics.flagstatJSON.utf8)) as? NSDictionary
            let theirs = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? NSDictionary
            #expect(ours != nil && ours == theirs, "\(item.path): JSON differs from samtools flagstat -O json")
            compared += 1
        }
        #expect(compared > 200)
    }

    @Test func regionQueriesEqualSamtools() throws {
        let test = try TestPaths.requireSharedData().appendingPathComponent("htslib/test")
        let queries: [(file: String, reference: String?, regions: [String])] = [
            ("range.bam", nil, ["CHROMOSOME_I"]),
            ("range.bam", nil, ["CHROMOSOME_I:1000-2000"]),
            ("range.bam", nil, ["CHROMOSOME_I:1000-2000", "CHROMOSOME_I:1500-3000", "CHROMOSOME_II"]),
            ("range.bam", nil, ["CHROMOSOME_II:900000-", "CHROMOSOME_IV:1-1,000"]),
            ("range.cram", "ce.fa", ["CHROMOSOME_I:1000-2000", "CHROMOSOME_II"]),
            ("colons.bam", nil, ["chr1"]),
            ("colons.bam", nil, ["{chr1:100}"]),            // samtools -M mishandles braces in 1.16: single regions run without -M
            ("colons.bam", nil, ["{chr1:100-200}:1-50"]),
            ("colons.bam", nil, ["chr1,chr3", "chr3:1-1000"]),
        ]
        for query in queries {
            let path = test.appendingPathComponent(query.file).path
            let reference = query.reference.map { test.appendingPathComponent($0).path }
            let peer = try Self.samtools("view -c \(query.regions.count > 1 ? "-M " : "")\(reference.map { "-T \(Self.quoted($0)) " } ?? "")\(Self.quoted(path)) \(query.regions.map(Self.quoted).joined(separator: " "))")
            #expect(peer.status == 0, "samtools: \(peer.stderr)")
            let reader = try Alignment.Reader(path: path, referencePath: reference)
            try reader.query(query.regions)
            var count = 0
            while try reader.next() != nil { count += 1 }
            #expect(count == Int(peer.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), "\(query.file) \(query.regions): gx \(count), samtools \(peer.stdout)")
        }
        let reader = try Alignment.Reader(path: test.appendingPathComponent("range.bam").path)
        #expect(throws: SeqError.self) { try reader.query("CHROMOSOME_XX:1-10") }
        let unindexed = try Alignment.Reader(path: test.appendingPathComponent("ce#5.sam").path)
        do { try unindexed.query("CHROMOSOME_I:1-10"); Issue.record("a query without an index must fail") } catch { #expect(error.code == .missingIndex) }
    }

    @Test func cramWithoutItsReferenceFailsClearly() throws {
        let path = try TestPaths.requireSharedData().appendingPathComponent("htslib/test/range.cram").path
        do {
            let reader = try Alignment.Reader(path: path)
            while try reader.next() != nil {}
            Issue.record("range.cram needs its reference; reading it without one must fail")
        } catch {
            #expect(error.code == .reference && error.position?.file == path, "\(error)")
        }
    }
}

struct AlignmentFixtureFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
