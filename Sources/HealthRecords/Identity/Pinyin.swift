import Foundation

/// Toneless pinyin of Chinese names, for comparing names across sources that write them in characters or in
/// Latin letters (homophones and romanized names agree in pinyin).
///
/// Characters are converted one at a time with ICU's Han → Latin transliteration (cached per character, so the
/// cost is paid once per distinct character); ü is written `v` as on Chinese keyboards and in most romanized
/// registrations (`吕` → `lv`).
public enum Pinyin {
    private static let cache = PinyinCache()

    /// The toneless pinyin of `text`, lowercase letters only (`"张 伟"` → `"zhangwei"`, `"Zhang Wei"` →
    /// `"zhangwei"`, `"Lü"` → `"lv"`). Characters that are neither Han nor letters are dropped.
    public static func of(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if (0x61...0x7A).contains(value) {
                out.unicodeScalars.append(scalar)
            } else if (0x41...0x5A).contains(value) {
                out.unicodeScalars.append(Unicode.Scalar(value + 32)!)
            } else if isHan(scalar) {
                out += cache.pinyin(of: scalar)
            } else if value >= 0x80 {
                out += latinLetters(String(scalar))
            }
        }
        return out
    }

    /// True for a CJK unified ideograph (basic block or extension A).
    public static func isHan(_ scalar: Unicode.Scalar) -> Bool {
        (0x4E00...0x9FFF).contains(scalar.value) || (0x3400...0x4DBF).contains(scalar.value)
    }

    /// Latin letters of a transliterated or accented text, toneless, `ü` → `v`.
    static func latinLetters(_ text: String) -> String {
        var result = ""
        for character in text.lowercased() {
            switch character {
            case "ü", "ǖ", "ǘ", "ǚ", "ǜ": result += "v"
            default:
                let folded = String(character).folding(options: [.diacriticInsensitive], locale: nil)
                for scalar in folded.unicodeScalars where (0x61...0x7A).contains(scalar.value) { result.unicodeScalars.append(scalar) }
            }
        }
        return result
    }
}

/// Thread-safe per-character memo of the ICU transliteration.
private final class PinyinCache: @unchecked Sendable {
    private let lock = NSLock()
    private var table: [UInt32: String] = [:]

    func pinyin(of scalar: Unicode.Scalar) -> String {
        lock.lock()
        if let known = table[scalar.value] { lock.unlock(); return known }
        lock.unlock()
        let latin = String(scalar).applyingTransform(.mandarinToLatin, reverse: false) ?? ""
        let result = Pinyin.latinLetters(latin)
        lock.lock(); table[scalar.value] = result; lock.unlock()
        return result
    }
}
