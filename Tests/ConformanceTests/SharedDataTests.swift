import Foundation
import Testing
import TestSupport

/// Conformance tests read the real public files in `../shared/data` from `GX_SHARED_DATA`; without them they fail
/// with a message that says so (CI runs `make test`, which sets the variable).
@Test func sharedDataIsPresent() throws {
    let url = try TestPaths.requireSharedData()
    #expect(FileManager.default.fileExists(atPath: url.appendingPathComponent("MANIFEST.md").path),
            "\(url.path) has no MANIFEST.md: is GX_SHARED_DATA pointing at ../shared/data?")
}
