import ArgumentParser

/// `gxtool records import`: Import records into the store.
struct RecordsImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import records into the store."
    )
}
