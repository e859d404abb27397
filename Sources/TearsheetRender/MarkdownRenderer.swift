import TearsheetReport

/// Renders `report.md` (GitHub-flavoured Markdown) from the `markdown` templates, plus
/// `charts/<id>.svg` for every chart, linked from the Markdown.
public struct MarkdownRenderer: Sendable {
    public init() {}

    /// Relative path and contents of `report.md` and each chart's SVG.
    public func files(for document: ReportDocument, templates: TemplateSet) throws(RenderError) -> [(path: String, contents: String)] {
        let svg = SVGChart()
        var files: [(path: String, contents: String)] = []
        var svgs: [String: String] = [:]
        for c in document.allCharts {
            let s = svg.render(c)
            svgs[c.id] = s
            files.append(("charts/\(c.id).svg", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + s))
        }
        let ctx = TemplateContext(svgByChart: [:]).document(document)
        let text = try templates.renderReport(.markdown, context: ctx)
        files.insert(("report.md", text), at: 0)
        return files
    }
}
