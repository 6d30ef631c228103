import ArgumentParser

/// `gxtool records export`: Export a patient compartment or the whole store.
struct RecordsExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a patient compartment or the whole store."
    )
}
