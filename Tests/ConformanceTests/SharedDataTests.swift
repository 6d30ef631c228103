import Foundation
import Testing
import TestSupport

/// Conformance tests read the real public files in `../shared/data` from `GX_SHARED_DATA`.
@Test func sharedDataLocationIsReported() {
    if let url = TestPaths.sharedData {
        #expect(FileManager.default.fileExists(atPath: url.appendingPathComponent("MANIFEST.md").path))
    } else {
        print("GX_SHARED_DATA is unset: conformance tests on ../shared/data are skipped. Set GX_SHARED_DATA=../shared/data (make test does).")
    }
}
