extension HL7v2 {
    /// ER7 escape sequences (HL7 v2 chapter 2.7): `\F\ \S\ \T\ \R\ \E\`, `\Xhh…\`, `\.br\`, highlighting.
    public enum Escaping {
        /// Decodes the escape sequences in `bytes`.
        ///
        /// `\F\ \S\ \T\ \R\ \E\` become the separators, `\P\` the truncation character, `\Xhh…\` the bytes it
        /// names (UTF-8 when they form valid UTF-8, else ISO 8859-1), `\.br\` a line feed, `\.sp\` a line feed
        /// (`\.spN\`: N of them), `\.in\`/`\.ti\` four spaces, `\.sk\` a space; highlighting `\H\ \N\`, character-set
        /// switches `\C…\ \M…\`, other formatting commands and locally defined `\Z…\` sequences are removed.
        /// An escape character without a closing one is kept literally.
        ///
        /// - Parameters:
        ///   - bytes: Encoded bytes (UTF-8).
        ///   - separators: The message's separators.
        /// - Returns: The decoded text.
        public static func unescape(_ bytes: [UInt8], separators: Separators) -> String {
            unescape(bytes[...], separators: separators)
        }

        /// Decodes the escape sequences in a slice of a message's bytes (see ``unescape(_:separators:)-([UInt8],_)``).
        public static func unescape(_ bytes: ArraySlice<UInt8>, separators: Separators) -> String {
            guard bytes.contains(separators.escape) else { return String(decoding: bytes, as: UTF8.self) }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var i = bytes.startIndex
            let end = bytes.endIndex
            while i < end {
                let byte = bytes[i]
                guard byte == separators.escape else { out.append(byte); i += 1; continue }
                var j = i + 1
                while j < end && bytes[j] != separators.escape { j += 1 }
                guard j < end, j > i + 1 else {
                    // Unterminated or empty (`\\`): keep the characters literally.
                    out.append(byte); i += 1; continue
                }
                let code = bytes[(i + 1)..<j]
                decode(code, into: &out, separators: separators)
                i = j + 1
            }
            return String(decoding: out, as: UTF8.self)
        }

        private static func decode(_ code: ArraySlice<UInt8>, into out: inout [UInt8], separators: Separators) {
            let first = code[code.startIndex]
            if code.count == 1 {
                switch first {
                case UInt8(ascii: "F"): out.append(separators.field); return
                case UInt8(ascii: "S"): out.append(separators.component); return
                case UInt8(ascii: "T"): out.append(separators.subcomponent); return
                case UInt8(ascii: "R"): out.append(separators.repetition); return
                case UInt8(ascii: "E"): out.append(separators.escape); return
                case UInt8(ascii: "P"): out.append(separators.truncation ?? UInt8(ascii: "#")); return
                case UInt8(ascii: "H"), UInt8(ascii: "N"): return
                default: return
                }
            }
            switch first {
            case UInt8(ascii: "X"):
                var decoded: [UInt8] = []
                var k = code.startIndex + 1
                while k + 1 < code.endIndex {
                    guard let high = hexValue(code[k]), let low = hexValue(code[k + 1]) else { return }
                    decoded.append(high << 4 | low)
                    k += 2
                }
                if String(validating: decoded, as: UTF8.self) != nil {
                    out.append(contentsOf: decoded)
                } else {
                    for b in decoded { out.append(contentsOf: String(UnicodeScalar(b)).utf8) }
                }
            case UInt8(ascii: "."):
                let command = String(decoding: code.dropFirst(), as: UTF8.self)
                let name = String(command.prefix(2))
                let count = Int(command.dropFirst(2)) ?? 1
                switch name {
                case "br": out.append(UInt8(ascii: "\n"))
                case "sp": out.append(contentsOf: repeatElement(UInt8(ascii: "\n"), count: max(0, min(count, 1000))))
                case "in", "ti": out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 4))
                case "sk": out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: max(0, min(count, 1000))))
                default: break
                }
            default:
                break  // \Cxxyy\, \Mxxyyzz\, \Zxxx\: not representable in the decoded text
            }
        }

        @inline(__always)
        static func hexValue(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
            default: return nil
            }
        }

        /// Encodes text for one leaf (a subcomponent, or a component or field without inner structure).
        ///
        /// The separators become `\F\ \S\ \T\ \R\ \E\`, a line feed `\.br\`, a carriage return `\X0D\`.
        ///
        /// - Parameters:
        ///   - text: Plain text.
        ///   - separators: The message's separators.
        /// - Returns: The ER7-encoded text.
        public static func escape(_ text: String, separators: Separators = .standard) -> String {
            let utf8 = text.utf8
            let special: Set<UInt8> = [separators.field, separators.component, separators.repetition, separators.escape,
                                       separators.subcomponent, 0x0A, 0x0D]
            guard utf8.contains(where: { special.contains($0) || $0 == separators.truncation }) else { return text }
            var out: [UInt8] = []
            out.reserveCapacity(utf8.count + 8)
            let e = separators.escape
            for byte in utf8 {
                if let truncation = separators.truncation, byte == truncation { out += [e, UInt8(ascii: "P"), e]; continue }
                switch byte {
                case separators.field: out += [e, UInt8(ascii: "F"), e]
                case separators.component: out += [e, UInt8(ascii: "S"), e]
                case separators.subcomponent: out += [e, UInt8(ascii: "T"), e]
                case separators.repetition: out += [e, UInt8(ascii: "R"), e]
                case separators.escape: out += [e, UInt8(ascii: "E"), e]
                case 0x0A: out += [e] + Array(".br".utf8) + [e]
                case 0x0D: out += [e] + Array("X0D".utf8) + [e]
                default: out.append(byte)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}
