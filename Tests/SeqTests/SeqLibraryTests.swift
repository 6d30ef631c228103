import Testing
@testable import Seq

@Test func libraryVersionIsSemantic() {
    #expect(SeqLibrary.version.split(separator: ".").count == 3)
}
