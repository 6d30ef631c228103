import ArgumentParser
import Foundation
import HealthRecords

/// `gxtool records validate`: Validate FHIR R4 resources.
struct RecordsValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate FHIR R4 resources.",
        discussion: """
        Checks FHIR R4 JSON files (one resource, often a Bundle, per .json file; one resource per line in .ndjson) \
        and prints the OperationOutcome issues with the element they concern. Exits with status 1 if any file has \
        an error or is not valid JSON.
        """
    )

    @Argument(help: "FHIR JSON or NDJSON files.")
    var files: [String]

    @Option(help: "Output: 'text' (one issue per line) or 'json' (an OperationOutcome per resource, as NDJSON).")
    var format: OutputFormat = .text

    @Flag(help: "Also report information-level issues.")
    var verbose = false

    @Flag(help: "Report strings that look like embedded HTML (the HL7 validator's security checks).")
    var securityChecks = false

    @Option(help: "HL7's FHIR R4 JSON schema (fhir.schema.json): also check the elements of resource types gx does not model.")
    var schema: String?

    @Flag(help: "Check only that each input is JSON holding a resource (no element checks).")
    var syntaxOnly = false

    @Option(name: .customLong("write-to"), help: "Also write each resource as gx serialises it (compact JSON) into this folder, under the input's file name; '-' writes them as NDJSON to standard output (the issues then go to standard error).")
    var writeTo: String?

    enum OutputFormat: String, ExpressibleByArgument { case text, json }

    func run() async throws {
        var validator = FHIR.Validator(securityChecks: securityChecks, syntaxOnly: syntaxOnly)
        if let schema {
            do { validator.schema = try FHIR.JSONSchema(contentsOf: URL(fileURLWithPath: schema)) } catch {
                printError(error.description)
                throw ExitCode(1)
            }
        }
        let toStandardOutput = writeTo == "-"
        if let writeTo, !toStandardOutput { try FileManager.default.createDirectory(atPath: writeTo, withIntermediateDirectories: true) }
        var rewritten: [UInt8] = []
        var errors = 0, warnings = 0, resources = 0
        var output = ""
        let progress = ProgressLine("validate")
        for (index, file) in files.enumerated() {
            progress.update("\(index + 1)/\(files.count) files, \(errors) errors")
            let reports = validator.validateFile(atPath: file)
            if toStandardOutput {
                for report in reports { if let parsed = report.parsed { rewritten += parsed.serializedBytes(); rewritten.append(0x0A) } }
                if rewritten.count > 1 << 20 { FileHandle.standardOutput.write(Data(rewritten)); rewritten.removeAll(keepingCapacity: true) }
            } else if let writeTo {
                var bytes: [UInt8] = []
                for report in reports { bytes += report.parsed?.serializedBytes() ?? []; bytes.append(0x0A) }
                let target = URL(fileURLWithPath: writeTo).appendingPathComponent(URL(fileURLWithPath: file).lastPathComponent)
                do { try Data(bytes).write(to: target) } catch {
                    printError("\(target.path): cannot write: \(error.localizedDescription)")
                    throw ExitCode(1)
                }
            }
            for report in reports {
                resources += 1
                let issues = report.outcome.issue
                errors += issues.filter { $0.severity == .error || $0.severity == .fatal }.count
                warnings += issues.filter { $0.severity == .warning }.count
                let place = report.line.map { "\(report.file):\($0)" } ?? report.file
                switch format {
                case .json:
                    var outcome = report.outcome
                    outcome.json.setString("id", nil)
                    output += outcome.serialized() + "\n"
                case .text:
                    for issue in issues where verbose || issue.severity != .information {
                        let name = report.resource.map { " \($0)" } ?? ""
                        output += "\(place):\(name) \(issue)\n"
                    }
                }
            }
        }
        progress.finish()
        if toStandardOutput {
            FileHandle.standardOutput.write(Data(rewritten))
            FileHandle.standardError.write(Data(output.utf8))
        } else {
            FileHandle.standardOutput.write(Data(output.utf8))
        }
        let summary = "\(resources) resource\(resources == 1 ? "" : "s") checked: \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
        if errors > 0 {
            printError(summary)
            throw ExitCode(1)
        }
        if format == .text { printError(summary) }
    }
}
