import Foundation

/// Says what is wrong with a SAM line htslib refused, so the error can name the field (htslib only reports
/// failure). Reads the plain-text file up to that line; used only on the error path.
enum AlignmentSAMDiagnosis {
    /// A sentence about line `line` (1-based) of the SAM file, or `nil` when nothing specific is found.
    static func problem(path: String, line: Int) -> String? {
        guard let handle = fopen(path, "r") else { return nil }
        defer { fclose(handle) }
        var buffer: UnsafeMutablePointer<CChar>? = nil
        var capacity = 0
        defer { free(buffer) }
        var number = 0
        while getline(&buffer, &capacity, handle) >= 0 {
            number += 1
            if number == line, let buffer { return problem(in: String(cString: buffer)) }
        }
        return nil
    }

    /// The problem with one SAM alignment line, or `nil`.
    static func problem(in text: String) -> String? {
        var line = Substring(text)
        while line.last == "\n" || line.last == "\r" { line = line.dropLast() }
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
        if fields.count < 11 { return "the line has \(fields.count) tab-separated fields; SAM needs at least 11 (QNAME FLAG RNAME POS MAPQ CIGAR RNEXT PNEXT TLEN SEQ QUAL)" }
        for (index, name) in [(1, "FLAG"), (3, "POS"), (4, "MAPQ"), (7, "PNEXT"), (8, "TLEN")] where Int(fields[index]) == nil {
            return "\(name) '\(fields[index].prefix(40))' is not a number"
        }
        let sequence = fields[9], quality = fields[10]
        if sequence != "*" && quality != "*" && sequence.count != quality.count {
            return "QUAL has \(quality.count) characters but SEQ has \(sequence.count) bases"
        }
        if fields[5] != "*" {
            var queryLength = 0, number = 0
            for character in fields[5] {
                if let digit = character.wholeNumberValue { number = number * 10 + digit; continue }
                guard "MIDNSHP=X".contains(character) else { return "CIGAR '\(fields[5].prefix(40))' has an unknown operation '\(character)'" }
                if "MIS=X".contains(character) { queryLength += number }
                number = 0
            }
            if sequence != "*" && queryLength != sequence.count {
                return "CIGAR \(fields[5].prefix(40)) covers \(queryLength) query bases but SEQ has \(sequence.count)"
            }
        }
        for field in fields.dropFirst(11) where field.count < 5 || field.dropFirst(2).first != ":" || field.dropFirst(4).first != ":" {
            return "optional field '\(field.prefix(40))' is not TAG:TYPE:VALUE"
        }
        return nil
    }
}
