import ArgumentParser
import Foundation
import Seq

/// `gxtool panel`: screening panel definitions.
struct PanelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "panel",
        abstract: "Screening panel definitions: list the bundled panels, show one, verify one against a reference.",
        subcommands: [PanelListCommand.self, PanelShowCommand.self, PanelVerifyCommand.self]
    )
}

/// `gxtool panel list`.
struct PanelListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the bundled panels (GRCh38).")

    func run() throws {
        for name in Screening.Panel.bundledNames {
            do {
                let panel = try Screening.Panel.bundled(named: name)
                print("\(name)\t\(panel.build)\t\(panel.sites.count) sites\t\(panel.description)")
            } catch {
                printError("gxtool panel list: \(error)")
                throw ExitCode(1)
            }
        }
    }
}

/// `gxtool panel show`.
struct PanelShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print a panel (bundled name or file) as TSV or JSON.")

    @Flag(name: .long, help: "Print JSON instead of the panel TSV.")
    var json = false

    @Argument(help: "A bundled panel name (see 'gxtool panel list') or a panel TSV file.")
    var panel: String

    func run() throws {
        do {
            let loaded = try Screening.Panel.resolve(panel)
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(loaded), as: UTF8.self))
            } else {
                print(loaded.tsv(), terminator: "")
            }
        } catch {
            printError("gxtool panel show: \(error)")
            throw ExitCode(1)
        }
    }
}

/// `gxtool panel verify`.
struct PanelVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every site of a panel against a reference FASTA: chromosome, REF bases, left-aligned indels, overlapping indels, contig lengths of the build.",
        discussion: "Without --reference the panel is checked against the sequence bundled with gx (GRCh38 GJB2 exon 2 and rCRS chrM). Exit status 1 when any panel disagrees."
    )

    @Option(name: .long, help: "Reference FASTA (record names 'chrom' or 'chrom:start-end').")
    var reference: String?

    @Argument(help: "Panels: bundled names or TSV files.")
    var panels: [String]

    func run() throws {
        let source: any Screening.ReferenceSource
        do { source = try Screening.openReference(path: reference) } catch {
            printError("gxtool panel verify: \(error)")
            throw ExitCode(1)
        }
        var failed = false
        for name in panels {
            do {
                let panel = try Screening.Panel.resolve(name)
                let verification = try panel.verify(against: source)
                for (site, outcome) in zip(panel.sites, verification.sites) {
                    let where_ = "\(site.chromosome):\(site.position) \(site.reference)>\(site.alternate)"
                    if outcome.verified {
                        print("ok\t\(panel.name)\t\(site.id)\t\(where_)")
                    } else {
                        print("FAIL\t\(panel.name)\t\(site.id)\t\(where_)\t\(outcome.problems.joined(separator: "; "))")
                    }
                }
                for problem in verification.panelProblems { print("FAIL\t\(panel.name)\t-\t-\t\(problem)") }
                if verification.isValid {
                    printError("\(name): all \(panel.sites.count) sites verified against \(source.sourceName)")
                } else {
                    printError("gxtool panel verify: \(name): \(verification.problems.count) problem(s) against \(source.sourceName); the panel is refused")
                    failed = true
                }
            } catch {
                printError("gxtool panel verify: \(error)")
                failed = true
            }
        }
        if failed { throw ExitCode(1) }
    }
}
