import Testing
import TearsheetIngest
import TearsheetCore

@Suite struct TearsheetIngestTestsSmoke {
    @Test func moduleLinks() {
        #expect(Day(iso: "2024-01-02") != nil)
    }
}
