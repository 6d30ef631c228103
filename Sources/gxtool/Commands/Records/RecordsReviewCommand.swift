import ArgumentParser
import Foundation
import HealthRecords

/// `gxtool records review`: the queue of uncertain identity matches, and decisions on them.
struct RecordsReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "List uncertain patient pairs; decide with --link N (same person: merge) or --distinct N.",
        discussion: """
            The index queues a pair when its Fellegi–Sunter weight lies between the review and link thresholds: the \
            incoming record became a new patient, and a clerk decides. --link N merges the newer patient into the \
            candidate (everything moves, the link is kept); --distinct N closes the item.
            """
    )

    @Option(name: .long, help: "The record store (SQLite file).")
    var store: String = "gx.sqlite"

    @Flag(name: .long, help: "Also list resolved items.")
    var all = false

    @Option(name: .long, help: "Item number: the two patients are the same person (merge).")
    var link: Int64?

    @Option(name: .long, help: "Item number: the two patients are different persons.")
    var distinct: Int64?

    @Option(name: .long, help: "List at most this many items.")
    var limit: Int = 50

    mutating func run() async throws {
        do {
            let recordStore = try openExistingStore(store)
            if let number = link ?? distinct {
                guard let item = try recordStore.reviewQueue(includeResolved: true).first(where: { $0.number == number }) else {
                    throw HealthRecordsError(.notFound, "review item \(number) does not exist")
                }
                guard item.status == "open" else { throw HealthRecordsError(.invalidArgument, "review item \(number) is already \(item.status)") }
                let merge = link != nil
                try recordStore.write { writer in
                    if merge {
                        let prior = try writer.survivor(ofPatient: item.patientID), survivor = try writer.survivor(ofPatient: item.candidateID)
                        try PatientMerger.merge(prior, into: survivor, in: writer)
                    }
                    try writer.resolveReview(id: number, decision: merge ? "linked" : "distinct")
                }
                print(merge ? "item \(number): Patient/\(item.patientID) merged into Patient/\(item.candidateID)" : "item \(number): kept apart")
                return
            }
            let items = try recordStore.reviewQueue(includeResolved: all)
            print("\(items.count) \(all ? "" : "open ")review item\(items.count == 1 ? "" : "s")")
            for item in items.prefix(limit) {
                print("#\(item.number)  weight \(String(format: "%.1f", item.score))  \(item.status)")
                for id in [item.patientID, item.candidateID] {
                    print("    Patient/\(id)  " + (try summary(recordStore, id)))
                }
            }
        } catch let error as HealthRecordsError {
            printError("gxtool records review: \(error)")
            throw ExitCode.failure
        }
    }

    private func summary(_ store: SQLiteRecordStore, _ id: String) throws -> String {
        guard let stored = try store.read(type: "Patient", id: id), let patient = try FHIR.JSON.parse(stored.json).objectValue else { return "(missing)" }
        let demographics = PatientDemographics(patient: patient)
        let r = demographics.record
        return [r.name.isEmpty ? "-" : r.name, r.birthDate.isEmpty ? "-" : r.birthDate, r.sex.isEmpty ? "-" : r.sex,
                r.phone.isEmpty ? "-" : r.phone, r.division.isEmpty ? "-" : r.division,
                r.residentID.isEmpty ? "no ID" : "ID " + r.residentID].joined(separator: "  ")
    }
}
