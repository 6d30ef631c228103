import Foundation

/// Locations shared by the test targets.
public enum TestPaths {
    /// The package root (the folder holding Package.swift).
    public static let packageRoot: URL = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }()

    /// `Fixtures/` at the package root.
    public static var fixtures: URL { packageRoot.appendingPathComponent("Fixtures") }

    /// The real public test data (`../shared/data`), from the `GX_SHARED_DATA` environment variable.
    /// `nil` when the variable is unset or the folder is missing; use ``requireSharedData()`` in conformance tests.
    public static var sharedData: URL? {
        guard let path = ProcessInfo.processInfo.environment["GX_SHARED_DATA"], !path.isEmpty else { return nil }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { return nil }
        return URL(fileURLWithPath: path)
    }

    /// The shared data folder, or an error that says clearly that `GX_SHARED_DATA` is unset or wrong.
    /// Conformance tests call this so that CI cannot pass them without the real files.
    public static func requireSharedData() throws -> URL {
        if let url = sharedData { return url }
        let value = ProcessInfo.processInfo.environment["GX_SHARED_DATA"] ?? ""
        throw SharedDataMissing(value: value)
    }

    /// A fresh temporary directory for one test.
    public static func temporaryDirectory(_ name: String = "gx-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The built `gxtool` executable next to the test bundle (for end-to-end tests).
    public static var gxtoolExecutable: URL {
        // On Linux the test bundle is `<build>/debug/gxPackageTests.xctest`; gxtool sits beside it.
        let bundle = Bundle.main.bundleURL
        var dir = bundle
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent("gxtool")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return packageRoot.appendingPathComponent(".build/debug/gxtool")
    }
}

/// The result of running a subprocess.
public struct ProcessResult: Sendable {
    /// Exit status.
    public var status: Int32
    /// Standard output.
    public var stdout: String
    /// Standard error.
    public var stderr: String
}

/// Runs an executable with arguments, capturing its output.
public func runProcess(_ executable: URL, _ arguments: [String], stdin: Data? = nil, environment: [String: String]? = nil) throws -> ProcessResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let environment { process.environment = environment }
    // stderr goes to a temporary file and stdout to a pipe, so a chatty child cannot block.
    let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("gx-stderr-\(UUID().uuidString)")
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: errURL) }
    let errHandle = try FileHandle(forWritingTo: errURL)
    let out = Pipe()
    process.standardOutput = out
    process.standardError = errHandle
    let input = Pipe()
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(stdin) }
    try? input.fileHandleForWriting.close()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    try? errHandle.close()
    let errData = (try? Data(contentsOf: errURL)) ?? Data()
    return ProcessResult(status: process.terminationStatus,
                         stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self))
}

/// Runs a shell command line with `/bin/bash -c`.
public func runShell(_ commandLine: String) throws -> ProcessResult {
    try runProcess(URL(fileURLWithPath: "/bin/bash"), ["-c", commandLine])
}

/// True if a command is on PATH.
public func commandExists(_ name: String) -> Bool {
    (try? runShell("command -v \(name)"))?.status == 0
}

/// Thrown when the conformance tests cannot find `../shared/data`.
public struct SharedDataMissing: Error, CustomStringConvertible {
    /// The value of `GX_SHARED_DATA` (empty when unset).
    public var value: String
    public var description: String {
        value.isEmpty
            ? "GX_SHARED_DATA is unset: the conformance tests need the real public files in ../shared/data. Run `make test`, or set GX_SHARED_DATA=/path/to/shared/data."
            : "GX_SHARED_DATA=\(value) is not a folder: the conformance tests need the real public files in ../shared/data."
    }
}

/// A small deterministic random number generator (SplitMix64), so that randomised tests reproduce exactly.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The generator state; the seed is the initial state.
    public var state: UInt64
    /// Creates a generator from its initial state.
    public init(state: UInt64) { self.state = state }
    /// Creates a generator from a seed (same as `init(state:)`).
    public init(seed: UInt64) { self.state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
