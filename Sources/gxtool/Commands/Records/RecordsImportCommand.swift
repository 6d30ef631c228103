import ArgumentParser
import Foundation
import HealthRecords

/// `gxtool records import`: import HL7 v2, CSV or FHIR input into the record store.
struct RecordsImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import HL7 v2 messages, CSV rows or FHIR bundles into the record store.",
        discussion: """
            Each message, row or bundle is imported in its own transaction and logged under an idempotency key \
            (MSH-10 + sender, bundle identifier or content digest, row digest): running the same import again, \
            also after an interruption, stores nothing twice. Every input ends stored, updated (filed under an \
            existing person), merged (A40) or rejected with its reason, file and position.
            Exit status: 0 when every input was imported, 3 when some were rejected, 1 on a failure of the command.
            """
    )

    @Option(name: .long, help: "The record store (SQLite file, created when missing).")
    var store: String = "gx.sqlite"

    @Option(name: .long, help: "Input format: hl7v2, csv or fhir (default: by file extension).")
    var from: String?

    @Option(name: .long, help: "CSV mapping: a JSON file (docs/mapping.md) or a bundled mapping name.")
    var mapping: String?

    @Option(name: .long, help: "Threads for parsing and mapping.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .long, help: "Fellegi–Sunter match parameters (JSON), instead of the built-in ones.")
    var matchConfig: String?

    @Option(name: .long, help: "Inputs committed per transaction.")
    var transactionSize: Int = 4096

    @Flag(name: .long, help: "Print the counts as JSON.")
    var json = false

    @Argument(help: "Input files.")
    var files: [String]

    mutating func run() async throws {
        let format: ImportSource?
        if let from {
            guard let parsed = ImportSource(rawValue: from) else { throw ValidationError("--from must be hl7v2, csv or fhir") }
            format = parsed
        } else {
            format = nil
        }
        do {
            let recordStore = try SQLiteRecordStore(path: store)
            let parameters = try matchConfig.map { try MatchParameters.load(from: URL(fileURLWithPath: $0)) } ?? .defaults
            let importer = try RecordImporter(store: recordStore, parameters: parameters, transactionSize: transactionSize)
            let csvMapping = try mapping.map { try CSVMapping.load(pathOrName: $0) }
            let reader = ImportFileReader(format: format, mapping: csvMapping, threads: max(1, threads))
            for file in files { _ = try reader.format(of: file) }
            let progress = ProgressLine("import")
            for file in files {
                let inputs = try reader.stream(file: file)
                try importer.run(inputs) { counts in progress.update("\(counts.inputs) inputs, \(counts.rejected) rejected") }
            }
            progress.finish()
            try importer.recordAudit(files: files)
            let c = importer.counts
            for rejection in importer.rejectionSample {
                printError("rejected: \(rejection.file) \(rejection.position): \(rejection.reason)")
            }
            if c.rejected > importer.rejectionSample.count {
                printError("… \(c.rejected - importer.rejectionSample.count) more rejections (see the rejection table of \(store))")
            }
            if json {
                print(#"{"in":\#(c.inputs),"stored":\#(c.stored),"updated":\#(c.updated),"merged":\#(c.merged),"rejected":\#(c.rejected),"alreadyImported":\#(c.alreadyImported),"newPatients":\#(c.newPatients),"review":\#(c.reviews)}"#)
            } else {
                print("in \(c.inputs)  stored \(c.stored)  updated \(c.updated)  merged \(c.merged)  rejected \(c.rejected)  already-imported \(c.alreadyImported)")
                print("new patients \(c.newPatients)  queued for review \(c.reviews)")
            }
            if c.rejected > 0 { throw ExitCode(3) }
        } catch let error as HealthRecordsError {
            printError("gxtool records import: \(error)")
            throw ExitCode.failure
        }
    }
}
