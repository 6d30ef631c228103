import ArgumentParser
import Foundation
import HealthRecords

/// `gxtool records convert`: Convert HL7 v2, CSV or FHIR input to FHIR R4 Bundles.
struct RecordsConvertCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert HL7 v2, CSV or FHIR input to FHIR R4 Bundles.",
        discussion: """
        One transaction Bundle per HL7 v2 message, CSV row or FHIR resource (urn:uuid references, conditional \
        updates for patients). NDJSON output holds one Bundle per line (what `records import` reads); JSON output \
        holds the Bundle itself, or a collection Bundle of them when there are several. Each produced Bundle is \
        checked with gx's FHIR validator. A message or row that cannot be converted is reported on stderr with \
        file, message/row number, line and segment/field/column; the others are still written; exit status 1.
          gxtool records convert feed.hl7 -o feed.ndjson
          gxtool records convert --from csv --mapping lab-results.json results.csv -o results.ndjson
        """
    )

    enum Format: String, ExpressibleByArgument { case json, ndjson }

    @Option(name: .long, help: "Input format: hl7v2, csv or fhir (default: from each file's extension).")
    var from: String?

    @Option(name: .long, help: "CSV → FHIR mapping: a JSON file (docs/mapping.md) or a bundled name (hospital-patient-master, lab-results).")
    var mapping: String?

    @Option(name: .shortAndLong, help: "Output file ('-' for standard output).")
    var output: String = "-"

    @Option(name: .long, help: "Output format: json or ndjson (default: from the output extension; ndjson for '-').")
    var format: Format?

    @Option(name: .long, help: "HL7 v2 character set when MSH-18 is empty (e.g. cp1252, GB18030).")
    var encoding: String?

    @Option(name: .long, help: "Time zone for HL7 v2 times without one (FHIR requires one).")
    var timeZone: String = "+08:00"

    @Option(name: .long, help: "Threads for mapping HL7 v2 messages.")
    var threads = 2

    @Flag(name: .long, help: "Do not check the produced Bundles with the FHIR validator.")
    var noValidate = false

    @Flag(name: .long, help: "Do not print warnings (values left out).")
    var quiet = false

    @Argument(help: "Input files.")
    var files: [String]

    func run() async throws {
        let csvMapping: CSVMapping?
        do { csvMapping = try mapping.map { try CSVMapping.load(pathOrName: $0) } } catch {
            printError("gxtool records convert: \(error)")
            throw ExitCode(1)
        }
        guard timeZone == "Z" || (timeZone.count == 6 && (timeZone.hasPrefix("+") || timeZone.hasPrefix("-"))) else {
            throw ValidationError("--time-zone must look like +08:00")
        }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        var converter = RecordConverter(mapping: csvMapping, parserOptions: .init(defaultCharacterSet: encoding),
                                        mapperOptions: .init(defaultTimeZone: timeZone))
        converter.threads = threads
        let outputFormat = format ?? (output.hasSuffix(".json") ? .json : .ndjson)
        let validator = FHIR.Validator()
        var bundles: [FHIR.Bundle] = []
        var failed = 0, converted = 0, warned = 0
        let progress = ProgressLine("records convert")
        for file in files {
            let inputFormat: RecordConverter.InputFormat
            if let from {
                guard let f = RecordConverter.InputFormat(rawValue: from) else { throw ValidationError("--from must be hl7v2, csv or fhir") }
                inputFormat = f
            } else {
                guard let f = RecordConverter.InputFormat.guess(path: file) else {
                    throw ValidationError("cannot tell the format of \(file) from its extension; give --from hl7v2|csv|fhir")
                }
                inputFormat = f
            }
            let items: [RecordConverter.Item]
            do { items = try converter.convert(file: file, format: inputFormat) } catch {
                printError("gxtool records convert: \(error)")
                failed += 1
                continue
            }
            for item in items {
                progress.update("\(converted + failed) units")
                if !quiet { for warning in item.warnings { printError("warning: \(warning)") } }
                warned += item.warnings.count
                guard let bundle = item.bundle else {
                    printError("error: \(item.error.map { "\($0)" } ?? "\(item.source): \(item.position): not converted")")
                    failed += 1
                    continue
                }
                if !noValidate {
                    let outcome = validator.validate(FHIR.Resource(bundle))
                    let errors = outcome.issue.filter { $0.severity == .error || $0.severity == .fatal }
                    if !errors.isEmpty {
                        for issue in errors { printError("error: \(item.source): \(item.position): invalid FHIR: \(issue)") }
                        failed += 1
                        continue
                    }
                }
                bundles.append(bundle)
                converted += 1
            }
        }
        progress.finish()
        var bytes: [UInt8] = []
        switch outputFormat {
        case .ndjson:
            for bundle in bundles { bytes += FHIR.Resource(bundle).serializedBytes(); bytes.append(0x0A) }
        case .json:
            if bundles.count == 1 {
                bytes = FHIR.Resource(bundles[0]).serializedBytes(pretty: true)
            } else {
                let entries: [FHIR.JSON] = bundles.map { .object(["resource": .object($0.json)]) }
                var collection: FHIR.JSON.Object = ["resourceType": .string("Bundle"), "type": .string("collection")]
                if !entries.isEmpty { collection["entry"] = .array(entries) }
                bytes = FHIR.JSON.object(collection).serializedBytes(pretty: true)
            }
            bytes.append(0x0A)
        }
        if output == "-" {
            FileHandle.standardOutput.write(Data(bytes))
        } else {
            do { try Data(bytes).write(to: URL(fileURLWithPath: output)) } catch {
                printError("gxtool records convert: cannot write \(output): \(error.localizedDescription)")
                throw ExitCode(1)
            }
        }
        printError("records convert: \(converted) bundle(s) written, \(failed) failed, \(warned) warning(s)")
        if failed > 0 { throw ExitCode(1) }
    }
}
