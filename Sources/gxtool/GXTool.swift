import ArgumentParser

/// The gx command-line tool: thin commands that compose `Seq` and `HealthRecords`.
@main
struct GXTool: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gxtool",
        abstract: "Genetic screening (FASTQ/BAM, deafness panel, NIPT) and health-record integration (HL7 v2, CSV, FHIR R4).",
        version: "0.1.0",
        subcommands: [
            FastqCommand.self,
            BamCommand.self,
            KmerCommand.self,
            PanelCommand.self,
            ScreenCommand.self,
            NiptCommand.self,
            RecordsCommand.self,
        ]
    )
}
