import TearsheetReport
import TearsheetCore

/// Renders `report.html`: one self-contained file from the `html` templates (inline CSS, inline SVG
/// charts drawn by `SVGChart`, no scripts, fonts or images from anywhere). Every value is
/// HTML-escaped by the templates (`{{value}}`); only the SVG, which `SVGChart` escapes itself, is
/// placed raw (`{{{svg}}}`).
public struct HTMLRenderer: Sendable {
    public init() {}

    /// - Parameter charts: the SVG of each chart by id, when the caller already drew them
    ///   (`SVGChart.renderAll`); drawn here otherwise.
    public func render(_ document: ReportDocument, templates: TemplateSet, charts: [String: String]? = nil) throws(RenderError) -> String {
        try render(document, templates: templates, charts: charts, context: nil)
    }

    /// `render` over a context the caller already built (`TemplateContext.document`, shared with Markdown).
    func render(_ document: ReportDocument, templates: TemplateSet, charts: [String: String]?, context: TemplateValue?) throws(RenderError) -> String {
        let ctx = context ?? TemplateContext(svgByChart: charts ?? SVGChart.renderAll(document)).document(document)
        return try templates.renderReport(.html, context: ctx)
    }
}
