import Foundation

extension FHIR {
    /// A FHIR `date`, `dateTime` or `instant`, keeping its precision and time zone exactly as written.
    ///
    /// `2023`, `2023-06`, `2023-06-21`, `2023-06-21T06:20:00+08:00`, `2023-06-21T06:20:00.123Z`.
    /// Per FHIR, when a time is given a zone SHALL be present and seconds are required.
    public struct DateTime: Sendable, Hashable, CustomStringConvertible, Comparable {
        /// How much of the value is given.
        public enum Precision: Int, Sendable, Comparable {
            /// `YYYY`.
            case year
            /// `YYYY-MM`.
            case month
            /// `YYYY-MM-DD`.
            case day
            /// Down to seconds (with optional fraction).
            case second
            public static func < (a: Precision, b: Precision) -> Bool { a.rawValue < b.rawValue }
        }

        /// The FHIR primitive type a text is checked against.
        public enum Kind: String, Sendable {
            /// `date`: year, year-month or full date, no time.
            case date
            /// `dateTime`: a date, or a full date-time with zone.
            case dateTime
            /// `instant`: a full date-time to the second with zone.
            case instant
        }

        /// The text as written.
        public let text: String
        /// Year (1–9999).
        public let year: Int
        /// Month 1–12, if given.
        public let month: Int?
        /// Day 1–31, if given.
        public let day: Int?
        /// Hour, minute, second, if a time is given.
        public let hour: Int?, minute: Int?, second: Int?
        /// Fractional-second digits as written (`"123"`), if any.
        public let fraction: String?
        /// Zone offset from UTC in minutes, if a time is given (`Z` = 0).
        public let zoneOffsetMinutes: Int?
        /// The precision of the value.
        public var precision: Precision {
            if hour != nil { return .second }
            if day != nil { return .day }
            if month != nil { return .month }
            return .year
        }

        /// Parses FHIR date/dateTime/instant text. Returns nil if it does not match the FHIR format of `kind`.
        public init?(_ text: String, kind: Kind = .dateTime) {
            let b = Array(text.utf8)
            var i = 0
            func digits(_ n: Int) -> Int? {
                guard i + n <= b.count else { return nil }
                var v = 0
                for k in 0..<n {
                    let c = b[i + k]
                    guard c >= 0x30 && c <= 0x39 else { return nil }
                    v = v * 10 + Int(c - 0x30)
                }
                i += n
                return v
            }
            func expect(_ c: Character) -> Bool {
                guard i < b.count, b[i] == c.asciiValue! else { return false }
                i += 1
                return true
            }
            guard let y = digits(4), y >= 1 else { return nil }
            year = y
            var mo: Int?, d: Int?, h: Int?, mi: Int?, s: Int?, frac: String?, zone: Int?
            if i < b.count {
                guard expect("-"), let m = digits(2), (1...12).contains(m) else { return nil }
                mo = m
                if i < b.count {
                    guard expect("-"), let dd = digits(2), (1...31).contains(dd) else { return nil }
                    d = dd
                    guard dd <= DateTime.daysIn(month: m, year: y) else { return nil }
                    if i < b.count {
                        guard kind != .date, expect("T"), let hh = digits(2), hh <= 23, expect(":"), let mm = digits(2), mm <= 59,
                              expect(":"), let ss = digits(2), ss <= 60 else { return nil }
                        h = hh; mi = mm; s = ss
                        if i < b.count, b[i] == UInt8(ascii: ".") {
                            i += 1
                            let start = i
                            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }
                            guard i > start else { return nil }
                            frac = String(decoding: b[start..<i], as: UTF8.self)
                        }
                        guard i < b.count else { return nil }  // zone required
                        if b[i] == UInt8(ascii: "Z") {
                            i += 1; zone = 0
                        } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
                            let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
                            i += 1
                            guard let zh = digits(2), expect(":"), let zm = digits(2), zm <= 59,
                                  zh < 14 || (zh == 14 && zm == 0) else { return nil }
                            zone = sign * (zh * 60 + zm)
                        } else { return nil }
                    }
                }
            }
            guard i == b.count else { return nil }
            if kind == .instant, h == nil { return nil }
            self.text = text
            month = mo; day = d; hour = h; minute = mi; second = s; fraction = frac; zoneOffsetMinutes = zone
        }

        static func daysIn(month: Int, year: Int) -> Int {
            switch month {
            case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
            case 4, 6, 9, 11: return 30
            default: return 31
            }
        }

        /// Whether `text` is a valid FHIR value of `kind`.
        public static func isValid(_ text: String, kind: Kind) -> Bool { DateTime(text, kind: kind) != nil }

        public var description: String { text }

        /// Seconds since 1970 of the earliest instant the value can mean (zone-less values read as UTC).
        public var lowerBound: Double {
            var components = DateComponents()
            components.year = year; components.month = month ?? 1; components.day = day ?? 1
            components.hour = hour ?? 0; components.minute = minute ?? 0; components.second = second ?? 0
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            let base = calendar.date(from: components)?.timeIntervalSince1970 ?? 0
            let frac = fraction.flatMap { Double("0." + $0) } ?? 0
            return base + frac - Double((zoneOffsetMinutes ?? 0) * 60)
        }

        /// Compares like FHIRPath: values of different precision that agree on their common part are
        /// *indeterminate* (nil); otherwise the ordering.
        public func compare(to other: DateTime) -> ComparisonResult? {
            if precision == other.precision {
                let a = lowerBound, b = other.lowerBound
                return a < b ? .orderedAscending : (a > b ? .orderedDescending : .orderedSame)
            }
            let pairs: [(Int?, Int?)] = [(year, other.year), (month, other.month), (day, other.day)]
            for (a, b) in pairs {
                guard let a, let b else { return nil }
                if a != b { return a < b ? .orderedAscending : .orderedDescending }
            }
            return nil
        }

        /// Ordering by ``lowerBound`` (total, for sorting).
        public static func < (a: DateTime, b: DateTime) -> Bool { a.lowerBound < b.lowerBound }

        /// Formats a Foundation date as a FHIR instant in UTC (`2024-01-02T03:04:05Z`).
        public static func instant(_ date: Date) -> DateTime {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
            func p(_ v: Int?, _ w: Int) -> String {
                let s = String(v ?? 0)
                return String(repeating: "0", count: max(0, w - s.count)) + s
            }
            let text = "\(p(c.year, 4))-\(p(c.month, 2))-\(p(c.day, 2))T\(p(c.hour, 2)):\(p(c.minute, 2)):\(p(c.second, 2))Z"
            return DateTime(text, kind: .instant)!
        }
    }
}
