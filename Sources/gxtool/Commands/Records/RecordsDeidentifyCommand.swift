import ArgumentParser

/// `gxtool records deidentify`: Export a de-identified research copy.
struct RecordsDeidentifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deidentify",
        abstract: "Export a de-identified research copy."
    )
}
