extension FHIR {
    /// A FHIR `decimal`, held as its JSON text so precision survives (`1.50` ≠ `1.5`).
    public struct Decimal: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
        /// The number as written (`"0.0050"`).
        public var text: String
        /// Wraps number text (not checked; see ``isValid``).
        public init(text: String) { self.text = text }
        /// Wraps number text from a literal.
        public init(stringLiteral value: String) { self.text = value }
        /// Parses HL7 v2 / CSV number text (`"+1.50"`, `" 12 "`, `".5"`) into JSON number text; nil if not a number.
        public init?(lenient raw: String) {
            var s = raw.trimmingWhitespace()
            if s.hasPrefix("+") { s.removeFirst() }
            if s.hasPrefix(".") { s = "0" + s } else if s.hasPrefix("-.") { s = "-0" + s.dropFirst() }
            if s.hasSuffix(".") { s.removeLast() }
            // Leading zeros are not valid JSON.
            var negative = false
            if s.hasPrefix("-") { negative = true; s.removeFirst() }
            while s.count > 1, s.hasPrefix("0"), !s.hasPrefix("0.") { s.removeFirst() }
            if negative { s = "-" + s }
            let candidate = FHIR.Decimal(text: s)
            guard candidate.isValid else { return nil }
            self = candidate
        }
        /// Whether ``text`` is a JSON number.
        public var isValid: Bool { (try? FHIR.JSON.parse(text))?.numberText != nil }
        /// The value as a `Double` (for arithmetic; loses precision).
        public var doubleValue: Double? { Double(text) }
        /// The value as a Foundation `Decimal`.
        public var decimalValue: Foundation.Decimal? { Foundation.Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) }
        public var description: String { text }
    }
}

import Foundation
