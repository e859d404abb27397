import Testing
import TearsheetRender

@Suite struct TearsheetRenderTestsSmoke {
    @Test func moduleLinks() {
        #expect(Day(iso: "2024-01-02") != nil)
    }
}
