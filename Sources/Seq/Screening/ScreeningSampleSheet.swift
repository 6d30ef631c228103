import Foundation

extension Screening {
    /// What one sample is screened from.
    public enum SampleInput: Sendable, Equatable, Codable {
        /// One FASTQ file (single-end or interleaved) or two (R1, R2); plain, gzip or BGZF.
        case fastq([String])
        /// An indexed BAM or CRAM.
        case alignments(String)

        /// The input paths, for results and messages.
        public var paths: [String] {
            switch self {
            case .fastq(let paths): paths
            case .alignments(let path): [path]
            }
        }

        /// `fastq` or `bam` (the result's `method`).
        public var method: String {
            switch self {
            case .fastq: "fastq"
            case .alignments: "bam"
            }
        }
    }

    /// One row of a sample sheet.
    public struct SampleEntry: Sendable, Equatable {
        /// The sample id (use a pseudonym: it is written into file names and reports).
        public var sampleID: String
        /// What to screen it from.
        public var input: SampleInput
        /// A per-sample panel (bundled name or path) overriding the batch panel, or `nil`.
        public var panel: String?
        /// The 1-based line of the sheet the sample was read from (0 when not from a sheet).
        public var line: Int

        /// Creates an entry.
        public init(sampleID: String, input: SampleInput, panel: String? = nil, line: Int = 0) {
            self.sampleID = sampleID; self.input = input; self.panel = panel; self.line = line
        }
    }

    /// A batch sample sheet: a TSV with one sample per line.
    ///
    /// ```
    /// # comment lines start with '#'
    /// sample_id   fastq1              fastq2          (optional header line; it names the columns)
    /// S001        S001_R1.fastq.gz    S001_R2.fastq.gz
    /// S002        S002.bam
    /// ```
    ///
    /// Without a header the columns are `sample_id`, then one or two FASTQ files or one BAM/CRAM (recognised by
    /// its `.bam`/`.cram` suffix). A header may name the columns `sample_id`, `fastq1`, `fastq2`, `bam` (or `cram`,
    /// `alignments`) and `panel` (a per-sample panel: bundled name or file). Relative paths are resolved against
    /// the sheet's folder. Files are not opened here: a missing file fails its sample only, when it is screened.
    public struct SampleSheet: Sendable {
        /// The samples, in sheet order.
        public var entries: [SampleEntry]
        /// Where the sheet was read from.
        public var origin: String

        /// Creates a sheet from entries.
        public init(entries: [SampleEntry], origin: String = "") {
            self.entries = entries; self.origin = origin
        }

        /// Reads a sample sheet file.
        /// - Parameter url: the TSV file.
        /// - Returns: the sheet.
        /// - Throws: `SeqError` `.io` when unreadable, `.invalidArgument` naming the line that is wrong (a missing
        ///   id or file, a repeated sample id, an unknown column).
        public static func load(contentsOf url: URL) throws -> SampleSheet {
            let data: Data
            do { data = try Data(contentsOf: url) } catch {
                throw SeqError(.io, "cannot read sample sheet: \(error.localizedDescription)", position: .init(file: url.path))
            }
            return try parse(String(decoding: data, as: UTF8.self), origin: url.path,
                             baseDirectory: url.deletingLastPathComponent())
        }

        /// Parses sample-sheet text.
        /// - Parameters:
        ///   - text: the sheet.
        ///   - origin: the name used in error positions.
        ///   - baseDirectory: the folder relative paths are resolved against.
        /// - Returns: the sheet.
        /// - Throws: `SeqError` `.invalidArgument` with the 1-based line number.
        public static func parse(_ text: String, origin: String, baseDirectory: URL? = nil) throws -> SampleSheet {
            let known = ["sample_id", "fastq1", "fastq2", "bam", "cram", "alignments", "panel"]
            var columns: [String]? = nil
            var entries: [SampleEntry] = []
            var seen: [String: Int] = [:]
            var lineNumber = 0
            func resolve(_ path: String) -> String {
                guard let baseDirectory, !path.hasPrefix("/"), path != "-" else { return path }
                return baseDirectory.appendingPathComponent(path).standardizedFileURL.path
            }
            for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
                lineNumber += 1
                var line = Substring(rawLine)
                if line.hasSuffix("\r") { line = line.dropLast() }
                let position = SeqError.Position(file: origin, line: lineNumber)
                if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
                let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map {
                    $0.trimmingCharacters(in: .whitespaces)
                }
                let first = fields[0].hasPrefix("#") ? String(fields[0].dropFirst()) : fields[0]
                if columns == nil && entries.isEmpty && first == "sample_id" {
                    var names = fields
                    names[0] = first
                    for name in names where !known.contains(name) {
                        throw SeqError(.invalidArgument, "unknown sample-sheet column '\(name)'; known: \(known.joined(separator: ", "))", position: position)
                    }
                    guard names.contains("fastq1") || names.contains("bam") || names.contains("cram") || names.contains("alignments") else {
                        throw SeqError(.invalidArgument, "the header names no input column (fastq1, bam, cram or alignments)", position: position)
                    }
                    columns = names
                    continue
                }
                if line.hasPrefix("#") { continue }
                let entry: SampleEntry
                if let columns {
                    guard fields.count <= columns.count else {
                        throw SeqError(.invalidArgument, "\(fields.count) fields but the header names \(columns.count) columns", position: position)
                    }
                    var row: [String: String] = [:]
                    for (name, value) in zip(columns, fields) where !value.isEmpty && value != "." { row[name] = value }
                    guard let id = row["sample_id"] else {
                        throw SeqError(.invalidArgument, "empty sample_id", position: position)
                    }
                    let alignment = row["bam"] ?? row["cram"] ?? row["alignments"]
                    let fastq = [row["fastq1"], row["fastq2"]].compactMap { $0 }
                    if alignment != nil, !fastq.isEmpty {
                        throw SeqError(.invalidArgument, "sample '\(id)' names both FASTQ and BAM/CRAM input; give one", position: position)
                    }
                    if let alignment {
                        entry = SampleEntry(sampleID: id, input: .alignments(resolve(alignment)), panel: row["panel"], line: lineNumber)
                    } else {
                        guard row["fastq1"] != nil else {
                            throw SeqError(.invalidArgument, "sample '\(id)' has no input file (fastq1 or bam)", position: position)
                        }
                        entry = SampleEntry(sampleID: id, input: .fastq(fastq.map(resolve)), panel: row["panel"].map(resolve), line: lineNumber)
                    }
                } else {
                    let values = fields.filter { !$0.isEmpty }
                    guard values.count >= 2 else {
                        throw SeqError(.invalidArgument, "expected sample_id<TAB>fastq1[<TAB>fastq2] or sample_id<TAB>file.bam, found \(values.count) field(s)", position: position)
                    }
                    guard values.count <= 3 else {
                        throw SeqError(.invalidArgument, "expected at most 3 fields (sample_id, fastq1, fastq2), found \(values.count)", position: position)
                    }
                    let lower = values[1].lowercased()
                    if lower.hasSuffix(".bam") || lower.hasSuffix(".cram") {
                        guard values.count == 2 else {
                            throw SeqError(.invalidArgument, "a BAM/CRAM sample takes one file, found \(values.count - 1)", position: position)
                        }
                        entry = SampleEntry(sampleID: values[0], input: .alignments(resolve(values[1])), line: lineNumber)
                    } else {
                        entry = SampleEntry(sampleID: values[0], input: .fastq(values.dropFirst().map(resolve)), line: lineNumber)
                    }
                }
                guard Self.isSafeIdentifier(entry.sampleID) else {
                    throw SeqError(.invalidArgument, "sample id '\(entry.sampleID)' may only hold letters, digits, '.', '-' and '_' (it names output files)", position: position)
                }
                if let earlier = seen[entry.sampleID] {
                    throw SeqError(.invalidArgument, "sample id '\(entry.sampleID)' repeats the one on line \(earlier)", position: position)
                }
                seen[entry.sampleID] = lineNumber
                entries.append(entry)
            }
            guard !entries.isEmpty else {
                throw SeqError(.invalidArgument, "the sample sheet lists no samples", position: .init(file: origin))
            }
            return SampleSheet(entries: entries, origin: origin)
        }

        /// True when `id` is safe as a file-name stem (letters, digits, `.`, `-`, `_`; not starting with `.`).
        public static func isSafeIdentifier(_ id: String) -> Bool {
            !id.isEmpty && !id.hasPrefix(".") && id.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "-" || $0 == "_"
            }
        }
    }
}
