import Foundation
import Testing
import TestSupport

@Suite("gxtool records validate")
struct RecordsValidateCommandTests {
    func write(_ files: [String: String]) throws -> URL {
        let dir = try TestPaths.temporaryDirectory("gx-validate")
        for (name, text) in files { try Data(text.utf8).write(to: dir.appendingPathComponent(name)) }
        return dir
    }

    @Test func validFilesExitZero() throws {
        let dir = try write([
            "p.json": #"{"resourceType":"Patient","id":"p1","gender":"female","birthDate":"1990-01-02"}"#,
            "o.ndjson": #"{"resourceType":"Observation","status":"final","code":{"text":"x"},"valueQuantity":{"value":1.50}}"# + "\n\n"
                + #"{"resourceType":"Encounter","status":"finished","class":{"code":"AMB"}}"# + "\n",
        ])
        let out = dir.appendingPathComponent("out")
        let result = try runProcess(TestPaths.gxtoolExecutable, ["records", "validate", "--write-to", out.path,
                                                                 dir.appendingPathComponent("p.json").path,
                                                                 dir.appendingPathComponent("o.ndjson").path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("3 resources checked: 0 errors"))
        // The rewritten NDJSON keeps the decimal's precision.
        let rewritten = try String(contentsOf: out.appendingPathComponent("o.ndjson"), encoding: .utf8)
        #expect(rewritten.contains(#""value":1.50"#))
    }

    @Test func errorsArePrintedWithFileLineAndElementAndExitOne() throws {
        let dir = try write([
            "bad.ndjson": #"{"resourceType":"Patient","id":"p1","gender":"F"}"# + "\n" + #"{"resourceType":"Patient","#,
        ])
        let file = dir.appendingPathComponent("bad.ndjson").path
        let result = try runProcess(TestPaths.gxtoolExecutable, ["records", "validate", file])
        #expect(result.status == 1)
        #expect(result.stdout.contains("\(file):1: Patient/p1 error Patient.gender:"))
        #expect(result.stdout.contains("\(file):2: fatal: invalid JSON"))
        #expect(result.stderr.contains("2 resources checked: 2 errors"))
    }

    @Test func jsonOutputIsAnOperationOutcome() throws {
        let dir = try write(["e.json": #"{"resourceType":"Encounter","status":"done"}"#])
        let result = try runProcess(TestPaths.gxtoolExecutable, ["records", "validate", "--format", "json", dir.appendingPathComponent("e.json").path])
        #expect(result.status == 1)
        let outcome = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        #expect(outcome["resourceType"] as? String == "OperationOutcome")
        let expressions = (outcome["issue"] as! [[String: Any]]).compactMap { ($0["expression"] as? [String])?.first }
        #expect(Set(expressions) == ["Encounter.status", "Encounter.class"])
    }

    @Test func rewriteToStandardOutputIsNDJSON() throws {
        let dir = try write(["a.json": "{\n  \"resourceType\": \"Observation\",\n  \"status\": \"final\", \"code\": {\"text\": \"x\"},\n  \"valueQuantity\": {\"value\": 0.0500}\n}"])
        let result = try runProcess(TestPaths.gxtoolExecutable, ["records", "validate", "--write-to", "-", dir.appendingPathComponent("a.json").path])
        #expect(result.status == 0)
        #expect(result.stdout == #"{"resourceType":"Observation","status":"final","code":{"text":"x"},"valueQuantity":{"value":0.0500}}"# + "\n")
        #expect(result.stderr.contains("1 resource checked: 0 errors"))
    }

    @Test func missingFileIsAnError() throws {
        let result = try runProcess(TestPaths.gxtoolExecutable, ["records", "validate", "/nonexistent/x.json"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("/nonexistent/x.json: fatal: cannot read the file"))
    }
}
