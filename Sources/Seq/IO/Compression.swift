/// The compression of a sequence file, detected from its first bytes (never from its name).
///
/// - `none`: plain text.
/// - `gzip`: one or more gzip members (as written by `gzip`, `pigz` or instruments).
/// - `bgzf`: blocked gzip as written by `bgzip`/htslib (every member carries a `BC` extra field
///   giving its size, so blocks can be inflated in parallel).
public enum Compression: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Plain, uncompressed bytes.
    case none
    /// gzip, single or multi-member.
    case gzip
    /// BGZF (blocked gzip, `bgzip`).
    case bgzf

    /// The name used in reports and JSON: `none`, `gzip` or `bgzf`.
    public var description: String { rawValue }

    /// Detects the compression from the first bytes of a stream.
    ///
    /// - Parameter prefix: the first bytes of the stream (18 are enough; fewer are accepted).
    /// - Returns: `.bgzf` for a gzip member with a `BC` extra subfield, `.gzip` for any other gzip
    ///   member, `.none` otherwise.
    public static func detect<Bytes: Collection>(prefix: Bytes) -> Compression where Bytes.Element == UInt8 {
        let b = Array(prefix.prefix(18))
        guard b.count >= 2, b[0] == 0x1f, b[1] == 0x8b else { return .none }
        if b.count >= 16, b[2] == 8, b[3] & 4 != 0, b[12] == 0x42, b[13] == 0x43, b[14] == 2, b[15] == 0 {
            return .bgzf
        }
        return .gzip
    }
}
