import Testing
import TearsheetValuation

@Suite struct TearsheetValuationTestsSmoke {
    @Test func moduleLinks() {
        #expect(Day(iso: "2024-01-02") != nil)
    }
}
