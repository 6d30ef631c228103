import Foundation
import Testing
import TestSupport
@testable import Seq

/// Reference set and calls on simulated profiles (1/100 genome, 50 kb bins, 1 M reads, 16 references).
@Suite("NIPT reference set and calls", .serialized)
struct NIPTAnalysisTests {
    static func fixtures() throws -> NIPTFixtures.Profiles { try NIPTFixtures.profiles.get() }

    static let reference: Result<NIPT.ReferenceSet, NIPTFixtures.Failure> = {
        do {
            let f = try fixtures()
            let annotation = try NIPT.BinAnnotation.load(table: f.gcTable).annotation
            let samples = try f.referenceNames.map { try NIPT.BinCounts.read(from: f.profile($0)) }
            var parameters = NIPT.ReferenceSet.Parameters()
            parameters.minimumReads = 500_000
            parameters.neighbours = 60
            return .success(try NIPT.ReferenceBuilder.build(samples: samples, sources: f.referenceNames, annotation: annotation,
                                                            blacklist: nil, parameters: parameters, threads: 2))
        } catch let error as NIPTFixtures.Failure { return .failure(error) } catch { return .failure(.init(description: "\(error)")) }
    }()

    static func analyzer() throws -> NIPT.Analyzer {
        var options = NIPT.Analyzer.Options()
        options.minimumReads = 500_000
        return NIPT.Analyzer(reference: try reference.get(), options: options)
    }

    static func analyze(_ name: String) throws -> NIPT.Result {
        try analyzer().analyze(try NIPT.BinCounts.read(from: fixtures().profile(name)), source: name)
    }

    @Test func referenceSetKeepsEuploidSamplesAndSplitsSexes() throws {
        let set = try Self.reference.get()
        #expect(set.includedSamples >= 14)
        let qc = set.header.samples
        for (i, s) in qc.enumerated() where s.included {
            #expect(s.fetalSex == (i % 2 == 1 ? "male" : "female"), "\(s.sample)")
        }
        // chrY fetal fraction of the male references: truth is 0.06 + (i mod 5) * 0.02.
        for (i, s) in qc.enumerated() where s.included && s.fetalSex == "male" {
            let truth = 0.06 + Double((i + 1) % 5) * 0.02
            #expect(abs((s.fetalFractionY ?? -1) - truth) < 0.015, "\(s.sample): \(s.fetalFractionY ?? -1) vs \(truth)")
        }
        #expect(set.header.fragmentModel != nil, "paired-end references with 8 male pregnancies train the fragment-size model")
        #expect(set.qcTSV.split(separator: "\n").count == qc.count + 1)
        #expect(set.summary.contains("within-sample"))
    }

    /// A sample shallower than the references gets a wider null (its own counting noise), not inflated z-scores.
    @Test func nullWidensForShallowSamples() throws {
        let set = try Self.reference.get()
        let null = try #require(set.null(of: .chr21))
        let variance = try #require(null.countingVariance)
        let referenceDepth = Int(1 / variance)
        let same = null.depthAdjustedSDs(reads: referenceDepth)
        #expect(same.ratio >= null.ratioSD * 0.999 && same.ratio <= max(null.ratioSD, variance.squareRoot()) * 1.001)
        let shallow = null.depthAdjustedSDs(reads: referenceDepth / 4)
        #expect(shallow.ratio > same.ratio * 1.5 && shallow.fraction > same.fraction * 1.5 && shallow.ncv > same.ncv * 1.5)
        // The counting variance is most of the null at this depth (simulated data have little systematic noise).
        #expect(variance > 0.5 * null.ratioSD * null.ratioSD)
    }

    @Test func outlierReferenceIsLeftOutWithItsReason() throws {
        let f = try Self.fixtures()
        let annotation = try NIPT.BinAnnotation.load(table: f.gcTable).annotation
        var samples = try f.referenceNames.map { try NIPT.BinCounts.read(from: f.profile($0)) }
        samples.append(try NIPT.BinCounts.read(from: f.profile("t21_female")))   // a trisomy slipped into the references
        var parameters = NIPT.ReferenceSet.Parameters()
        parameters.minimumReads = 500_000
        parameters.normalization = .gcOnly
        let set = try NIPT.ReferenceBuilder.build(samples: samples, sources: samples.map(\.sample), annotation: annotation,
                                                  blacklist: nil, parameters: parameters)
        let t21 = try #require(set.header.samples.last)
        #expect(!t21.included)
        #expect(t21.reason.contains("chr21"), "\(t21.reason)")
    }

    @Test func referenceSetFileRoundTripAndVersionCheck() throws {
        let set = try Self.reference.get()
        let dir = try TestPaths.temporaryDirectory("gx-nipt-ref")
        let path = dir.appendingPathComponent("ref.gxnipt").path
        try set.write(to: path)
        let back = try NIPT.ReferenceSet.read(from: path)
        #expect(back.flags == set.flags && back.neighbours == set.neighbours && back.binMean == set.binMean)
        #expect(back.header.chromosomes == set.header.chromosomes)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[7] = 99   // format version
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(throws: SeqError.self) { try NIPT.ReferenceSet.read(from: path) }
        try Data(bytes.prefix(40)).write(to: URL(fileURLWithPath: path))
        #expect(throws: SeqError.self) { try NIPT.ReferenceSet.read(from: path) }
    }

    @Test func trisomy21FemaleIsHighRisk() throws {
        let r = try Self.analyze("t21_female")
        #expect(r.status == "high risk")
        #expect(r.trisomy["21"] == "high risk" && r.trisomy["18"] == "negative" && r.trisomy["13"] == "negative")
        #expect((r.chromosome(.chr21)?.z ?? 0) > 5)
        #expect((r.chromosome(.chr21)?.ncv ?? 0) > 3)
        #expect(r.fetalSex == "female" && r.sexChromosomes == "XX")
        #expect(r.resultLine.contains("Down syndrome"))
        // Female fetus: fetal fraction from fragment sizes (truth 15 %).
        #expect(r.fetalFraction.method == "fragment-size")
        #expect(abs((r.fetalFraction.value ?? 0) - 0.15) < 0.03)
    }

    @Test func trisomy18MaleIsHighRiskWithChrYFetalFraction() throws {
        let r = try Self.analyze("t18_male")
        #expect(r.trisomy["18"] == "high risk" && r.trisomy["21"] == "negative")
        #expect(r.fetalSex == "male" && r.sexChromosomes == "XY")
        #expect(r.fetalFraction.method == "chrY")
        #expect(abs((r.fetalFraction.value ?? 0) - 0.15) < 0.015)
        #expect(abs((r.fetalFraction.fromTrisomy ?? 0) - 0.15) < 0.04)
    }

    @Test func sexChromosomeAneuploidies() throws {
        let xo = try Self.analyze("xo")
        #expect(xo.sexChromosomes == "XO" && xo.status == "high risk" && xo.fetalSex == "female")
        #expect(xo.resultLine.contains("Turner"))
        let xxy = try Self.analyze("xxy")
        #expect(xxy.sexChromosomes == "XXY" && xxy.fetalSex == "male")
    }

    @Test func euploidSamplesAreLowRisk() throws {
        for name in ["euploid_male", "euploid_female"] {
            let r = try Self.analyze(name)
            #expect(r.status == "low risk", "\(name): \(r.resultLine)")
            #expect(r.qc.passed)
            for c in [NIPT.Chromosome.chr13, .chr18, .chr21] { #expect(abs(r.chromosome(c)?.z ?? 99) < 3) }
            #expect(r.sexChromosomes == (name.hasSuffix("male") && !name.hasSuffix("female") ? "XY" : "XX"))
        }
    }

    @Test func tooFewReadsAndLowFetalFractionAreNoCalls() throws {
        let few = try Self.analyze("low_reads")
        #expect(few.status == "no call")
        #expect(few.qc.reasons.contains { $0.contains("too few reads") })
        #expect(few.trisomy.values.allSatisfy { $0 == "no call" })
        let low = try Self.analyze("low_ff")
        #expect(low.status == "no call")
        #expect(low.qc.reasons.contains { $0.contains("low fetal fraction") }, "\(low.qc.reasons)")
    }

    @Test func countsOnOtherBinsAreRefused() throws {
        let f = try Self.fixtures()
        let analyzer = try Self.analyzer()
        // The same genome in 10 kb bins against a 50 kb reference set.
        let table = try NIPT.BinAnnotation.load(table: f.folder.appendingPathComponent("genome/gc-10000.tsv").path).annotation
        let other = NIPT.BinCounts(sample: "x", layout: table.layout, counts: [UInt32](repeating: 100, count: table.layout.binCount))
        do {
            _ = try analyzer.analyze(other, source: "x.gxbins")
            Issue.record("a 10 kb sample must be refused by a 50 kb reference set")
        } catch let error as SeqError {
            #expect(error.description.contains("50000-bp bins"))
            #expect(error.description.contains("10000-bp"))
        }
    }

    @Test func reportsCarryTheCalls() throws {
        let r = try Self.analyze("t21_female")
        let set = try Self.reference.get()
        let json = try JSONSerialization.jsonObject(with: NIPT.Report.json(r)) as? [String: Any]
        #expect(json?["status"] as? String == "high risk")
        #expect((json?["chromosomes"] as? [Any])?.count == 24)
        let row = NIPT.Report.tsvRow(r).split(separator: "\t", omittingEmptySubsequences: false)
        #expect(row.count == NIPT.Report.tsvHeader.split(separator: "\t").count)
        #expect(row[3] == "high risk")
        let svg = NIPT.Report.svg(r, layout: set.header.layout)
        #expect(svg.hasPrefix("<svg") && svg.contains("chromosome z-score") && svg.hasSuffix("</svg>\n"))
        let html = NIPT.Report.html(r, layout: set.header.layout)
        #expect(html.contains("<svg") && html.contains("Down syndrome"))
    }

    @Test func pcaAndGCOnlyNormalizationsAlsoCallTrisomy21() throws {
        let f = try Self.fixtures()
        let annotation = try NIPT.BinAnnotation.load(table: f.gcTable).annotation
        let samples = try f.referenceNames.map { try NIPT.BinCounts.read(from: f.profile($0)) }
        for method in [NIPT.Normalization.pca, .gcOnly] {
            var parameters = NIPT.ReferenceSet.Parameters()
            parameters.minimumReads = 500_000
            parameters.normalization = method
            let set = try NIPT.ReferenceBuilder.build(samples: samples, sources: f.referenceNames, annotation: annotation, blacklist: nil, parameters: parameters)
            var options = NIPT.Analyzer.Options()
            options.minimumReads = 500_000
            let analyzer = NIPT.Analyzer(reference: set, options: options)
            let t21 = try analyzer.analyze(try NIPT.BinCounts.read(from: f.profile("t21_female")), source: "t21")
            #expect(t21.trisomy["21"] == "high risk", "\(method)")
            let euploid = try analyzer.analyze(try NIPT.BinCounts.read(from: f.profile("euploid_female")), source: "e")
            #expect(euploid.status == "low risk", "\(method): \(euploid.resultLine)")
        }
    }
}
