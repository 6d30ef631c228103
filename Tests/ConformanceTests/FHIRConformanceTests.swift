import Foundation
import Testing
import TestSupport
@testable import HealthRecords

/// FHIR R4 JSON in ../shared/data: lossless round trips, and validation that agrees with the files' validity.
@Suite("FHIR conformance")
struct FHIRConformanceTests {
    static func sharedData() throws -> URL {
        try #require(TestPaths.sharedData, "GX_SHARED_DATA is unset or missing: set GX_SHARED_DATA=/path/to/shared/data (make test does)")
    }

    /// Every FHIR JSON example that is valid FHIR R4 per MANIFEST.md (official examples, Genomics Reporting IG,
    /// Synthea bundles, and the FHIR-Converter samples).
    static func validExamples() throws -> [URL] {
        let root = try sharedData()
        let folders = ["fhir-test-cases/r4/examples", "fhir-genomics-reporting/input/examples", "fhir-synthea/R4/SYNTHEA",
                       "hl7v2-FHIR-Converter/data/SampleData/FHIR"]
        var files: [URL] = []
        for folder in folders {
            let dir = root.appendingPathComponent(folder)
            let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".json") }.sorted()
            files += names.map { dir.appendingPathComponent($0) }
        }
        return files
    }

    /// Test cases of the HL7 validator suite present in the shared data, with the error count of the Java
    /// validator's expected outcome.
    static func validatorCases() throws -> [(name: String, file: URL, version: String, expectedErrors: Int)] {
        let dir = try sharedData().appendingPathComponent("fhir-test-cases/validator")
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("manifest.json"))) as! [String: Any]
        var cases: [(String, URL, String, Int)] = []
        for case let test as [String: Any] in manifest["test-cases"] as! [Any] {
            guard let file = test["file"] as? String, FileManager.default.fileExists(atPath: dir.appendingPathComponent(file).path),
                  let name = test["name"] as? String else { continue }
            var errors = 0
            if let inline = test["java"] as? [String: Any] {
                errors = inline["errorCount"] as? Int ?? 0
            } else if let outcomePath = test["java"] as? String {
                let outcome = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("outcomes/" + outcomePath))) as! [String: Any]
                errors = (outcome["issue"] as? [[String: Any]] ?? []).filter { ["error", "fatal"].contains($0["severity"] as? String) }.count
            }
            cases.append((name, dir.appendingPathComponent(file), test["version"] as? String ?? "5.0", errors))
        }
        return cases
    }

    /// Validator cases outside what gx validates, with the reason (also in docs/fhir.md).
    static let outOfScope: [String: String] = [
        "attachment-with-invalid-binary": "Media is not a modelled resource: its Attachment is found only with the JSON schema",
        "group-choice-bad2": "Group is not a modelled resource: unknown properties only with the JSON schema",
        "list-extension1": "List is not a modelled resource: unknown property fhir_comments only with the JSON schema",
        "list-unknown-prop": "List is not a modelled resource: unknown properties only with the JSON schema",
        "obs-hgvs-bad": "terminology: HGVS expression validity needs a terminology server",
        "mcode-pat-bad": "profile (mCODE) and terminology validation",
    ]

    /// Cases gx decides only with HL7's JSON schema loaded (unknown properties or Attachments of unmodelled resources).
    static let needsSchema: Set<String> = ["attachment-with-invalid-binary", "group-choice-bad2", "list-extension1", "list-unknown-prop"]

    static func schema() throws -> FHIR.JSONSchema {
        try FHIR.JSONSchema(contentsOf: try sharedData().appendingPathComponent("fhir-schema/schema.json"))
    }

    @Test func everyExampleRoundTripsLosslessly() throws {
        let files = try Self.validExamples()
        #expect(files.count >= 59)
        var resources = 0
        for file in files {
            let data = try Data(contentsOf: file)
            let json = try FHIR.JSON.parse([UInt8](data), file: file.lastPathComponent)
            guard json.objectValue?["resourceType"] != nil else {
                // FHIR-Converter's template inputs are not all resources; they must still round-trip as JSON.
                #expect(try FHIR.JSON.parse(json.serializedBytes()) == json)
                continue
            }
            let resource = try FHIR.Resource(parsing: [UInt8](data), file: file.lastPathComponent)
            let out = resource.serializedBytes()
            // 1. gx's own tree: numbers compared as text, so decimal precision must survive.
            let again = try FHIR.JSON.parse(out)
            #expect(again.isEquivalent(to: .object(resource.json)), "\(file.lastPathComponent): gx tree differs after a round trip")
            // 2. An independent parser (Foundation) sees the same tree in the input and in gx's output.
            let expected = try JSONSerialization.jsonObject(with: data) as! NSDictionary
            let actual = try JSONSerialization.jsonObject(with: Data(out)) as! NSDictionary
            #expect(expected == actual, "\(file.lastPathComponent): Foundation sees a different tree after the round trip")
            // 3. Number text is byte-identical to the input's.
            #expect(Self.numberTexts(in: .object(resource.json)) == Self.numberTexts(in: try FHIR.JSON.parse([UInt8](data))))
            // 4. Typed views: reading and writing back the modelled elements changes nothing.
            var resourcesInFile = [resource]
            if let bundle = resource.as(FHIR.Bundle.self) { resourcesInFile += bundle.resources }
            for r in resourcesInFile {
                resources += 1
                let rewritten = Self.rewriteThroughTypedViews(r)
                #expect(FHIR.JSON.object(rewritten.json).isEquivalent(to: .object(r.json)),
                        "\(file.lastPathComponent) \(r.resourceType): typed view rewrite changed the JSON")
            }
        }
        #expect(resources > 300)
    }

    static func numberTexts(in value: FHIR.JSON) -> [String] {
        switch value {
        case .number(let n): return [n]
        case .array(let a): return a.flatMap(numberTexts)
        case .object(let o): return o.members.sorted { $0.key < $1.key }.flatMap { numberTexts(in: $0.value) }
        default: return []
        }
    }

    /// Reads every typed property gx models and assigns it back.
    static func rewriteThroughTypedViews(_ resource: FHIR.Resource) -> FHIR.Resource {
        if var p = resource.as(FHIR.Patient.self) {
            p.identifier = p.identifier; p.name = p.name; p.telecom = p.telecom; p.address = p.address
            p.birthDate = p.birthDate; p.deceased = p.deceased; p.multipleBirth = p.multipleBirth; p.link = p.link
            if p.gender != nil { p.gender = p.gender }
            for var name in p.name { name.given = name.given; name.family = name.family }
            return p.resource
        }
        if var o = resource.as(FHIR.Observation.self) {
            o.code = o.code; o.value = o.value; o.effective = o.effective; o.component = o.component
            o.referenceRange = o.referenceRange; o.subject = o.subject; o.category = o.category
            if o.status != nil { o.status = o.status }
            o.component = o.component.map { var c = $0; c.value = c.value; c.code = c.code; return c }
            return o.resource
        }
        if var e = resource.as(FHIR.Encounter.self) {
            e.class = e.class; e.period = e.period; e.subject = e.subject; e.type = e.type
            if e.status != nil { e.status = e.status }
            return e.resource
        }
        if var b = resource.as(FHIR.Bundle.self) {
            b.entry = b.entry.map { var x = $0; x.fullUrl = x.fullUrl; x.request = x.request; x.resource = x.resource; return x }
            return b.resource
        }
        if var d = resource.as(FHIR.DiagnosticReport.self) {
            d.result = d.result; d.code = d.code; d.effective = d.effective; d.conclusionCode = d.conclusionCode
            return d.resource
        }
        if var c = resource.as(FHIR.Condition.self) {
            c.clinicalStatus = c.clinicalStatus; c.onset = c.onset; c.code = c.code
            return c.resource
        }
        return resource
    }

    @Test(arguments: [false, true])
    func validExamplesHaveNoErrors(withSchema: Bool) throws {
        let validator = FHIR.Validator(schema: withSchema ? try Self.schema() : nil)
        var failures: [String] = []
        for file in try Self.validExamples() where !file.path.contains("FHIR-Converter") {
            let outcome = validator.validate(bytes: [UInt8](try Data(contentsOf: file)), file: file.lastPathComponent)
            for issue in outcome.issue where issue.severity == .error || issue.severity == .fatal {
                failures.append("\(file.lastPathComponent): \(issue)")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) errors on valid examples:\n\(failures.prefix(40).joined(separator: "\n"))")
    }

    @Test(arguments: [false, true])
    func agreesWithTheHL7ValidatorSuite(withSchema: Bool) throws {
        let cases = try Self.validatorCases()
        #expect(cases.count == 34)
        let schema = withSchema ? try Self.schema() : nil
        var checked = 0
        for test in cases {
            let outcome = FHIR.Validator(schema: schema, securityChecks: test.name.hasPrefix("pat-security"))
                .validate(bytes: [UInt8](try Data(contentsOf: test.file)), file: test.file.lastPathComponent)
            let errors = outcome.issue.filter { $0.severity == .error || $0.severity == .fatal }
            if let reason = Self.outOfScope[test.name], !(withSchema && Self.needsSchema.contains(test.name)) {
                // Documented limitation; record what gx says so a change is noticed.
                print("out of scope: \(test.name) (\(reason)): gx \(errors.count) errors, HL7 validator \(test.expectedErrors)")
                continue
            }
            checked += 1
            let agrees = (errors.count > 0) == (test.expectedErrors > 0)
            #expect(agrees, "\(test.name): HL7 validator expects \(test.expectedErrors) errors, gx found \(errors.count): \(errors)")
            print("\(withSchema ? "[schema] " : "")\(agrees ? "agrees" : "DISAGREES"): \(test.name): HL7 validator \(test.expectedErrors) errors, gx \(errors.count)\(errors.first.map { " (\($0))" } ?? "")")
        }
        #expect(checked == (withSchema ? 32 : 28))
    }

    @Test func definitionsAgreeWithTheOfficialJSONSchema() throws {
        let url = try Self.sharedData().appendingPathComponent("fhir-schema/schema.json")
        let schema = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        let definitions = schema["definitions"] as! [String: [String: Any]]
        var problems: [String] = []
        func compare(_ type: FHIR.Definitions.TypeDefinition, schemaName: String) {
            guard let properties = definitions[schemaName]?["properties"] as? [String: [String: Any]] else {
                problems.append("\(schemaName): not in the schema"); return
            }
            var schemaNames = Set(properties.keys.filter { !$0.hasPrefix("_") && $0 != "resourceType" })
            for element in type.elements {
                let names = element.isChoice
                    ? element.types.map { element.name + FHIR.Definitions.suffix(forType: $0) }
                    : [element.name]
                for name in names where !(element.types == ["*"]) {
                    guard let property = properties[name] else { problems.append("\(type.name).\(name): not in the schema"); continue }
                    schemaNames.remove(name)
                    let isArray = property["type"] as? String == "array"
                    if isArray != (element.max > 1) { problems.append("\(type.name).\(name): array-ness differs") }
                    if let children = element.children {
                        let ref = ((isArray ? property["items"] as? [String: Any] : property)?["$ref"] as? String) ?? ""
                        compare(children, schemaName: String(ref.split(separator: "/").last ?? ""))
                    }
                }
            }
            if type.elements.contains(where: { $0.types == ["*"] }) { schemaNames = schemaNames.filter { !$0.hasPrefix("value") } }
            for missing in schemaNames.sorted() { problems.append("\(type.name).\(missing): in the schema, not in gx's definitions") }
        }
        let mapping = (schema["discriminator"] as! [String: Any])["mapping"] as! [String: String]
        #expect(Set(mapping.keys) == FHIR.resourceTypes)
        let shared = FHIR.Definitions.shared
        for name in FHIR.Definitions.modelledResourceTypes + ["Identifier", "HumanName", "Address", "ContactPoint", "Coding",
                                                               "CodeableConcept", "Quantity", "Period", "Range", "Ratio",
                                                               "Reference", "Attachment", "Annotation", "Meta", "Narrative",
                                                               "Signature", "Extension"] {
            guard let type = shared.type(name) else { problems.append("\(name): no definition"); continue }
            compare(type, schemaName: name)
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    /// Random byte mutations of the real examples (SplitMix64, fixed seed) never crash the parser or the validator,
    /// and whatever still parses round-trips.
    @Test func mutationsOfRealExamplesNeverCrash() throws {
        var random = SplitMix64(seed: 42)
        func next() -> UInt64 { random.next() }
        let files = try Self.validExamples().filter { (try? Data(contentsOf: $0).count) ?? 0 < 20_000 }
        let structural = Array(#"{}[],:"\-0.eE_"#.utf8) + [0x00, 0xFF, 0xC3]
        let validator = FHIR.Validator(schema: try Self.schema())
        var parsed = 0
        for (n, file) in files.enumerated() {
            let original = [UInt8](try Data(contentsOf: file))
            for _ in 0..<40 {
                var bytes = original
                for _ in 0..<(1 + Int(next() % 3)) {
                    let i = Int(next() % UInt64(bytes.count))
                    switch next() % 4 {
                    case 0: bytes[i] = structural[Int(next() % UInt64(structural.count))]
                    case 1: bytes.remove(at: i)
                    case 2: bytes.insert(structural[Int(next() % UInt64(structural.count))], at: i)
                    default: bytes.replaceSubrange(i..<min(bytes.count, i + 3), with: Array(#""x""#.utf8))
                    }
                    if bytes.isEmpty { bytes = [0x7B] }
                }
                if let value = try? FHIR.JSON.parse(bytes) {
                    parsed += 1
                    #expect(try FHIR.JSON.parse(value.serializedBytes()) == value, "\(file.lastPathComponent) mutation \(n)")
                }
                _ = validator.validate(bytes: bytes)
            }
        }
        #expect(parsed > 50)
    }
}

/// The import writer's templates (made on reader threads) against the object tree, on every real example.
@Suite("FHIR store templates")
struct ResourceTemplateConformanceTests {
    @Test func everyExampleAndBundleEntryRendersAsTheObjectTreeDoes() throws {
        var resources: [FHIR.JSON.Object] = []
        for file in try FHIRConformanceTests.validExamples() {
            guard let object = try FHIR.JSON.parse([UInt8](Data(contentsOf: file))).objectValue, object["resourceType"] != nil else { continue }
            resources.append(object)
            for entry in object["entry"]?.arrayValue ?? [] {
                if let resource = entry.objectValue?["resource"]?.objectValue { resources.append(resource) }
            }
        }
        #expect(resources.count > 300)
        var compared = 0, withReferences = 0
        for resource in resources {
            guard let template = ResourceTemplate(resource) else {
                var inMeta = false
                ResourceIndexer.forEachReference(resource["meta"] ?? .null) { _ in inMeta = true }
                #expect(inMeta, "a template is declined only for a reference in meta")
                continue
            }
            // Every reference resolved to a store-like reference (as the importer does), or kept.
            let resolve: (String) -> String? = { $0.hasPrefix("#") ? nil : "Patient/" + String($0.utf8.count) }
            var tree = FHIR.JSON.object(resource)
            StoredJSON.rewriteReferences(&tree) { resolve($0) }
            let rewritten = tree.objectValue!
            let expected = try StoredJSON.write(rewritten, type: "T", id: "id-1").render(2, "2026-12-01T00:00:00.000Z")
            let resolved = template.references.map { resolve($0.value) ?? $0.value }
            let rendered = template.render(id: "id-1", version: 2, lastUpdated: "2026-12-01T00:00:00.000Z", references: resolved)
            #expect(rendered == expected, "\(resource.string("resourceType") ?? "?")/\(resource.string("id") ?? "?")")
            #expect(template.referenceEntries(resolved) == ResourceIndexer.referenceEntries(for: rewritten))
            compared += 1
            if !template.references.isEmpty { withReferences += 1 }
        }
        #expect(withReferences > 100)
        print("templates compared: \(compared) resources, \(withReferences) with references")
    }
}
