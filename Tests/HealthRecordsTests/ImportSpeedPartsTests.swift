import Foundation
import Testing
import TestSupport
@testable import HealthRecords

/// The pieces the import's speed rests on, checked for what they must still do correctly.
@Suite struct ImportSpeedPartsTests {
    @Test func timeOrderedIDsAreVersion7UUIDsThatIncrease() {
        let ids = (0..<20_000).map { _ in TimeOrderedID.make() }
        #expect(Set(ids).count == ids.count)
        #expect(ids == ids.sorted(), "ids made later must sort later")
        for id in ids.prefix(100) {
            #expect(UUID(uuidString: id) != nil, "\(id) is not a UUID")
            let hex = Array(id.utf8)
            #expect(id == id.lowercased() && id.count == 36)
            #expect(hex[14] == UInt8(ascii: "7"), "version nibble of \(id)")
            #expect([UInt8(ascii: "8"), UInt8(ascii: "9"), UInt8(ascii: "a"), UInt8(ascii: "b")].contains(hex[19]), "variant of \(id)")
        }
        // The first 48 bits are the time in milliseconds.
        let milliseconds = UInt64(ids[0].replacingOccurrences(of: "-", with: "").prefix(12), radix: 16)!
        let now = UInt64(Date().timeIntervalSince1970 * 1000)
        #expect(milliseconds <= now && now - milliseconds < 60_000)
    }

    @Test func uuidTextMatchesFoundation() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let uuid = UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                                   bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
            #expect(UUIDText.lowercase(bytes) == uuid.uuidString.lowercased())
        }
    }

    @Test(arguments: [
        ("Patient/p1", "Patient", "p1"), ("Observation/a.b-9/_history/3", "Observation", "a.b-9"),
        ("Patient/0123456789012345678901234567890123456789012345678901234567890123", "Patient",
         "0123456789012345678901234567890123456789012345678901234567890123"),
    ])
    func relativeReferencesSplit(reference: String, type: String, id: String) throws {
        let split = try #require(ResourceIndexer.relativeReference(reference))
        #expect(split.type == type && split.id == id)
    }

    @Test(arguments: ["patient/p1", "Patient/", "Patient", "/p1", "Patient/p 1", "Patient/p1/x", "Patient/p1/_history",
                      "Patient/p1/_history/1/2", "Patient/p_1", "Pa1ient/p1", "urn:uuid:0e0e", "http://x.org/Patient/p1",
                      "Patient/01234567890123456789012345678901234567890123456789012345678901234", "Patiënt/p1", "Patient/pé"])
    func otherStringsAreNotRelativeReferences(reference: String) {
        #expect(ResourceIndexer.relativeReference(reference) == nil, "\(reference)")
    }

    @Test func nameNormalisationFastPathEqualsTheGeneralOne() {
        let names = ["Wang Xiao-Ming", "彭红玉", "O'Neil", "  LI\tna ", "张 San", "zhang-SAN", "MacDonald", "李\n四"]
        for name in names {
            let general = String(name.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
                .unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) && $0 != "-" && $0 != "'" }.map(Character.init))
            #expect(SearchIndexEntry.normalize(name) == general, "\(name)")
        }
        #expect(SearchIndexEntry.normalize("José Müller") == "josemuller")
    }

    @Test func percentEncodingEqualsFoundations() {
        var generator = SplitMix64(seed: 11)
        let alphabet: [Character] = ["a", "Z", "0", " ", "&", "=", "+", "#", "%", "|", "^", "/", "?", ":", "@", "~", ".", "-", "_", "!",
                                     "$", "'", "(", ")", "*", ",", ";", "[", "]", "\"", "<", "\u{7F}", "\u{1}", "张", "é", "😀"]
        let samples = ["HOSP", "urn:oid:2.16.840.1.113883", "ID|12 34", "深圳市人民医院", "a&b=c+d#e"]
            + (0..<500).map { _ in String((0..<Int(generator.next() % 12)).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }) }
        var query = CharacterSet.urlQueryAllowed
        query.remove(charactersIn: "&=+#")
        let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        for text in samples {
            #expect(HL7v2FHIRMapper.Context.queryEscape(text) == text.addingPercentEncoding(withAllowedCharacters: query), "\(text)")
            #expect(HL7v2DataTypes.localSystem(text) == "urn:gx:hl7v2:" + text.addingPercentEncoding(withAllowedCharacters: unreserved)!, "\(text)")
        }
    }

    @Test func whitespaceTrimmingEqualsFoundations() {
        let samples = ["", " ", "\t", "a", " a ", "\tab c\t", "  张三  ", "\u{3000}李四\u{3000}", "\u{00A0}x\u{00A0}", "\u{2003}y",
                       "x\n", "\r\nx\r\n", "\u{85}z\u{85}", "\u{2028}w\u{2029}", "\u{200B}v\u{200B}", "é ", " e\u{301}", "\u{FEFF}u",
                       "a \u{3000} b", "\n\t \u{3000}", "MSH", " UNICODE UTF-8 "]
        var generator = SplitMix64(seed: 7)
        let alphabet: [Character] = [" ", "\t", "\n", "\r", "\u{3000}", "\u{A0}", "\u{85}", "\u{2028}", "a", "张", "é", "\u{B}", "\u{C}"]
        let random = (0..<500).map { _ in String((0..<Int(generator.next() % 6)).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }) }
        for text in samples + random {
            #expect(text.trimmingWhitespace() == text.trimmingCharacters(in: .whitespaces), "\(Array(text.unicodeScalars))")
            #expect(text.trimmingWhitespaceAndNewlines() == text.trimmingCharacters(in: .whitespacesAndNewlines), "\(Array(text.unicodeScalars))")
            let sub = Substring(text)
            #expect(sub.trimmingWhitespace() == sub.trimmingCharacters(in: .whitespaces))
        }
    }

    /// Resources with references in every shape the writer meets: nested, in arrays, in `contained` (left alone),
    /// a `reference` member of the resource itself (rewritten, not indexed), escaped text, an incoming `meta`.
    static let templateResources: [String] = [
        #"{"resourceType":"Encounter","status":"finished","subject":{"reference":"urn:uuid:p"},"participant":[{"individual":{"reference":"Practitioner/d1","display":"Dr \"Li\""}}],"location":[{"location":{"display":"CLINIC"}}]}"#,
        #"{"resourceType":"Provenance","target":[{"reference":"urn:uuid:p"},{"reference":"urn:uuid:e"}],"recorded":"2025-01-14T08:45:00+08:00","agent":[{"who":{"display":"HIS"}}]}"#,
        ##"{"resourceType":"Observation","id":"src-1","meta":{"versionId":"9","profile":["http://x.org/p"],"lastUpdated":"2020-01-01T00:00:00Z"},"contained":[{"resourceType":"Specimen","id":"s","subject":{"reference":"urn:uuid:p"}}],"status":"final","code":{"coding":[{"system":"http://loinc.org","code":"1-8"}]},"subject":{"reference":"urn:uuid:p"},"specimen":{"reference":"#s"},"hasMember":[{"reference":"Observation/o2"},{"reference":"http://other.org/fhir/Observation/9"}],"note":[{"text":"line\nbreak\ttab \u0001"}]}"##,
        #"{"resourceType":"Patient","name":[{"family":"张","given":["三"]}],"generalPractitioner":[{"reference":"urn:uuid:d"}],"reference":"urn:uuid:p"}"#,
        #"{"resourceType":"Basic","id":"b"}"#,
        #"{"resourceType":"Basic","meta":{"tag":[{"code":"t"}]}}"#,
    ]

    @Test(arguments: templateResources)
    func templatesRenderWhatTheObjectTreeRenders(text: String) throws {
        let resource = try #require(try FHIR.JSON.parse(Array(text.utf8)).objectValue)
        let template = try #require(ResourceTemplate(resource))
        let resolve: (String) -> String? = { $0.hasPrefix("urn:uuid:") ? "Patient/0192-" + $0.dropFirst(9) : nil }
        var tree = FHIR.JSON.object(resource)
        StoredJSON.rewriteReferences(&tree) { resolve($0) }
        let rewritten = try #require(tree.objectValue)
        let expected = try StoredJSON.write(rewritten, type: "T", id: "new-id").render(3, "2026-12-01T00:00:00.000Z")
        let resolved = template.references.map { resolve($0.value) ?? $0.value }
        let rendered = template.render(id: "new-id", version: 3, lastUpdated: "2026-12-01T00:00:00.000Z", references: resolved)
        #expect(String(decoding: rendered, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
        #expect(template.referenceEntries(resolved) == ResourceIndexer.referenceEntries(for: rewritten))
        var given: [String] = []
        StoredJSON.rewriteReferences(&tree) { given.append($0); return nil }
        #expect(template.references.count == given.count, "one open reference per reference the tree rewrites")
    }

    @Test func aMetaHoldingAReferenceIsLeftToTheObjectTree() throws {
        let resource = try #require(try FHIR.JSON.parse(Array(#"{"resourceType":"Basic","meta":{"source":{"reference":"Device/x"}}}"#.utf8)).objectValue)
        #expect(ResourceTemplate(resource) == nil)
    }

    @Test func transportEntriesAreLeftOutWithTheReferencesToThem() throws {
        let bundle = try FHIR.JSON.parse(Array(#"""
            {"resourceType":"Bundle","type":"message","entry":[
             {"fullUrl":"urn:uuid:h","resource":{"resourceType":"MessageHeader","eventCoding":{"code":"A01"}}},
             {"fullUrl":"urn:uuid:p","resource":{"resourceType":"Patient","name":[{"family":"Li"}]}},
             {"fullUrl":"urn:uuid:v","resource":{"resourceType":"Provenance","target":[{"reference":"urn:uuid:h"},{"reference":"urn:uuid:p"}]}}]}
            """#.utf8))
        let excluded = try MappedInput(scope: "s", resourceOrBundle: bundle, excludingTypes: ["MessageHeader"])
        let removedLater = try MappedInput(scope: "s", resourceOrBundle: bundle).removingEntries(ofTypes: ["MessageHeader"])
        for mapped in [excluded, removedLater] {
            #expect(mapped.entries.map(\.type) == ["Patient", "Provenance"])
            let provenance = mapped.entries[1]
            #expect(provenance.references == ["urn:uuid:p"])
            #expect(provenance.template?.references.map(\.value) == ["urn:uuid:p"])
            #expect(FHIR.JSON.object(provenance.resource).serialized() == #"{"resourceType":"Provenance","target":[{"reference":"urn:uuid:p"}]}"#)
        }
    }

    @Test func lookaheadMapDeliversEveryItemInOrder() {
        for workers in [1, 2, 5] {
            let items = Array(LookaheadMap(count: 10_001, workers: workers, blockSize: 7, lookahead: 3) { $0 * 3 })
            #expect(items == (0..<10_001).map { $0 * 3 })
        }
        #expect(Array(LookaheadMap(count: 0, workers: 2) { $0 }).isEmpty)
    }

    @Test func abandonedLookaheadMapStopsItsWorkers() async throws {
        let computed = Counter()
        do {
            let iterator = LookaheadMap(count: 1_000_000, workers: 2, blockSize: 10, lookahead: 4) { i -> Int in
                computed.increment(); return i
            }.makeIterator()
            #expect(iterator.next() == 0)
            #expect(iterator.next() == 1)
        }
        try await Task.sleep(nanoseconds: 200_000_000)
        let settled = computed.value
        try await Task.sleep(nanoseconds: 200_000_000)
        #expect(computed.value == settled, "workers went on after the iterator was gone")
        #expect(settled <= 10 * (4 + 2 + 1), "workers ran \(settled) items ahead, more than the lookahead allows")
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func increment() { lock.lock(); count += 1; lock.unlock() }
        var value: Int { lock.lock(); defer { lock.unlock() }; return count }
    }
}
