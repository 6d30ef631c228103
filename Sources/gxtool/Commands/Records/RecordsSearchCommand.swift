import ArgumentParser

/// `gxtool records search`: Search the store.
struct RecordsSearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search the store."
    )
}
