import ArgumentParser
import Foundation
import HealthRecords

/// `gxtool records attach-results`: store screening / NIPT results as Genomics Reporting resources in the record.
struct RecordsAttachResultsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attach-results",
        abstract: "Attach gxtool screen / nipt JSON results to the matched patients as FHIR Genomics Reporting resources.",
        discussion: """
            Each sample is filed under a patient found by, in order: --patient (one sample only); the --sample-map \
            TSV (sample_id <TAB> resident ID number, or system|value of any patient identifier); a stored Patient, \
            Specimen or ServiceRequest identifier equal to the sample id. Attaching again makes new versions, not \
            duplicates. Exit status 3 when some samples found no patient.
            """
    )

    @Option(name: .long, help: "The record store (SQLite file).")
    var store: String = "gx.sqlite"

    @Option(name: .long, help: "TSV: sample_id <TAB> resident ID or system|value.")
    var sampleMap: String?

    @Option(name: .long, help: "File every sample under this patient id.")
    var patient: String?

    @Argument(help: "Result JSON files (SAMPLE.json or batch.json of gxtool screen; gxtool nipt JSON).")
    var files: [String]

    mutating func run() async throws {
        do {
            let recordStore = try openExistingStore(store)
            let map = try sampleMap.map(SampleMap.load) ?? [:]
            let attacher = GenomicsAttacher(store: recordStore)
            var attached = 0, unmatched = 0
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else { throw HealthRecordsError(.io, "cannot read \(file)") }
                let results = try Genomics.ResultFile.decode(data, file: file)
                if patient != nil && results.count > 1 { throw ValidationError("--patient files one sample; \(file) has \(results.count)") }
                for result in results {
                    guard let patientID = try patient.map({ try recordStore.survivor(ofPatient: $0) })
                            ?? attacher.findPatient(sampleID: result.sampleID, mappedIdentifier: map[result.sampleID]) else {
                        printError("\(file): sample \(result.sampleID): no patient found (give --sample-map or --patient)")
                        unmatched += 1
                        continue
                    }
                    let references = try attacher.attach(result, patientID: patientID)
                    print("\(result.sampleID)\tPatient/\(patientID)\t\(references.count) resources\t\(references.last ?? "")")
                    attached += 1
                }
            }
            print("attached \(attached) sample\(attached == 1 ? "" : "s"), \(unmatched) without a patient")
            if unmatched > 0 { throw ExitCode(3) }
        } catch let error as HealthRecordsError {
            printError("gxtool records attach-results: \(error)")
            throw ExitCode.failure
        }
    }
}
