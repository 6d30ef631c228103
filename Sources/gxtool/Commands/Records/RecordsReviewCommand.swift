import ArgumentParser

/// `gxtool records review`: List uncertain identity matches for review.
struct RecordsReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "List uncertain identity matches for review."
    )
}
