import ArgumentParser

/// `gxtool records`: health records: convert, validate, import, search, export, de-identify.
struct RecordsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "records",
        abstract: "Health records: convert, validate, import, search, export, de-identify.",
        subcommands: [
            RecordsConvertCommand.self,
            RecordsHL7Command.self,
            RecordsValidateCommand.self,
            RecordsImportCommand.self,
            RecordsGetCommand.self,
            RecordsSearchCommand.self,
            RecordsExportCommand.self,
            RecordsReviewCommand.self,
            RecordsDeidentifyCommand.self,
            RecordsAttachResultsCommand.self,
        ]
    )
}
