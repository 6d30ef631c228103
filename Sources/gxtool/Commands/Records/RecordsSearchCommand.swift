import ArgumentParser
import Foundation
import HealthRecords

/// `gxtool records search 'Patient?name=…'`: FHIR search over the store.
struct RecordsSearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search the store with FHIR search syntax and print a searchset Bundle.",
        discussion: """
            Examples: 'Patient?identifier=urn:oid:2.16.840.1.113883.2.23.1.19.1|11010519491231002X', \
            'Patient?name=zhang&birthdate=1980', 'Patient?phone=13800138000', 'Observation?subject=Patient/ID&code=39156-5'. \
            Parameters: \(SearchQuery.supportedParameters.sorted().joined(separator: ", ")); _count limits the results. \
            Names match by prefix, case- and accent-insensitively, in characters or pinyin.
            """
    )

    @Option(name: .long, help: "The record store (SQLite file).")
    var store: String = "gx.sqlite"

    @Flag(name: .long, help: "Print one line per match (Type/ID) instead of a Bundle.")
    var ids = false

    @Argument(help: "The query, e.g. 'Patient?name=zhang&birthdate=1980'.")
    var query: String

    mutating func run() async throws {
        do {
            let parsed = try SearchQuery(parsing: query)
            let results = try openExistingStore(store).search(parsed)
            if ids {
                for resource in results { print(resource.reference) }
                return
            }
            let entries = try results.map {
                FHIR.JSON.object(["resource": try FHIR.JSON.parse($0.json), "search": .object(["mode": .string("match")])])
            }
            print(FHIR.JSON.object(["resourceType": .string("Bundle"), "type": .string("searchset"),
                                    "total": .number(String(entries.count)), "entry": .array(entries)]).serialized(pretty: true))
        } catch let error as HealthRecordsError {
            printError("gxtool records search: \(error)")
            throw ExitCode.failure
        }
    }
}
