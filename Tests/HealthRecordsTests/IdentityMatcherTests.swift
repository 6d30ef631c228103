import Testing
@testable import HealthRecords

@Suite struct IdentityMatcherTests {
    func record(_ name: String, _ pinyin: String, _ birth: String, _ sex: String = "male", phone: String = "",
                division: String = "", rid: String = "", id: String = "") -> PatientIndexRecord {
        PatientIndexRecord(patientID: id, name: name, namePinyin: pinyin, birthDate: birth, sex: sex, phone: phone,
                           division: division, residentID: rid)
    }

    @Test func comparisonLevels() {
        let a = record("张伟", "zhangwei", "1980-05-17", phone: "13800138000", division: "440305")
        #expect(MatchComparison.name.level(a, record("张伟", "zhangwei", "1980-05-17")) == 3)
        #expect(MatchComparison.name.level(a, record("张玮", "zhangwei", "1980-05-17")) == 2)  // homophone
        #expect(MatchComparison.name.level(a, record("zhangwei", "zhangwei", "1980-05-17")) == 2)  // romanized
        #expect(MatchComparison.name.level(a, record("章伟", "zhangwie", "1980-05-17")) == 1)
        #expect(MatchComparison.name.level(a, record("李娜", "lina", "1980-05-17")) == 0)
        #expect(MatchComparison.birthDate.level(a, record("", "", "1980-17-05")) == 0)
        #expect(MatchComparison.birthDate.level(a, record("", "", "1980-05-18")) == 1)
        #expect(MatchComparison.birthDate.level(record("", "", "1980-03-04"), record("", "", "1980-04-03")) == 1)
        #expect(MatchComparison.division.level(a, record("", "", "", division: "440303")) == 1)
        #expect(MatchComparison.phone.level(a, record("", "", "")) == nil)
    }

    @Test func jaroWinklerKnownValues() {
        #expect(abs(StringSimilarity.jaroWinkler("martha", "marhta") - 0.9611) < 0.001)
        #expect(abs(StringSimilarity.jaroWinkler("dixon", "dicksonx") - 0.8133) < 0.001)
        #expect(StringSimilarity.jaroWinkler("abc", "abc") == 1)
        #expect(StringSimilarity.jaroWinkler("abc", "xyz") == 0)
    }

    @Test func decisionsFollowThresholds() {
        var index = PatientIndex()
        index.add(record("张伟", "zhangwei", "1980-05-17", phone: "13800138000", division: "440305", id: "p1"))
        index.add(record("张伟", "zhangwei", "1975-02-02", phone: "13900000000", division: "110101", id: "p2"))
        index.link(system: "urn:mrn", value: "M1", to: "p1")
        // Same-system identifier: deterministic.
        #expect(index.match(record("x", "x", "2000-01-01"), identifiers: [("urn:mrn", "M1")]) == .identifier(patientID: "p1"))
        // Homophone + same birth date, sex, phone, division: linked.
        let linked = index.match(record("张玮", "zhangwei", "1980-05-17", phone: "13800138000", division: "440305"), identifiers: [])
        #expect(linked.matchedPatientID == "p1")
        // Same common name, different birth date, phone and division: a new person.
        #expect(index.match(record("张伟", "zhangwei", "1990-09-09", phone: "13700000000", division: "310101"), identifiers: []) == .new)
        // Same name, birth date one day off, nothing else known: uncertain.
        if case .review(let candidate, _) = index.match(record("张伟", "zhangwei", "1980-05-18", "", division: ""), identifiers: []) {
            #expect(candidate == "p1")
        } else {
            Issue.record("expected a review decision")
        }
        // Different valid resident IDs are different people even with everything else equal.
        var withIDs = PatientIndex()
        withIDs.add(record("王芳", "wangfang", "1990-01-01", "female", rid: "110105199001010028", id: "q1"))
        #expect(withIDs.match(record("王芳", "wangfang", "1990-01-01", "female", rid: "110105199001010044"), identifiers: []) == .new)
    }

    @Test func expectationMaximizationSeparatesMatchesFromNonMatches() {
        // 200 persons seen twice (second copy with small noise) plus shared-surname strangers.
        var records: [PatientIndexRecord] = []
        var generator = SystemRandomNumberGenerator()
        let surnames = [("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu")]
        let given = [("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"), ("强", "qiang")]
        for i in 0..<200 {
            let s = surnames[i % 4], g = given[(i / 4) % 6], g2 = given[(i / 24) % 6]
            let birth = "19\(50 + i % 50)-0\(1 + i % 9)-1\(i % 10)"
            let phone = "139\(String(format: "%08d", i))"
            let a = record(s.0 + g.0 + g2.0, s.1 + g.1 + g2.1, birth, i % 2 == 0 ? "male" : "female", phone: phone, division: "4403\(10 + i % 9)")
            var b = a
            if Int.random(in: 0..<5, using: &generator) == 0 { b.phone = "" }
            records.append(a); records.append(b)
        }
        let result = ExpectationMaximization.estimate(records: records)
        #expect(result.pairCount > 0)
        let p = result.parameters
        #expect(p.weight(.birthDate, level: 2) > 3)
        #expect(p.weight(.birthDate, level: 0) < 0)
        #expect(p.weight(.name, level: 3) > p.weight(.name, level: 0))
    }
}
