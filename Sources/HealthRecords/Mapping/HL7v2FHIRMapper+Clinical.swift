import Foundation

extension HL7v2FHIRMapper.Context {
    // MARK: PV1 / PV2 → Encounter

    /// HL7 table 0004 patient class → v3 ActCode encounter class.
    static func encounterClass(_ code: String) -> (String, String) {
        switch code.uppercased() {
        case "E": ("EMER", "emergency")
        case "I", "B": ("IMP", "inpatient encounter")
        case "O", "R": ("AMB", "ambulatory")
        case "P": ("PRENC", "pre-admission")
        case "N": ("NONAC", "inpatient non-acute")
        default: ("AMB", "ambulatory")
        }
    }

    mutating func mapEncounter(_ pv1: HL7v2.Segment) {
        var encounter: Object = ["resourceType": .string("Encounter")]
        let discharge = pv1.field(45).component(1).value
        let admit = pv1.field(44).component(1).value
        let status: String
        if discharge.isHL7Present { status = "finished" }
        else if ["A01", "A04", "A02", "A06", "A07", "A05", "A14"].contains(event) || message.messageCode.uppercased() == "ORU" { status = ["A05", "A14"].contains(event) ? "planned" : "in-progress" }
        else if event == "A03" { status = "finished" }
        else if event == "A11" || event == "A13" { status = "cancelled" }
        else { status = "unknown" }
        encounter["status"] = .string(status)
        let classCode = pv1.field(2).component(1).value.trimmingWhitespace()
        if classCode.isEmpty {
            encounter["class"] = .object(["system": .string("http://terminology.hl7.org/CodeSystem/v3-NullFlavor"), "code": .string("UNK"), "display": .string("unknown")])
        } else {
            let (code, display) = Self.encounterClass(classCode)
            encounter["class"] = .object(["system": .string("http://terminology.hl7.org/CodeSystem/v3-ActCode"), "code": .string(code), "display": .string(display)])
        }
        var residentIDs: [FHIR.China.ResidentIdentityNumber] = []
        let visit = identifiers(pv1.field(19), segment: pv1, location: "PV1-19", residentIDs: &residentIDs)
        if !visit.isEmpty { encounter["identifier"] = .array(visit.map { .object($0) }) }
        if let subject = reference(patientIndex) { encounter["subject"] = subject }
        var period = Object()
        if admit.isHL7Present {
            if let start = Types.dateTime(admit, defaultTimeZone: options.defaultTimeZone) { period["start"] = .string(start) } else {
                warn(pv1, "PV1-44", "admit date/time is not a valid HL7 date/time; left out")
            }
        }
        if discharge.isHL7Present {
            if let end = Types.dateTime(discharge, defaultTimeZone: options.defaultTimeZone) { period["end"] = .string(end) } else {
                warn(pv1, "PV1-45", "discharge date/time is not a valid HL7 date/time; left out")
            }
        }
        if let start = period["start"]?.stringValue, let end = period["end"]?.stringValue, start.prefix(10) > end.prefix(10) {
            warn(pv1, "PV1-45", "discharge precedes admission; period end left out")
            period["end"] = nil
        }
        if !period.isEmpty { encounter["period"] = .object(period) }
        let location = pv1.field(3).repetition(1)
        let locationText = (1...4).map { location.component($0).subcomponent(1) }.filter { !$0.isEmpty }.joined(separator: " ")
        if !locationText.isEmpty {
            encounter["location"] = .array([.object(["location": .object(["display": .string(locationText)])])])
        }
        var participants: [JSON] = []
        for (field, code, display) in [(7, "ATND", "attender"), (8, "REF", "referrer"), (9, "CON", "consultant"), (17, "ADM", "admitter")] {
            for repetition in pv1.field(field).repetitions {
                guard let individual = Self.logicalReference(repetition) else { continue }
                participants.append(.object([
                    "type": .array([Types.concept(system: "http://terminology.hl7.org/CodeSystem/v3-ParticipationType", code: code, display: display)]),
                    "individual": .object(individual),
                ]))
            }
        }
        if !participants.isEmpty { encounter["participant"] = .array(participants) }
        let conditional = visit.first { $0["system"] != nil }
        encounterIndex = add(encounter, role: "Encounter", conditionalOn: conditional)
    }

    mutating func mapPV2(_ pv2: HL7v2.Segment) {
        guard let index = encounterIndex, let reason = Types.codeableConcept(pv2.field(3).repetition(1)) else { return }
        entries[index].resource["reasonCode"] = .array([.object(reason)])
    }

    // MARK: DG1 → Condition

    mutating func mapCondition(_ dg1: HL7v2.Segment) {
        var condition: Object = ["resourceType": .string("Condition")]
        let codeSystemName = dg1.field(2).value
        var code = Types.codeableConcept(dg1.field(3).repetition(1), defaultSystem: Types.system(for: codeSystemName))
        let description = dg1.field(4).value.trimmingWhitespace()
        if code == nil && !description.isEmpty { code = ["text": .string(description)] }
        guard let code else {
            warn(dg1, "DG1-3", "diagnosis has neither a code (DG1-3) nor a description (DG1-4); no Condition written")
            return
        }
        condition["category"] = .array([Types.concept(system: "http://terminology.hl7.org/CodeSystem/condition-category", code: "encounter-diagnosis", display: "Encounter Diagnosis")])
        switch dg1.field(6).value.uppercased() {
        case "F":
            condition["verificationStatus"] = Types.concept(system: "http://terminology.hl7.org/CodeSystem/condition-ver-status", code: "confirmed")
        case "A", "W":
            condition["verificationStatus"] = Types.concept(system: "http://terminology.hl7.org/CodeSystem/condition-ver-status", code: "provisional")
        default: break
        }
        condition["code"] = .object(code)
        if let subject = reference(patientIndex) { condition["subject"] = subject } else {
            warn(dg1, "DG1", "diagnosis without a patient (no PID before it); no Condition written")
            return
        }
        if let encounter = reference(encounterIndex) { condition["encounter"] = encounter }
        let when = dg1.field(5).component(1).value
        if when.isHL7Present {
            if let dateTime = Types.dateTime(when, defaultTimeZone: options.defaultTimeZone) { condition["recordedDate"] = .string(dateTime) } else {
                warn(dg1, "DG1-5", "diagnosis date/time is not a valid HL7 date/time; left out")
            }
        }
        _ = add(condition, role: "Condition")
    }

    // MARK: ORC / OBR → ServiceRequest + DiagnosticReport

    static func resultStatus(_ code: String) -> String? {
        switch code.uppercased() {
        case "F": "final"
        case "C": "corrected"
        case "P": "preliminary"
        case "A", "R": "partial"
        case "X": "cancelled"
        case "I", "O", "S": "registered"
        case "D", "W": "entered-in-error"
        default: nil
        }
    }

    mutating func startReport(_ obr: HL7v2.Segment) {
        var code = Types.codeableConcept(obr.field(4).repetition(1))
        if code == nil {
            warn(obr, "OBR-4", "universal service identifier is empty; the report is named \"unknown\"")
            code = ["text": .string("unknown")]
        }
        let status = Self.resultStatus(obr.field(25).value) ?? "unknown"
        // ServiceRequest (the order) with placer and filler numbers.
        var request: Object = ["resourceType": .string("ServiceRequest")]
        var orderIDs: [JSON] = []
        for (field, typeCode) in [(2, "PLAC"), (3, "FILL")] {
            var value = obr.field(field).component(1).value
            var authority = obr.field(field).component(2).value
            if value.isEmpty, let orc = pendingORC { value = orc.field(field).component(1).value; authority = orc.field(field).component(2).value }
            guard !value.isEmpty else { continue }
            var identifier: Object = ["type": Types.concept(system: "http://terminology.hl7.org/CodeSystem/v2-0203", code: typeCode), "value": .string(value)]
            if !authority.isEmpty { identifier["system"] = .string(Types.localSystem(authority)) }
            orderIDs.append(.object(identifier))
        }
        if !orderIDs.isEmpty { request["identifier"] = .array(orderIDs) }
        request["status"] = .string(status == "final" || status == "corrected" ? "completed" : status == "cancelled" ? "revoked" : "active")
        request["intent"] = .string("order")
        request["code"] = .object(code!)
        if let subject = reference(patientIndex) { request["subject"] = subject }
        if let encounter = reference(encounterIndex) { request["encounter"] = encounter }
        if let orc = pendingORC, let authored = Types.dateTime(orc.field(9).component(1).value, defaultTimeZone: options.defaultTimeZone) {
            request["authoredOn"] = .string(authored)
        }
        if let requester = Self.logicalReference(obr.field(16).repetition(1)) { request["requester"] = .object(requester) }
        let requestIndex = patientIndex == nil ? nil : add(request, role: "ServiceRequest")

        var report: Object = ["resourceType": .string("DiagnosticReport")]
        if !orderIDs.isEmpty { report["identifier"] = .array(orderIDs.filter { $0.objectValue?["type"]?.objectValue?["coding"]?.arrayValue?.first?.objectValue?["code"]?.stringValue == "FILL" }) }
        if report["identifier"]?.arrayValue?.isEmpty == true { report["identifier"] = nil }
        if let requestIndex { report["basedOn"] = .array([.object(["reference": .string(entries[requestIndex].fullUrl)])]) }
        report["status"] = .string(status)
        let section = obr.field(24).value.trimmingWhitespace()
        report["category"] = .array([Types.concept(system: "http://terminology.hl7.org/CodeSystem/v2-0074", code: Types.code(section) ?? "LAB")])
        report["code"] = .object(code!)
        if let subject = reference(patientIndex) { report["subject"] = subject }
        if let encounter = reference(encounterIndex) { report["encounter"] = encounter }
        let observed = obr.field(7).component(1).value
        if observed.isHL7Present {
            if let dateTime = Types.dateTime(observed, defaultTimeZone: options.defaultTimeZone) { report["effectiveDateTime"] = .string(dateTime) } else {
                warn(obr, "OBR-7", "observation date/time is not a valid HL7 date/time; left out")
            }
        }
        if let issued = Types.instant(obr.field(22).component(1).value, defaultTimeZone: options.defaultTimeZone) { report["issued"] = .string(issued) }
        let index = add(report, role: "DiagnosticReport")
        report = entries[index].resource
        self.report = HL7v2FHIRMapper.ReportState(entryIndex: index, serviceRequestURL: requestIndex.map { entries[$0].fullUrl }, obr: obr)
        lastObservationIndex = nil
        // OBR-15 specimen source (v2.3/2.4) when no SPM follows.
        let source = obr.field(15).repetition(1)
        if let type = Types.codeableConcept({ source.component(1).subcomponent($0) }) {
            var specimen: Object = ["resourceType": .string("Specimen"), "type": .object(type)]
            if let subject = reference(patientIndex) { specimen["subject"] = subject }
            if let collected = report["effectiveDateTime"] { specimen["collection"] = .object(["collectedDateTime": collected]) }
            let specimenIndex = add(specimen, role: "Specimen")
            self.report?.specimens.append(entries[specimenIndex].fullUrl)
        }
        pendingORC = nil
    }

    mutating func mapSpecimen(_ spm: HL7v2.Segment) {
        var specimen: Object = ["resourceType": .string("Specimen")]
        let id = spm.field(2).component(1).subcomponent(1)
        if !id.isEmpty { specimen["identifier"] = .array([.object(["value": .string(id)])]) }
        if let type = Types.codeableConcept(spm.field(4).repetition(1)) { specimen["type"] = .object(type) }
        if let subject = reference(patientIndex) { specimen["subject"] = subject }
        let collected = spm.field(17).component(1).subcomponent(1)
        if collected.isHL7Present, let dateTime = Types.dateTime(collected, defaultTimeZone: options.defaultTimeZone) {
            specimen["collection"] = .object(["collectedDateTime": .string(dateTime)])
        }
        if let received = Types.instant(spm.field(18).component(1).value, defaultTimeZone: options.defaultTimeZone) { specimen["receivedTime"] = .string(received) }
        let index = add(specimen, role: "Specimen")
        // A specimen replaces one inferred from OBR-15 for the current report.
        report?.specimens.append(entries[index].fullUrl)
    }

    mutating func mapNote(_ nte: HL7v2.Segment) {
        let text = nte.field(3).repetitions.map(\.value).joined(separator: "\n").trimmingWhitespaceAndNewlines()
        guard !text.isEmpty else { return }
        if let index = lastObservationIndex {
            var notes = entries[index].resource["note"]?.arrayValue ?? []
            notes.append(.object(["text": .string(text)]))
            entries[index].resource["note"] = .array(notes)
        } else if report != nil {
            report?.notes.append(text)
        }
    }

    mutating func finishReport() {
        guard let state = report else { return }
        report = nil
        if !state.results.isEmpty { entries[state.entryIndex].resource["result"] = .array(state.results.map { .object(["reference": .string($0)]) }) }
        if !state.specimens.isEmpty { entries[state.entryIndex].resource["specimen"] = .array(state.specimens.map { .object(["reference": .string($0)]) }) }
        if !state.notes.isEmpty { entries[state.entryIndex].resource["conclusion"] = .string(state.notes.joined(separator: "\n")) }
    }

    // MARK: MSH → MessageHeader + Provenance

    mutating func addHeaderAndProvenance() {
        let msh = message.header
        let targets = entries.map(\.fullUrl)
        var header: Object = ["resourceType": .string("MessageHeader")]
        let trigger = Types.code(message.triggerEvent) ?? Types.code(message.messageCode) ?? "unknown"
        header["eventCoding"] = .object(["system": .string("http://terminology.hl7.org/CodeSystem/v2-0003"), "code": .string(trigger)])
        let sender = msh.field(3).component(1).value, senderFacility = msh.field(4).component(1).value
        let receiver = msh.field(5).component(1).value, receiverFacility = msh.field(6).component(1).value
        func endpoint(_ application: String, _ facility: String) -> String {
            Types.localSystem("application:" + application + (facility.isEmpty ? "" : "@" + facility))
        }
        if !receiver.isEmpty || !receiverFacility.isEmpty {
            var destination: Object = ["endpoint": .string(endpoint(receiver, receiverFacility))]
            if !receiver.isEmpty { destination["name"] = .string(receiver) }
            header["destination"] = .array([.object(destination)])
        }
        var source: Object = ["endpoint": .string(endpoint(sender, senderFacility))]
        if !sender.isEmpty { source["name"] = .string(sender) }
        header["source"] = .object(source)
        let focus = entries.filter { ["Patient", "DiagnosticReport", "Encounter"].contains($0.resource["resourceType"]?.stringValue ?? "") }.map(\.fullUrl)
        if !focus.isEmpty { header["focus"] = .array(focus.map { .object(["reference": .string($0)]) }) }
        let headerIndex = add(header, role: "MessageHeader")

        var provenance: Object = ["resourceType": .string("Provenance")]
        provenance["target"] = .array((targets + [entries[headerIndex].fullUrl]).map { .object(["reference": .string($0)]) })
        let recorded = Types.instantPadded(message.timestamp, defaultTimeZone: options.defaultTimeZone)
        if recorded == nil { warn(msh, "MSH-7", "message date/time is not a valid HL7 date/time; Provenance.recorded is the conversion time") }
        provenance["recorded"] = .string(recorded ?? Types.nowInstant())
        let update = ["A08", "A31"].contains(event) || isMerge
        provenance["activity"] = Types.concept(system: "http://terminology.hl7.org/CodeSystem/v3-DataOperation", code: update ? "UPDATE" : "CREATE")
        var who: Object = ["display": .string([sender, senderFacility].filter { !$0.isEmpty }.joined(separator: "@").isEmpty ? "HL7 v2 sender" : [sender, senderFacility].filter { !$0.isEmpty }.joined(separator: "@"))]
        who["identifier"] = .object(["system": .string("urn:gx:hl7v2:application"), "value": .string(sender.isEmpty ? "unknown" : sender)])
        provenance["agent"] = .array([.object([
            "type": Types.concept(system: "http://terminology.hl7.org/CodeSystem/provenance-participant-type", code: "author", display: "Author"),
            "who": .object(who),
        ])])
        let messageType = [message.messageCode, message.triggerEvent].filter { !$0.isEmpty }.joined(separator: "^")
        var what: Object = ["display": .string("HL7 v2 message \(messageType.isEmpty ? "" : messageType + " ")\(message.controlID)".trimmingWhitespace())]
        if !message.controlID.isEmpty {
            what["identifier"] = .object(["system": .string("urn:gx:hl7v2:message-control-id"), "value": .string(message.controlID)])
        }
        provenance["entity"] = .array([.object(["role": .string("source"), "what": .object(what)])])
        _ = add(provenance, role: "Provenance")
    }
}

extension HL7v2DataTypes {
    /// HL7 TS → FHIR `instant`, padding a date or a time without seconds with zeros.
    static func instantPadded(_ text: String, defaultTimeZone: String) -> String? {
        guard let parts = DateParts(text), parts.date.count == 10 else {
            if let parts = DateParts(text) { return parts.date.count == 7 ? parts.date + "-01T00:00:00" + defaultTimeZone : parts.date + "-01-01T00:00:00" + defaultTimeZone }
            return nil
        }
        let hour = parts.hour ?? "00", minute = parts.minute ?? "00", second = parts.second ?? "00"
        return "\(parts.date)T\(hour):\(minute):\(second)" + (parts.fraction.map { "." + $0 } ?? "") + (parts.zone ?? defaultTimeZone)
    }

    static func nowInstant() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date())
    }
}
