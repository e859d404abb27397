import Foundation
import Testing
@testable import TearsheetRender
import TearsheetCore
import TearsheetReport

@Suite struct HTMLRendererTests {
    let set: TemplateSet
    init() throws { set = try TemplateSet.load(bundled: TestSupport.bundledTemplates) }

    @Test func everySectionIsRenderedWithItsCharts() throws {
        let doc = SampleDocuments.realistic()
        let html = try HTMLRenderer().render(doc, templates: set)
        for s in doc.sections {
            #expect(html.contains("<section class=\"report-section\" id=\"\(s.id)\""), "section \(s.id) missing")
            #expect(html.contains(">\(s.title)</h2>"))
        }
        #expect(html.contains("id=\"provenance\""))
        #expect(TestSupport.count("<svg", in: html) == doc.allCharts.count)
        #expect(doc.allCharts.count >= 5)
        for c in doc.allCharts { #expect(html.contains("<title id=\"chart-\(c.id)-title\">")) }
        #expect(html.contains("<th scope=\"col\""))
        #expect(html.contains("@media print"))
        // Print: headings stay with their content, rows are not split, wide tables wrap instead of clipping.
        #expect(html.contains("h2, h3, .intro { break-after: avoid"))
        #expect(html.contains("figure, tr, .note { break-inside: avoid"))
        #expect(html.contains(".table-wrap { overflow-x: auto"))
    }

    @Test func valuesAreEscapedAndScriptsInert() throws {
        let html = try HTMLRenderer().render(SampleDocuments.realistic(), templates: set)
        #expect(!html.contains("<script"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        // Config text echoed in provenance is escaped too.
        #expect(html.contains("author = &quot;A &lt;B&gt; &amp; C&quot;"))
    }

    @Test func nothingIsLoadedFromTheNetwork() throws {
        let html = try HTMLRenderer().render(SampleDocuments.realistic(), templates: set)
        let pattern = try NSRegularExpression(pattern: "(src|href)\\s*=\\s*[\"']?(https?:)?//")
        #expect(pattern.firstMatch(in: html, range: NSRange(html.startIndex..., in: html)) == nil)
        #expect(!html.contains("@import"))
        #expect(!html.contains("url("))
    }

    @Test func dailySeriesIsSummarised() throws {
        let doc = SampleDocuments.realistic(years: 2)
        let html = try HTMLRenderer().render(doc, templates: set)
        #expect(html.contains("Last 10 of 504 rows shown"))
    }

    @Test func heatmapCellsAreColouredAndPolarityClassed() throws {
        let html = try HTMLRenderer().render(SampleDocuments.small(), templates: set)
        #expect(html.contains("<table class=\"heatmap\""))
        #expect(html.contains("style=\"background-color:#"))
        #expect(html.contains("class=\"num pos\""))
        #expect(html.contains("class=\"num neg\""))
        #expect(html.contains("title=\"undefined: zero variance\""))
    }
}

@Suite struct SparseDocumentTests {
    @Test func aDocumentWithoutOptionalPartsRendersInEveryFormat() throws {
        let p = ReportPeriod(start: Day(iso: "2024-01-02")!, end: Day(iso: "2024-01-02")!)
        let g = GenerationTime(secondsSinceEpoch: 0)
        let doc = ReportDocument(title: "Bare", period: p, generatedAt: g,
                                 provenance: Provenance(toolVersion: "0.1.0", configText: "", inputs: [], benchmarks: [], period: p, generatedAt: g),
                                 sections: [ReportSection(id: "empty", title: "Nothing yet", blocks: [])])
        let root = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(root) }
        let set = try TemplateSet.load(bundled: TestSupport.bundledTemplates)
        let out = try ReportWriter.write(doc, formats: Set(ReportFormat.allCases), to: root.appendingPathComponent("r"), templates: set, force: false)
        #expect(out.manifest.files.map(\.path) == ["report.html", "report.md", "report.pdf", "report.xlsx"])
        // Generation time 0: the XLSX still gets a fixed creation date, not the clock's.
        if let core = try TestSupport.unzipMember(root.appendingPathComponent("r/report.xlsx"), "docProps/core.xml") {
            #expect(core.contains("<dcterms:created xsi:type=\"dcterms:W3CDTF\">1970-01-01T00:00:01Z</dcterms:created>"))
        }
        let html = try HTMLRenderer().render(doc, templates: set)
        #expect(!html.contains("class=\"subtitle\""))
        #expect(!html.contains("<h3>Configuration</h3>"))
        #expect(html.contains("id=\"empty\""))
    }
}
