import TearsheetReport

/// Renders `report.html`: one self-contained file from the `html` templates (inline CSS, inline SVG
/// charts drawn by `SVGChart`, no scripts, fonts or images from anywhere). Every value is
/// HTML-escaped by the templates (`{{value}}`); only the SVG, which `SVGChart` escapes itself, is
/// placed raw (`{{{svg}}}`).
public struct HTMLRenderer: Sendable {
    public init() {}

    public func render(_ document: ReportDocument, templates: TemplateSet) throws(RenderError) -> String {
        let svg = SVGChart()
        var svgs: [String: String] = [:]
        for c in document.allCharts { svgs[c.id] = svg.render(c) }
        let ctx = TemplateContext(svgByChart: svgs).document(document)
        return try templates.renderReport(.html, context: ctx)
    }
}
