import ArgumentParser
import Foundation
import HealthRecords

/// `gxtool records get Type/ID`: print one stored resource.
struct RecordsGetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Print a stored resource (Type/ID, or Type/ID/_history/N for an older version)."
    )

    @Option(name: .long, help: "The record store (SQLite file).")
    var store: String = "gx.sqlite"

    @Flag(name: .long, help: "Print every version, oldest first, as a history Bundle.")
    var history = false

    @Argument(help: "The resource, e.g. Patient/3f2a… .")
    var reference: String

    mutating func run() async throws {
        let parts = reference.split(separator: "/").map(String.init)
        guard parts.count == 2 || (parts.count == 4 && parts[2] == "_history") else {
            throw ValidationError("give the resource as Type/ID or Type/ID/_history/N")
        }
        do {
            let recordStore = try openExistingStore(store)
            if history || parts.count == 4 {
                let versions = try recordStore.history(type: parts[0], id: parts[1])
                guard !versions.isEmpty else { throw HealthRecordsError(.notFound, "\(parts[0])/\(parts[1]) is not in the store") }
                if parts.count == 4 {
                    guard let version = versions.first(where: { String($0.version) == parts[3] }) else {
                        throw HealthRecordsError(.notFound, "\(parts[0])/\(parts[1]) has no version \(parts[3])")
                    }
                    print(try prettyJSON(version.json))
                } else {
                    let entries = try versions.reversed().map { FHIR.JSON.object(["resource": try FHIR.JSON.parse($0.json)]) }
                    print(FHIR.JSON.object(["resourceType": .string("Bundle"), "type": .string("history"),
                                            "total": .number(String(entries.count)), "entry": .array(entries)]).serialized(pretty: true))
                }
                return
            }
            guard let resource = try recordStore.read(type: parts[0], id: parts[1]) else {
                throw HealthRecordsError(.notFound, "\(parts[0])/\(parts[1]) is not in the store")
            }
            if parts[0] == "Patient" {
                let survivor = try recordStore.survivor(ofPatient: parts[1])
                if survivor != parts[1] { printError("note: Patient/\(parts[1]) was merged into Patient/\(survivor)") }
            }
            print(try prettyJSON(resource.json))
        } catch let error as HealthRecordsError {
            printError("gxtool records get: \(error)")
            throw ExitCode.failure
        }
    }
}

/// Opens a store that must already exist (reading commands must not create an empty one by a typo).
func openExistingStore(_ path: String) throws -> SQLiteRecordStore {
    guard FileManager.default.fileExists(atPath: path) else {
        throw HealthRecordsError(.notFound, "no record store at \(path) (create one with gxtool records import)")
    }
    return try SQLiteRecordStore(path: path)
}

/// Stored JSON, indented.
func prettyJSON(_ data: Data) throws -> String {
    try FHIR.JSON.parse(data).serialized(pretty: true)
}
