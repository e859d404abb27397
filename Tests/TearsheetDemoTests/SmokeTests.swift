import Testing
import TearsheetDemo

@Suite struct TearsheetDemoTestsSmoke {
    @Test func moduleLinks() {
        #expect(Day(iso: "2024-01-02") != nil)
    }
}
