import Foundation

extension Screening {
    /// A screening panel: a named list of known variant sites on one genome build.
    ///
    /// Panels are read from a tab-separated file (format in `docs/screening.md`):
    /// `##key=value` metadata lines (`##name=`, `##build=`, `##description=`), `#` comment lines, one header line
    /// naming the columns, then one site per line. ``Screening/Panel/load(contentsOf:)`` parses and checks the
    /// syntax; ``Screening/Panel/verify(against:)`` checks every site against reference sequence.
    ///
    /// ```swift
    /// let panel = try Screening.Panel.bundled(named: "deafness-9")
    /// try panel.verify(against: Screening.BundledReference.grch38()).throwIfInvalid()
    /// ```
    public struct Panel: Codable, Sendable {
        /// The panel name (from `##name=`, else the file name).
        public var name: String
        /// The genome build all sites are on (`GRCh38` or `GRCh37`).
        public var build: String
        /// A one-line description.
        public var description: String
        /// The sites, in file order.
        public var sites: [Site]
        /// Where the panel was read from (a path, or `bundled:NAME`).
        public var origin: String

        /// Creates a panel from sites.
        public init(name: String, build: String, description: String = "", sites: [Site], origin: String = "") {
            self.name = name; self.build = build; self.description = description; self.sites = sites; self.origin = origin
        }

        /// The columns of the panel TSV, in order. All are required.
        public static let columns = ["id", "gene", "transcript", "hgvs_c", "hgvs_p", "rsid", "build", "chrom", "pos",
                                     "ref", "alt", "type", "clinical_significance", "inheritance", "report_wording", "source"]

        /// Reads a panel file.
        /// - Parameter url: the TSV file.
        /// - Returns: the panel.
        /// - Throws: `SeqError` `.io` when unreadable, `.invalidPanel` naming the line and field that is wrong.
        public static func load(contentsOf url: URL) throws -> Panel {
            let data: Data
            do { data = try Data(contentsOf: url) } catch {
                throw SeqError(.io, "cannot read panel: \(error.localizedDescription)", position: .init(file: url.path))
            }
            return try parse(String(decoding: data, as: UTF8.self), origin: url.path,
                             defaultName: url.deletingPathExtension().lastPathComponent)
        }

        /// Parses panel TSV text.
        /// - Parameters:
        ///   - text: the file contents.
        ///   - origin: the file name used in error positions.
        ///   - defaultName: the name used when there is no `##name=` line.
        /// - Returns: the panel.
        /// - Throws: `SeqError` `.invalidPanel` with the 1-based line number and the problem.
        public static func parse(_ text: String, origin: String, defaultName: String = "panel") throws -> Panel {
            var name = defaultName, build = "", description = ""
            var header: [String]? = nil
            var sites: [Site] = []
            var seenIDs: [String: Int] = [:]
            var lineNumber = 0
            for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
                lineNumber += 1
                var line = Substring(rawLine)
                if line.hasSuffix("\r") { line = line.dropLast() }
                let position = SeqError.Position(file: origin, line: lineNumber)
                if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
                if line.hasPrefix("##") {
                    let body = line.dropFirst(2)
                    if let eq = body.firstIndex(of: "=") {
                        let key = body[..<eq].trimmingCharacters(in: .whitespaces)
                        let value = String(body[body.index(after: eq)...]).trimmingCharacters(in: .whitespaces)
                        switch key {
                        case "name": name = value
                        case "build": build = value
                        case "description": description = value
                        default: break
                        }
                    }
                    continue
                }
                if line.hasPrefix("#") && header != nil { continue }
                let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map {
                    $0.trimmingCharacters(in: .whitespaces)
                }
                if header == nil {
                    var names = fields
                    if let first = names.first, first.hasPrefix("#") { names[0] = String(first.dropFirst()) }
                    let missing = columns.filter { !names.contains($0) }
                    guard missing.isEmpty else {
                        throw SeqError(.invalidPanel, "header line lacks column(s) \(missing.joined(separator: ", ")); expected: \(columns.joined(separator: " "))", position: position)
                    }
                    header = names
                    continue
                }
                guard let header else { continue }
                guard fields.count == header.count else {
                    throw SeqError(.invalidPanel, "expected \(header.count) tab-separated fields, found \(fields.count)", position: position)
                }
                var row: [String: String] = [:]
                for (key, value) in zip(header, fields) { row[key] = value }
                let site = try Self.site(from: row, position: position)
                if let earlier = seenIDs[site.id] {
                    throw SeqError(.invalidPanel, "site id '\(site.id)' repeats the one on line \(earlier)", position: position)
                }
                seenIDs[site.id] = lineNumber
                if !build.isEmpty && build != "mixed" && site.build != build {
                    throw SeqError(.invalidPanel, "site '\(site.id)' is on build \(site.build) but the panel says ##build=\(build)", position: position)
                }
                sites.append(site)
            }
            guard header != nil else {
                throw SeqError(.invalidPanel, "no header line (columns: \(columns.joined(separator: " ")))", position: .init(file: origin))
            }
            guard !sites.isEmpty else {
                throw SeqError(.invalidPanel, "the panel has no sites", position: .init(file: origin))
            }
            if build.isEmpty { build = sites[0].build }
            return Panel(name: name, build: build, description: description, sites: sites, origin: origin)
        }

        private static func site(from row: [String: String], position: SeqError.Position) throws -> Site {
            func field(_ key: String) throws -> String {
                let value = row[key] ?? ""
                guard !value.isEmpty else { throw SeqError(.invalidPanel, "column '\(key)' is empty", position: position) }
                return value
            }
            let id = try field("id")
            let posText = try field("pos")
            guard let pos = Int(posText), pos >= 1 else {
                throw SeqError(.invalidPanel, "site '\(id)': pos '\(posText)' is not a 1-based position", position: position)
            }
            let ref = try field("ref").uppercased(), alt = try field("alt").uppercased()
            for (label, allele) in [("ref", ref), ("alt", alt)] where !allele.allSatisfy({ "ACGT".contains($0) }) {
                throw SeqError(.invalidPanel, "site '\(id)': \(label) '\(allele)' must be A/C/G/T only (one ALT per site)", position: position)
            }
            guard let inferred = VariantKind.infer(reference: ref, alternate: alt) else {
                throw SeqError(.invalidPanel, "site '\(id)': REF \(ref) / ALT \(alt) is not an SNV, MNV or an anchored deletion/insertion in VCF convention", position: position)
            }
            let typeText = try field("type").lowercased()
            guard let kind = VariantKind(rawValue: typeText) else {
                throw SeqError(.invalidPanel, "site '\(id)': type '\(typeText)' is not one of \(VariantKind.allCases.map(\.rawValue).joined(separator: ", "))", position: position)
            }
            guard kind == inferred else {
                throw SeqError(.invalidPanel, "site '\(id)': type says \(kind.rawValue) but REF \(ref) / ALT \(alt) is a \(inferred.rawValue)", position: position)
            }
            let inheritanceText = try field("inheritance")
            guard let inheritance = Inheritance(rawValue: inheritanceText) else {
                throw SeqError(.invalidPanel, "site '\(id)': inheritance '\(inheritanceText)' is not AR, AD, XL or mitochondrial", position: position)
            }
            let chromosome = try field("chrom")
            if inheritance == .mitochondrial && !Screening.isMitochondrial(chromosome: chromosome) {
                throw SeqError(.invalidPanel, "site '\(id)': inheritance is mitochondrial but chrom is \(chromosome)", position: position)
            }
            return Site(id: id, gene: try field("gene"), transcript: try field("transcript"), hgvsC: try field("hgvs_c"),
                        hgvsP: try field("hgvs_p"), rsID: try field("rsid"), build: try field("build"),
                        chromosome: chromosome, position: pos, reference: ref, alternate: alt, kind: kind,
                        clinicalSignificance: try field("clinical_significance"), inheritance: inheritance,
                        reportWording: try field("report_wording"), source: try field("source"))
        }

        /// The panel as TSV text (the format `load` reads).
        public func tsv() -> String {
            var out = "##gx-panel=1\n##name=\(name)\n##build=\(build)\n"
            if !description.isEmpty { out += "##description=\(description)\n" }
            out += Self.columns.joined(separator: "\t") + "\n"
            for s in sites {
                out += [s.id, s.gene, s.transcript, s.hgvsC, s.hgvsP, s.rsID, s.build, s.chromosome, String(s.position),
                        s.reference, s.alternate, s.kind.rawValue, s.clinicalSignificance, s.inheritance.rawValue,
                        s.reportWording, s.source].joined(separator: "\t") + "\n"
            }
            return out
        }
    }
}
