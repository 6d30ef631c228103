import ArgumentParser

/// `gxtool nipt`: Non-invasive prenatal testing (trisomy 21/18/13, sex chromosomes).
struct NiptCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nipt",
        abstract: "Non-invasive prenatal testing (trisomy 21/18/13, sex chromosomes)."
    )
}
