import Foundation

extension Screening.Panel {
    /// The names of the bundled, sequence-verified panels (GRCh38).
    ///
    /// - `deafness-9`: the national 9-locus panel, restricted to its 6 loci verified against real sequence.
    /// - `deafness-15`: the 15-locus extension, the same 6 verified loci (its SLC26A4/GJB3 loci cannot be checked here).
    /// - `deafness-extended`: the 6 loci plus GJB2 c.109G>A and MT-RNR1 m.1095T>C.
    public static let bundledNames = ["deafness-9", "deafness-15", "deafness-extended"]

    /// The folder holding the bundled panel files and flanking sequence.
    public static var bundledDirectory: URL {
        // Linux Foundation may report either the bundle or its `Resources` folder as the resource URL.
        let candidates = [Bundle.module.bundleURL.appendingPathComponent("Resources/panels"),
                          Bundle.module.resourceURL?.appendingPathComponent("panels"),
                          Bundle.module.resourceURL?.appendingPathComponent("Resources/panels")].compactMap { $0 }
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("SOURCES.md").path) }
            ?? candidates[0]
    }

    /// Loads a bundled panel by name.
    /// - Parameters:
    ///   - name: one of ``bundledNames``.
    ///   - build: the genome build (only `GRCh38` is bundled).
    /// - Returns: the panel.
    /// - Throws: `SeqError` `.invalidArgument` for an unknown name or build.
    public static func bundled(named name: String, build: String = "GRCh38") throws -> Screening.Panel {
        guard bundledNames.contains(name) else {
            throw SeqError(.invalidArgument, "no bundled panel '\(name)'; bundled panels: \(bundledNames.joined(separator: ", ")) (or give a panel file)")
        }
        guard build == "GRCh38" else {
            throw SeqError(.invalidArgument, "bundled panel '\(name)' exists for GRCh38 only (\(build) sites could not be verified against sequence)")
        }
        var panel = try load(contentsOf: bundledDirectory.appendingPathComponent("\(name).\(build).tsv"))
        panel.origin = "bundled:\(name)"
        return panel
    }

    /// Resolves a panel argument: a bundled name, or a path to a panel file.
    /// - Parameter nameOrPath: `deafness-9` or `/path/panel.tsv`.
    /// - Returns: the panel.
    /// - Throws: `SeqError` when neither a bundled name nor a readable valid file.
    public static func resolve(_ nameOrPath: String) throws -> Screening.Panel {
        if bundledNames.contains(nameOrPath) { return try bundled(named: nameOrPath) }
        guard FileManager.default.fileExists(atPath: nameOrPath) else {
            throw SeqError(.invalidArgument, "'\(nameOrPath)' is neither a bundled panel (\(bundledNames.joined(separator: ", "))) nor a file")
        }
        return try load(contentsOf: URL(fileURLWithPath: nameOrPath))
    }
}
