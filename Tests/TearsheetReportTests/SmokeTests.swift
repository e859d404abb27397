import Testing
import TearsheetReport

@Suite struct TearsheetReportTestsSmoke {
    @Test func moduleLinks() {
        #expect(Day(iso: "2024-01-02") != nil)
    }
}
