import TearsheetReport
import TearsheetCore

/// Renders `report.md` (GitHub-flavoured Markdown) from the `markdown` templates, plus
/// `charts/<id>.svg` for every chart, linked from the Markdown.
public struct MarkdownRenderer: Sendable {
    public init() {}

    /// Relative path and contents of `report.md` and each chart's SVG.
    /// - Parameters:
    ///   - charts: the SVG of each chart by id, when the caller already drew them
    ///     (`SVGChart.renderAll`); drawn here otherwise.
    ///   - context: the template context, when the caller already built it for the HTML report
    ///     (`TemplateContext.document`; both flavours read the same context).
    public func files(for document: ReportDocument, templates: TemplateSet, charts: [String: String]? = nil) throws(RenderError) -> [(path: String, contents: String)] {
        try files(for: document, templates: templates, charts: charts, context: nil)
    }

    func files(for document: ReportDocument, templates: TemplateSet, charts: [String: String]?, context: TemplateValue?) throws(RenderError) -> [(path: String, contents: String)] {
        let svgs = charts ?? SVGChart.renderAll(document)
        var files: [(path: String, contents: String)] = []
        for c in document.allCharts {
            files.append(("charts/\(c.id).svg", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + (svgs[c.id] ?? "")))
        }
        let ctx = context ?? TemplateContext(svgByChart: svgs).document(document)
        let text = try templates.renderReport(.markdown, context: ctx)
        files.insert(("report.md", text), at: 0)
        return files
    }
}
