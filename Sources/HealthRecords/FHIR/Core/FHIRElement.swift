extension FHIR {
    /// A FHIR complex value (datatype, backbone element or resource) that owns its JSON object.
    ///
    /// Typed properties are views over ``json``; members gx does not model stay in ``json`` untouched.
    public protocol Element: Sendable, Hashable {
        /// The element's JSON object (the source of truth).
        var json: JSON.Object { get set }
        /// Wraps a JSON object without checking it.
        init(json: JSON.Object)
    }
}

extension FHIR.Element {
    /// Creates an empty element.
    public init() { self.init(json: [:]) }

    /// `id` of the element (for resources: the logical id).
    public var id: String? {
        get { json.string("id") }
        set { json.setString("id", newValue) }
    }

    /// The element's extensions (`extension`).
    public var extensions: [FHIR.Extension] {
        get { json.elements("extension") }
        set { json.setElements("extension", newValue) }
    }

    /// The extensions with the given URL.
    public func extensions(url: String) -> [FHIR.Extension] { extensions.filter { $0.url == url } }

    /// Whether two elements hold the same JSON, member order aside (FHIR properties are unordered; array order
    /// and number text count).
    public func isEquivalent(to other: Self) -> Bool { json.isEquivalent(to: other.json) }
}

extension FHIR.JSON.Object {
    /// The string value of `key`, if it is a string.
    public func string(_ key: String) -> String? { self[key]?.stringValue }

    /// Sets or removes (`nil` or empty) a string member.
    public mutating func setString(_ key: String, _ value: String?) {
        if let value, !value.isEmpty { self[key] = .string(value) } else { self[key] = nil }
    }

    /// The string array value of `key` (non-strings skipped).
    public func strings(_ key: String) -> [String] { self[key]?.arrayValue?.compactMap(\.stringValue) ?? [] }

    /// Sets or removes (empty) a string array member.
    public mutating func setStrings(_ key: String, _ values: [String]) {
        self[key] = values.isEmpty ? nil : .array(values.map { .string($0) })
    }

    /// The boolean value of `key`.
    public func bool(_ key: String) -> Bool? { self[key]?.boolValue }

    /// The object value of `key` wrapped as an element.
    public func element<T: FHIR.Element>(_ key: String, as type: T.Type = T.self) -> T? {
        self[key]?.objectValue.map(T.init(json:))
    }

    /// Sets or removes a complex member.
    public mutating func setElement<T: FHIR.Element>(_ key: String, _ value: T?) {
        if let value, !value.json.isEmpty { self[key] = .object(value.json) } else { self[key] = nil }
    }

    /// The array of objects under `key` wrapped as elements (a lone object is accepted as one element).
    public func elements<T: FHIR.Element>(_ key: String, as type: T.Type = T.self) -> [T] {
        switch self[key] {
        case .array(let values)?: return values.compactMap { $0.objectValue.map(T.init(json:)) }
        case .object(let object)?: return [T(json: object)]
        default: return []
        }
    }

    /// Sets or removes (empty) an array of complex members.
    public mutating func setElements<T: FHIR.Element>(_ key: String, _ values: [T]) {
        self[key] = values.isEmpty ? nil : .array(values.map { .object($0.json) })
    }

    /// The decimal value of `key`, keeping its text.
    public func decimal(_ key: String) -> FHIR.Decimal? { self[key]?.numberText.map(FHIR.Decimal.init(text:)) }

    /// Sets or removes a decimal member.
    public mutating func setDecimal(_ key: String, _ value: FHIR.Decimal?) { self[key] = value.map { .number($0.text) } }

    /// The `value[x]`-style choice member whose name is `base` + a type suffix (`valueQuantity`).
    public func choice(_ base: String) -> (suffix: String, value: FHIR.JSON)? {
        for member in members where member.key.count > base.count && member.key.hasPrefix(base) {
            let suffix = member.key.dropFirst(base.count)
            if let first = suffix.first, first.isUppercase { return (String(suffix), member.value) }
        }
        return nil
    }

    /// Removes every `base[x]` member and its `_base[x]` companion.
    public mutating func removeChoice(_ base: String) {
        members.removeAll { member in
            let key = member.key.hasPrefix("_") ? String(member.key.dropFirst()) : member.key
            guard key.count > base.count, key.hasPrefix(base), let first = key.dropFirst(base.count).first else { return false }
            return first.isUppercase
        }
    }
}
