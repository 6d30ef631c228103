extension FHIR.China {
    /// A resident identity number (GB 11643-1999): 6-digit division code (GB/T 2260), birth date `YYYYMMDD`,
    /// 3-digit sequence (odd = male, even = female) and an ISO 7064 MOD 11-2 check character (`0`–`9` or `X`).
    /// Legacy 15-digit numbers (GB 11643-1989: `YYMMDD`, no check character) are upgraded to 18 characters.
    ///
    /// The number is personal data: ``description`` masks it; never log ``value``.
    public struct ResidentIdentityNumber: Sendable, Hashable, CustomStringConvertible {
        /// The 18-character number (upper-case `X`).
        public let value: String
        /// The GB/T 2260 division code at issuance.
        public var divisionCode: String { String(value.prefix(6)) }
        /// The birth date as FHIR `date` text (`YYYY-MM-DD`).
        public var birthDate: String {
            let d = Array(value.dropFirst(6).prefix(8))
            return "\(String(d[0..<4]))-\(String(d[4..<6]))-\(String(d[6..<8]))"
        }
        /// The sequence number (digits 15–17).
        public var sequence: String { String(value.dropFirst(14).prefix(3)) }
        /// Sex from the 17th digit: odd male, even female.
        public var gender: FHIR.AdministrativeGender {
            let digit = value.utf8[value.utf8.index(value.utf8.startIndex, offsetBy: 16)] - 0x30
            return digit % 2 == 1 ? .male : .female
        }
        /// Whether the number was upgraded from a 15-digit legacy number.
        public let wasUpgraded: Bool

        /// Masked form for messages: division code, then asterisks, then the check character.
        public var description: String { divisionCode + String(repeating: "*", count: 11) + String(value.suffix(1)) }

        /// Why a text is not a valid resident identity number (no personal data in the text).
        public enum Problem: Error, Sendable, Hashable, CustomStringConvertible {
            /// Not 15 or 18 characters.
            case length(Int)
            /// A character other than digits (and a final `X`).
            case characters
            /// The division code is not a GB/T 2260 code shape.
            case divisionCode
            /// The embedded birth date is not a valid date (or lies before 1900).
            case birthDate
            /// The check character does not match (ISO 7064 MOD 11-2).
            case checkCharacter

            public var description: String {
                switch self {
                case .length(let n): "must have 18 characters (or 15 for a legacy number), found \(n)"
                case .characters: "only digits are allowed, and X as the last character"
                case .divisionCode: "the first six digits are not a GB/T 2260 division code"
                case .birthDate: "the embedded birth date is not a valid date"
                case .checkCharacter: "the check character does not match (ISO 7064 MOD 11-2)"
                }
            }
        }

        /// Validates and normalises a number (surrounding spaces removed, `x` upper-cased, 15 digits upgraded).
        public static func parse(_ text: String) -> Result<ResidentIdentityNumber, Problem> {
            var chars = Array(text.trimmingWhitespace().uppercased().utf8)
            var upgraded = false
            switch chars.count {
            case 15:
                guard chars.allSatisfy(isDigit) else { return .failure(.characters) }
                chars.insert(contentsOf: Array("19".utf8), at: 6)
                chars.append(checkCharacter(chars))
                upgraded = true
            case 18:
                guard chars[0..<17].allSatisfy(isDigit), isDigit(chars[17]) || chars[17] == UInt8(ascii: "X") else {
                    return .failure(.characters)
                }
            default:
                return .failure(.length(chars.count))
            }
            let value = String(decoding: chars, as: UTF8.self)
            guard FHIR.China.isDivisionCode(String(value.prefix(6))) else { return .failure(.divisionCode) }
            let date = Array(chars[6..<14]).map { Int($0 - 0x30) }
            let year = date[0] * 1000 + date[1] * 100 + date[2] * 10 + date[3]
            let month = date[4] * 10 + date[5], day = date[6] * 10 + date[7]
            guard year >= 1900, (1...12).contains(month), day >= 1, day <= FHIR.DateTime.daysIn(month: month, year: year) else {
                return .failure(.birthDate)
            }
            guard chars[17] == checkCharacter(chars) else { return .failure(.checkCharacter) }
            return .success(ResidentIdentityNumber(value: value, wasUpgraded: upgraded))
        }

        /// Parses a number, throwing ``HealthRecordsError`` `invalidIdentifier` on failure.
        public init(_ text: String) throws(HealthRecordsError) {
            switch ResidentIdentityNumber.parse(text) {
            case .success(let number): self = number
            case .failure(let problem):
                throw HealthRecordsError(.invalidIdentifier, "invalid resident identity number: \(problem.description)")
            }
        }

        private init(value: String, wasUpgraded: Bool) {
            self.value = value
            self.wasUpgraded = wasUpgraded
        }

        static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        static let checkCharacters = Array("10X98765432".utf8)

        /// The ISO 7064 MOD 11-2 check character of the first 17 digits.
        static func checkCharacter(_ chars: [UInt8]) -> UInt8 {
            var sum = 0
            for i in 0..<17 { sum += Int(chars[i] - 0x30) * weights[i] }
            return checkCharacters[sum % 11]
        }

        static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    }
}

import Foundation
