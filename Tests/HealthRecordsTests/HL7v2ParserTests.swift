import Foundation
import HealthRecords
import Testing

@Suite struct HL7v2ParserTests {
    static let oru = [
        "MSH|^~\\&|LAB|SZH|GX|GX|20250106080000+0800||ORU^R01^ORU_R01|MSG0001|P|2.5.1|||AL|NE||UNICODE UTF-8",
        "PID|1||H100001^^^HOSP^MR~11010519491231002X^^^CHN^NNCHN||王^小明^^^^^L~Wang^Xiaoming^^^^^R||19491231|M",
        "OBR|1||LAB1^LIS|2345-7^Glucose^LN",
        "OBX|1|NM|2345-7^Glucose^LN||5.6|mmol/L^mmol/L^UCUM|3.9-6.1|N|||F",
        "OBX|2|ST|8251-1^Comment^LN||see \\F\\ note \\S\\ and \\T\\ \\R\\ \\E\\ end\\.br\\next||||||F",
        "OBX|3|TX|X^Y||\"\"||||||F",
        "ZPI|1|custom^value&sub",
    ]

    func parse(_ text: String, options: HL7v2.Parser.Options = .init()) -> HL7v2.ParsedInput {
        HL7v2.Parser(options: options).parse(Array(text.utf8), source: "test.hl7")
    }

    @Test func fieldsRepetitionsComponentsSubcomponentsAndPaths() throws {
        let input = parse(Self.oru.joined(separator: "\r") + "\r")
        #expect(input.errors.isEmpty)
        let message = try #require(input.messages.first)
        #expect(message.controlID == "MSG0001")
        #expect(message.messageCode == "ORU" && message.triggerEvent == "R01" && message.messageStructure == "ORU_R01")
        #expect(message.version == "2.5.1")
        #expect(message.characterSet == "UNICODE UTF-8")
        #expect(message.header.field(1).value == "|" && message.header.field(2).value == "^~\\&")
        #expect(try message.value(at: "PID-3[2].1") == "11010519491231002X")
        #expect(try message.value(at: "PID-3[2].5") == "NNCHN")
        #expect(try message.value(at: "PID-3.1") == "H100001")
        #expect(try message.value(at: "PID-5[2].2") == "Xiaoming")
        #expect(try message.value(at: "PID-5.1") == "王")
        #expect(try message.value(at: "OBX[1]-5") == "5.6")
        #expect(try message.value(at: "OBX[2]-3.1") == "8251-1")
        #expect(try message.value(at: "OBX[2]-5") == "see | note ^ and & ~ \\ end\nnext")
        #expect(try message.value(at: "ZPI-2.2.2") == "sub")
        #expect(try message.value(at: "PID-99.1") == "")
        #expect(try message.value(at: "NTE-1") == "")
        let pid3 = try #require(try message.field(at: "PID-3"))
        #expect(pid3.repetitionCount == 2)
        #expect(pid3.repetitions[1].components.map(\.value) == ["11010519491231002X", "", "", "CHN", "NNCHN"])
        let null = try #require(try message.field(at: "OBX[3]-5"))
        #expect(null.isNull && !null.isEmpty)
        #expect(message.segments.map(\.id) == ["MSH", "PID", "OBR", "OBX", "OBX", "OBX", "ZPI"])
        #expect(message.segments("OBX").count == 3)
        #expect(message.segment("OBX", occurrence: 3)?.field(2).value == "TX")
        #expect(message.segment("PID")?.line == 2)
    }

    @Test func pathsAreValidated() {
        #expect(throws: HealthRecordsError.self) { try HL7v2.Path("PID") }
        #expect(throws: HealthRecordsError.self) { try HL7v2.Path("pid-3") }
        #expect(throws: HealthRecordsError.self) { try HL7v2.Path("PID-0") }
        #expect(throws: HealthRecordsError.self) { try HL7v2.Path("PID-3[x]") }
        #expect(throws: HealthRecordsError.self) { try HL7v2.Path("PID-3.1.2.3") }
        #expect((try? HL7v2.Path("OBX[2]-5[3].1.2"))?.description == "OBX[2]-5[3].1.2")
        #expect((try? HL7v2.Path("PID.3.1"))?.component == 1)
    }

    @Test func segmentTerminatorsCRLFAndCRLFGiveTheSameMessage() throws {
        let cr = parse(Self.oru.joined(separator: "\r"))
        let lf = parse(Self.oru.joined(separator: "\n") + "\n")
        let crlf = parse(Self.oru.joined(separator: "\r\n") + "\r\n\r\n")
        #expect(cr.errors.isEmpty && lf.errors.isEmpty && crlf.errors.isEmpty)
        let bytes = try #require(cr.messages.first).bytes
        #expect(lf.messages.first?.bytes == bytes && crlf.messages.first?.bytes == bytes)
        #expect(try #require(cr.messages.first).encoded(segmentTerminator: [0x0A]) == Array((Self.oru.joined(separator: "\n") + "\n").utf8))
    }

    @Test func separatorsComeFromMSH() throws {
        let text = "MSH$%~\\&$GHH LAB\rPID$$$555-44-4444$$EVERYWOMAN%EVE%E%%%L$JONES\\F\\X"
        let message = try HL7v2.Message(er7: text)
        #expect(message.separators.field == UInt8(ascii: "$") && message.separators.component == UInt8(ascii: "%"))
        #expect(try message.value(at: "PID-5.2") == "EVE")
        #expect(message.segment("PID")?.field(5).repetition(1).components.count == 6)
        #expect(try message.value(at: "PID-6") == "JONES$X")
        #expect(message.header.field(3).value == "GHH LAB")
    }

    @Test func escapeSequences() {
        let s = HL7v2.Separators.standard
        #expect(HL7v2.Escaping.unescape(Array("a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f".utf8), separators: s) == "a|b^c&d~e\\f")
        #expect(HL7v2.Escaping.unescape(Array("\\XE4B8AD\\\\X0D0A\\".utf8), separators: s) == "中\r\n")
        #expect(HL7v2.Escaping.unescape(Array("\\XE9\\".utf8), separators: s) == "é")  // not UTF-8: ISO 8859-1
        #expect(HL7v2.Escaping.unescape(Array("\\H\\bold\\N\\ line\\.br\\two".utf8), separators: s) == "bold line\ntwo")
        #expect(HL7v2.Escaping.unescape(Array("odd \\ back".utf8), separators: s) == "odd \\ back")
        #expect(HL7v2.Escaping.unescape(Array("trailing\\".utf8), separators: s) == "trailing\\")
        #expect(HL7v2.Escaping.unescape(Array("\\Xzz\\ok".utf8), separators: s) == "ok")
        let plain = "a|b^c&d~e\\f\ng"
        let escaped = HL7v2.Escaping.escape(plain)
        #expect(escaped == "a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f\\.br\\g")
        #expect(HL7v2.Escaping.unescape(Array(escaped.utf8), separators: s) == plain)
    }

    @Test func feedsNumberMessagesAndReportEachBadOneWithoutHidingTheOthers() throws {
        let good = Self.oru.joined(separator: "\r") + "\r"
        let badID = "MSH|^~\\&|A|B|C|D|20250101||ADT^A01|X2|P|2.5\rEVN|A01\rpid|1\r"
        let badSeparators = "MSH|^~|A\rPID|1\r"
        let input = parse(good + "\n" + badID + "\n" + badSeparators + "\n" + good)
        #expect(input.messageCount == 4)
        #expect(input.messages.map(\.number) == [1, 4])
        #expect(input.errors.count == 2)
        let first = try #require(input.errors.first)
        #expect(first.position?.record == 2 && first.position?.file == "test.hl7" && first.position?.location == "segment 3")
        #expect(first.position?.line == 10)
        #expect(first.description.hasPrefix("test.hl7:10: record 2: segment 3: "))
        #expect(input.errors[1].position?.location == "MSH-2" && input.errors[1].position?.record == 3)
    }

    @Test func batchesAndFileEnvelopes() throws {
        let msh = { (id: String) in "MSH|^~\\&|A|B|C|D|20250101||ADT^A04^ADT_A01|\(id)|P|2.5\rEVN|A04\rPID|1||\(id)^^^H^MR\r" }
        let file = "FHS|^~\\&|A|B\rBHS|^~\\&|A|B\r" + msh("1") + msh("2") + "BTS|2\rBHS|^~\\&\r" + msh("3") + "BTS|1\rFTS|2\r"
        let input = parse(file)
        #expect(input.errors.isEmpty)
        #expect(input.batches.count == 2 && input.batches[0].messages.map(\.controlID) == ["1", "2"])
        #expect(input.fileHeader?.field(3).value == "A" && input.fileTrailer?.field(1).value == "2")
        #expect(input.batches[1].trailer?.field(1).value == "1")
        let wrongCount = parse("BHS|^~\\&\r" + msh("1") + "BTS|3\r")
        #expect(wrongCount.errors.first?.position?.location == "BTS-1")
        #expect(wrongCount.messages.count == 1)
        let nested = parse("BHS|^~\\&\r" + msh("1") + "BHS|^~\\&\r" + msh("2") + "BTS|1\r")
        #expect(nested.errors.first?.position?.location == "BHS")
    }

    @Test func mllpFramedInputAndIncrementalDeframing() throws {
        let one = Array((Self.oru.joined(separator: "\r") + "\r").utf8)
        let stream = HL7v2.MLLP.frame(one) + HL7v2.MLLP.frame(one)
        let input = HL7v2.Parser().parse(stream, source: nil)
        #expect(input.errors.isEmpty && input.messages.count == 2)
        #expect(input.messages[1].bytes == one)
        var deframer = HL7v2.MLLP.Deframer()
        var payloads: [[UInt8]] = []
        var k = 0
        for size in [1, 7, 300, 2, 5000] {  // split frames and several frames per read
            let end = min(stream.count, k + size)
            payloads += try deframer.append(stream[k..<end])
            k = end
        }
        try deframer.finish()
        #expect(payloads == [one, one])
        var broken = HL7v2.MLLP.Deframer()
        _ = try broken.append(HL7v2.MLLP.frame(one).dropLast(2))
        #expect(throws: HealthRecordsError.self) { try broken.finish() }
        var outside = HL7v2.MLLP.Deframer()
        #expect(throws: HealthRecordsError.self) { _ = try outside.append(Array("MSH|".utf8)) }
    }

    @Test func characterSetsFromMSH18() throws {
        // 王小明 in GB 18030: CD F5 D0 A1 C3 F7.
        var bytes = Array("MSH|^~\\&|HIS|SZH|GX|GX|20250101||ADT^A04|1|P|2.5|||||CHN|GB 18030-2000\rPID|1||1^^^H^MR||".utf8)
        bytes += [0xCD, 0xF5, 0x5E, 0xD0, 0xA1, 0xC3, 0xF7, 0x0D]
        let input = HL7v2.Parser().parse(bytes, source: nil)
        #expect(input.errors.isEmpty)
        let message = try #require(input.messages.first)
        #expect(try message.value(at: "PID-5.1") == "王" && message.value(at: "PID-5.2") == "小明")
        // Without MSH-18 the same bytes are not UTF-8: a precise error, not garbage.
        var undeclared = Array("MSH|^~\\&|HIS|SZH|GX|GX|20250101||ADT^A04|1|P|2.5\rPID|1||1^^^H^MR||".utf8)
        undeclared += [0xCD, 0xF5, 0x0D]
        let rejected = HL7v2.Parser().parse(undeclared, source: "gb.hl7")
        let error = try #require(rejected.errors.first)
        #expect(error.message.contains("0xCD") && error.position?.line == 2 && error.position?.location == "PID")
        let unknown = HL7v2.Parser().parse(Array("MSH|^~\\&|||||||ADT^A04|1|P|2.5|||||X|KLINGON\rPID|1||é\r".utf8), source: nil)
        #expect(unknown.errors.first?.position?.location == "MSH-18")
    }

    @Test func spaceJoinedSegmentsAreRepaired() throws {
        let text = "MSH|^~\\&|A|B|||20050110045504||ADT^A01|599102|P|2.3||| EVN|A01|20050110045502||||| PID|1||10006579^^^1^MRN^1||DUCK^DONALD^D||19241010|M\n"
        let message = try #require(parse(text).messages.first)
        #expect(message.segments.map(\.id) == ["MSH", "EVN", "PID"])
        #expect(try message.value(at: "PID-5.2") == "DONALD")
        // Words that happen to be rare segment IDs ("REC FAC|") are not segment boundaries.
        let facility = try HL7v2.Message(er7: "MSH|^~\\&|SEND APP|SEND FAC|REC APP|REC FAC|20080115153000||ADT^A01|X1|P|2.5\rPID|1")
        #expect(facility.controlID == "X1" && facility.segmentCount == 2)
        let off = parse(text, options: .init(repairSpaceSeparatedSegments: false))
        #expect(off.messages.first?.segments.count == 1)
    }

    @Test func builderEncodesAndEscapes() throws {
        var builder = HL7v2.MessageBuilder()
        builder.append("MSH")
        builder.set("MSH-9.1", "ADT"); builder.set("MSH-9.2", "A01"); builder.set("MSH-10", "C1"); builder.set("MSH-12", "2.5")
        builder.append("PID")
        builder.set("PID-3[2].1", "X|Y")
        builder.set("PID-5.1", "王")
        builder.set("PID-5.2.2", "b")
        #expect(builder.encoded() == "MSH|^~\\&|||||||ADT^A01|C1||2.5\rPID|||~X\\F\\Y||王^&b\r")
        let message = try builder.build()
        #expect(try message.value(at: "PID-3[2].1") == "X|Y")
        #expect(try message.value(at: "PID-5.2.2") == "b")
        let added = builder.set("OBX-1", "1")
        #expect(!added)
    }
}
