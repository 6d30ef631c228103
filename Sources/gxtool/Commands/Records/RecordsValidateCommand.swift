import ArgumentParser

/// `gxtool records validate`: Validate FHIR R4 resources.
struct RecordsValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate FHIR R4 resources."
    )
}
