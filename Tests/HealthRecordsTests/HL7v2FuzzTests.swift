import Foundation
import HealthRecords
import Testing
import TestSupport

/// Random mutations of valid messages never crash the parser, the accessors, the encoder or the ACK builder;
/// every input ends as parsed messages or positioned errors.
@Suite struct HL7v2FuzzTests {
    /// SplitMix64 from TestSupport, under this file's historical name.
    typealias Random = SplitMix64

    static let seeds: [String] = [
        HL7v2ParserTests.oru.joined(separator: "\r") + "\r",
        "FHS|^~\\&|A\rBHS|^~\\&|A\rMSH|^~\\&|A|B|C|D|20250101||ADT^A04^ADT_A01|1|P|2.5|||||CHN|UNICODE UTF-8\rEVN|A04\rPID|1||1^^^H^MR~110105194912310021^^^CHN^NNCHN||李^四||19491231|F\rPV1|1|O\rBTS|1\rFTS|1\r",
        "MSH|^~\\&|HIS|SZH|GX|GX|20250101||ADT^A40^ADT_A39|9|P|2.5\rEVN|A40\rPID|1||H2^^^HOSP^MR\rMRG|H3^^^HOSP^MR\r",
    ]

    static let interesting: [UInt8] = Array("|^~\\&\r\n\"#MSHPIDBHSFTSX0123456789".utf8) + [0x0B, 0x1C, 0x00, 0xFF, 0xE4, 0xC3, 0x80]

    static func mutate(_ input: [UInt8], _ rng: inout Random) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...6, using: &rng) {
            guard !bytes.isEmpty else { bytes = Array("MSH|".utf8); continue }
            let position = Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<7, using: &rng) {
            case 0: bytes[position] = interesting.randomElement(using: &rng)!
            case 1: bytes[position] = UInt8.random(in: 0...255, using: &rng)
            case 2: bytes.insert(interesting.randomElement(using: &rng)!, at: position)
            case 3: bytes.remove(at: position)
            case 4: bytes.removeSubrange(position..<min(bytes.count, position + Int.random(in: 1...40, using: &rng)))
            case 5:
                let start = Int.random(in: 0..<bytes.count, using: &rng)
                let chunk = bytes[start..<min(bytes.count, start + Int.random(in: 1...60, using: &rng))]
                bytes.insert(contentsOf: chunk, at: position)
            default: bytes = Array(bytes[..<position])
            }
        }
        return bytes
    }

    static func exercise(_ message: HL7v2.Message) {
        for segment in message.segments {
            _ = segment.id
            for n in 0...(segment.fieldCount + 1) {
                let field = segment.field(n)
                _ = field.value; _ = field.isNull
                for repetition in field.repetitions {
                    for component in repetition.components { _ = component.subcomponents; _ = component.value }
                }
                _ = field.repetition(3).component(2).subcomponent(2)
            }
        }
        _ = message.controlID; _ = message.messageCode; _ = message.characterSet
        for path in ["PID-3[2].1", "MSH-9.2", "OBX[2]-5.1.1", "ZZZ-1"] { _ = try? message.value(at: path) }
        if let rebuilt = try? HL7v2.MessageBuilder(message).build() { _ = rebuilt.er7 }
        let error = HealthRecordsError(.invalidHL7v2, "fuzz", position: .init(location: "PID-3"))
        _ = HL7v2.Acknowledgement.make(for: message, code: .error, error: error, controlID: "F").er7
    }

    @Test func randomMutationsNeverCrash() throws {
        var rng = Random(state: 20_250_106)
        var parsedMessages = 0
        var errors = 0
        for iteration in 0..<3000 {
            let seed = Self.seeds[iteration % Self.seeds.count]
            var bytes = Self.mutate(Array(seed.utf8), &rng)
            if iteration % 5 == 0 { bytes = HL7v2.MLLP.frame(bytes) }
            let input = HL7v2.Parser().parse(bytes, source: "fuzz")
            for message in input.messages {
                Self.exercise(message)
                parsedMessages += 1
            }
            for error in input.errors {
                #expect(error.position?.file == "fuzz" && error.position?.record != nil, "\(error)")
                errors += 1
                _ = HL7v2.Acknowledgement.make(forUnparsed: bytes, error: error, controlID: "F")
            }
            var deframer = HL7v2.MLLP.Deframer()
            _ = try? deframer.append(bytes)
        }
        #expect(parsedMessages > 500 && errors > 300, "mutations should produce both: \(parsedMessages) parsed, \(errors) errors")
    }
}
