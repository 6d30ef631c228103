import Testing
@testable import HealthRecords

@Test func libraryVersionIsSemantic() {
    #expect(HealthRecordsLibrary.version.split(separator: ".").count == 3)
}
