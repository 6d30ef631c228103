import Foundation
import TestSupport

/// The alignment fixture made by `Fixtures/bam/make-fixture.sh` (wgsim + minimap2 on a random reference), built
/// once per test run into a temp folder.
enum AlignmentFixture {
    struct Failure: Error, CustomStringConvertible { let description: String }

    private static let made: Result<URL, Failure> = {
        let script = TestPaths.fixtures.appendingPathComponent("bam/make-fixture.sh").path
        guard let result = try? runShell("bash '\(script)'"), result.status == 0 else {
            let message = (try? runShell("bash '\(script)'"))?.stderr ?? "cannot run"
            return .failure(Failure(description: "Fixtures/bam/make-fixture.sh failed (needs python3, samtools, wgsim, minimap2; run make setup): \(message)"))
        }
        let path = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").last.map(String.init) ?? ""
        return .success(URL(fileURLWithPath: path))
    }()

    /// The fixture folder (ref.fa, sample.bam/.sam/.cram, truth.tsv).
    static func directory() throws -> URL { try made.get() }
    static func path(_ name: String) throws -> String { try directory().appendingPathComponent(name).path }

    /// Runs a peer tool (samtools, bcftools) and returns its stdout; fails clearly when the tool is missing.
    static func peer(_ commandLine: String) throws -> String {
        let tool = String(commandLine.split(separator: " ").first ?? "")
        guard commandExists(tool) else { throw Failure(description: "\(tool) is not installed; the agreement test needs it (make setup)") }
        let result = try runShell(commandLine)
        guard result.status == 0 else { throw Failure(description: "\(commandLine) failed: \(result.stderr)") }
        return result.stdout
    }

    /// The planted variants: (chrom, 1-based pos, ref, alt, zygosity).
    static func truth() throws -> [(chrom: String, pos: Int, ref: String, alt: String, zygosity: String)] {
        try String(contentsOfFile: path("truth.tsv"), encoding: .utf8).split(separator: "\n").map {
            let f = $0.split(separator: "\t").map(String.init)
            return (f[0], Int(f[1])!, f[2], f[3], f[4])
        }
    }
}
