import Foundation

extension HL7v2 {
    /// Builds ACK / NAK messages (MSH, MSA, ERR) answering a received message.
    ///
    /// MSH-3/4 and MSH-5/6 are swapped from the original, MSH-9 is `ACK^<trigger>^ACK`, MSH-11/12 are copied,
    /// MSA-2 is the original MSH-10. With an error, the ERR segment names the segment and field
    /// (v2.5+: ERR-2 location, ERR-3 condition from HL7 table 0357, ERR-4 severity, ERR-8 the message;
    /// before v2.5: ERR-1).
    ///
    /// ```swift
    /// let ack = HL7v2.Acknowledgement.make(for: message, code: .accept, controlID: "ACK0001")
    /// let nak = HL7v2.Acknowledgement.make(for: message, code: .error, error: someError, controlID: "ACK0002")
    /// ```
    public enum Acknowledgement {
        /// MSA-1 acknowledgement codes (HL7 table 0008).
        public enum Code: String, Sendable, CaseIterable {
            /// Application accept.
            case accept = "AA"
            /// Application error.
            case error = "AE"
            /// Application reject.
            case reject = "AR"
            /// Commit accept (enhanced mode).
            case commitAccept = "CA"
            /// Commit error (enhanced mode).
            case commitError = "CE"
            /// Commit reject (enhanced mode).
            case commitReject = "CR"
        }

        /// Builds the acknowledgement of a parsed message.
        ///
        /// - Parameters:
        ///   - message: The message being answered.
        ///   - code: MSA-1.
        ///   - error: The failure to report in MSA-3 and ERR (its location such as `PID-7` names the field).
        ///   - condition: HL7 table 0357 code for ERR-3; derived from the error when `nil`
        ///     (`102` data type error for a field, `100` segment sequence error for a segment, `207` otherwise).
        ///   - controlID: MSH-10 of the acknowledgement.
        ///   - timestamp: MSH-7.
        /// - Returns: The ACK message.
        public static func make(for message: Message, code: Code, error: HealthRecordsError? = nil, condition: String? = nil,
                                controlID: String, timestamp: Date = Date()) -> Message {
            let h = message.header
            return make(separators: message.separators,
                        header: (sendingApplication: h.field(5).raw, sendingFacility: h.field(6).raw,
                                 receivingApplication: h.field(3).raw, receivingFacility: h.field(4).raw,
                                 trigger: message.triggerEvent, processingID: h.field(11).raw, version: h.field(12).raw,
                                 originalControlID: message.controlID),
                        code: code, error: error, condition: condition, controlID: controlID, timestamp: timestamp)
        }

        /// Builds a reject for input that could not be parsed as a message, reading what it can of the MSH.
        ///
        /// - Parameters:
        ///   - bytes: The received bytes (one message).
        ///   - error: Why it was rejected.
        ///   - code: MSA-1, `.reject` by default.
        ///   - controlID: MSH-10 of the acknowledgement.
        ///   - timestamp: MSH-7.
        public static func make(forUnparsed bytes: [UInt8], error: HealthRecordsError, code: Code = .reject, controlID: String,
                                timestamp: Date = Date()) -> Message {
            var fields: [String] = []
            if bytes.count > 4, bytes.starts(with: Array("MSH".utf8)) {
                let fs = bytes[3]
                let end = bytes.firstIndex(where: { $0 == 0x0D || $0 == 0x0A }) ?? bytes.count
                fields = bytes[0..<end].split(separator: fs, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            }
            // fields[k] is MSH-(k+1) for k >= 1 (fields[0] is "MSH", fields[1] is MSH-2).
            func msh(_ n: Int) -> String {
                let k = n - 1
                guard k >= 1, k < fields.count else { return "" }
                let value = fields[k]
                return value.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) ? value : ""
            }
            let trigger = msh(9).split(separator: "^", omittingEmptySubsequences: false).dropFirst().first.map(String.init) ?? ""
            return make(separators: .standard,
                        header: (sendingApplication: msh(5), sendingFacility: msh(6), receivingApplication: msh(3),
                                 receivingFacility: msh(4), trigger: trigger, processingID: msh(11),
                                 version: msh(12), originalControlID: msh(10)),
                        code: code, error: error, condition: nil, controlID: controlID, timestamp: timestamp)
        }

        typealias HeaderValues = (sendingApplication: String, sendingFacility: String, receivingApplication: String,
                                  receivingFacility: String, trigger: String, processingID: String, version: String,
                                  originalControlID: String)

        static func make(separators: Separators, header: HeaderValues, code: Code, error: HealthRecordsError?, condition: String?,
                         controlID: String, timestamp: Date) -> Message {
            let s = separators
            let fs = String(decoding: [s.field], as: UTF8.self)
            let cs = String(decoding: [s.component], as: UTF8.self)
            let escape = { (text: String) in Escaping.escape(text, separators: s) }
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "yyyyMMddHHmmss"
            let version = header.version.isEmpty ? "2.5" : header.version
            var msh = ["MSH", s.encodingCharacters, header.sendingApplication, header.sendingFacility, header.receivingApplication,
                       header.receivingFacility, formatter.string(from: timestamp) + "+0000", "",
                       ["ACK", escape(header.trigger), "ACK"].joined(separator: cs), escape(controlID),
                       header.processingID.isEmpty ? "P" : header.processingID, version]
            while msh.last == "" { msh.removeLast() }
            var segments = [msh.joined(separator: fs)]
            var msa = ["MSA", code.rawValue, escape(header.originalControlID)]
            if let error { msa.append(escape(error.message)) }
            segments.append(msa.joined(separator: fs))
            if let error, code != .accept, code != .commitAccept {
                let location = (error.position?.location).flatMap { Location(parsing: $0) }
                let conditionCode = condition ?? (location?.field != nil ? "102" : location != nil ? "100" : "207")
                let conditionText = conditionTexts[conditionCode] ?? "Application internal error"
                let ss = String(decoding: [s.subcomponent], as: UTF8.self)
                let major = Int(version.split(separator: ".").dropFirst().first ?? "5") ?? 5
                var err = ["ERR"]
                if version.hasPrefix("2.") && major < 5 {
                    // ERR-1 (ELD): segment ID ^ sequence ^ field position ^ code & text & table
                    let eld = [location?.segment ?? "", location?.segment != nil ? "1" : "", location?.field.map(String.init) ?? "",
                               [conditionCode, conditionText, "HL70357"].joined(separator: ss)]
                    err.append(eld.joined(separator: cs))
                } else {
                    // ERR-2 (ERL) ^ ERR-3 (CWE) ^ ERR-4 severity … ERR-8 user message
                    let erl = [location?.segment ?? "", location?.segment != nil ? "1" : "", location?.field.map(String.init) ?? "",
                               location?.field != nil ? "1" : "", location?.component.map(String.init) ?? ""]
                    var trimmed = erl
                    while trimmed.last == "" { trimmed.removeLast() }
                    err += ["", trimmed.joined(separator: cs), [conditionCode, conditionText, "HL70357"].joined(separator: cs), "E",
                            "", "", "", escape(error.message)]
                }
                segments.append(err.joined(separator: fs))
            }
            let bytes = Array((segments.joined(separator: "\r") + "\r").utf8)
            // The pieces above are escaped or copied from a parsed header, so indexing cannot fail; fall back to a
            // minimal message if it ever does.
            if let message = try? Message(indexing: bytes, number: 1, line: 1, source: nil) { return message }
            return try! Message(indexing: Array("MSH|^~\\&|||||||ACK|\(controlID.filter { $0.isLetter || $0.isNumber })|P|2.5\rMSA|AR\r".utf8), number: 1, line: 1, source: nil)
        }

        static let conditionTexts = [
            "0": "Message accepted", "100": "Segment sequence error", "101": "Required field missing",
            "102": "Data type error", "103": "Table value not found", "200": "Unsupported message type",
            "201": "Unsupported event code", "202": "Unsupported processing id", "203": "Unsupported version id",
            "204": "Unknown key identifier", "205": "Duplicate key identifier", "206": "Application record locked",
            "207": "Application internal error",
        ]

        /// A location named by an error: `PID`, `PID-7`, `PID-3.1`, `MSH-2`.
        struct Location {
            var segment: String
            var field: Int?
            var component: Int?
            init?(parsing text: String) {
                if let path = try? Path(text) {
                    segment = path.segment; field = path.field; component = path.component
                    return
                }
                let id = text.prefix(3)
                guard text.count == 3, id.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber) }) else { return nil }
                segment = String(id)
            }
        }
    }
}
