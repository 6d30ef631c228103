import Foundation

/// A small JSON emitter for resources the library builds itself (Genomics reports, AuditEvents): output only,
/// keys in the order given, decimals kept as written.
enum JSONEmitter: Sendable {
    case object([(String, JSONEmitter)])
    case array([JSONEmitter])
    case string(String)
    case number(String)
    case bool(Bool)

    static func coding(_ system: String, _ code: String, _ display: String? = nil) -> JSONEmitter {
        var fields: [(String, JSONEmitter)] = [("system", .string(system)), ("code", .string(code))]
        if let display { fields.append(("display", .string(display))) }
        return .object(fields)
    }

    static func concept(_ codings: [JSONEmitter], text: String? = nil) -> JSONEmitter {
        var fields: [(String, JSONEmitter)] = []
        if !codings.isEmpty { fields.append(("coding", .array(codings))) }
        if let text { fields.append(("text", .string(text))) }
        return .object(fields)
    }

    static func loinc(_ code: String, _ display: String? = nil) -> JSONEmitter {
        concept([coding("http://loinc.org", code, display)])
    }

    static func decimal(_ value: Double, digits: Int = 4) -> JSONEmitter {
        var text = String(format: "%.\(digits)f", value)
        while text.contains(".") && (text.hasSuffix("0") || text.hasSuffix(".")) { text.removeLast() }
        return .number(text == "-0" ? "0" : text)
    }

    func encoded() -> Data {
        var out = ""
        write(into: &out)
        return Data(out.utf8)
    }

    private func write(into out: inout String) {
        switch self {
        case .object(let fields):
            out += "{"
            for (i, (key, value)) in fields.enumerated() {
                if i > 0 { out += "," }
                Self.writeString(key, into: &out); out += ":"; value.write(into: &out)
            }
            out += "}"
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.write(into: &out)
            }
            out += "]"
        case .string(let text): Self.writeString(text, into: &out)
        case .number(let text): out += text
        case .bool(let value): out += value ? "true" : "false"
        }
    }

    private static func writeString(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        out += "\""
    }
}

extension JSONEmitter {
    /// The same object with `meta.versionId` and `meta.lastUpdated` set (placed after `id`, merged into an existing `meta`).
    func withMeta(versionId: Int, lastUpdated: String) -> JSONEmitter {
        guard case .object(var fields) = self else { return self }
        let stamp: [(String, JSONEmitter)] = [("versionId", .string(String(versionId))), ("lastUpdated", .string(lastUpdated))]
        if let index = fields.firstIndex(where: { $0.0 == "meta" }), case .object(let meta) = fields[index].1 {
            fields[index].1 = .object(stamp + meta.filter { $0.0 != "versionId" && $0.0 != "lastUpdated" })
        } else {
            let at = (fields.firstIndex(where: { $0.0 == "id" }) ?? 0) + 1
            fields.insert(("meta", .object(stamp)), at: min(at, fields.count))
        }
        return .object(fields)
    }
}

extension JSONEmitter {
    /// The value of a top-level field of an object.
    func field(_ name: String) -> JSONEmitter? {
        guard case .object(let fields) = self else { return nil }
        return fields.first { $0.0 == name }?.1
    }

    /// The string value, when this is a string.
    var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The search index entries of a built resource: subject reference, first code, effective date, identifiers.
    func searchIndex() -> [SearchIndexEntry] {
        var entries: [SearchIndexEntry] = []
        if let reference = field("subject")?.field("reference")?.stringValue {
            let parts = reference.split(separator: "/")
            if parts.count == 2 { entries.append(SearchIndexEntry(parameter: "subject", kind: .reference, system: String(parts[0]), value: String(parts[1]))) }
        }
        if case .array(let codings)? = field("code")?.field("coding") {
            for coding in codings {
                if let code = coding.field("code")?.stringValue {
                    entries.append(SearchIndexEntry(parameter: "code", kind: .token, system: coding.field("system")?.stringValue ?? "", value: code))
                }
            }
        }
        if let date = field("effectiveDateTime")?.stringValue { entries.append(SearchIndexEntry(parameter: "date", kind: .date, value: date)) }
        if case .array(let identifiers)? = field("identifier") {
            for identifier in identifiers {
                if let value = identifier.field("value")?.stringValue {
                    entries.append(SearchIndexEntry(parameter: "identifier", kind: .token, system: identifier.field("system")?.stringValue ?? "", value: value))
                }
            }
        }
        if let status = field("status")?.stringValue { entries.append(SearchIndexEntry(parameter: "status", kind: .token, value: status)) }
        return entries
    }
}
