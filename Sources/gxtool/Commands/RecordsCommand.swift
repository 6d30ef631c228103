import ArgumentParser

/// `gxtool records`: Health records: convert, validate, import, search, export.
struct RecordsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "records",
        abstract: "Health records: convert, validate, import, search, export."
    )
}
