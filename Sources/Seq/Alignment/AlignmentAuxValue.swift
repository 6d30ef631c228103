extension Alignment {
    /// A typed value of an optional (aux) field, `TAG:TYPE:VALUE` in SAM.
    public enum AuxValue: Sendable, Equatable, CustomStringConvertible {
        /// `A`: one printable character.
        case character(UInt8)
        /// `i` (and the BAM integer types `c`, `C`, `s`, `S`, `i`, `I`): an integer.
        case integer(Int64)
        /// `f`: a single-precision float.
        case float(Float)
        /// `d`: a double (htslib extension).
        case double(Double)
        /// `Z`: a printable string.
        case string(String)
        /// `H`: a hex-encoded byte array, as its hex text.
        case hex(String)
        /// `B`: a numeric array.
        case array(AuxArray)

        /// The integer value for any integer type, else `nil`.
        public var integerValue: Int64? { if case .integer(let v) = self { v } else { nil } }
        /// The string value of a `Z` (or `H`) field, else `nil`.
        public var stringValue: String? {
            switch self {
            case .string(let s), .hex(let s): s
            default: nil
            }
        }

        /// The SAM text of the value (without tag and type).
        public var description: String {
            switch self {
            case .character(let c): String(UnicodeScalar(c))
            case .integer(let v): String(v)
            case .float(let v): String(v)
            case .double(let v): String(v)
            case .string(let s), .hex(let s): s
            case .array(let a): a.description
            }
        }
    }

    /// The numeric array of a `B` aux field, keeping its element type.
    public enum AuxArray: Sendable, Equatable, CustomStringConvertible {
        /// `B:c`
        case int8([Int8])
        /// `B:C`
        case uint8([UInt8])
        /// `B:s`
        case int16([Int16])
        /// `B:S`
        case uint16([UInt16])
        /// `B:i`
        case int32([Int32])
        /// `B:I`
        case uint32([UInt32])
        /// `B:f`
        case float([Float])

        /// The number of elements.
        public var count: Int {
            switch self {
            case .int8(let a): a.count
            case .uint8(let a): a.count
            case .int16(let a): a.count
            case .uint16(let a): a.count
            case .int32(let a): a.count
            case .uint32(let a): a.count
            case .float(let a): a.count
            }
        }

        /// SAM text: `c,1,2,3`.
        public var description: String {
            switch self {
            case .int8(let a): "c" + a.map { ",\($0)" }.joined()
            case .uint8(let a): "C" + a.map { ",\($0)" }.joined()
            case .int16(let a): "s" + a.map { ",\($0)" }.joined()
            case .uint16(let a): "S" + a.map { ",\($0)" }.joined()
            case .int32(let a): "i" + a.map { ",\($0)" }.joined()
            case .uint32(let a): "I" + a.map { ",\($0)" }.joined()
            case .float(let a): "f" + a.map { ",\($0)" }.joined()
            }
        }
    }

    /// One aux field: a two-character tag and its typed value.
    public struct AuxField: Sendable, Equatable {
        /// The two-character tag, e.g. `NM`, `RG`.
        public var tag: String
        /// The typed value.
        public var value: AuxValue
        /// Creates a field.
        public init(tag: String, value: AuxValue) { self.tag = tag; self.value = value }
    }
}
