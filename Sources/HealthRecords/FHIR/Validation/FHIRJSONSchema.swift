import Foundation

extension FHIR {
    /// HL7's FHIR R4 JSON schema (`fhir.schema.json`, published with the specification), used by ``Validator`` to
    /// check the resource types gx does not model: unknown properties, arrays vs single values, primitive formats,
    /// inline code lists and required elements. Datatypes gx knows (Identifier, Reference, Attachment, Narrative …)
    /// and the modelled resources are still checked with gx's own definitions and invariants.
    ///
    /// ```swift
    /// let schema = try FHIR.JSONSchema(contentsOf: URL(fileURLWithPath: "fhir.schema.json"))
    /// let outcome = FHIR.Validator(schema: schema).validate(resource)
    /// ```
    public struct JSONSchema: Sendable {
        /// One property of a schema definition.
        public struct Property: Sendable {
            /// The definition the value (or each array item) refers to.
            public let ref: String?
            /// Whether the property is an array.
            public let isArray: Bool
            /// Allowed codes, when the schema lists them inline.
            public let codes: Set<String>?
        }

        /// One definition: a complex type (with properties) or a primitive (with a JSON type).
        public struct Definition: Sendable {
            /// Properties by JSON name (including `_primitive` companions).
            public let properties: [String: Property]
            /// Names that must be present.
            public let required: [String]
            /// Whether unknown properties are allowed.
            public let allowsOtherProperties: Bool
            /// `string`, `number` or `boolean` for primitives.
            public let jsonType: String?
        }

        /// Definitions by name.
        public let definitions: [String: Definition]

        /// Reads a schema file.
        ///
        /// - Throws: ``HealthRecordsError`` `io` or `invalidJSON`, or `invalidArgument` if it is not a FHIR schema.
        public init(contentsOf url: URL) throws(HealthRecordsError) {
            let data: Data
            do { data = try Data(contentsOf: url) } catch {
                throw HealthRecordsError(.io, "cannot read the schema: \(error.localizedDescription)", position: .init(file: url.path))
            }
            try self.init(parsing: [UInt8](data), file: url.path)
        }

        /// Parses a schema from JSON text.
        public init(parsing bytes: [UInt8], file: String? = nil) throws(HealthRecordsError) {
            guard case .object(let root) = try JSON.parse(bytes, file: file), let defs = root["definitions"]?.objectValue else {
                throw HealthRecordsError(.invalidArgument, "not a FHIR JSON schema (no 'definitions')", position: .init(file: file))
            }
            func refName(_ o: JSON.Object?) -> String? {
                o?.string("$ref").map { String($0.split(separator: "/").last ?? "") }
            }
            func codes(_ o: JSON.Object?) -> Set<String>? {
                o?["enum"]?.arrayValue.map { Set($0.compactMap(\.stringValue)) }
            }
            var definitions: [String: Definition] = [:]
            for member in defs.members {
                guard let d = member.value.objectValue else { continue }
                var properties: [String: Property] = [:]
                for p in d["properties"]?.objectValue?.members ?? [] {
                    guard let o = p.value.objectValue else { continue }
                    if o.string("type") == "array" {
                        let items = o["items"]?.objectValue
                        properties[p.key] = Property(ref: refName(items), isArray: true, codes: codes(items))
                    } else {
                        properties[p.key] = Property(ref: refName(o), isArray: false, codes: codes(o))
                    }
                }
                definitions[member.key] = Definition(
                    properties: properties, required: d.strings("required"),
                    allowsOtherProperties: d["additionalProperties"]?.boolValue ?? true,
                    jsonType: d["properties"] == nil ? d.string("type") : nil)
            }
            guard definitions["Patient"] != nil, definitions["ResourceList"] != nil else {
                throw HealthRecordsError(.invalidArgument, "not a FHIR JSON schema (no Patient or ResourceList definition)",
                                         position: .init(file: file))
            }
            self.definitions = definitions
        }
    }
}

extension ValidationRun {
    /// Checks an object against a schema definition (resource types and backbone elements gx does not model).
    mutating func validateSchemaObject(_ object: JSON.Object, definitionName: String, schema: FHIR.JSONSchema, path: String,
                                       context: ResourceContext, isResource: Bool) {
        guard let definition = schema.definitions[definitionName] else { return }
        if object.members.isEmpty {
            report(.error, .invariant, path, "an element must have a value or children (ele-1): the object is empty")
            return
        }
        for member in object.members {
            if isResource && member.key == "resourceType" { continue }
            let memberPath = path + "." + member.key
            guard let property = definition.properties[member.key] else {
                // The published schema leaves out some `_primitive` companions (e.g. of canonical arrays).
                let isCompanion = member.key.hasPrefix("_") && definition.properties[String(member.key.dropFirst())] != nil
                if !definition.allowsOtherProperties && !isCompanion { report(.error, .structure, memberPath, "unrecognized property '\(member.key)'") }
                validateGeneric(member.value, path: memberPath, context: context, inPrimitiveArray: member.key.hasPrefix("_"))
                continue
            }
            if property.isArray {
                guard case .array(let values) = member.value else {
                    report(.error, .structure, memberPath, "the property \(member.key) must be a JSON Array, not \(article(member.value.kindName))")
                    continue
                }
                if values.isEmpty {
                    report(.error, .structure, memberPath, "array cannot be empty - the property should not be present if it has no values")
                }
                let companion = member.key.hasPrefix("_") ? nil : object["_" + member.key]?.arrayValue
                for (i, value) in values.enumerated() {
                    if case .null = value {
                        if member.key.hasPrefix("_") { continue }
                        if let companion, i < companion.count, companion[i].objectValue != nil { continue }
                    }
                    validateSchemaValue(value, property: property, schema: schema, path: "\(memberPath)[\(i)]", context: context)
                }
            } else {
                if case .array = member.value {
                    report(.error, .structure, memberPath, "the property \(member.key) must be a single value, not an array (maximum cardinality 1)")
                    continue
                }
                validateSchemaValue(member.value, property: property, schema: schema, path: memberPath, context: context)
            }
        }
        for name in definition.required where name != "resourceType" && object[name] == nil && object["_" + name] == nil {
            report(.error, .required, "\(path).\(name)", "minimum required = 1, but only found 0")
        }
    }

    mutating func validateSchemaValue(_ value: JSON, property: FHIR.JSONSchema.Property, schema: FHIR.JSONSchema, path: String,
                                      context: ResourceContext) {
        if case .null = value {
            report(.error, .structure, path, "this property must be a simple value or object, not null")
            return
        }
        if let codes = property.codes {
            guard case .string(let code) = value else { return wrongKind(value, "a JSON string", "code", path) }
            validateString(code, type: "code", path: path)
            if !codes.contains(code) {
                report(.error, .codeInvalid, path, "the value '\(code)' is not in the required value set (\(codes.sorted().joined(separator: " | ")))")
            }
            return
        }
        guard let ref = property.ref else { return }
        if Definitions.primitiveTypes.contains(ref) {
            validatePrimitive(value, type: ref, path: path)
            return
        }
        if ref == "ResourceList" {
            guard case .object(let o) = value else {
                return report(.error, .structure, path, "a resource must be an object, not \(article(value.kindName))")
            }
            validateResource(o, path: path, context: path.contains(".contained[") ? context : nil)
            return
        }
        guard case .object(let object) = value else {
            return report(.error, .structure, path, "this property must be an object (\(ref)), not \(article(value.kindName))")
        }
        if definitions.type(ref) != nil && !Definitions.modelledResourceTypes.contains(ref) {
            let element = Definitions.ElementDefinition(name: "", isChoice: false, types: [ref], min: 0, max: 1, valueSet: nil, children: nil)
            validateValue(value, type: ref, element: element, path: path, context: context)
        } else if ref == "Element" {
            validateObject(object, definition: definitions.type("Element")!, path: path, context: context)
        } else {
            validateSchemaObject(object, definitionName: ref, schema: schema, path: path, context: context, isResource: false)
        }
    }
}
