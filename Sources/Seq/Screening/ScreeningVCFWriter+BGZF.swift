internal import CHTSlib

extension Screening.VCFWriter {
    /// Writes VCF text bgzip-compressed (BGZF, htslib) and builds its tabix index (`PATH.tbi`).
    /// - Parameters:
    ///   - text: the VCF text.
    ///   - path: the `.vcf.gz` path.
    /// - Throws: `SeqError` `.io` when the file cannot be written or indexed.
    public static func writeCompressed(_ text: String, to path: String) throws {
        guard let file = bgzf_open(path, "w") else {
            throw SeqError(.io, "cannot open for writing", position: .init(file: path))
        }
        var bytes = Array(text.utf8)
        let written = bytes.withUnsafeMutableBytes { bgzf_write(file, $0.baseAddress, $0.count) }
        let closed = bgzf_close(file)
        guard written == bytes.count, closed == 0 else {
            throw SeqError(.io, "cannot write the compressed VCF", position: .init(file: path))
        }
        bytes.removeAll()
        let status = withUnsafePointer(to: tbx_conf_vcf) { tbx_index_build(path, 0, $0) }
        guard status == 0 else {
            throw SeqError(.io, "cannot build the tabix index (status \(status))", position: .init(file: path + ".tbi"))
        }
    }
}
