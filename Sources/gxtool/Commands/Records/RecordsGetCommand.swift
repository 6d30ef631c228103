import ArgumentParser

/// `gxtool records get`: Read one resource from the store.
struct RecordsGetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Read one resource from the store."
    )
}
