import Testing
import TearsheetIngest

@Suite struct TearsheetIngestTestsSmoke {
    @Test func moduleLinks() {
        #expect(Day(iso: "2024-01-02") != nil)
    }
}
