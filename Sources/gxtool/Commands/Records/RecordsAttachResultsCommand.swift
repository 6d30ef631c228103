import ArgumentParser

/// `gxtool records attach-results`: Attach screening results to the matched patient.
struct RecordsAttachResultsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attach-results",
        abstract: "Attach screening results to the matched patient."
    )
}
