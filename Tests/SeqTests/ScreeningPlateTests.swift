import Foundation
import Testing
@testable import Seq
import TestSupport

/// A simulated plate (Fixtures/screening/simulate_plate.py) generated once per test run into a temporary folder:
/// 24 samples × 8 sites of `deafness-extended`, every genotype at every site at every depth (5×–500×), sequencing
/// errors matching the qualities, heteroplasmy 0–100 %; FASTQ pairs aligned with minimap2 into indexed BAMs.
struct SimulatedPlate: Sendable {
    let directory: URL
    /// truth[sample][site] = "0/0" | "0/1" | "1/1" | "HF=0.25"
    let truth: [String: [String: String]]
    let plannedDepth: [String: Int]
    let samples: [String]

    var reference: String { directory.appendingPathComponent("ref.fa").path }
    func fastq(_ sample: String) -> [String] {
        ["R1", "R2"].map { directory.appendingPathComponent("samples/\(sample)_\($0).fastq").path }
    }
    func bam(_ sample: String) -> String { directory.appendingPathComponent("samples/\(sample).bam").path }

    static let shared: Result<SimulatedPlate, PlateError> = {
        for tool in ["python3", "minimap2", "samtools"] where !commandExists(tool) {
            return .failure(PlateError(message: "\(tool) is not installed (make setup installs it): the simulated plate cannot be made"))
        }
        do {
            let directory = try TestPaths.temporaryDirectory("plate")
            let script = TestPaths.fixtures.appendingPathComponent("screening/simulate_plate.py").path
            let run = try runProcess(URL(fileURLWithPath: "/usr/bin/env"),
                                     ["python3", script, directory.path, "--samples", "24", "--seed", "7", "--align", "--threads", "2"])
            guard run.status == 0 else { return .failure(PlateError(message: "simulate_plate.py failed: \(run.stderr)")) }
            var truth: [String: [String: String]] = [:]
            var depth: [String: Int] = [:]
            var samples: [String] = []
            let text = try String(contentsOf: directory.appendingPathComponent("truth.tsv"), encoding: .utf8)
            for line in text.split(separator: "\n").dropFirst() {
                let f = line.split(separator: "\t").map(String.init)
                if truth[f[0]] == nil { samples.append(f[0]) }
                truth[f[0], default: [:]][f[1]] = f[2]
                depth[f[0]] = Int(f[3])
            }
            return .success(SimulatedPlate(directory: directory, truth: truth, plannedDepth: depth, samples: samples))
        } catch {
            return .failure(PlateError(message: "cannot make the simulated plate: \(error)"))
        }
    }()

    /// Says what is wrong with one sample's result against the truth: wrong calls and no-calls without a reason.
    func problems(in result: Screening.SampleResult, threshold: Double) -> [String] {
        guard result.status == "ok" else { return ["\(result.sampleID) failed: \(result.error ?? "")"] }
        var out: [String] = []
        for site in result.sites {
            let expected = truth[result.sampleID]![site.siteID]!
            guard site.isCalled else {
                if site.noCallReason == nil { out.append("\(result.sampleID) \(site.siteID): no-call without a reason") }
                continue
            }
            if expected.hasPrefix("HF=") {
                let fraction = Double(expected.dropFirst(3))!
                let call = site.heteroplasmy!
                // Right: detected as planted, and homoplasmic as planted. (The fraction's bounds are one-sided at
                // α = 0.01 each, so ~2 % of detected sites miss the planted fraction by design: not a wrong call.)
                let detectedRight = call.detected == (fraction >= threshold)
                let categoryRight = (call.status == .homoplasmic) == (fraction >= 0.95)
                if !detectedRight || !categoryRight {
                    out.append("\(result.sampleID) \(site.siteID): planted HF \(fraction), called \(call.status.rawValue) \(call.fraction) [\(call.lower), \(call.upper)]")
                }
            } else if site.genotype != expected {
                out.append("\(result.sampleID) \(site.siteID): planted \(expected), called \(site.genotype ?? "-") (AD \(site.referenceDepth),\(site.alternateDepth), GQ \(site.genotypeQuality ?? -1))")
            }
        }
        return out
    }
}

struct PlateError: Error, Sendable, CustomStringConvertible {
    var message: String
    var description: String { message }
}

private func screenPlate(_ plate: SimulatedPlate, bam: Bool) -> [Screening.SampleResult] {
    let batch = Screening.Batch(panel: "deafness-extended", reference: { try Screening.BundledReference.grch38() })
    let entries = plate.samples.map { sample in
        Screening.SampleEntry(sampleID: sample, input: bam ? .alignments(plate.bam(sample)) : .fastq(plate.fastq(sample)))
    }
    return batch.run(entries, threads: 2)
}

/// Every call is right (at any depth), every no-call says why, every site with fewer informative reads than the
/// minimum depth is a no-call, and most sites planted at ≥ 15× are called.
private func expectPlateRight(_ results: [Screening.SampleResult], plate: SimulatedPlate) {
    let model = Screening.GenotypeModel()
    var called = 0, deepSites = 0, deepCalled = 0
    for result in results {
        #expect(result.status == "ok", "\(result.sampleID): \(result.error ?? "")")
        for problem in plate.problems(in: result, threshold: model.heteroplasmyThreshold) { Issue.record("wrong: \(problem)") }
        for site in result.sites {
            if site.isCalled { called += 1 }
            if site.referenceDepth + site.alternateDepth < model.minimumDepth {
                #expect(!site.isCalled && site.noCallReason?.hasPrefix("low depth") == true, "\(result.sampleID) \(site.siteID)")
            }
            if plate.plannedDepth[result.sampleID]! >= 30 && !site.mitochondrial {
                deepSites += 1
                if site.isCalled { deepCalled += 1 }
            }
        }
    }
    #expect(called > 80)
    // At ≥ 30× planted depth every nuclear site has enough reads for a call.
    #expect(deepCalled == deepSites, "\(deepCalled) of \(deepSites) nuclear sites at ≥ 30× called")
}

@Suite(.serialized) struct ScreeningPlateTests {
    @Test func fastqPathCallsThePlantedGenotypes() throws {
        let plate = try SimulatedPlate.shared.get()
        let results = screenPlate(plate, bam: false)
        #expect(results.count == plate.samples.count)
        expectPlateRight(results, plate: plate)
    }

    @Test func bamPathCallsThePlantedGenotypes() throws {
        let plate = try SimulatedPlate.shared.get()
        let results = screenPlate(plate, bam: true)
        #expect(results.count == plate.samples.count)
        expectPlateRight(results, plate: plate)
    }

    @Test func fastqPathAgreesWithTheBAMPath() throws {
        let plate = try SimulatedPlate.shared.get()
        let fastq = screenPlate(plate, bam: false), bam = screenPlate(plate, bam: true)
        var compared = 0
        for (f, b) in zip(fastq, bam) {
            for (fs, bs) in zip(f.sites, b.sites) where fs.isCalled && bs.isCalled {
                compared += 1
                if fs.mitochondrial {
                    #expect(fs.heteroplasmy!.detected == bs.heteroplasmy!.detected, "\(f.sampleID) \(fs.siteID)")
                    #expect(abs(fs.heteroplasmy!.fraction - bs.heteroplasmy!.fraction) < 0.1, "\(f.sampleID) \(fs.siteID)")
                } else {
                    #expect(fs.genotype == bs.genotype, "\(f.sampleID) \(fs.siteID): FASTQ \(fs.genotype ?? "-") BAM \(bs.genotype ?? "-")")
                }
            }
            // Both paths see about the same reads at each site (not at the 16-bp deletion: the aligner soft-clips
            // reads whose deletion lies near their end, which the BAM path then cannot judge; k-mers still can).
            for (fs, bs) in zip(f.sites, b.sites) where bs.depth >= 30 && fs.siteID != "GJB2_c.176_191del16" {
                let ratio = Double(fs.referenceDepth + fs.alternateDepth) / Double(max(1, bs.referenceDepth + bs.alternateDepth))
                #expect(ratio > 0.7 && ratio < 1.4, "\(f.sampleID) \(fs.siteID): FASTQ \(fs.depth) vs BAM \(bs.depth) reads")
            }
        }
        #expect(compared > 80)
    }
}
