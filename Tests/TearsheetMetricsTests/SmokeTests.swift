import Testing
import TearsheetMetrics

@Suite struct TearsheetMetricsTestsSmoke {
    @Test func moduleLinks() {
        #expect(Day(iso: "2024-01-02") != nil)
    }
}
