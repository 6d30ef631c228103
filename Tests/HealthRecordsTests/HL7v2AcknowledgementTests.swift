import Foundation
import HealthRecords
import Testing

@Suite struct HL7v2AcknowledgementTests {
    let adt25 = try! HL7v2.Message(er7: "MSH|^~\\&|HIS|SZH|GX|LAB|20250106080000||ADT^A01^ADT_A01|MSG42|P|2.5\rEVN|A01\rPID|1||H1^^^HOSP^MR||王^小明||19491399|M")
    let adt23 = try! HL7v2.Message(er7: "MSH|^~\\&|HIS|SZH|GX|LAB|20250106080000||ADT^A01|MSG43|P|2.3\rPID|1||H1")
    let when = Date(timeIntervalSince1970: 1_736_150_400)  // 2025-01-06 08:00:00 UTC

    @Test func acceptEchoesTheControlIDAndSwapsSenderAndReceiver() throws {
        let ack = HL7v2.Acknowledgement.make(for: adt25, code: .accept, controlID: "ACK1", timestamp: when)
        #expect(ack.messageCode == "ACK" && ack.triggerEvent == "A01" && ack.messageStructure == "ACK")
        #expect(ack.controlID == "ACK1" && ack.version == "2.5")
        #expect(try ack.value(at: "MSH-3") == "GX" && ack.value(at: "MSH-4") == "LAB")
        #expect(try ack.value(at: "MSH-5") == "HIS" && ack.value(at: "MSH-6") == "SZH")
        #expect(try ack.value(at: "MSH-7") == "20250106080000+0000")
        #expect(try ack.value(at: "MSA-1") == "AA" && ack.value(at: "MSA-2") == "MSG42")
        #expect(ack.segment("ERR") == nil)
    }

    @Test func errorNamesTheFieldInERR() throws {
        let problem = HealthRecordsError(.mapping, "PID-7 is not a valid date (month 13)", position: .init(record: 1, location: "PID-7"))
        let nak = HL7v2.Acknowledgement.make(for: adt25, code: .error, error: problem, controlID: "ACK2", timestamp: when)
        #expect(try nak.value(at: "MSA-1") == "AE" && nak.value(at: "MSA-2") == "MSG42")
        #expect(try nak.value(at: "MSA-3") == "PID-7 is not a valid date (month 13)")
        #expect(try nak.value(at: "ERR-2.1") == "PID" && nak.value(at: "ERR-2.3") == "7")
        #expect(try nak.value(at: "ERR-3.1") == "102" && nak.value(at: "ERR-3.3") == "HL70357")
        #expect(try nak.value(at: "ERR-4") == "E")
        #expect(try nak.value(at: "ERR-8") == "PID-7 is not a valid date (month 13)")
        // v2.3/2.4 use ERR-1 (segment ^ sequence ^ field ^ code&text&table).
        let old = HL7v2.Acknowledgement.make(for: adt23, code: .reject, error: problem, controlID: "ACK3", timestamp: when)
        #expect(try old.value(at: "ERR-1.1") == "PID" && old.value(at: "ERR-1.3") == "7" && old.value(at: "ERR-1.4.1") == "102")
        #expect(try old.value(at: "MSA-1") == "AR" && old.value(at: "MSA-2") == "MSG43")
    }

    @Test func separatorsInTheErrorTextAreEscaped() throws {
        let problem = HealthRecordsError(.invalidHL7v2, "bad | field ^ here", position: .init(location: "segment 3"))
        let nak = HL7v2.Acknowledgement.make(for: adt25, code: .error, error: problem, controlID: "A|B", timestamp: when)
        #expect(nak.controlID == "A|B")
        #expect(try nak.value(at: "MSA-3") == "bad | field ^ here")
        #expect(try nak.value(at: "ERR-3.1") == "207")
    }

    @Test func rejectForUnparsableInputUsesWhatItCanOfTheHeader() throws {
        let bytes = Array("MSH|^~|HIS|SZH|GX|LAB|20250106||ADT^A04|M77|P|2.4\rPID|1".utf8)
        let input = HL7v2.Parser().parse(bytes, source: nil)
        let error = try #require(input.errors.first)
        let nak = HL7v2.Acknowledgement.make(forUnparsed: bytes, error: error, controlID: "ACK9", timestamp: when)
        #expect(try nak.value(at: "MSA-1") == "AR" && nak.value(at: "MSA-2") == "M77")
        #expect(try nak.value(at: "MSH-5") == "HIS" && nak.triggerEvent == "A04")
        #expect(try nak.value(at: "ERR-1.1") == "MSH" && nak.value(at: "ERR-1.3") == "2")
    }
}
