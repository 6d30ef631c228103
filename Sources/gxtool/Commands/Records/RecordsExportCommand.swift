import ArgumentParser
import Foundation
import HealthRecords

/// `gxtool records export`: a patient's record as a Bundle, or everything as Bulk Data NDJSON.
struct RecordsExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export one patient's record (--patient ID: a Bundle like $everything) or everything (--all --ndjson DIR).",
        discussion: """
            --all --ndjson DIR writes the FHIR Bulk Data layout: one Type.ndjson file per resource type, manifest.json \
            (the bulk status response: transactionTime, request, output[type,url,count]) and manifest.sha256 \
            (check with: cd DIR && sha256sum -c manifest.sha256).
            """
    )

    @Option(name: .long, help: "The record store (SQLite file).")
    var store: String = "gx.sqlite"

    @Option(name: .long, help: "The patient id (a merged-away id leads to the surviving record).")
    var patient: String?

    @Flag(name: .long, help: "Export every resource.")
    var all = false

    @Option(name: .long, help: "With --all: the output folder for NDJSON files.")
    var ndjson: String?

    @Option(name: [.short, .long], help: "With --patient: write the Bundle to this file instead of standard output.")
    var output: String?

    mutating func run() async throws {
        guard (patient != nil) != all else { throw ValidationError("give either --patient ID or --all --ndjson DIR") }
        if all && ndjson == nil { throw ValidationError("--all needs --ndjson DIR") }
        do {
            let recordStore = try openExistingStore(store)
            let exporter = RecordExporter(store: recordStore)
            if let patient {
                let (bundle, survivor) = try exporter.compartmentBundle(patientID: patient)
                if survivor != patient { printError("note: Patient/\(patient) was merged into Patient/\(survivor)") }
                let text = bundle.serialized(pretty: true) + "\n"
                if let output {
                    do { try Data(text.utf8).write(to: URL(fileURLWithPath: output)) } catch {
                        throw HealthRecordsError(.io, "cannot write \(output): \(error.localizedDescription)")
                    }
                } else {
                    print(text, terminator: "")
                }
                let count = (bundle.objectValue?["entry"]?.arrayValue?.count ?? 0)
                try recordStore.write { try AuditTrail.record(.export, details: [("resources", String(count))], entities: ["Patient/" + survivor], in: $0) }
            } else if let ndjson {
                let result = try exporter.bulkExport(to: URL(fileURLWithPath: ndjson))
                let total = result.counts.values.reduce(0, +)
                try recordStore.write { try AuditTrail.record(.export, details: [("resources", String(total)), ("layout", "bulk-ndjson")], in: $0) }
                for type in result.counts.keys.sorted() { print("\(type)\t\(result.counts[type]!)") }
                print("wrote \(total) resources to \(ndjson)")
            }
        } catch let error as HealthRecordsError {
            printError("gxtool records export: \(error)")
            throw ExitCode.failure
        }
    }
}
