import Foundation

extension HL7v2FHIRMapper.Context {
    /// OBX-11 observation result status → Observation.status.
    static func observationStatus(_ code: String) -> String? {
        switch code.uppercased() {
        case "F", "U": "final"
        case "C": "corrected"
        case "P", "R", "S", "A": "preliminary"
        case "I", "O": "registered"
        case "D", "W": "entered-in-error"
        case "X", "N": "cancelled"
        default: nil
        }
    }

    /// OBX → Observation: code (OBX-3), value by type (OBX-2), units (OBX-6), reference range (OBX-7),
    /// interpretation (OBX-8), status (OBX-11), effective time (OBX-14, else OBR-7). Repeated OBX-5 values of
    /// non-text types become components.
    mutating func mapObservation(_ obx: HL7v2.Segment) {
        guard let subject = reference(patientIndex) else {
            warn(obx, "OBX", "observation without a patient (no PID before it); no Observation written")
            return
        }
        guard let code = Types.codeableConcept(obx.field(3).repetition(1)) else {
            warn(obx, "OBX-3", "observation identifier is empty; no Observation written")
            lastObservationIndex = nil
            return
        }
        var observation: Object = ["resourceType": .string("Observation")]
        let statusCode = obx.field(11).value
        observation["status"] = .string(Self.observationStatus(statusCode) ?? (report == nil ? "final" : "unknown"))
        if report != nil {
            observation["category"] = .array([Types.concept(system: "http://terminology.hl7.org/CodeSystem/observation-category", code: "laboratory", display: "Laboratory")])
        }
        observation["code"] = .object(code)
        observation["subject"] = subject
        if let encounter = reference(encounterIndex) { observation["encounter"] = encounter }
        let when = obx.field(14).component(1).value
        if when.isHL7Present, let dateTime = Types.dateTime(when, defaultTimeZone: options.defaultTimeZone) {
            observation["effectiveDateTime"] = .string(dateTime)
        } else if let obr = report?.obr, let dateTime = Types.dateTime(obr.field(7).component(1).value, defaultTimeZone: options.defaultTimeZone) {
            observation["effectiveDateTime"] = .string(dateTime)
        } else if when.isHL7Present {
            warn(obx, "OBX-14", "observation date/time is not a valid HL7 date/time; left out")
        }
        let type = obx.field(2).value.uppercased().trimmingWhitespace()
        let units = obx.field(6).repetition(1)
        let values = obx.field(5).repetitions.filter { !$0.isEmpty && !$0.isNull }
        if ["ST", "TX", "FT"].contains(type) || (type.isEmpty && values.count > 1) {
            let text = values.map(\.value).joined(separator: "\n")
            if !text.isEmpty { observation["valueString"] = .string(text) }
        } else if values.count == 1 {
            if let (key, value) = observationValue(type: type, values[0], units: units, obx: obx) { observation[key] = value }
        } else if values.count > 1 {
            var components: [JSON] = []
            for (index, repetition) in values.enumerated() {
                guard let (key, value) = observationValue(type: type, repetition, units: units, obx: obx, repetitionIndex: index + 1) else { continue }
                components.append(.object(["code": .object(code), key: value]))
            }
            if !components.isEmpty { observation["component"] = .array(components) }
        }
        if let range = referenceRange(obx.field(7).value, units: units) { observation["referenceRange"] = .array([.object(range)]) }
        var interpretations: [JSON] = []
        for repetition in obx.field(8).repetitions {
            let flag = repetition.component(1).value.trimmingWhitespace()
            guard let flagCode = Types.code(flag) else { continue }
            interpretations.append(Types.concept(system: "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", code: flagCode))
        }
        if !interpretations.isEmpty { observation["interpretation"] = .array(interpretations) }
        if let method = Types.codeableConcept(obx.field(17).repetition(1)) { observation["method"] = .object(method) }
        if let obr = report, let basedOn = obr.serviceRequestURL { observation["basedOn"] = .array([.object(["reference": .string(basedOn)])]) }
        let index = add(observation, role: "Observation")
        lastObservationIndex = index
        report?.results.append(entries[index].fullUrl)
    }

    /// One OBX-5 value as a `value[x]` member, or `nil` (with a warning) when it does not fit its type.
    mutating func observationValue(type: String, _ value: HL7v2.Repetition, units: HL7v2.Repetition, obx: HL7v2.Segment,
                                   repetitionIndex: Int? = nil) -> (String, JSON)? {
        let location = repetitionIndex.map { "OBX-5[\($0)]" } ?? "OBX-5"
        switch type {
        case "NM":
            guard let number = Types.decimal(value.value) else {
                warn(obx, location, "OBX-2 says NM but the value is not a number; kept as valueString")
                return ("valueString", .string(value.value))
            }
            var quantity: Object = ["value": .number(number)]
            for member in Types.unitMembers(units) { quantity[member.key] = member.value }
            return ("valueQuantity", .object(quantity))
        case "SN":
            return structuredNumeric(value, units: units, obx: obx, location: location)
        case "CE", "CWE", "CNE", "CF", "CD":
            guard let concept = Types.codeableConcept(value) else { return nil }
            return ("valueCodeableConcept", .object(concept))
        case "DT":
            guard let date = Types.date(value.component(1).value) else {
                warn(obx, location, "OBX-2 says DT but the value is not a valid date; left out")
                return nil
            }
            return ("valueDateTime", .string(date))
        case "TS", "DTM":
            guard let dateTime = Types.dateTime(value.component(1).value, defaultTimeZone: options.defaultTimeZone) else {
                warn(obx, location, "OBX-2 says \(type) but the value is not a valid date/time; left out")
                return nil
            }
            return ("valueDateTime", .string(dateTime))
        case "TM":
            guard let time = Types.time(value.component(1).value) else {
                warn(obx, location, "OBX-2 says TM but the value is not a valid time; left out")
                return nil
            }
            return ("valueTime", .string(time))
        default:
            let text = value.value
            return text.isEmpty ? nil : ("valueString", .string(text))
        }
    }

    /// SN (comparator ^ num1 ^ separator/suffix ^ num2) → Quantity (with comparator), Range (`-`) or Ratio (`:` `/`).
    mutating func structuredNumeric(_ value: HL7v2.Repetition, units: HL7v2.Repetition, obx: HL7v2.Segment, location: String) -> (String, JSON)? {
        let comparator = value.component(1).value.trimmingWhitespace()
        let first = value.component(2).value, separator = value.component(3).value.trimmingWhitespace()
        let second = value.component(4).value
        let unitMembers = Types.unitMembers(units)
        func quantity(_ number: String) -> Object {
            var q: Object = ["value": .number(number)]
            for member in unitMembers { q[member.key] = member.value }
            return q
        }
        guard let n1 = Types.decimal(first) else {
            if !value.value.isEmpty { warn(obx, location, "OBX-2 says SN but the value is not a structured numeric; kept as valueString") }
            return value.value.isEmpty ? nil : ("valueString", .string(value.value))
        }
        if separator.isEmpty || separator == "+" {
            if separator == "+" { return ("valueString", .string(first + "+")) }
            var q = quantity(n1)
            switch comparator {
            case "", "=": break
            case "<", "<=", ">", ">=": q["comparator"] = .string(comparator)
            case "<>": return ("valueString", .string("<>" + first))
            default:
                warn(obx, location, "SN comparator is not one of = < <= > >= <>; kept as valueString")
                return ("valueString", .string(value.value))
            }
            return ("valueQuantity", .object(q))
        }
        guard let n2 = Types.decimal(second) else {
            warn(obx, location, "SN has a separator but no second number; kept as valueString")
            return ("valueString", .string(value.value))
        }
        switch separator {
        case "-": return ("valueRange", .object(["low": .object(quantity(n1)), "high": .object(quantity(n2))]))
        case ":", "/": return ("valueRatio", .object(["numerator": .object(["value": .number(n1)]), "denominator": .object(["value": .number(n2)])]))
        default:
            return ("valueString", .string(value.value))
        }
    }

    /// OBX-7 (`3.5-5.1`, `<5`, `>=10`, text) → referenceRange.
    func referenceRange(_ text: String, units: HL7v2.Repetition) -> Object? {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty else { return nil }
        let unitMembers = Types.unitMembers(units)
        func quantity(_ number: String) -> JSON {
            var q: Object = ["value": .number(number)]
            for member in unitMembers { q[member.key] = member.value }
            q["comparator"] = nil
            return .object(q)
        }
        // "low-high" (a leading minus belongs to the low value).
        if let dash = trimmed.dropFirst().firstIndex(of: "-") {
            let low = String(trimmed[..<dash]), high = String(trimmed[trimmed.index(after: dash)...])
            if let l = Types.decimal(low), let h = Types.decimal(high) { return ["low": quantity(l), "high": quantity(h)] }
        }
        for prefix in ["<=", ">=", "<", ">"] where trimmed.hasPrefix(prefix) {
            if let n = Types.decimal(String(trimmed.dropFirst(prefix.count))) {
                return prefix.hasPrefix("<") ? ["high": quantity(n)] : ["low": quantity(n)]
            }
        }
        return ["text": .string(trimmed)]
    }
}
