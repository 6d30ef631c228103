import Foundation

/// Trimming of whitespace without going through `NSString`.
///
/// `trimmingCharacters(in: .whitespaces)` goes through `NSString` on Linux (a UTF-16 copy and a new string for
/// every call), and the HL7 v2 parser and mappers call it for nearly every field. These give the same result for
/// the same two character sets and return the string's own storage when there is nothing to trim.
extension StringProtocol {
    /// The string without leading and trailing whitespace as `CharacterSet.whitespaces` defines it (space, tab,
    /// no-break space, ideographic space U+3000, …).
    func trimmingWhitespace() -> String {
        trimming(WhitespaceTrimming.isWhitespace)
    }

    /// The string without leading and trailing whitespace and newlines as `CharacterSet.whitespacesAndNewlines`
    /// defines them (also U+000A–U+000D, U+0085, U+2028, U+2029).
    func trimmingWhitespaceAndNewlines() -> String {
        trimming(WhitespaceTrimming.isWhitespaceOrNewline)
    }

    private func trimming(_ isTrimmed: (Unicode.Scalar) -> Bool) -> String {
        let whole = self[startIndex..<endIndex]
        let scalars = whole.unicodeScalars
        if let first = scalars.first, let last = scalars.last, !isTrimmed(first), !isTrimmed(last) { return String(whole) }
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, isTrimmed(scalars[start]) { start = scalars.index(after: start) }
        while end > start {
            let last = scalars.index(before: end)
            guard isTrimmed(scalars[last]) else { break }
            end = last
        }
        return String(whole[start..<end])
    }
}

enum WhitespaceTrimming {
    // Beyond ASCII the answer is Foundation's own set (its tables differ from today's Unicode properties in
    // places: U+200B counts as whitespace there); only the ends of a string are ever looked up.
    private static let whitespaces = CharacterSet.whitespaces
    private static let whitespacesAndNewlines = CharacterSet.whitespacesAndNewlines

    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar == " " || scalar == "\t" }
        return whitespaces.contains(scalar)
    }

    static func isWhitespaceOrNewline(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar == " " || (0x09...0x0D).contains(scalar.value) }
        return whitespacesAndNewlines.contains(scalar)
    }
}
