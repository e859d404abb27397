import Testing
import TearsheetAttribution

@Suite struct TearsheetAttributionTestsSmoke {
    @Test func moduleLinks() {
        #expect(Day(iso: "2024-01-02") != nil)
    }
}
