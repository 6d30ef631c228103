import Foundation
import HealthRecords
import Testing
import TestSupport

/// HL7 v2 on the real public messages in `../shared/data` (see MANIFEST.md): every valid message parses, the
/// deliberately malformed ones are rejected with a precise error, field values agree with python-hl7, and the
/// encoder round-trips.
@Suite struct HL7v2ConformanceTests {
    static let fields: [(String, Int)] = [("MSH", 10), ("PID", 3), ("PID", 5), ("PID", 7), ("PID", 8), ("OBX", 3), ("OBX", 5)]

    struct Corpus {
        var root: URL
        var files: [URL]
        /// Relative path → the manifest's "expected" column.
        var expected: [String: String]

        func relative(_ url: URL) -> String { String(url.path.dropFirst(root.path.count + 1)) }

        /// The manifest marks these as deliberately malformed HL7 v2 syntax (not merely failing a strict profile).
        func isMalformed(_ url: URL) -> Bool {
            guard let text = expected[relative(url)] else { return false }
            return (text.hasPrefix("DELIBERATELY INVALID") || text.hasPrefix("DELIBERATELY NON-UTF-8"))
                && !text.contains("tolerant parsers accept") && !text.contains("strict mode")
        }
    }

    static func corpus() throws -> Corpus {
        let root = try #require(TestPaths.sharedData, "GX_SHARED_DATA is unset or missing: set GX_SHARED_DATA=../shared/data (make test does)")
        var files: [URL] = []
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            if url.pathExtension == "hl7" { files.append(url) }
        }
        files.sort { $0.path < $1.path }
        let manifest = try String(contentsOf: root.appendingPathComponent("MANIFEST.md"), encoding: .utf8)
        var expected: [String: String] = [:]
        for line in manifest.split(separator: "\n") where line.hasPrefix("| `hl7v2-") {
            let cells = line.components(separatedBy: " | ")
            guard let first = cells.first, let last = cells.last else { continue }
            let path = first.dropFirst(2).trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            expected[path] = last.trimmingCharacters(in: CharacterSet(charactersIn: " |"))
        }
        return Corpus(root: root, files: files, expected: expected)
    }

    @Test func everyValidMessageParsesAndEveryMalformedOneIsRejectedPrecisely() throws {
        let corpus = try Self.corpus()
        #expect(corpus.files.count >= 100, "expected the ~155 HL7 v2 files listed in MANIFEST.md")
        var malformed = 0
        var messages = 0
        for url in corpus.files {
            let input = try HL7v2.Parser().parse(contentsOf: url)
            if corpus.isMalformed(url) {
                malformed += 1
                let error = try #require(input.errors.first, "\(corpus.relative(url)) is deliberately malformed but parsed")
                #expect(error.code == .invalidHL7v2)
                #expect(error.position?.file == url.path)
                #expect(error.position?.line != nil && error.position?.record != nil, "\(error)")
                #expect(error.position?.location != nil, "\(corpus.relative(url)): no segment/field in \(error)")
            } else {
                #expect(input.errors.isEmpty, "\(corpus.relative(url)): \(input.errors.map(\.description))")
                #expect(!input.messages.isEmpty, "\(corpus.relative(url)): no message")
                messages += input.messages.count
            }
        }
        print("HL7v2 conformance: \(corpus.files.count) files, \(messages) messages parsed, \(malformed) malformed files rejected")
        #expect(malformed >= 14, "the manifest lists 14 deliberately malformed HL7 v2 files; found \(malformed)")
        #expect(messages >= 140)
    }

    @Test func specificMalformedInputsNameTheProblem() throws {
        let corpus = try Self.corpus()
        func firstError(_ relative: String) throws -> HealthRecordsError {
            let input = try HL7v2.Parser().parse(contentsOf: corpus.root.appendingPathComponent(relative))
            return try #require(input.errors.first, "\(relative) parsed")
        }
        let cp1252 = try firstError("hl7v2-python-hl7/cp1252_byte.hl7")
        #expect(cp1252.message.contains("0x96") && cp1252.position?.line == 1 && cp1252.position?.location == "MSH")
        let beforeHeader = try firstError("hl7v2-python-hl7/sample_bad_batch.hl7")
        #expect(beforeHeader.message.contains("before any message header") && beforeHeader.position?.location == "EVN"
                && beforeHeader.position?.line == 2)
        let secondBHS = try firstError("hl7v2-python-hl7/sample_bad_batch1.hl7")
        #expect(secondBHS.position?.location == "BHS" && secondBHS.position?.line == 4)
        let secondFHS = try firstError("hl7v2-python-hl7/sample_bad_file2.hl7")
        #expect(secondFHS.position?.location == "FHS" && secondFHS.position?.line == 5)
        for name in ["empty", "missing", "missing_v27", "too_many", "too_many_v27", "duplicate", "duplicate_v27"] {
            let error = try firstError("hl7v2-hl7apy/invalid_encoding_chars_\(name).hl7")
            #expect(error.position?.location == "MSH-2", "\(name): \(error)")
        }
        let pid = try firstError("hl7v2-hl7apy/invalid_first_segment_PID.hl7")
        #expect(pid.position?.location == "PID" && pid.position?.record == 1)
        // The same bytes decode when the sender's character set is named.
        let decoded = HL7v2.Parser(options: .init(defaultCharacterSet: "cp1252"))
            .parse(try [UInt8](Data(contentsOf: corpus.root.appendingPathComponent("hl7v2-python-hl7/cp1252_byte.hl7"))), source: nil)
        #expect(decoded.errors.isEmpty)
        #expect(decoded.messages.first?.header.field(4).value == "ELAB\u{2013}3")
    }

    /// gx's values of PID-3, PID-5, PID-7, PID-8, OBX-3, OBX-5 and MSH-10 equal python-hl7's, for every message.
    @Test func fieldValuesAgreeWithPythonHL7() throws {
        let corpus = try Self.corpus()
        let script = TestPaths.packageRoot.appendingPathComponent("Benchmarks/hl7/python_hl7_extract.py")
        let check = try runShell("python3 -c 'import hl7'")
        try #require(check.status == 0, "python3 with python-hl7 is required (pip install hl7; scripts/setup.sh installs it): \(check.stderr)")
        let result = try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", script.path] + corpus.files.map(\.path))
        try #require(result.status == 0, "python-hl7 extraction failed: \(result.stderr)")
        let peer = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: [String: Any]])
        var compared = 0
        var unescapedCompared = 0
        var mismatches: [String] = []
        for url in corpus.files where !corpus.isMalformed(url) {
            let name = corpus.relative(url)
            guard let entry = peer[url.path], let peerMessages = entry["messages"] as? [[String: Any]] else {
                mismatches.append("\(name): python-hl7 rejected it: \(peer[url.path]?["error"] ?? "missing")")
                continue
            }
            let input = try HL7v2.Parser().parse(contentsOf: url)
            guard input.messages.count == peerMessages.count else {
                mismatches.append("\(name): gx \(input.messages.count) messages, python-hl7 \(peerMessages.count)")
                continue
            }
            for (message, peerMessage) in zip(input.messages, peerMessages) {
                for (segmentID, number) in Self.fields {
                    let key = "\(segmentID)-\(number)"
                    let peerTrees = peerMessage[key] as? [[[[String]]]] ?? []
                    let peerPlain = peerMessage[key + ":unescaped"] as? [[[[Any]]]] ?? []
                    let segments = message.segments(segmentID)
                    guard segments.count == peerTrees.count else {
                        mismatches.append("\(name) message \(message.number): \(key) occurs \(segments.count)× in gx, \(peerTrees.count)× in python-hl7")
                        continue
                    }
                    for (index, segment) in segments.enumerated() {
                        let field = segment.field(number)
                        let tree = field.repetitions.map { $0.components.map { $0.rawSubcomponents } }
                        compared += 1
                        if tree != peerTrees[index] {
                            mismatches.append("\(name) message \(message.number) \(key)#\(index + 1): gx \(tree) python-hl7 \(peerTrees[index])")
                            continue
                        }
                        let decoded = field.repetitions.map { $0.components.map { $0.subcomponents } }
                        for (r, rep) in decoded.enumerated() {
                            for (c, comp) in rep.enumerated() {
                                for (s, value) in comp.enumerated() {
                                    guard let expected = peerPlain[index][r][c][s] as? String else { continue }
                                    unescapedCompared += 1
                                    if value != expected {
                                        mismatches.append("\(name) message \(message.number) \(key)[\(r + 1)].\(c + 1).\(s + 1): gx \"\(value)\" python-hl7 \"\(expected)\"")
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        print("HL7v2 agreement with python-hl7: \(compared) field occurrences, \(unescapedCompared) decoded values, \(mismatches.count) disagreements")
        #expect(mismatches.isEmpty, "\(mismatches.count) disagreements:\n\(mismatches.prefix(30).joined(separator: "\n"))")
        #expect(compared > 1000, "only \(compared) fields compared")
        #expect(unescapedCompared > 1000)
    }

    /// Encoding a parsed message gives back the input bytes (segment terminators normalised to CR), and
    /// decoding → re-encoding through the builder gives the same decoded values.
    @Test func encoderRoundTrips() throws {
        let corpus = try Self.corpus()
        var checked = 0
        for url in corpus.files where !corpus.isMalformed(url) {
            let input = try HL7v2.Parser().parse(contentsOf: url)
            for message in input.messages {
                let reparsed = try HL7v2.Message(er7: message.er7)
                #expect(reparsed.bytes == message.bytes)
                let rebuilt = try HL7v2.MessageBuilder(message).build()
                let original = HL7v2.MessageBuilder(message).segments.map(\.id)
                #expect(rebuilt.segments.map(\.id) == original, "\(corpus.relative(url))")
                for (a, b) in zip(message.segments, rebuilt.segments) {
                    let count = max(a.fieldCount, b.fieldCount)
                    let first = a.isHeader ? 3 : 1
                    guard count >= first else { continue }
                    for n in first...count {
                        let left = a.field(n).repetitions.map { $0.components.map { $0.subcomponents } }
                        let right = b.field(n).repetitions.map { $0.components.map { $0.subcomponents } }
                        if !sameIgnoringTrailingEmpties(left, right) {
                            Issue.record("\(corpus.relative(url)) message \(message.number) \(a.id)-\(n): \(left) vs \(right)")
                        }
                    }
                }
                checked += 1
            }
        }
        #expect(checked >= 140)
    }

    func sameIgnoringTrailingEmpties(_ a: [[[String]]], _ b: [[[String]]]) -> Bool {
        func trim(_ x: [[[String]]]) -> [[[String]]] {
            var reps = x.map { rep -> [[String]] in
                var comps = rep.map { comp -> [String] in
                    var subs = comp
                    while subs.count > 1, subs.last == "" { subs.removeLast() }
                    return subs
                }
                while comps.count > 1, comps.last == [""] { comps.removeLast() }
                return comps
            }
            while reps.count > 1, reps.last == [[""]] { reps.removeLast() }
            return reps
        }
        return trim(a) == trim(b)
    }

    /// FHIR made from every valid message validates with gx's validator and with fhir.resources (R4B models).
    @Test func fhirFromEveryMessageValidatesWithGxAndFhirResources() throws {
        let corpus = try Self.corpus()
        let check = try runShell("python3 -c 'import fhir.resources.R4B.bundle'")
        try #require(check.status == 0, "python3 with fhir.resources is required (pip install fhir.resources; scripts/setup.sh installs it): \(check.stderr)")
        let converter = RecordConverter()
        let validator = FHIR.Validator()
        var lines: [UInt8] = []
        var bundles = 0, headerOnly = 0
        var problems: [String] = []
        for url in corpus.files where !corpus.isMalformed(url) {
            for item in try converter.convert(file: url.path, format: .hl7v2) {
                guard let bundle = item.bundle else {
                    // A header-only ADT test fragment (no PID) is rejected by the mapping, naming the missing segment.
                    if item.error?.code == .mapping, item.error?.position?.location == "PID" { headerOnly += 1; continue }
                    problems.append("\(corpus.relative(url)) \(item.position): \(item.error.map { "\($0)" } ?? "no bundle")")
                    continue
                }
                let outcome = validator.validate(FHIR.Resource(bundle))
                for issue in outcome.issue where issue.severity == .error || issue.severity == .fatal {
                    problems.append("\(corpus.relative(url)) \(item.position): gx validator: \(issue)")
                }
                lines += FHIR.Resource(bundle).serializedBytes()
                lines.append(0x0A)
                bundles += 1
            }
        }
        #expect(problems.isEmpty, "\(problems.count) problems:\n\(problems.prefix(20).joined(separator: "\n"))")
        print("HL7v2 → FHIR: \(bundles) bundles validated by gx and fhir.resources, \(headerOnly) header-only messages rejected")
        #expect(bundles >= 140)
        #expect(headerOnly <= 3, "only the three MSH-only hl7apy fragments lack a PID")
        let directory = try TestPaths.temporaryDirectory("gx-hl7-fhir")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("bundles.ndjson")
        try Data(lines).write(to: file)
        let script = TestPaths.packageRoot.appendingPathComponent("Benchmarks/hl7/fhir_resources_validate.py")
        let result = try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", script.path, file.path])
        #expect(result.status == 0, "fhir.resources rejected bundles:\n\(result.stdout.prefix(3000))")
        #expect(result.stdout.contains("OK \(bundles)"), "\(result.stdout.suffix(200))")
    }
}
