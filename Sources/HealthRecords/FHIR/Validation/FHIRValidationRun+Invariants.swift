extension ValidationRun {
    // MARK: Datatypes

    mutating func validateDatatypeInvariants(type: String, _ o: JSON.Object, element: Definitions.ElementDefinition,
                                             path: String, context: ResourceContext) {
        switch type {
        case "Reference":
            if let reference = o.string("reference") {
                if reference.hasPrefix("#") {
                    checkLocalReference(reference, path: path + ".reference", context: context)
                } else if reference.hasPrefix("urn:uuid:"), !FHIR.Reference.isValidShape(reference) {
                    report(.error, .value, path + ".reference", ValidationRun.badUUIDMessage(reference))
                } else if !FHIR.Reference.isValidShape(reference) {
                    report(.error, .value, path + ".reference",
                           "'\(reference)' is not a valid reference (Type/id, an absolute URL, urn:uuid:, urn:oid: or #id)")
                }
            }
        case "Period":
            // per-1 is the FHIRPath `start <= end`: values of different precision that agree on their common part
            // compare as empty, which fails the invariant (as the HL7 validator reports).
            if let start = o.string("start").flatMap({ FHIR.DateTime($0) }), let end = o.string("end").flatMap({ FHIR.DateTime($0) }) {
                switch start.compare(to: end) {
                case .orderedAscending?, .orderedSame?: break
                case .orderedDescending?:
                    report(.error, .invariant, path, "if present, start SHALL have a lower value than end (per-1)")
                case nil:
                    report(.error, .invariant, path,
                           "if present, start SHALL have a lower value than end (per-1): start and end have different precisions and cannot be compared")
                }
            }
        case "Range":
            if let low = o.element("low", as: FHIR.Quantity.self), let high = o.element("high", as: FHIR.Quantity.self),
               let l = low.value?.doubleValue, let h = high.value?.doubleValue, low.code == high.code, l > h {
                report(.error, .invariant, path, "if present, low SHALL have a lower value than high (rng-2)")
            }
        case "Ratio":
            if (o["numerator"] == nil) != (o["denominator"] == nil) {
                report(.error, .invariant, path, "numerator and denominator SHALL both be present, or both absent (rat-1)")
            }
        case "Attachment":
            if o["data"] != nil && o["contentType"] == nil {
                report(.error, .invariant, path, "if the Attachment has data, it SHALL have a contentType (att-1)")
            }
        case "Extension":
            let hasValue = o.choice("value") != nil
            if hasValue == (o["extension"] != nil) {
                report(.error, .invariant, path, "an extension must have either extensions or a value[x], not both (ext-1)")
            }
        case "CodeableConcept":
            if let set = element.valueSet, let system = Definitions.conceptBindingSystems[set],
               let codes = definitions.valueSets[set] {
                let codings = o.elements("coding", as: FHIR.Coding.self)
                let inSet = codings.contains { $0.system == system && $0.code.map(codes.contains) == true }
                if !inSet {
                    report(.error, .codeInvalid, path,
                           "none of the codings is in the required value set \(set) (\(system): \(codes.sorted().joined(separator: " | ")))")
                }
            }
        default:
            if type == "Quantity" || Definitions.quantityAliases.contains(type), o["code"] != nil, o["system"] == nil {
                report(.error, .invariant, path, "if a code for the unit is present, the system SHALL also be present (qty-3)")
            }
        }
    }

    mutating func checkLocalReference(_ reference: String, path: String, context: ResourceContext) {
        let id = String(reference.dropFirst())
        if id.isEmpty { return }  // "#" refers to the container
        context.localReferences.insert(id)
        if !context.containedIDs.contains(id) {
            report(.error, .notFound, path, "unable to resolve the local reference '\(reference)' to a contained resource (ref-1)")
        }
    }

    // MARK: Resources

    mutating func validateInvariants(type: String, _ o: JSON.Object, path: String) {
        switch type {
        case "Patient": validatePatient(o, path: path)
        case "Observation": validateObservation(o, path: path)
        case "Condition": validateCondition(o, path: path)
        case "ServiceRequest":
            if o["orderDetail"] != nil && o["code"] == nil {
                report(.error, .invariant, path + ".orderDetail", "orderDetail SHALL only be present if code is present (prr-1)")
            }
        case "AuditEvent":
            for (i, entity) in (o["entity"]?.arrayValue ?? []).enumerated() {
                if let e = entity.objectValue, e["name"] != nil, e["query"] != nil {
                    report(.error, .invariant, "\(path).entity[\(i)]", "either a name or a query, not both (sev-1)")
                }
            }
        case "Bundle": validateBundle(o, path: path)
        default: break
        }
    }

    mutating func validatePatient(_ o: JSON.Object, path: String) {
        for (i, contact) in (o["contact"]?.arrayValue ?? []).enumerated() {
            guard let c = contact.objectValue else { continue }
            if c["name"] == nil && c["telecom"] == nil && c["address"] == nil && c["organization"] == nil {
                report(.error, .invariant, "\(path).contact[\(i)]",
                       "a contact SHALL have a name, telecom, address or organization (pat-1)")
            }
        }
        // China: resident identity numbers (GB 11643) and their agreement with birth date and gender.
        let patient = FHIR.Patient(json: o)
        for (i, identifier) in patient.identifier.enumerated() where identifier.system == FHIR.China.residentIDSystem {
            guard let value = identifier.value else { continue }
            let idPath = "\(path).identifier[\(i)].value"
            switch FHIR.China.ResidentIdentityNumber.parse(value) {
            case .failure(let problem):
                report(.error, .value, idPath, "invalid resident identity number (GB 11643): \(problem.description)")
            case .success(let number):
                if let birthDate = patient.birthDate, birthDate.count == 10, birthDate != number.birthDate {
                    report(.error, .invariant, idPath, "the resident identity number's birth date does not match Patient.birthDate")
                }
                if let gender = patient.gender, gender == .male || gender == .female, gender != number.gender {
                    report(.error, .invariant, idPath, "the resident identity number's sex digit does not match Patient.gender")
                }
            }
        }
    }

    mutating func validateObservation(_ o: JSON.Object, path: String) {
        let observation = FHIR.Observation(json: o)
        if o["dataAbsentReason"] != nil && o.choice("value") != nil {
            report(.error, .invariant, path + ".dataAbsentReason",
                   "dataAbsentReason SHALL only be present if Observation.value[x] is not present (obs-6)")
        }
        let codes = Set((observation.code?.coding ?? []).compactMap { c in c.code.map { "\(c.system ?? "")|\($0)" } })
        if o.choice("value") != nil, !codes.isEmpty {
            for (i, component) in observation.component.enumerated() {
                let componentCodes = Set((component.code?.coding ?? []).compactMap { c in c.code.map { "\(c.system ?? "")|\($0)" } })
                if !componentCodes.isDisjoint(with: codes), component.json.choice("value") != nil {
                    report(.error, .invariant, "\(path).component[\(i)]",
                           "if Observation.code is the same as a component code, the value SHALL be given only once (obs-7)")
                }
            }
        }
        for (i, component) in observation.component.enumerated()
        where component.json["dataAbsentReason"] != nil && component.json.choice("value") != nil {
            report(.error, .invariant, "\(path).component[\(i)].dataAbsentReason",
                   "dataAbsentReason SHALL only be present if value[x] is not present (obs-6)")
        }
    }

    mutating func validateCondition(_ o: JSON.Object, path: String) {
        let condition = FHIR.Condition(json: o)
        func codes(_ c: FHIR.CodeableConcept?, _ system: String) -> Set<String> {
            Set((c?.coding ?? []).filter { $0.system == system }.compactMap(\.code))
        }
        let clinical = codes(condition.clinicalStatus, FHIR.Condition.clinicalStatusSystem)
        let verification = codes(condition.verificationStatus, FHIR.Condition.verificationStatusSystem)
        if verification.contains("entered-in-error") {
            if o["clinicalStatus"] != nil {
                report(.error, .invariant, path + ".clinicalStatus",
                       "clinicalStatus SHALL NOT be present if verificationStatus is entered-in-error (con-5)")
            }
        } else if o["clinicalStatus"] == nil,
                  condition.category.contains(where: { $0.coding.contains { $0.code == "problem-list-item" } }) {
            report(.warning, .invariant, path, "a problem-list Condition should have a clinicalStatus (con-3)")
        }
        if o.choice("abatement") != nil, !clinical.isEmpty, clinical.isDisjoint(with: ["inactive", "resolved", "remission"]) {
            report(.error, .invariant, path + ".clinicalStatus",
                   "if the condition is abated, clinicalStatus SHALL be inactive, resolved or remission (con-4)")
        }
    }

    mutating func validateBundle(_ o: JSON.Object, path: String) {
        let bundle = FHIR.Bundle(json: o)
        let type = bundle.type
        if o["total"] != nil, type != .searchset, type != .history {
            report(.error, .invariant, path + ".total", "total only when a search or history (bdl-1)")
        }
        if type == .document {
            if o["identifier"] == nil { report(.error, .invariant, path, "a document SHALL have an identifier (bdl-9)") }
            if o["timestamp"] == nil { report(.error, .invariant, path, "a document SHALL have a timestamp (bdl-10)") }
            if bundle.entry.first?.resource?.resourceType != "Composition" {
                report(.error, .invariant, path + ".entry[0]", "a document SHALL start with a Composition (bdl-11)")
            }
        }
        if type == .message, bundle.entry.first?.resource?.resourceType != "MessageHeader" {
            report(.error, .invariant, path + ".entry[0]", "a message SHALL start with a MessageHeader (bdl-12)")
        }
        let needsRequest = type == .batch || type == .transaction || type == .history
        let needsResponse = type == .batchResponse || type == .transactionResponse || type == .history
        var seen: [String: Int] = [:]
        var fullUrls: Set<String> = []
        for entry in bundle.entry { if let f = entry.fullUrl { fullUrls.insert(f) } }
        for (i, entry) in bundle.entry.enumerated() {
            let entryPath = "\(path).entry[\(i)]"
            let e = entry.json
            if e["resource"] == nil && e["request"] == nil && e["response"] == nil {
                report(.error, .invariant, entryPath, "an entry must have a resource, a request or a response (bdl-5)")
            }
            if e["search"] != nil && type != .searchset {
                report(.error, .invariant, entryPath + ".search", "entry.search only when a search (bdl-2)")
            }
            if needsRequest != (e["request"] != nil) {
                report(.error, .invariant, entryPath + ".request",
                       needsRequest ? "entry.request is mandatory for batch, transaction and history (bdl-3)"
                           : "entry.request is only allowed in batch, transaction and history (bdl-3)")
            }
            if needsResponse != (e["response"] != nil) {
                report(.error, .invariant, entryPath + ".response",
                       needsResponse ? "entry.response is mandatory for batch-response, transaction-response and history (bdl-4)"
                           : "entry.response is only allowed in batch-response, transaction-response and history (bdl-4)")
            }
            if let fullUrl = entry.fullUrl {
                if fullUrl.contains("/_history/") {
                    report(.error, .invariant, entryPath + ".fullUrl", "fullUrl cannot be a version specific reference (bdl-8)")
                }
                if fullUrl.hasPrefix("urn:uuid:"), !FHIR.Reference.isValidShape(fullUrl) {
                    report(.error, .value, entryPath + ".fullUrl", ValidationRun.badUUIDMessage(fullUrl))
                } else if !ValidationRun.isAbsoluteURI(fullUrl) {
                    report(.error, .value, entryPath + ".fullUrl", "the fullUrl must be an absolute URL (not '\(fullUrl)')")
                } else if let resource = entry.resource, let id = resource.id, !fullUrl.hasPrefix("urn:"),
                          !fullUrl.hasSuffix("/\(resource.resourceType)/\(id)") {
                    report(.warning, .value, entryPath + ".fullUrl", "the fullUrl does not match the resource type and id")
                }
                if type != .history {
                    let key = fullUrl + "|" + (entry.resource?.meta?.versionId ?? "")
                    if let first = seen[key] {
                        report(.error, .invariant, entryPath + ".fullUrl",
                               "fullUrl SHALL be unique in a bundle, or differ in meta.versionId (bdl-7); first used by entry[\(first)]")
                    } else {
                        seen[key] = i
                    }
                }
            }
            // urn:uuid references inside the bundle must resolve to an entry.
            if let resource = entry.resource {
                for reference in ValidationRun.references(in: .object(resource.json)) where reference.hasPrefix("urn:uuid:") {
                    if !fullUrls.contains(reference) {
                        report(.warning, .notFound, entryPath + ".resource",
                               "the reference '\(reference)' does not resolve to an entry of the bundle")
                    }
                }
            }
        }
    }

    static func badUUIDMessage(_ text: String) -> String {
        "'\(text)' is not a valid urn:uuid: a UUID (8-4-4-4-12 hexadecimal digits) must follow 'urn:uuid:'"
    }

    static func isAbsoluteURI(_ s: String) -> Bool {
        if s.hasPrefix("urn:uuid:") || s.hasPrefix("urn:oid:") { return FHIR.Reference.isValidShape(s) }
        guard let colon = s.firstIndex(of: ":"), colon > s.startIndex else { return false }
        let scheme = s[..<colon]
        return scheme.first!.isLetter && scheme.allSatisfy { $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." }
            && !s.contains(" ")
    }

    /// All `reference` strings in a JSON value.
    static func references(in value: JSON) -> [String] {
        var result: [String] = []
        func walk(_ v: JSON) {
            switch v {
            case .object(let o):
                if let r = o.string("reference") { result.append(r) }
                for m in o.members where m.key != "contained" || true { walk(m.value) }
            case .array(let a): a.forEach(walk)
            default: break
            }
        }
        walk(value)
        return result
    }
}
