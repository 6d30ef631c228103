import Foundation
import Testing
import TestSupport

@Test func helpListsEverySubcommand() throws {
    let result = try runProcess(TestPaths.gxtoolExecutable, ["--help"])
    #expect(result.status == 0)
    for name in ["fastq", "bam", "kmer", "panel", "screen", "nipt", "records"] {
        #expect(result.stdout.contains(name), "help should list \(name)")
    }
}
