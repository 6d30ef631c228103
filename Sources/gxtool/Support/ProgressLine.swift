import Foundation

/// A one-line progress display on standard error, shown only when stderr is a terminal.
///
/// Thread-safe; updates are throttled to 10 per second. `finish()` clears the line.
final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private let enabled: Bool
    private var lastUpdate = Date.distantPast
    private let label: String

    init(_ label: String) {
        self.label = label
        self.enabled = isatty(STDERR_FILENO) != 0
    }

    /// Shows `label: text`, at most every 100 ms.
    func update(_ text: @autoclosure () -> String) {
        guard enabled else { return }
        lock.lock(); defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(lastUpdate) >= 0.1 else { return }
        lastUpdate = now
        FileHandle.standardError.write(Data("\r\u{1B}[K\(label): \(text())".utf8))
    }

    /// Clears the progress line.
    func finish() {
        guard enabled else { return }
        lock.lock(); defer { lock.unlock() }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

/// Writes a line to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
