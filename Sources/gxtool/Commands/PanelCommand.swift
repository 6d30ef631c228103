import ArgumentParser

/// `gxtool panel`: Screening panel definitions.
struct PanelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "panel",
        abstract: "Screening panel definitions."
    )
}
