import Foundation

/// Converts one HL7 v2 message to a FHIR R4 transaction Bundle, following the HL7 V2-to-FHIR IG (1.0.0 STU1)
/// segment maps: MSH → MessageHeader + Provenance, PID/PD1 → Patient (NK1 → Patient.contact),
/// PV1/PV2 → Encounter, DG1 → Condition, ORC/OBR → ServiceRequest + DiagnosticReport (+ Specimen from SPM or
/// OBR-15), OBX → Observation (in ORU referenced from DiagnosticReport.result), NTE → notes.
///
/// Merges (ADT A40, also A34/A35/A39/A41/A42): each PID/MRG pair gives the surviving Patient with
/// `link.type = replaces` and the retired Patient (MRG-1 identifiers, `active = false`) with
/// `link.type = replaced-by` — gx's own design, as the IG has no merge map (docs/mapping.md).
///
/// Resources get `urn:uuid` fullUrls derived from MSH-3, MSH-4, MSH-10 and the resource's role, so converting the
/// same message twice gives the same Bundle. Patients and Encounters with an identifier are conditional updates
/// (`PUT Patient?identifier=system|value`), everything else is `POST`.
///
/// ```swift
/// let result = try HL7v2FHIRMapper().map(message)
/// print(result.bundle.resources.count, result.warnings)
/// ```
public struct HL7v2FHIRMapper: Sendable {
    /// Mapping options.
    public struct Options: Sendable {
        /// Time zone given to HL7 times that carry none (FHIR requires one): `+08:00` (China Standard Time).
        public var defaultTimeZone: String
        /// Adds a pinyin HumanName (ISO 21090 representation `ABC`) after every name written in Chinese characters.
        public var addPinyinNames: Bool
        /// Creates options.
        public init(defaultTimeZone: String = "+08:00", addPinyinNames: Bool = true) {
            self.defaultTimeZone = defaultTimeZone
            self.addPinyinNames = addPinyinNames
        }
    }

    /// The Bundle of one message and what could not be mapped.
    public struct Result: Sendable {
        /// A `transaction` Bundle.
        public var bundle: FHIR.Bundle
        /// Values left out (invalid dates, codes, resident IDs, …), each naming message, line and field.
        public var warnings: [HealthRecordsError]
    }

    /// The options in use.
    public var options: Options

    /// Creates a mapper.
    public init(options: Options = Options()) { self.options = options }

    /// Maps one message.
    ///
    /// - Throws: ``HealthRecordsError`` (`mapping`) when the message cannot give a meaningful Bundle: an ADT or ORU
    ///   message without PID, a merge without MRG, an ORU without OBR.
    public func map(_ message: HL7v2.Message) throws(HealthRecordsError) -> Result {
        var context = Context(message: message, options: options)
        try context.run()
        return Result(bundle: context.bundle(), warnings: context.warnings)
    }
}

extension HL7v2FHIRMapper {
    typealias JSON = FHIR.JSON
    typealias Object = FHIR.JSON.Object
    typealias Types = HL7v2DataTypes

    /// One entry of the Bundle under construction.
    struct Entry {
        var fullUrl: String
        var resource: Object
        var method: String
        var url: String
    }

    /// A DiagnosticReport being collected from OBR and the OBX/SPM/NTE that follow it.
    struct ReportState {
        var entryIndex: Int
        var serviceRequestURL: String?
        var results: [String] = []
        var specimens: [String] = []
        var notes: [String] = []
        var obr: HL7v2.Segment
    }

    struct Context {
        let message: HL7v2.Message
        let options: Options
        var entries: [Entry] = []
        var warnings: [HealthRecordsError] = []
        var patientIndex: Int?
        var encounterIndex: Int?
        var report: ReportState?
        var lastObservationIndex: Int?
        var pendingORC: HL7v2.Segment?
        var counter = 0
        let isMerge: Bool
        let event: String

        init(message: HL7v2.Message, options: Options) {
            self.message = message
            self.options = options
            event = message.triggerEvent.uppercased()
            isMerge = message.messageCode.uppercased() == "ADT" && ["A34", "A35", "A36", "A39", "A40", "A41", "A42", "A18", "A30"].contains(event)
        }

        // MARK: Positions, warnings, identifiers

        func position(_ segment: HL7v2.Segment?, _ location: String?) -> HealthRecordsError.Position {
            .init(file: message.source, record: message.number, line: segment?.line ?? message.line, location: location)
        }

        mutating func warn(_ segment: HL7v2.Segment?, _ location: String, _ text: String) {
            warnings.append(HealthRecordsError(.mapping, text, position: position(segment, location)))
        }

        func fail(_ location: String?, _ text: String) -> HealthRecordsError {
            HealthRecordsError(.mapping, text, position: position(nil, location))
        }

        /// A deterministic `urn:uuid` for the n-th resource of this message.
        mutating func newURL(_ role: String) -> String {
            counter += 1
            let header = message.header
            let seed = [header.field(3).raw, header.field(4).raw, message.controlID, message.timestamp, role, String(counter)].joined(separator: "\u{1F}")
            return NameBasedUUID.urn(seed)
        }

        mutating func add(_ resource: Object, role: String, conditionalOn identifier: Object? = nil) -> Int {
            let type = resource["resourceType"]?.stringValue ?? "Resource"
            var method = "POST"
            var url = type
            if let identifier, let value = identifier["value"]?.stringValue {
                let system = identifier["system"]?.stringValue.map { $0 + "|" } ?? ""
                method = "PUT"
                url = "\(type)?identifier=" + Context.queryEscape(system + value)
            }
            entries.append(Entry(fullUrl: newURL(role), resource: resource, method: method, url: url))
            return entries.count - 1
        }

        /// `CharacterSet.urlQueryAllowed` without `&`, `=`, `+` and `#` kept, everything else percent-encoded.
        static func queryEscape(_ text: String) -> String {
            PercentEncoding.encode(text, keeping: PercentEncoding.queryValue)
        }

        func reference(_ index: Int?) -> JSON? {
            guard let index else { return nil }
            return .object(["reference": .string(entries[index].fullUrl)])
        }

        // MARK: Walk

        mutating func run() throws(HealthRecordsError) {
            let code = message.messageCode.uppercased()
            let segments = message.segments
            let hasPID = segments.contains { $0.id == "PID" }
            if (code == "ADT" || code == "ORU") && !hasPID {
                throw fail("PID", "an \(code) message needs a PID segment (patient identification); none found")
            }
            if isMerge && !segments.contains(where: { $0.id == "MRG" }) {
                throw fail("MRG", "ADT^\(event) is a merge, which needs an MRG segment naming the prior patient; none found")
            }
            if code == "ORU" && !segments.contains(where: { $0.id == "OBR" }) {
                warn(nil, "OBR", "the ORU message has no OBR segment (observation request); only the patient is written")
            }
            for segment in segments {
                switch segment.id {
                case "PID": mapPatient(segment)
                case "PD1": mapPD1(segment)
                case "NK1": mapNK1(segment)
                case "MRG": mapMerge(segment)
                case "PV1": mapEncounter(segment)
                case "PV2": mapPV2(segment)
                case "DG1": mapCondition(segment)
                case "ORC": pendingORC = segment
                case "OBR": finishReport(); startReport(segment)
                case "OBX": mapObservation(segment)
                case "NTE": mapNote(segment)
                case "SPM": mapSpecimen(segment)
                default: break
                }
            }
            finishReport()
            addHeaderAndProvenance()
        }

        // MARK: Bundle

        func bundle() -> FHIR.Bundle {
            var object: Object = ["resourceType": .string("Bundle"), "type": .string("transaction")]
            object["entry"] = .array(entries.map { entry in
                .object(["fullUrl": .string(entry.fullUrl), "resource": .object(entry.resource),
                         "request": .object(["method": .string(entry.method), "url": .string(entry.url)])])
            })
            return FHIR.Bundle(json: object)
        }
    }
}
