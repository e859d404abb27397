import TearsheetReport

/// Renders `report.html`: one self-contained file from the `html` templates (inline CSS, inline SVG
/// charts drawn by `SVGChart`, no scripts, fonts or images from anywhere). Every value is
/// HTML-escaped by the templates (`{{value}}`); only the SVG, which `SVGChart` escapes itself, is
/// placed raw (`{{{svg}}}`).
public struct HTMLRenderer: Sendable {
    public init() {}

    /// - Parameter charts: the SVG of each chart by id, when the caller already drew them
    ///   (`SVGChart.renderAll`); drawn here otherwise.
    public func render(_ document: ReportDocument, templates: TemplateSet, charts: [String: String]? = nil) throws(RenderError) -> String {
        let svgs = charts ?? SVGChart.renderAll(document)
        let lib = try templates.library(.html)
        let ctx = TemplateContext(svgByChart: svgs).document(document)
        if let text = templates.fastMustache(.html)?.render(ctx, template: "report") { return text }
        guard let text = lib.render(ctx, withTemplate: "report") else { throw .templateMissing(name: "html/report") }
        return text
    }
}
