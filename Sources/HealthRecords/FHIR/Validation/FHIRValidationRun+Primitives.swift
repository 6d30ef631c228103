extension ValidationRun {
    /// Checks a primitive's JSON kind and lexical format.
    mutating func validatePrimitive(_ value: JSON, type: String, path: String) {
        switch type {
        case "boolean":
            guard case .bool = value else { return wrongKind(value, "a JSON boolean", type, path) }
        case "integer", "positiveInt", "unsignedInt":
            guard case .number(let text) = value else { return wrongKind(value, "a JSON number", type, path) }
            guard let n = Int(text), n >= Int(Int32.min), n <= Int(Int32.max) else {
                return report(.error, .value, path, "'\(text)' is not a valid \(type) (a whole number within 32 bits)")
            }
            if type == "positiveInt" && n < 1 { report(.error, .value, path, "\(type) must be ≥ 1, found \(n)") }
            if type == "unsignedInt" && n < 0 { report(.error, .value, path, "\(type) must be ≥ 0, found \(n)") }
        case "decimal":
            guard case .number = value else { return wrongKind(value, "a JSON number", type, path) }
        default:
            guard case .string(let s) = value else { return wrongKind(value, "a JSON string", type, path) }
            validateString(s, type: type, path: path)
        }
    }

    mutating func wrongKind(_ value: JSON, _ expected: String, _ type: String, _ path: String) {
        if case .null = value {
            report(.error, .structure, path, "this property must be a simple value, not null")
        } else {
            report(.error, .structure, path, "a \(type) must be \(expected), not \(article(value.kindName))")
        }
    }

    mutating func validateString(_ s: String, type: String, path: String) {
        if s.isEmpty {
            report(.error, .invariant, path, "a \(type) value cannot be empty (ele-1)")
            return
        }
        switch type {
        case "string", "markdown":
            if s.allSatisfy(\.isWhitespace) { report(.warning, .value, path, "primitive types should not only be whitespace") }
            if s.utf8.count > 1_048_576 { report(.error, .value, path, "a string is limited to 1 MB") }
            checkSecurity(s, path: path)
        case "id":
            if !FHIR.Resource.isValidID(s) {
                let why = s.utf8.count > 64 ? "too long (\(s.utf8.count) characters, at most 64)" : "only A-Z a-z 0-9 '-' and '.' are allowed"
                report(.error, .value, path, "invalid id: \(why)")
            }
        case "code":
            let trimmed = s.trimmingWhitespaceAndNewlines()
            if trimmed != s || s.contains("  ") || s.contains("\n") || s.contains("\t") {
                report(.error, .value, path, "a code must not have leading, trailing or repeated whitespace")
            }
        case "uri", "url", "canonical", "oid", "uuid":
            if s.contains(where: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }) {
                report(.error, .value, path, "a \(type) must not contain whitespace")
            } else if type == "oid", !(s.hasPrefix("urn:oid:") && FHIR.Reference.isValidShape(s)) {
                report(.error, .value, path, "an oid must look like urn:oid:1.2.3")
            } else if type == "uuid", !(s.hasPrefix("urn:uuid:") && FHIR.Reference.isValidShape(s)) {
                report(.error, .value, path, "a uuid must look like urn:uuid:<uuid>")
            }
        case "date":
            if !FHIR.DateTime.isValid(s, kind: .date) {
                report(.error, .value, path, "'\(s)' is not a valid date (YYYY, YYYY-MM or YYYY-MM-DD)")
            }
        case "dateTime":
            if !FHIR.DateTime.isValid(s, kind: .dateTime) {
                report(.error, .value, path,
                       "'\(s)' is not a valid dateTime (YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm:ss[.f]+zz:zz; a time needs seconds and a time zone)")
            }
        case "instant":
            if !FHIR.DateTime.isValid(s, kind: .instant) {
                report(.error, .value, path, "'\(s)' is not a valid instant (YYYY-MM-DDThh:mm:ss[.f] with a time zone)")
            }
        case "time":
            if !ValidationRun.isValidTime(s) { report(.error, .value, path, "'\(s)' is not a valid time (hh:mm:ss[.f])") }
        case "base64Binary":
            if !ValidationRun.isValidBase64(s) { report(.error, .value, path, "the value is not valid Base64") }
        case "xhtml":
            checkNarrative(s, path: path)
        default:
            break
        }
    }

    static func isValidTime(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard b.count >= 8, b[2] == UInt8(ascii: ":"), b[5] == UInt8(ascii: ":") else { return false }
        func two(_ i: Int) -> Int? {
            guard b[i] >= 0x30, b[i] <= 0x39, b[i + 1] >= 0x30, b[i + 1] <= 0x39 else { return nil }
            return Int(b[i] - 0x30) * 10 + Int(b[i + 1] - 0x30)
        }
        guard let h = two(0), h <= 23, let m = two(3), m <= 59, let sec = two(6), sec <= 60 else { return false }
        if b.count == 8 { return true }
        guard b[8] == UInt8(ascii: "."), b.count > 9 else { return false }
        return b[9...].allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    static func isValidBase64(_ s: String) -> Bool {
        var count = 0
        var padding = 0
        for c in s.utf8 {
            switch c {
            case 0x20, 0x0A, 0x0D, 0x09: continue
            case UInt8(ascii: "="): padding += 1
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "+"), UInt8(ascii: "/"):
                if padding > 0 { return false }
            default: return false
            }
            count += 1
        }
        return padding <= 2 && count % 4 == 0
    }

    // MARK: Security and narrative

    /// HTML element names whose appearance as `<name` in a plain string suggests embedded markup.
    static let htmlTagNames: Set<String> = [
        "script", "img", "a", "iframe", "object", "embed", "form", "input", "svg", "style", "link", "meta", "body", "html",
        "div", "span", "p", "b", "i", "u", "br", "table", "applet", "base", "frame", "frameset", "video", "audio",
    ]

    mutating func checkSecurity(_ s: String, path: String) {
        guard validator.securityChecks, s.contains("<") else { return }
        var rest = Substring(s)
        while let open = rest.firstIndex(of: "<") {
            let after = rest[rest.index(after: open)...]
            let name = after.drop(while: { $0 == "/" }).prefix(while: { $0.isLetter }).lowercased()
            if ValidationRun.htmlTagNames.contains(name), after.contains(">") {
                report(.error, .security, path,
                       "the string value contains text that looks like embedded HTML tags, which are not allowed for security reasons")
                return
            }
            rest = after
        }
    }

    /// Elements allowed in a FHIR narrative (txt-1: basic HTML formatting only).
    static let narrativeElements: Set<String> = [
        "a", "abbr", "acronym", "b", "big", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "dfn",
        "div", "dl", "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "q", "samp",
        "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "tt", "ul", "var",
    ]

    /// Checks `Narrative.div`: a well-formed XHTML `div` with only basic formatting elements, no event handler
    /// attributes, no DOCTYPE/entity declarations or processing instructions (txt-1, txt-2).
    mutating func checkNarrative(_ div: String, path: String) {
        let b = Array(div.utf8)
        var i = 0
        var stack: [String] = []
        var sawRoot = false
        var text = false
        func fail(_ message: String) { report(.error, .invariant, path, "narrative XHTML: \(message)") }
        while i < b.count {
            if b[i] != UInt8(ascii: "<") {
                if b[i] > 0x20 { text = true }
                i += 1
                continue
            }
            if i + 3 < b.count, b[i + 1] == UInt8(ascii: "!"), b[i + 2] == UInt8(ascii: "-"), b[i + 3] == UInt8(ascii: "-") {
                guard let end = ValidationRun.find(b, "-->", from: i + 4) else { return fail("unterminated comment") }
                i = end + 3
                continue
            }
            if i + 1 < b.count, b[i + 1] == UInt8(ascii: "!") || b[i + 1] == UInt8(ascii: "?") {
                return fail("declarations, DOCTYPE, entities and processing instructions are not allowed")
            }
            guard let close = b[i...].firstIndex(of: UInt8(ascii: ">")) else { return fail("unterminated tag") }
            var tag = String(decoding: b[(i + 1)..<close], as: UTF8.self)
            i = close + 1
            if tag.hasPrefix("/") {
                let name = tag.dropFirst().trimmingWhitespace()
                guard let top = stack.popLast() else { return fail("unexpected closing tag </\(name)>") }
                if top != name { return fail("malformed: found </\(name)> expecting </\(top)>") }
                continue
            }
            let selfClosing = tag.hasSuffix("/")
            if selfClosing { tag.removeLast() }
            let name = String(tag.prefix(while: { !$0.isWhitespace }))
            let attributes = tag.dropFirst(name.count)
            if !sawRoot {
                guard name == "div" else { return fail("the narrative must be a <div> element") }
                if !attributes.contains("http://www.w3.org/1999/xhtml") {
                    fail("the <div> must declare the XHTML namespace xmlns=\"http://www.w3.org/1999/xhtml\"")
                }
                sawRoot = true
            } else if stack.isEmpty {
                return fail("content after the closing </div>")
            }
            let localName = name.split(separator: ":").last.map(String.init) ?? name
            if !ValidationRun.narrativeElements.contains(localName.lowercased()) {
                fail("element '\(name)' is not allowed (only basic HTML formatting elements, txt-1)")
            }
            if ValidationRun.hasEventAttribute(attributes) {
                fail("event handler attributes (on…) are not allowed (txt-1)")
            }
            if !selfClosing { stack.append(name) }
        }
        if !sawRoot { return fail("the narrative must be a <div> element") }
        if let open = stack.last { return fail("malformed: missing </\(open)>") }
        _ = text
    }

    static func hasEventAttribute(_ attributes: Substring) -> Bool {
        var previous: Character = " "
        var i = attributes.startIndex
        while i < attributes.endIndex {
            let c = attributes[i]
            if previous.isWhitespace, c == "o" || c == "O" {
                let rest = attributes[i...]
                if rest.count > 2, rest.dropFirst().first.map({ $0 == "n" || $0 == "N" }) == true,
                   let eq = rest.firstIndex(of: "="), rest[..<eq].allSatisfy({ $0.isLetter }) {
                    return true
                }
            }
            previous = c
            i = attributes.index(after: i)
        }
        return false
    }

    static func find(_ b: [UInt8], _ needle: String, from: Int) -> Int? {
        let n = Array(needle.utf8)
        guard b.count >= n.count else { return nil }
        var i = from
        while i + n.count <= b.count {
            if b[i] == n[0], Array(b[i..<(i + n.count)]) == n { return i }
            i += 1
        }
        return nil
    }
}

import Foundation
