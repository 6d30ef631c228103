extension FHIR {
    /// A JSON value that keeps everything FHIR needs to round-trip: object member order, and numbers as their
    /// original text (so `1.50` stays `1.50`; FHIR decimals must keep their precision).
    ///
    /// Parse with ``FHIR/JSON/parse(_:file:)``, write with ``FHIR/JSON/serialized(pretty:)``.
    public enum JSON: Sendable, Hashable {
        /// `null` (only legal in FHIR inside `_primitive` arrays).
        case null
        /// `true` / `false`.
        case bool(Bool)
        /// A number, as its JSON text (`-1.50e3`). Never converted through `Double`.
        case number(String)
        /// A string (unescaped).
        case string(String)
        /// An array; order is significant.
        case array([JSON])
        /// An object; member order is kept.
        case object(Object)

        /// An ordered JSON object. Lookup by key is linear, which is faster than hashing for the small
        /// objects FHIR is made of, and keeps document order for free.
        public struct Object: Sendable, Hashable, RandomAccessCollection, ExpressibleByDictionaryLiteral {
            /// One `"key": value` member.
            public struct Member: Sendable, Hashable {
                /// The member name.
                public var key: String
                /// The member value.
                public var value: JSON
                /// Creates a member.
                public init(key: String, value: JSON) { self.key = key; self.value = value }
            }

            /// Members in document order.
            public var members: [Member]

            /// Creates an object from members (kept in the given order).
            public init(_ members: [Member] = []) { self.members = members }

            /// Creates an object from a literal, keeping the literal's order.
            public init(dictionaryLiteral elements: (String, JSON)...) {
                members = elements.map { Member(key: $0.0, value: $0.1) }
            }

            public var startIndex: Int { members.startIndex }
            public var endIndex: Int { members.endIndex }
            public subscript(position: Int) -> Member { members[position] }

            /// The member names in order.
            public var keys: [String] { members.map(\.key) }

            /// The value of `key`; setting `nil` removes the member, setting an existing key replaces its value
            /// in place, setting a new key appends it.
            public subscript(key: String) -> JSON? {
                get {
                    for member in members where member.key == key { return member.value }
                    return nil
                }
                set {
                    if let index = members.firstIndex(where: { $0.key == key }) {
                        if let newValue { members[index].value = newValue } else { members.remove(at: index) }
                    } else if let newValue {
                        members.append(Member(key: key, value: newValue))
                    }
                }
            }

            /// Whether the object has a member called `key`.
            public func contains(key: String) -> Bool { members.contains { $0.key == key } }

            /// Compares two objects ignoring member order (FHIR properties are unordered; arrays stay ordered).
            public func isEquivalent(to other: Object) -> Bool {
                guard members.count == other.members.count else { return false }
                for member in members {
                    guard let value = other[member.key], value.isEquivalent(to: member.value) else { return false }
                }
                return true
            }
        }

        /// Compares two values ignoring object member order; numbers compare by text (precision matters).
        public func isEquivalent(to other: JSON) -> Bool {
            switch (self, other) {
            case (.null, .null): return true
            case let (.bool(a), .bool(b)): return a == b
            case let (.number(a), .number(b)): return a == b
            case let (.string(a), .string(b)): return a == b
            case let (.array(a), .array(b)):
                return a.count == b.count && zip(a, b).allSatisfy { $0.isEquivalent(to: $1) }
            case let (.object(a), .object(b)): return a.isEquivalent(to: b)
            default: return false
            }
        }

        /// The string value, if this is a string.
        public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
        /// The object value, if this is an object.
        public var objectValue: Object? { if case .object(let o) = self { return o } else { return nil } }
        /// The array value, if this is an array.
        public var arrayValue: [JSON]? { if case .array(let a) = self { return a } else { return nil } }
        /// The boolean value, if this is a boolean.
        public var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }
        /// The number text, if this is a number.
        public var numberText: String? { if case .number(let n) = self { return n } else { return nil } }

        /// A short name of the JSON kind, for messages (`"object"`, `"array"`, …).
        public var kindName: String {
            switch self {
            case .null: "null"
            case .bool: "boolean"
            case .number: "number"
            case .string: "string"
            case .array: "array"
            case .object: "object"
            }
        }
    }
}
