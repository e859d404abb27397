import TearsheetReport

/// Renders `report.md` (GitHub-flavoured Markdown) from the `markdown` templates, plus
/// `charts/<id>.svg` for every chart, linked from the Markdown.
public struct MarkdownRenderer: Sendable {
    public init() {}

    /// Relative path and contents of `report.md` and each chart's SVG.
    /// - Parameter charts: the SVG of each chart by id, when the caller already drew them
    ///   (`SVGChart.renderAll`); drawn here otherwise.
    public func files(for document: ReportDocument, templates: TemplateSet, charts: [String: String]? = nil) throws(RenderError) -> [(path: String, contents: String)] {
        let svgs = charts ?? SVGChart.renderAll(document)
        var files: [(path: String, contents: String)] = []
        for c in document.allCharts {
            files.append(("charts/\(c.id).svg", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + (svgs[c.id] ?? "")))
        }
        let lib = try templates.library(.markdown)
        let ctx = TemplateContext(svgByChart: [:]).document(document)
        guard let text = templates.fastMustache(.markdown)?.render(ctx, template: "report") ?? lib.render(ctx, withTemplate: "report") else {
            throw .templateMissing(name: "markdown/report")
        }
        files.insert(("report.md", text), at: 0)
        return files
    }
}
