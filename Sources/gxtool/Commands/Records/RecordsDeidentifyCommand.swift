import ArgumentParser
import Foundation
import HealthRecords

/// `gxtool records deidentify`: a de-identified research copy of the store.
struct RecordsDeidentifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deidentify",
        abstract: "Export a de-identified research copy (keyed pseudonyms, shifted dates, no direct identifiers).",
        discussion: """
            The key (at least 32 bytes; raw, hex or base64) comes from --key-file or from the file named by \
            GX_PSEUDONYM_KEY_FILE; there is no default key. Make one with: head -c 32 /dev/urandom > research.key \
            and keep it away from the exports. The same key gives the same pseudonyms and date shifts in every export.
            """
    )

    @Option(name: .long, help: "The record store (SQLite file).")
    var store: String = "gx.sqlite"

    @Option(name: .long, help: "The pseudonym key file (else $GX_PSEUDONYM_KEY_FILE).")
    var keyFile: String?

    @Option(name: [.short, .long], help: "The output folder (NDJSON per type, manifest.sha256, deidentification.json).")
    var out: String

    @Option(name: .long, help: "Ages are computed at this date, YYYY-MM-DD (default: today).")
    var referenceDate: String?

    mutating func run() async throws {
        do {
            let key = try keyFile.map { try PseudonymKey(contentsOf: URL(fileURLWithPath: $0)) } ?? PseudonymKey(environment: "GX_PSEUDONYM_KEY_FILE")
            let recordStore = try openExistingStore(store)
            let today = String(Date.now.formatted(.iso8601.year().month().day()))
            let result = try DeidentifiedExport.write(store: recordStore, key: key, to: URL(fileURLWithPath: out),
                                                      referenceDate: referenceDate ?? today)
            let total = result.counts.values.reduce(0, +)
            try recordStore.write {
                try AuditTrail.record(.deidentify, details: [("resources", String(total)), ("key-fingerprint", key.fingerprint)], in: $0)
            }
            for type in result.counts.keys.sorted() { print("\(type)\t\(result.counts[type]!)") }
            print("wrote \(total) de-identified resources to \(out) (key fingerprint \(key.fingerprint))")
        } catch let error as HealthRecordsError {
            printError("gxtool records deidentify: \(error)")
            throw ExitCode.failure
        }
    }
}
