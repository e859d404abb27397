import Testing
import TearsheetCore

@Suite struct EndToEndTestsSmoke {
    @Test func moduleLinks() {
        #expect(Day(iso: "2024-01-02") != nil)
    }
}
