extension IndexedFASTA: Screening.ReferenceSource {
    /// The FASTA path.
    public var sourceName: String { path }

    /// True when the index lists the chromosome.
    public func contains(chromosome: String) -> Bool { length(of: chromosome) != nil }

    /// Uppercase bases of `chromosome:start-end` (1-based, inclusive), clipped to the contig.
    public func fetch(chromosome: String, start: Int, end: Int) throws -> (start: Int, bases: [UInt8])? {
        guard let length = length(of: chromosome) else { return nil }
        let from = max(1, start), to = min(end, length)
        guard from <= to else { return nil }
        return (from, try fetch(chromosome, start: from, end: to))
    }

    /// Every contig in index order, one at a time (a human genome: ~3.1 Gb read once, one contig in memory).
    public func forEachContig(_ body: (_ name: String, _ bases: [UInt8]) throws -> Void) throws {
        for sequence in sequences where sequence.length > 0 {
            try body(sequence.name, try fetch(sequence.name, start: 1, end: sequence.length))
        }
    }

    /// The sum of the contig lengths.
    public var heldLength: Int { sequences.reduce(0) { $0 + $1.length } }
}
