import Foundation
import Testing
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
