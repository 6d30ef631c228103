extension FHIR.JSON {
    /// Parses UTF-8 JSON text.
    ///
    /// Strict RFC 8259: no trailing commas, no comments, numbers per the JSON grammar (`925.` is rejected),
    /// valid UTF-8 only, no duplicate member names (FHIR forbids them). A leading UTF-8 byte-order mark is skipped.
    /// Nesting deeper than 512 levels is rejected rather than overflowing the stack.
    ///
    /// - Parameters:
    ///   - bytes: The UTF-8 text.
    ///   - file: The file name to put in errors, if any.
    /// - Returns: The value.
    /// - Throws: ``HealthRecordsError`` with code `invalidJSON`, naming the line and column.
    public static func parse(_ bytes: some Collection<UInt8>, file: String? = nil) throws(HealthRecordsError) -> FHIR.JSON {
        let array = Array(bytes)
        return try array.withUnsafeBufferPointer { (buffer) throws(HealthRecordsError) -> FHIR.JSON in
            var parser = JSONParser(buffer: buffer, file: file)
            return try parser.parseDocument()
        }
    }

    /// Parses JSON text held in a `String`.
    public static func parse(_ text: String, file: String? = nil) throws(HealthRecordsError) -> FHIR.JSON {
        try parse(Array(text.utf8), file: file)
    }
}

/// Recursive-descent JSON parser over a byte buffer. Keeps number text verbatim.
struct JSONParser {
    let buffer: UnsafeBufferPointer<UInt8>
    let file: String?
    var index = 0
    var depth = 0
    static let maximumDepth = 512

    init(buffer: UnsafeBufferPointer<UInt8>, file: String?) {
        self.buffer = buffer
        self.file = file
    }

    mutating func parseDocument() throws(HealthRecordsError) -> FHIR.JSON {
        if buffer.count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { index = 3 }
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        if index != buffer.count { throw error("unexpected content after the end of the JSON value") }
        return value
    }

    func error(_ message: String, at offset: Int? = nil) -> HealthRecordsError {
        let end = min(offset ?? index, buffer.count)
        var line = 1
        var lineStart = 0
        var i = 0
        while i < end {
            if buffer[i] == 0x0A { line += 1; lineStart = i + 1 }
            i += 1
        }
        return HealthRecordsError(.invalidJSON, message,
                                  position: .init(file: file, line: line, location: "column \(end - lineStart + 1)"))
    }

    @inline(__always) mutating func skipWhitespace() {
        while index < buffer.count {
            let c = buffer[index]
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { index += 1 } else { return }
        }
    }

    mutating func parseValue() throws(HealthRecordsError) -> FHIR.JSON {
        guard index < buffer.count else { throw error("unexpected end of input, expected a value") }
        switch buffer[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default:
            throw error("unexpected character '\(printable(buffer[index]))', expected a value")
        }
    }

    func printable(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte) ? String(UnicodeScalar(byte)) : String(format16(byte))
    }

    func format16(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "0x" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 15)])
    }

    mutating func expectLiteral(_ literal: StaticString) throws(HealthRecordsError) {
        let count = literal.utf8CodeUnitCount
        guard index + count <= buffer.count else { throw error("unexpected end of input in a literal") }
        let start = literal.utf8Start
        for k in 0..<count where buffer[index + k] != start[k] {
            throw error("invalid literal, expected '\(literal)'")
        }
        index += count
    }

    mutating func enter() throws(HealthRecordsError) {
        depth += 1
        if depth > JSONParser.maximumDepth { throw error("nesting deeper than \(JSONParser.maximumDepth) levels") }
    }

    mutating func parseObject() throws(HealthRecordsError) -> FHIR.JSON {
        try enter()
        defer { depth -= 1 }
        index += 1  // {
        var members: [FHIR.JSON.Object.Member] = []
        skipWhitespace()
        if index < buffer.count, buffer[index] == UInt8(ascii: "}") { index += 1; return .object(.init(members)) }
        while true {
            skipWhitespace()
            guard index < buffer.count else { throw error("unexpected end of input in an object") }
            guard buffer[index] == UInt8(ascii: "\"") else {
                if buffer[index] == UInt8(ascii: "}") { throw error("trailing comma before '}'") }
                throw error("expected a member name in double quotes")
            }
            let keyOffset = index
            let key = try parseString()
            skipWhitespace()
            guard index < buffer.count, buffer[index] == UInt8(ascii: ":") else { throw error("expected ':' after member name") }
            index += 1
            skipWhitespace()
            let value = try parseValue()
            for member in members where member.key == key {
                throw error("duplicate member '\(key)'", at: keyOffset)
            }
            members.append(.init(key: key, value: value))
            skipWhitespace()
            guard index < buffer.count else { throw error("unexpected end of input in an object") }
            let c = buffer[index]
            index += 1
            if c == UInt8(ascii: ",") { continue }
            if c == UInt8(ascii: "}") { return .object(.init(members)) }
            index -= 1
            throw error("expected ',' or '}' after an object member")
        }
    }

    mutating func parseArray() throws(HealthRecordsError) -> FHIR.JSON {
        try enter()
        defer { depth -= 1 }
        index += 1  // [
        var elements: [FHIR.JSON] = []
        skipWhitespace()
        if index < buffer.count, buffer[index] == UInt8(ascii: "]") { index += 1; return .array(elements) }
        while true {
            skipWhitespace()
            if index < buffer.count, buffer[index] == UInt8(ascii: "]") { throw error("trailing comma before ']'") }
            elements.append(try parseValue())
            skipWhitespace()
            guard index < buffer.count else { throw error("unexpected end of input in an array") }
            let c = buffer[index]
            index += 1
            if c == UInt8(ascii: ",") { continue }
            if c == UInt8(ascii: "]") { return .array(elements) }
            index -= 1
            throw error("expected ',' or ']' after an array element")
        }
    }

    mutating func parseNumber() throws(HealthRecordsError) -> String {
        let start = index
        if buffer[index] == UInt8(ascii: "-") { index += 1 }
        guard index < buffer.count, isDigit(buffer[index]) else { throw error("invalid number: expected a digit") }
        if buffer[index] == UInt8(ascii: "0") {
            index += 1
            if index < buffer.count, isDigit(buffer[index]) { throw error("invalid number: leading zero") }
        } else {
            while index < buffer.count, isDigit(buffer[index]) { index += 1 }
        }
        if index < buffer.count, buffer[index] == UInt8(ascii: ".") {
            index += 1
            guard index < buffer.count, isDigit(buffer[index]) else {
                throw error("invalid number: a digit must follow the decimal point")
            }
            while index < buffer.count, isDigit(buffer[index]) { index += 1 }
        }
        if index < buffer.count, buffer[index] == UInt8(ascii: "e") || buffer[index] == UInt8(ascii: "E") {
            index += 1
            if index < buffer.count, buffer[index] == UInt8(ascii: "+") || buffer[index] == UInt8(ascii: "-") { index += 1 }
            guard index < buffer.count, isDigit(buffer[index]) else { throw error("invalid number: exponent without digits") }
            while index < buffer.count, isDigit(buffer[index]) { index += 1 }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<index]), as: UTF8.self)
    }

    @inline(__always) func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    mutating func parseString() throws(HealthRecordsError) -> String {
        let quote = index
        index += 1
        let start = index
        // Fast path: no escapes, ASCII or valid UTF-8.
        var hasEscape = false
        var hasNonASCII = false
        while index < buffer.count {
            let c = buffer[index]
            if c == UInt8(ascii: "\"") { break }
            if c == UInt8(ascii: "\\") { hasEscape = true; break }
            if c < 0x20 { throw error("control character \(format16(c)) inside a string must be escaped") }
            if c >= 0x80 { hasNonASCII = true }
            index += 1
        }
        guard index < buffer.count else { throw error("unterminated string", at: quote) }
        if !hasEscape {
            let slice = UnsafeBufferPointer(rebasing: buffer[start..<index])
            index += 1
            if !hasNonASCII { return String(decoding: slice, as: UTF8.self) }
            guard let s = String(validating: slice, as: UTF8.self) else { throw error("invalid UTF-8 in a string", at: start) }
            return s
        }
        var bytes = Array(UnsafeBufferPointer(rebasing: buffer[start..<index]))
        while index < buffer.count {
            let c = buffer[index]
            if c == UInt8(ascii: "\"") {
                index += 1
                guard let s = String(validating: bytes, as: UTF8.self) else { throw error("invalid UTF-8 in a string", at: start) }
                return s
            }
            if c < 0x20 { throw error("control character \(format16(c)) inside a string must be escaped") }
            if c != UInt8(ascii: "\\") { bytes.append(c); index += 1; continue }
            index += 1
            guard index < buffer.count else { break }
            let e = buffer[index]
            index += 1
            switch e {
            case UInt8(ascii: "\""): bytes.append(0x22)
            case UInt8(ascii: "\\"): bytes.append(0x5C)
            case UInt8(ascii: "/"): bytes.append(0x2F)
            case UInt8(ascii: "b"): bytes.append(0x08)
            case UInt8(ascii: "f"): bytes.append(0x0C)
            case UInt8(ascii: "n"): bytes.append(0x0A)
            case UInt8(ascii: "r"): bytes.append(0x0D)
            case UInt8(ascii: "t"): bytes.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try parseHex4()
                if (0xD800...0xDBFF).contains(scalar) {
                    guard index + 1 < buffer.count, buffer[index] == UInt8(ascii: "\\"), buffer[index + 1] == UInt8(ascii: "u") else {
                        throw error("unpaired UTF-16 surrogate in \\u escape")
                    }
                    index += 2
                    let low = try parseHex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw error("invalid UTF-16 low surrogate in \\u escape") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw error("unpaired UTF-16 surrogate in \\u escape")
                }
                guard let u = Unicode.Scalar(scalar) else { throw error("invalid \\u escape") }
                bytes.append(contentsOf: Array(String(Character(u)).utf8))
            default:
                throw error("invalid escape '\\\(printable(e))' in a string")
            }
        }
        throw error("unterminated string", at: quote)
    }

    mutating func parseHex4() throws(HealthRecordsError) -> UInt32 {
        guard index + 4 <= buffer.count else { throw error("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let c = buffer[index]
            let digit: UInt32
            switch c {
            case 0x30...0x39: digit = UInt32(c - 0x30)
            case 0x41...0x46: digit = UInt32(c - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(c - 0x61 + 10)
            default: throw error("invalid hex digit in \\u escape")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }
}
