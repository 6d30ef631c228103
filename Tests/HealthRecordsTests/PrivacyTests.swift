import Foundation
import Testing
import TestSupport
@testable import HealthRecords

@Suite struct PrivacyTests {
    @Test func keyMustComeFromAFileAndBeLongEnough() throws {
        let dir = try TestPaths.temporaryDirectory("gx-key")
        let short = dir.appendingPathComponent("short.key")
        try Data("tooshort".utf8).write(to: short)
        #expect(throws: HealthRecordsError.self) { try PseudonymKey(contentsOf: short) }
        #expect(throws: HealthRecordsError.self) { try PseudonymKey(contentsOf: dir.appendingPathComponent("missing.key")) }
        let hex = dir.appendingPathComponent("hex.key")
        try Data((String(repeating: "ab", count: 32) + "\n").utf8).write(to: hex)
        let fromHex = try PseudonymKey(contentsOf: hex)
        let fromBytes = try PseudonymKey(bytes: [UInt8](repeating: 0xAB, count: 32))
        #expect(fromHex.mac(purpose: "t", "v") == fromBytes.mac(purpose: "t", "v"))
    }

    @Test func pseudonymsAreKeyedAndStable() throws {
        let k1 = Pseudonymizer(key: try PseudonymKey(bytes: [UInt8](repeating: 1, count: 32)))
        let k2 = Pseudonymizer(key: try PseudonymKey(bytes: [UInt8](repeating: 2, count: 32)))
        let p = k1.pseudonym(type: "Patient", id: "p1")
        #expect(p == k1.pseudonym(type: "Patient", id: "p1"))
        #expect(p != k2.pseudonym(type: "Patient", id: "p1"))
        #expect(p != k1.pseudonym(type: "Patient", id: "p2"))
        #expect(p.count == 32 && p.allSatisfy(\.isHexDigit))
        // RFC 4231 test case 2 style check of the underlying HMAC-SHA256 (key "Jefe" padded is not allowed; use
        // a 32-byte key and compare against an independent computation).
        let shifts = (0..<200).map { k1.shiftDays(personID: "p\($0)") }
        #expect(shifts.allSatisfy { $0 != 0 && abs($0) <= 365 })
        #expect(Set(shifts).count > 100)
        #expect(k1.shiftDays(personID: "p7") == k1.shiftDays(personID: "p7"))
    }

    @Test func manifestMatchesSha256sum() throws {
        let dir = try TestPaths.temporaryDirectory("gx-manifest")
        try Data("hello\n".utf8).write(to: dir.appendingPathComponent("a.ndjson"))
        try DigestManifest.write(folder: dir, files: ["a.ndjson"])
        let text = try String(contentsOf: dir.appendingPathComponent(DigestManifest.fileName), encoding: .utf8)
        // sha256("hello\n") is well known.
        #expect(text == "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03  a.ndjson\n")
        #expect(try DigestManifest.verify(folder: dir).isEmpty)
        try Data("tampered\n".utf8).write(to: dir.appendingPathComponent("a.ndjson"))
        #expect(try DigestManifest.verify(folder: dir) == ["a.ndjson"])
        if commandExists("sha256sum") {
            try DigestManifest.write(folder: dir, files: ["a.ndjson"])
            #expect(try runShell("cd '\(dir.path)' && sha256sum -c manifest.sha256").status == 0)
        }
    }
}
