import ArgumentParser

/// `gxtool records convert`: Convert HL7 v2, CSV or FHIR input to FHIR R4 Bundles.
struct RecordsConvertCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert HL7 v2, CSV or FHIR input to FHIR R4 Bundles."
    )
}
