import Testing
import TearsheetReport

/// `ReportBuilder.slug`: report and account folder names (issue 18: never starting with `-`, so a
/// folder name is never read as an option by a shell tool).
@Suite struct SlugTests {
    @Test func slugsNeverStartOrEndWithADash() {
        #expect(ReportBuilder.slug("-rf") == "rf")
        #expect(ReportBuilder.slug("--force") == "force")
        #expect(ReportBuilder.slug("  Fund A ") == "fund-a")
        #expect(ReportBuilder.slug("(Growth) Book") == "growth-book")
        #expect(ReportBuilder.slug("---") == "x")
        #expect(ReportBuilder.slug("") == "x")
        for name in ["-a", " b", "\u{0}c", "é d", "--", "-1-"] {
            let s = ReportBuilder.slug(name)
            #expect(!s.hasPrefix("-") && !s.hasSuffix("-") && !s.isEmpty, "\(name) -> \(s)")
        }
    }
}
