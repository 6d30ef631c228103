import Crypto
import Foundation

/// A SHA-256 digest manifest of exported files, in the `sha256sum` format (`<hex>  <relative path>`), so that
/// `sha256sum -c manifest.sha256` checks an export.
public enum DigestManifest {
    /// The manifest file name written in an export folder.
    public static let fileName = "manifest.sha256"

    /// The SHA-256 digest of a file as lowercase hex, read in 1 MiB chunks.
    public static func digest(of url: URL) throws -> String {
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            throw HealthRecordsError(.io, "cannot read \(url.path) for its digest")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Writes the manifest of `files` (names relative to `folder`) into `folder`; returns its URL.
    @discardableResult
    public static func write(folder: URL, files: [String]) throws -> URL {
        var text = ""
        for name in files.sorted() {
            text += try digest(of: folder.appendingPathComponent(name)) + "  " + name + "\n"
        }
        let url = folder.appendingPathComponent(fileName)
        do { try Data(text.utf8).write(to: url) } catch {
            throw HealthRecordsError(.io, "cannot write \(url.path): \(error.localizedDescription)")
        }
        return url
    }

    /// Verifies a manifest; returns the names whose digest differs or that are missing.
    public static func verify(folder: URL) throws -> [String] {
        let url = folder.appendingPathComponent(fileName)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw HealthRecordsError(.io, "cannot read \(url.path)")
        }
        var bad: [String] = []
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let name = parts[1].trimmingWhitespace()
            let actual = try? digest(of: folder.appendingPathComponent(name))
            if actual != String(parts[0]) { bad.append(name) }
        }
        return bad
    }
}
