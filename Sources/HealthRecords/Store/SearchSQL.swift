import GRDB

/// Translates one search criterion value into an SQL condition over `search_index`.
enum SearchSQL {
    static let tokenParameters: Set<String> = ["identifier", "gender", "code", "status"]
    static let phoneParameters: Set<String> = ["phone", "telecom"]
    static let stringParameters: Set<String> = ["name", "family", "given", "address"]
    static let dateParameters: Set<String> = ["birthdate", "date"]
    static let referenceParameters: Set<String> = ["subject", "patient"]

    static func clause(parameter: String, value: String) throws -> (String, [any DatabaseValueConvertible]) {
        // `s.kind` terms match the partial indexes' conditions (SQLiteSchema v2), so SQLite can use them.
        let owner = "r.number IN (SELECT s.resource FROM search_index s WHERE s.kind != 'reference' AND s.parameter = ?"
        let referenceOwner = "r.number IN (SELECT s.resource FROM search_index s WHERE s.kind = 'reference' AND s.parameter = ?"
        if parameter == "_id" { return ("r.id = ?", [value]) }
        if tokenParameters.contains(parameter) {
            if let bar = value.firstIndex(of: "|") {
                let system = String(value[..<bar]), code = String(value[value.index(after: bar)...])
                return (owner + " AND s.value = ? AND s.system = ?)", [parameter, code, system])
            }
            return (owner + " AND s.value = ?)", [parameter, value])
        }
        if phoneParameters.contains(parameter) {
            return (owner + " AND s.value = ?)", ["phone", PhoneNumber.normalize(value)])
        }
        if stringParameters.contains(parameter) {
            let normalized = SearchIndexEntry.normalize(value)
            guard !normalized.isEmpty else { throw HealthRecordsError(.invalidArgument, "empty \(parameter) search value") }
            if parameter == "name" {
                // FHIR's `name` matches any part of a HumanName: whole names are indexed as `name`, parts as
                // `family` and `given` (ResourceIndexer).
                let anyPart = "r.number IN (SELECT s.resource FROM search_index s WHERE s.kind != 'reference' AND s.parameter IN ('name', 'family', 'given')"
                return (anyPart + " AND s.value >= ? AND s.value < ?)", [normalized, normalized + "\u{10FFFF}"])
            }
            return (owner + " AND s.value >= ? AND s.value < ?)", [parameter, normalized, normalized + "\u{10FFFF}"])
        }
        if dateParameters.contains(parameter) {
            var text = value
            var comparison = "eq"
            for prefix in ["eq", "ne", "gt", "lt", "ge", "le"] where text.hasPrefix(prefix) {
                comparison = prefix; text.removeFirst(2)
            }
            guard text.count >= 4, text.prefix(4).allSatisfy(\.isNumber) else {
                throw HealthRecordsError(.invalidArgument, "\(parameter) needs a date like 1980, 1980-05 or 1980-05-17")
            }
            switch comparison {
            case "eq": return (owner + " AND s.value >= ? AND s.value < ?)", [parameter, text, text + "\u{10FFFF}"])
            case "ne": return ("NOT " + owner + " AND s.value >= ? AND s.value < ?)", [parameter, text, text + "\u{10FFFF}"])
            case "gt": return (owner + " AND s.value >= ?)", [parameter, text + "\u{10FFFF}"])
            case "ge": return (owner + " AND s.value >= ?)", [parameter, text])
            case "lt": return (owner + " AND s.value < ?)", [parameter, text])
            default: return (owner + " AND s.value < ?)", [parameter, text + "\u{10FFFF}"])
            }
        }
        if referenceParameters.contains(parameter) {
            let parts = value.split(separator: "/")
            let target = parts.count >= 2 ? String(parts[parts.count - 1]) : value
            let targetType = parts.count >= 2 ? String(parts[parts.count - 2]) : "Patient"
            return (referenceOwner + " AND s.value = ? AND s.system = ?)", [parameter == "patient" ? "subject" : parameter, target, targetType])
        }
        throw HealthRecordsError(.invalidArgument, "unsupported search parameter '\(parameter)'")
    }
}

/// Phone number normalization shared by indexing, search and matching.
public enum PhoneNumber {
    /// Keeps the digits; drops a leading China country code (`+86`, `0086`).
    public static func normalize(_ text: String) -> String {
        var digits = String(text.unicodeScalars.filter { $0.value >= 48 && $0.value <= 57 }.map(Character.init))
        if digits.hasPrefix("0086") { digits.removeFirst(4) } else if digits.hasPrefix("86") && digits.count == 13 { digits.removeFirst(2) }
        return digits
    }
}
