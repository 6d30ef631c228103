/// The comparisons of the Fellegi–Sunter model and their agreement levels.
///
/// Each comparison maps a pair of records to a level `0..<levelCount` (0 = disagree, the highest = exact
/// agreement) or `nil` when either side is missing the field (no evidence either way).
public enum MatchComparison: String, Sendable, CaseIterable, Hashable, Codable, CodingKeyRepresentable {
    /// Name: 0 different, 1 similar pinyin (Jaro–Winkler ≥ 0.88), 2 same pinyin (homophones, romanized
    /// sources), 3 same characters.
    case name
    /// Birth date: 0 different, 1 one of year/month/day differs or day and month swapped, 2 same.
    case birthDate
    /// Sex: 0 different, 1 same.
    case sex
    /// Phone: 0 different, 1 same (families share phones, so its weight stays moderate).
    case phone
    /// Address division: 0 different, 1 same city (first 4 digits), 2 same district.
    case division
    /// Resident ID number: 0 different valid numbers, 1 same.
    case residentID

    /// Number of agreement levels.
    public var levelCount: Int {
        switch self {
        case .name: 4
        case .birthDate, .division: 3
        case .sex, .phone, .residentID: 2
        }
    }

    /// The agreement level of a pair, or nil when a side is missing.
    public func level(_ a: PatientIndexRecord, _ b: PatientIndexRecord) -> Int? {
        switch self {
        case .name:
            guard !a.namePinyin.isEmpty, !b.namePinyin.isEmpty else { return nil }
            if a.nameIsHan && b.nameIsHan && a.name == b.name { return 3 }
            if a.namePinyin == b.namePinyin { return 2 }
            return StringSimilarity.jaroWinkler(a.namePinyin, b.namePinyin) >= 0.88 ? 1 : 0
        case .birthDate:
            guard !a.birthDate.isEmpty, !b.birthDate.isEmpty else { return nil }
            if a.birthDate == b.birthDate { return 2 }
            let pa = a.birthDate.split(separator: "-"), pb = b.birthDate.split(separator: "-")
            guard pa.count == 3, pb.count == 3 else { return 0 }
            let differing = zip(pa, pb).filter { $0 != $1 }.count
            if differing == 1 { return 1 }
            if pa[0] == pb[0] && pa[1] == pb[2] && pa[2] == pb[1], (Int(pa[1]) ?? 13) <= 12, (Int(pb[1]) ?? 13) <= 12 { return 1 }
            return 0
        case .sex:
            guard !a.sex.isEmpty, !b.sex.isEmpty else { return nil }
            return a.sex == b.sex ? 1 : 0
        case .phone:
            guard !a.phone.isEmpty, !b.phone.isEmpty else { return nil }
            return a.phone == b.phone ? 1 : 0
        case .division:
            guard !a.division.isEmpty, !b.division.isEmpty else { return nil }
            if a.division == b.division { return 2 }
            return a.division.count == 6 && b.division.count == 6 && a.division.prefix(4) == b.division.prefix(4) ? 1 : 0
        case .residentID:
            guard !a.residentID.isEmpty, !b.residentID.isEmpty else { return nil }
            return a.residentID == b.residentID ? 1 : 0
        }
    }
}

/// String similarity measures used by the comparators.
public enum StringSimilarity {
    /// Jaro–Winkler similarity in 0…1 (prefix scale 0.1, up to 4 characters), over Unicode scalars.
    public static func jaroWinkler(_ s1: String, _ s2: String) -> Double {
        let a = Array(s1.unicodeScalars), b = Array(s2.unicodeScalars)
        if a.isEmpty && b.isEmpty { return 1 }
        if a.isEmpty || b.isEmpty { return 0 }
        let window = max(0, max(a.count, b.count) / 2 - 1)
        var aMatched = [Bool](repeating: false, count: a.count), bMatched = [Bool](repeating: false, count: b.count)
        var matches = 0
        for i in 0..<a.count {
            let lo = max(0, i - window), hi = min(b.count - 1, i + window)
            if lo > hi { continue }
            for j in lo...hi where !bMatched[j] && a[i] == b[j] {
                aMatched[i] = true; bMatched[j] = true; matches += 1
                break
            }
        }
        if matches == 0 { return 0 }
        var transpositions = 0, k = 0
        for i in 0..<a.count where aMatched[i] {
            while !bMatched[k] { k += 1 }
            if a[i] != b[k] { transpositions += 1 }
            k += 1
        }
        let m = Double(matches)
        let jaro = (m / Double(a.count) + m / Double(b.count) + (m - Double(transpositions / 2)) / m) / 3
        var prefix = 0
        while prefix < min(4, a.count, b.count) && a[prefix] == b[prefix] { prefix += 1 }
        return jaro + Double(prefix) * 0.1 * (1 - jaro)
    }
}
