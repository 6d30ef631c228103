import ArgumentParser

/// `gxtool kmer`: k-mer counting, histograms and queries.
struct KmerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kmer",
        abstract: "k-mer counting, histograms and queries."
    )
}
