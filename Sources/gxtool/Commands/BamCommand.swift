import ArgumentParser

/// `gxtool bam`: SAM/BAM/CRAM statistics and depth.
struct BamCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bam",
        abstract: "SAM/BAM/CRAM statistics and depth."
    )
}
