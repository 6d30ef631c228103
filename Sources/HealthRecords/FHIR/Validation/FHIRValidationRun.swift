/// One validation pass: walks the JSON against ``FHIR/Definitions`` and collects issues.
struct ValidationRun {
    typealias JSON = FHIR.JSON
    typealias Issue = FHIR.OperationOutcome.Issue
    typealias Definitions = FHIR.Definitions

    /// What is known about the resource being walked (for local references and contained rules).
    final class ResourceContext {
        let containedIDs: Set<String>
        var localReferences: Set<String> = []
        init(containedIDs: Set<String>) { self.containedIDs = containedIDs }
    }

    let validator: FHIR.Validator
    var definitions: Definitions { validator.definitions }
    var issues: [Issue] = []

    init(validator: FHIR.Validator) { self.validator = validator }

    var outcome: FHIR.OperationOutcome {
        if issues.isEmpty {
            return FHIR.OperationOutcome(issues: [.init(severity: .information, code: .informational, diagnostics: "no issues found")])
        }
        return FHIR.OperationOutcome(issues: issues)
    }

    mutating func report(_ severity: FHIR.OperationOutcome.Severity, _ code: FHIR.OperationOutcome.IssueType,
                         _ path: String, _ message: String) {
        issues.append(Issue(severity: severity, code: code, diagnostics: message, expression: path))
    }

    // MARK: Resources

    /// Validates a resource object at `path`. `context` is the containing resource's, for contained resources.
    mutating func validateResource(_ object: JSON.Object, path: String, context outer: ResourceContext?) {
        guard let typeValue = object["resourceType"] else {
            report(.error, .structure, path, "the resource has no 'resourceType'")
            return
        }
        guard let type = typeValue.stringValue, FHIR.Resource.isValidTypeName(type) else {
            report(.error, .structure, path + ".resourceType", "'resourceType' must be a resource type name")
            return
        }
        if !FHIR.resourceTypes.contains(type) {
            report(.error, .structure, path + ".resourceType", "'\(type)' is not an R4 resource type")
        }
        let containedObjects = object["contained"]?.arrayValue?.compactMap(\.objectValue) ?? []
        let containedIDs = Set(containedObjects.compactMap { $0.string("id") })
        let context = ResourceContext(containedIDs: containedIDs)
        if let outer {
            // dom-2, dom-4, dom-5: contained resources.
            if object["contained"] != nil {
                report(.error, .invariant, path + ".contained", "a contained resource SHALL NOT contain resources (dom-2)")
            }
            if let meta = object["meta"]?.objectValue {
                if meta["versionId"] != nil || meta["lastUpdated"] != nil {
                    report(.error, .invariant, path + ".meta",
                           "a contained resource SHALL NOT have meta.versionId or meta.lastUpdated (dom-4)")
                }
                if meta["security"] != nil {
                    report(.error, .invariant, path + ".meta", "a contained resource SHALL NOT have a security label (dom-5)")
                }
            }
            if object["id"] == nil {
                report(.error, .required, path, "a contained resource SHALL have an id")
            }
            _ = outer
        }
        if let definition = definitions.type(type), Definitions.modelledResourceTypes.contains(type) {
            validateObject(object, definition: definition, path: path, context: outer ?? context, isResource: true)
            validateInvariants(type: type, object, path: path)
        } else if let schema = validator.schema, schema.definitions[type] != nil {
            validateSchemaObject(object, definitionName: type, schema: schema, path: path, context: outer ?? context, isResource: true)
        } else {
            // Not modelled: check the elements every resource has; the rest only against the JSON rules.
            let base = definitions.type(type == "Bundle" || type == "Parameters" || type == "Binary" ? "Resource" : "DomainResource")
            for member in object.members where member.key != "resourceType" {
                let key = member.key.hasPrefix("_") ? String(member.key.dropFirst()) : member.key
                if let base, let element = base.element(named: key) {
                    if member.key.hasPrefix("_") {
                        validatePrimitiveCompanion(member.value, element: element, path: path + "." + member.key, context: outer ?? context)
                    } else {
                        validateMember(member.value, element: element, type: element.types[0], key: member.key,
                                       path: path + "." + member.key, context: outer ?? context)
                    }
                } else {
                    validateGeneric(member.value, path: path + "." + member.key, context: outer ?? context,
                                    inPrimitiveArray: member.key.hasPrefix("_"))
                }
            }
        }
        // dom-3: every contained resource is referenced from the rest of the resource, or refers to it ("#").
        if outer == nil {
            for (i, contained) in containedObjects.enumerated() {
                guard let id = contained.string("id") else { continue }
                if !context.localReferences.contains(id) && !ValidationRun.refersToContainer(.object(contained)) {
                    report(.error, .invariant, "\(path).contained[\(i)]",
                           "contained resource '\(id)' is not referenced from the resource and does not refer to it (dom-3)")
                }
            }
        }
    }

    /// Whether a contained resource has a reference `"#"` to its container.
    static func refersToContainer(_ value: JSON) -> Bool {
        switch value {
        case .object(let o):
            if o.string("reference") == "#" { return true }
            return o.members.contains { refersToContainer($0.value) }
        case .array(let a): return a.contains(where: refersToContainer)
        default: return false
        }
    }

    // MARK: Typed objects

    mutating func validateObject(_ object: JSON.Object, definition: Definitions.TypeDefinition, path: String,
                                 context: ResourceContext, isResource: Bool = false) {
        if object.members.isEmpty {
            report(.error, .invariant, path, "an element must have a value or children (ele-1): the object is empty")
            return
        }
        var choicesSeen: [String: String] = [:]
        for member in object.members {
            let key = member.key
            if isResource && key == "resourceType" { continue }
            let memberPath = path + "." + key
            if key.hasPrefix("_") {
                let base = String(key.dropFirst())
                guard let (element, type) = definition.element(forMember: base), Definitions.primitiveTypes.contains(type) else {
                    report(.error, .structure, memberPath, "unrecognized property '\(key)'")
                    continue
                }
                validatePrimitiveCompanion(member.value, element: element, path: memberPath, context: context)
                if object[base] == nil, element.isChoice { choicesSeen[element.name] = choicesSeen[element.name] ?? base }
                continue
            }
            guard let (element, type) = definition.element(forMember: key) else {
                report(.error, .structure, memberPath, "unrecognized property '\(key)'")
                continue
            }
            if element.isChoice {
                if let previous = choicesSeen[element.name], previous != key {
                    report(.error, .structure, memberPath, "only one of '\(previous)' and '\(key)' may be present (\(element.name)[x])")
                }
                choicesSeen[element.name] = key
            }
            validateMember(member.value, element: element, type: type, key: key, path: memberPath, context: context,
                           companion: object["_" + key])
        }
        // Minimum cardinality.
        for element in definition.elements where element.min > 0 {
            if element.isChoice {
                let present = object.members.contains { m in
                    let k = m.key.hasPrefix("_") ? String(m.key.dropFirst()) : m.key
                    return k.hasPrefix(element.name) && definition.element(forMember: k)?.0.name == element.name
                }
                if !present {
                    report(.error, .required, "\(path).\(element.name)[x]",
                           "minimum required = \(element.min), but only found 0 (\(element.name)[x])")
                }
                continue
            }
            let count: Int
            switch object[element.name] {
            case .array(let a)?: count = a.count
            case nil: count = object["_" + element.name] == nil ? 0 : 1
            default: count = 1
            }
            if count < element.min {
                report(.error, .required, "\(path).\(element.name)", "minimum required = \(element.min), but only found \(count)")
            }
        }
    }

    mutating func validateMember(_ value: JSON, element: Definitions.ElementDefinition, type: String, key: String,
                                 path: String, context: ResourceContext, companion: JSON? = nil) {
        if element.max > 1 {
            guard case .array(let values) = value else {
                report(.error, .structure, path, "the property \(key) must be a JSON Array, not \(article(value.kindName))")
                return
            }
            if values.isEmpty {
                report(.error, .structure, path, "array cannot be empty - the property should not be present if it has no values")
                return
            }
            let companionValues = companion?.arrayValue
            for (i, v) in values.enumerated() {
                if case .null = v {
                    if let companionValues, i < companionValues.count, companionValues[i].objectValue != nil { continue }
                    report(.error, .structure, "\(path)[\(i)]", "null is only allowed in a primitive array whose '_' companion has a value at the same index")
                    continue
                }
                validateValue(v, type: type, element: element, path: "\(path)[\(i)]", context: context)
            }
            if let companionValues, companionValues.count != values.count {
                report(.error, .structure, path, "'\(key)' and '_\(key)' must have the same number of items")
            }
        } else {
            if case .array = value {
                report(.error, .structure, path, "the property \(key) must be a single value, not an array (maximum cardinality 1)")
                return
            }
            validateValue(value, type: type, element: element, path: path, context: context)
        }
    }

    mutating func validatePrimitiveCompanion(_ value: JSON, element: Definitions.ElementDefinition, path: String,
                                             context: ResourceContext) {
        let elementDefinition = definitions.type("Element")!
        func check(_ v: JSON, _ p: String) {
            switch v {
            case .object(let o): validateObject(o, definition: elementDefinition, path: p, context: context)
            default: report(.error, .structure, p, "a '_' property must hold an object with id and/or extension, not \(article(v.kindName))")
            }
        }
        if element.max > 1 {
            guard case .array(let values) = value else {
                report(.error, .structure, path, "the property must be a JSON Array, not \(article(value.kindName))")
                return
            }
            for (i, v) in values.enumerated() {
                if case .null = v { continue }
                check(v, "\(path)[\(i)]")
            }
        } else {
            check(value, path)
        }
    }

    mutating func validateValue(_ value: JSON, type: String, element: Definitions.ElementDefinition, path: String,
                                context: ResourceContext) {
        if case .null = value {
            report(.error, .structure, path, "this property must be a simple value or object, not null")
            return
        }
        if Definitions.primitiveTypes.contains(type) {
            validatePrimitive(value, type: type, path: path)
            if let set = element.valueSet, let values = definitions.valueSets[set], let code = value.stringValue,
               Definitions.conceptBindingSystems[set] == nil, !values.contains(code) {
                report(.error, .codeInvalid, path,
                       "the value '\(code)' is not in the required value set \(set) (\(values.sorted().joined(separator: " | ")))")
            }
            return
        }
        guard case .object(let object) = value else {
            report(.error, .structure, path, "this property must be an object (\(type)), not \(article(value.kindName))")
            return
        }
        switch type {
        case "Resource":
            validateResource(object, path: path, context: path.hasSuffix(".contained") || path.contains(".contained[") ? context : nil)
        case "BackboneElement":
            if let children = element.children { validateObject(object, definition: children, path: path, context: context) }
        case "*":
            validateGeneric(value, path: path, context: context)
        default:
            if let definition = definitions.type(type) {
                validateObject(object, definition: definition, path: path, context: context)
                validateDatatypeInvariants(type: type, object, element: element, path: path, context: context)
            } else {
                validateGeneric(value, path: path, context: context)
            }
        }
    }

    // MARK: Unmodelled content

    /// JSON rules that hold everywhere: no nulls (except in `_` arrays), no empty strings/arrays/objects; nested
    /// resources are validated as resources, extensions as extensions, narratives as narratives.
    mutating func validateGeneric(_ value: JSON, path: String, context: ResourceContext, inPrimitiveArray: Bool = false) {
        switch value {
        case .null:
            if !inPrimitiveArray { report(.error, .structure, path, "this property must be a simple value or object, not null") }
        case .string(let s):
            if s.isEmpty { report(.error, .invariant, path, "a string value cannot be empty (ele-1)") }
            checkSecurity(s, path: path)
        case .bool, .number: break
        case .array(let a):
            if a.isEmpty { report(.error, .structure, path, "array cannot be empty - the property should not be present if it has no values") }
            for (i, v) in a.enumerated() {
                validateGeneric(v, path: "\(path)[\(i)]", context: context, inPrimitiveArray: inPrimitiveArray)
            }
        case .object(let o):
            if o["resourceType"] != nil {
                validateResource(o, path: path, context: path.contains(".contained") ? context : nil)
                return
            }
            if o.members.isEmpty {
                report(.error, .invariant, path, "an element must have a value or children (ele-1): the object is empty")
                return
            }
            if let reference = o.string("reference"), reference.hasPrefix("#") {
                checkLocalReference(reference, path: path + ".reference", context: context)
            }
            for member in o.members {
                let memberPath = path + "." + member.key
                if member.key == "extension" || member.key == "modifierExtension", let ext = definitions.type("Extension") {
                    let element = Definitions.ElementDefinition(name: member.key, isChoice: false, types: ["Extension"], min: 0,
                                                                max: Int.max, valueSet: nil, children: nil)
                    _ = ext
                    validateMember(member.value, element: element, type: "Extension", key: member.key, path: memberPath, context: context)
                } else if member.key == "div", case .string(let div) = member.value {
                    checkNarrative(div, path: memberPath)
                } else {
                    validateGeneric(member.value, path: memberPath, context: context, inPrimitiveArray: member.key.hasPrefix("_"))
                }
            }
        }
    }

    func article(_ kind: String) -> String { (kind.first.map { "aeiou".contains($0) } ?? false) ? "an \(kind)" : "a \(kind)" }
}
