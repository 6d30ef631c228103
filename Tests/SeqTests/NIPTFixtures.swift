import Foundation
import TestSupport
@testable import Seq

/// Simulated NIPT data made once per test run by `Fixtures/nipt/simulate.py` (small genome, few reads).
enum NIPTFixtures {
    struct Failure: Error, CustomStringConvertible { var description: String }

    /// A 1/100-scale genome without FASTA (GC table for 50 kb bins), 16 euploid reference profiles and a few
    /// test profiles (`cohort` spec below), all paired-end.
    struct Profiles: Sendable {
        var folder: URL
        var gcTable: String { folder.appendingPathComponent("genome/gc-50000.tsv").path }
        func profile(_ name: String) -> String { folder.appendingPathComponent("profiles/\(name).gxbins").path }
        var referenceNames: [String] { (1...16).map { String(format: "ref%02d", $0) } }
    }

    /// A 1/500-scale genome with FASTA and small BAMs.
    struct BAMs: Sendable {
        var folder: URL
        var fasta: String { folder.appendingPathComponent("genome/genome.fa").path }
        var single: String { folder.appendingPathComponent("single.bam").path }
        var paired: String { folder.appendingPathComponent("paired.bam").path }
    }

    static var simulator: String { TestPaths.fixtures.appendingPathComponent("nipt/simulate.py").path }

    static func run(_ arguments: [String]) throws {
        guard commandExists("python3") else { throw Failure(description: "python3 is needed to simulate NIPT fixtures (scripts/setup.sh installs it)") }
        let result = try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", simulator] + arguments)
        guard result.status == 0 else { throw Failure(description: "simulate.py \(arguments.first ?? "") failed: \(result.stderr)") }
    }

    /// The reference profiles' and test samples' spec (name karyotype sex ff reads seed).
    static let spec: String = {
        var lines: [String] = []
        for i in 1...16 {
            lines.append(String(format: "ref%02d euploid %@ %.3f 1000000 %d", i, i % 2 == 0 ? "male" : "female", 0.06 + Double(i % 5) * 0.02, 100 + i))
        }
        lines.append("t21_female T21 female 0.15 1000000 901")
        lines.append("t18_male T18 male 0.15 1000000 902")
        lines.append("xo XO female 0.15 1000000 903")
        lines.append("xxy XXY male 0.15 1000000 904")
        lines.append("euploid_male euploid male 0.10 1000000 905")
        lines.append("euploid_female euploid female 0.10 1000000 906")
        lines.append("low_reads euploid female 0.10 50000 907")
        lines.append("low_ff euploid male 0.02 1000000 908")
        return lines.joined(separator: "\n") + "\n"
    }()

    static let profiles: Result<Profiles, Failure> = {
        do {
            let folder = try TestPaths.temporaryDirectory("gx-nipt-profiles")
            try run(["genome", "--out", folder.appendingPathComponent("genome").path, "--scale", "0.01", "--no-fasta", "--bin-size", "50000", "--bin-size", "10000"])
            let specPath = folder.appendingPathComponent("spec.txt")
            try spec.write(to: specPath, atomically: true, encoding: .utf8)
            try run(["cohort", "--genome", folder.appendingPathComponent("genome").path, "--spec", specPath.path,
                     "--outdir", folder.appendingPathComponent("profiles").path, "--bin-size", "50000", "--paired"])
            return .success(Profiles(folder: folder))
        } catch let error as Failure { return .failure(error) } catch { return .failure(Failure(description: "\(error)")) }
    }()

    static let bams: Result<BAMs, Failure> = {
        do {
            guard commandExists("samtools") else { throw Failure(description: "samtools is needed for the NIPT BAM fixtures (scripts/setup.sh installs it)") }
            let folder = try TestPaths.temporaryDirectory("gx-nipt-bams")
            let genome = folder.appendingPathComponent("genome").path
            try run(["genome", "--out", genome, "--scale", "0.002", "--bin-size", "10000"])
            try run(["bam", "--genome", genome, "--out", folder.appendingPathComponent("single.bam").path, "--reads", "40000", "--seed", "3", "--sex", "male"])
            try run(["bam", "--genome", genome, "--out", folder.appendingPathComponent("paired.bam").path, "--reads", "40000", "--seed", "4", "--paired"])
            return .success(BAMs(folder: folder))
        } catch let error as Failure { return .failure(error) } catch { return .failure(Failure(description: "\(error)")) }
    }()
}
