import Foundation
import Testing
@testable import TearsheetRender
import TearsheetCore
import TearsheetReport

/// Golden files for the Markdown and CSV of the small fixed document (TEARSHEET_RECORD=1 re-records).
@Suite struct GoldenTests {
    @Test func markdownMatchesGolden() throws {
        let set = try TemplateSet.load(bundled: TestSupport.bundledTemplates)
        let files = try MarkdownRenderer().files(for: SampleDocuments.small(), templates: set)
        #expect(files.map(\.path) == ["report.md", "charts/equity.svg"])
        try TestSupport.assertGolden(files[0].contents, "report.md")
    }

    @Test func csvMatchesGolden() throws {
        let files = CSVRenderer().files(for: SampleDocuments.small())
        #expect(files.map(\.path) == ["csv/summary.csv", "csv/kinds.csv", "csv/monthly.csv"])
        for f in files { try TestSupport.assertGolden(f.contents, f.path) }
    }
}
