import TearsheetCore
import TearsheetReport

/// Renders `report.pdf` natively, without a browser, from the same `ReportDocument` as every other
/// format: cairo draws the pages and writes the PDF, Pango lays out the text (DejaVu Sans through
/// fontconfig), librsvg draws the SVG charts `SVGChart` makes for the HTML. All C goes through
/// `PDFCanvas`.
///
/// Layout: a first page with the title, subtitle, period, generation time and a contents list with
/// page numbers; then the sections flowing one after another (a heading always keeps its first
/// block's first rows or lines with it), tables with their header repeated on every page they
/// continue on, wide tables on landscape pages (see `PDFTableLayout`), charts scaled to the
/// content width; the provenance last. Every page but the first has a running header (title and
/// period); every page has a footer with the generation time, the tool version and "Page N of M".
/// The PDF outline (bookmarks) lists the sections.
///
/// Pages are laid out completely before any is drawn (two passes), so the page count and the
/// contents' page numbers are known. Reproducible: the document's creation and modification dates
/// are the report's generation time (`SOURCE_DATE_EPOCH`), and nothing else in the file depends
/// on the clock or on memory addresses, so the same document gives the same bytes.
public struct PDFRenderer: Sendable {
    /// - Parameter xlsxDaily: `[report] xlsx_daily`, for the line under the daily series.
    public init(xlsxDaily: Bool = true) {
        self.xlsxDaily = xlsxDaily
    }

    /// Whether the workbook written beside the PDF holds the daily-series sheets.
    public var xlsxDaily: Bool

    /// The PDF's bytes.
    /// - Parameter charts: the SVG of each chart by id, when the caller already drew them
    ///   (`SVGChart.renderAll`); drawn here otherwise.
    public func render(_ document: ReportDocument, charts: [String: String]? = nil) throws(RenderError) -> [UInt8] {
        let problems = document.validate()
        guard problems.isEmpty else { throw .invalidDocument(problems) }
        let svgs = charts ?? SVGChart.renderAll(document)
        let size = PDFGeometry.pageSize(document.paper, landscape: false)
        let title = DisplayText.display(document.title)
        let canvas = try PDFCanvas(width: size.width, height: size.height, metadata: PDFCanvas.Metadata(
            title: title, author: DisplayText.display(document.author.isEmpty ? document.company : document.author),
            subject: "\(document.period.start) to \(document.period.end)", creator: "Tearsheet \(document.provenance.toolVersion)",
            date: document.generatedAt.iso8601))
        var flow = PDFFlow(canvas: canvas, theme: PDFTheme(accent: document.branding.accent), paper: document.paper, charts: svgs)
        let logo = try document.branding.logo.map { l throws(RenderError) in try canvas.loadSVG(id: PDFFlow.logoID, PDFFlow.logoSVG(l)) }
        flow.logoSize = logo
        let firm = document.branding.firm.map { DisplayText.display($0) } ?? ""
        let contact = document.branding.contact.map { DisplayText.display($0) } ?? ""
        flow.xlsxDaily = xlsxDaily
        let units = try flow.units(document)
        let (pages, anchors) = PDFPaginator(paper: document.paper, margins: PDFGeometry.margins).paginate(units)
        let pageOfAnchor = Dictionary(anchors.map { ($0.id, $0.page) }, uniquingKeysWith: { a, _ in a })
        let theme = flow.theme
        let m = PDFGeometry.margins
        for (index, page) in pages.enumerated() {
            try canvas.beginPage(width: page.width, height: page.height)
            for op in page.ops { try draw(op.moved(dx: m.left, dy: m.top), on: canvas, pages: pageOfAnchor) }
            let right = page.width - m.right, w = page.width - m.left - m.right
            if index > 0 {
                // Running header: the logo (small), the firm and the title; the period on the right.
                var x = m.left
                if let logo {
                    let h = 12.0, lw = min(60, h * logo.width / logo.height)
                    try canvas.drawSVG(id: PDFFlow.logoID, x: x, y: m.top - 33, width: lw, height: h)
                    x += lw + 6
                }
                let room = w * 0.7 - (x - m.left)
                try canvas.text(try Self.oneLine(firm.isEmpty ? title : "\(firm) · \(title)", theme.running, width: room, canvas: canvas),
                                theme.running, x: x, y: m.top - 30, width: room, colour: theme.muted)
                try canvas.text("\(document.period.start) to \(document.period.end)", theme.running, x: right - w * 0.3, y: m.top - 30,
                                width: w * 0.3, alignment: .right, colour: theme.muted)
                try canvas.line(x1: m.left, y1: m.top - 18, x2: right, y2: m.top - 18, width: 0.6, colour: theme.accent)
            }
            let footY = page.height - m.bottom + 22
            try canvas.line(x1: m.left, y1: footY - 6, x2: right, y2: footY - 6, width: 0.4, colour: theme.rule)
            try canvas.text("Generated \(document.generatedAt.iso8601) · Tearsheet \(document.provenance.toolVersion)", theme.running,
                            x: m.left, y: footY, width: w * 0.7, colour: theme.muted)
            try canvas.text("Page \(index + 1) of \(pages.count)", theme.running, x: right - w * 0.3, y: footY, width: w * 0.3,
                            alignment: .right, colour: theme.muted)
            let sign = [firm, contact].filter { !$0.isEmpty }.joined(separator: " · ")
            if !sign.isEmpty { try canvas.text(sign, theme.running, x: m.left, y: footY + 9, width: w, colour: theme.muted) }
            try canvas.endPage()
        }
        for a in anchors where a.level == 1 { try canvas.outline(a.title, page: a.page, y: a.y) }
        return try canvas.finish()
    }

    /// `text` cut at a word with "…" so that it fits `width` on one line (a running header
    /// never wraps into the page).
    static func oneLine(_ text: String, _ font: PDFCanvas.Font, width: Double, canvas: PDFCanvas) throws(RenderError) -> String {
        guard try canvas.measure(text, font).width > width else { return text }
        var words = text.split(separator: " ").map(String.init)
        while words.count > 1 {
            words.removeLast()
            let candidate = words.joined(separator: " ") + " …"
            if try canvas.measure(candidate, font).width <= width { return candidate }
        }
        return (words.first ?? "") + " …"
    }

    private func draw(_ op: PDFOp, on canvas: PDFCanvas, pages: [String: Int]) throws(RenderError) {
        switch op {
        case let .text(t, f, x, y, w, a, c): try canvas.text(t, f, x: x, y: y, width: w, alignment: a, colour: c)
        case let .fill(x, y, w, h, c): try canvas.fill(x: x, y: y, width: w, height: h, colour: c)
        case let .line(x1, y1, x2, y2, w, c): try canvas.line(x1: x1, y1: y1, x2: x2, y2: y2, width: w, colour: c)
        case let .svg(id, x, y, w, h): try canvas.drawSVG(id: id, x: x, y: y, width: w, height: h)
        case let .pageOf(anchor, f, x, y, w, c):
            try canvas.text(pages[anchor].map(String.init) ?? "", f, x: x, y: y, width: w, alignment: .right, colour: c)
        }
    }
}

/// Fonts, sizes and colours of the PDF (the HTML's palette: ink, muted grey, rules, the
/// Okabe-Ito blue and vermillion for good and bad news).
struct PDFTheme {
    /// The branding's accent (`Branding.accent`): headings, rules under them, the running header's rule.
    var accent = PDFCanvas.Colour(hex: Branding.defaultAccent)
    let ink = PDFCanvas.Colour(hex: "#1a1a1a")
    let muted = PDFCanvas.Colour(hex: "#5a5a5a")
    let rule = PDFCanvas.Colour(hex: "#d0d0d0")
    let positive = PDFCanvas.Colour(hex: "#0072B2")
    let negative = PDFCanvas.Colour(hex: "#D55E00")
    let headerFill = PDFCanvas.Colour(hex: "#f0f0f0")
    let warningFill = PDFCanvas.Colour(hex: "#fff4e0")
    let white = PDFCanvas.Colour(hex: "#ffffff")

    let tableFontSize = 7.5
    let smallFontSize = 7.0
    let blockSpace = 9.0
    let title = PDFCanvas.Font(size: 20, bold: true)
    let subtitle = PDFCanvas.Font(size: 10)
    let heading = PDFCanvas.Font(size: 13, bold: true)
    let tableTitle = PDFCanvas.Font(size: 9, bold: true)
    let body = PDFCanvas.Font(size: 8.5)
    let running = PDFCanvas.Font(size: 7)
    let mono = PDFCanvas.Font(size: 6.5, monospace: true)

    init(accent: String = Branding.defaultAccent) { self.accent = PDFCanvas.Colour(hex: accent) }
}

/// Turns the document into the flow of units the paginator cuts into pages.
struct PDFFlow {
    let canvas: PDFCanvas
    let theme: PDFTheme
    let paper: PaperSize
    let charts: [String: String]
    /// `[report] xlsx_daily`, for the line under the daily series.
    var xlsxDaily = true
    /// The logo's intrinsic size when the branding has one (loaded as `logoID`).
    var logoSize: (width: Double, height: Double)? = nil
    /// The canvas key of the logo: not a valid chart id, so it never collides with a chart.
    static let logoID = "#logo"

    /// The logo as an SVG document librsvg draws: an SVG as it is, a PNG inside an `<image>` of
    /// its pixel size (so both go through the one SVG path of `PDFCanvas`).
    static func logoSVG(_ logo: Branding.Logo) -> String {
        switch logo.format {
        case .svg: return String(decoding: logo.bytes, as: UTF8.self)
        case .png:
            let (w, h) = logo.pngSize ?? (200, 60)
            return "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"\(w)\" height=\"\(h)\" viewBox=\"0 0 \(w) \(h)\">"
                + "<image width=\"\(w)\" height=\"\(h)\" xlink:href=\"\(TemplateContext.dataURI(logo))\"/></svg>"
        }
    }

    /// The content width of the section being laid out: portrait, or landscape for a section
    /// holding a table too wide for portrait.
    var width: Double

    init(canvas: PDFCanvas, theme: PDFTheme, paper: PaperSize, charts: [String: String]) {
        self.canvas = canvas
        self.theme = theme
        self.paper = paper
        self.charts = charts
        width = PDFGeometry.contentWidth(paper, landscape: false)
    }

    mutating func units(_ d: ReportDocument) throws(RenderError) -> [PDFUnit] {
        var units = try cover(d)
        for s in d.sections { units += try section(s) }
        units += try provenance(d.provenance)
        return units
    }

    /// A paragraph as one unit per line (a long paragraph may break between lines; its first two
    /// lines stay together).
    func paragraph(_ text: String, _ font: PDFCanvas.Font, colour: PDFCanvas.Colour, indent: Double = 0,
                   spaceBefore: Double, fill: PDFCanvas.Colour? = nil, bar: PDFCanvas.Colour? = nil) throws(RenderError) -> [PDFUnit] {
        let w = width - indent
        let lines = try canvas.lines(text, font, width: w)
        let lineHeight = try canvas.measure("Ag", font).height
        return lines.enumerated().map { i, line in
            var ops: [PDFOp] = []
            if let fill { ops.append(.fill(x: 0, y: 0, width: width, height: lineHeight, colour: fill)) }
            if let bar { ops.append(.fill(x: 0, y: 0, width: 2.5, height: lineHeight, colour: bar)) }
            ops.append(.text(line, font, x: indent, y: 0, width: nil, alignment: .left, colour: colour))
            return PDFUnit(height: lineHeight, ops: ops, keepWithNext: i == 0 && lines.count > 1, spaceBefore: i == 0 ? spaceBefore : 0)
        }
    }

    func cover(_ d: ReportDocument) throws(RenderError) -> [PDFUnit] {
        var units: [PDFUnit] = []
        // The firm's line: logo and name over an accent rule.
        let firm = d.branding.firm.map { DisplayText.display($0) } ?? ""
        if logoSize != nil || !firm.isEmpty {
            var ops: [PDFOp] = []
            var x = 0.0, h = 16.0
            if let size = logoSize {
                h = 36
                let lw = min(width * 0.4, h * size.width / size.height)
                ops.append(.svg(id: Self.logoID, x: 0, y: 0, width: lw, height: h))
                x = lw + 10
            }
            if !firm.isEmpty {
                let fh = try canvas.measure(firm, theme.heading).height
                ops.append(.text(firm, theme.heading, x: x, y: (h - fh) / 2, width: width - x, alignment: .left, colour: theme.accent))
            }
            ops.append(.line(x1: 0, y1: h + 5, x2: width, y2: h + 5, width: 1.5, colour: theme.accent))
            units.append(PDFUnit(height: h + 12, ops: ops, keepWithNext: true))
        }
        let title = DisplayText.display(d.title)
        let th = try canvas.measure(title, theme.title, width: width).height
        units.append(PDFUnit(height: th + 4, ops: [.text(title, theme.title, x: 0, y: 0, width: width, alignment: .left, colour: theme.accent)], keepWithNext: true))
        if let s = d.subtitle { units += try paragraph(DisplayText.display(s), theme.subtitle, colour: theme.muted, spaceBefore: 2) }
        var meta = "Period \(d.period.start) to \(d.period.end) · generated \(d.generatedAt.iso8601) · Tearsheet \(d.provenance.toolVersion)"
        let who = [d.company, d.author].filter { !$0.isEmpty }.map { DisplayText.display($0) }
        if !who.isEmpty { meta = who.joined(separator: " · ") + "\n" + meta }
        units += try paragraph(meta, theme.body, colour: theme.muted, spaceBefore: 4)
        units.append(PDFUnit(height: 8, ops: [.line(x1: 0, y1: 4, x2: width, y2: 4, width: 1.2, colour: theme.ink)]))
        // Contents: every section and the provenance, with the page each starts on.
        let entries = d.sections.map { ($0.id, DisplayText.display($0.title)) } + [("provenance", "Provenance")]
        let ch = try canvas.measure("Contents", theme.tableTitle).height
        units.append(PDFUnit(height: ch + 3, ops: [.text("Contents", theme.tableTitle, x: 0, y: 0, width: nil, alignment: .left, colour: theme.ink)],
                             keepWithNext: true, spaceBefore: 6))
        let lh = try canvas.measure("Ag", theme.body).height + 2
        for (i, e) in entries.enumerated() {
            units.append(PDFUnit(height: lh, ops: [
                .text("\(i + 1).  \(e.1)", theme.body, x: 8, y: 0, width: width * 0.8, alignment: .left, colour: theme.ink),
                .pageOf(anchor: e.0, theme.body, x: width - 60, y: 0, width: 60, colour: theme.muted),
            ], keepWithNext: i < entries.count - 1))
        }
        return units
    }

    func heading(_ id: String, _ title: String) throws(RenderError) -> PDFUnit {
        let h = try canvas.measure(title, theme.heading, width: width).height
        return PDFUnit(height: h + 6, ops: [
            .text(title, theme.heading, x: 0, y: 0, width: width, alignment: .left, colour: theme.accent),
            .line(x1: 0, y1: h + 2, x2: width, y2: h + 2, width: 1, colour: theme.accent),
        ], keepWithNext: true, anchor: (id, title, 1), spaceBefore: 16)
    }

    /// A section's units. A section holding a table too wide for portrait is set on landscape pages
    /// as a whole (its heading, text and charts too), so the orientation never changes inside a
    /// section and a heading never stays behind on a portrait page.
    mutating func section(_ s: ReportSection) throws(RenderError) -> [PDFUnit] {
        var tables: [String: [PDFUnit]] = [:]
        for t in s.tables { tables[t.id] = try PDFTableLayout(canvas: canvas, theme: theme, paper: paper, xlsxDaily: xlsxDaily).units(t) }
        let landscape = tables.values.contains { $0.contains(where: \.landscape) }
        width = PDFGeometry.contentWidth(paper, landscape: landscape)
        defer { width = PDFGeometry.contentWidth(paper, landscape: false) }
        var units = [try heading(s.id, DisplayText.display(s.title))]
        if let i = s.intro {
            // The whole introduction stays with what it introduces.
            units += try paragraph(DisplayText.display(i, limit: .max), theme.body, colour: theme.ink, spaceBefore: 4).map {
                var u = $0
                u.keepWithNext = true
                return u
            }
        }
        for b in s.blocks {
            switch b {
            case .table(let t):
                units += tables[t.id] ?? []
            case .chart(let c):
                guard let svg = charts[c.id] else { throw .pdf(operation: "chart \(c.id)", message: "no SVG was drawn for the chart") }
                let size = try canvas.loadSVG(id: c.id, svg)
                let maxHeight = (PDFGeometry.pageSize(paper, landscape: landscape).height - PDFGeometry.margins.top - PDFGeometry.margins.bottom) * 0.6
                var w = min(width, size.width * 0.75), h = w * size.height / size.width
                if h > maxHeight { h = maxHeight; w = h * size.width / size.height }
                units.append(PDFUnit(height: h, ops: [.svg(id: c.id, x: (width - w) / 2, y: 0, width: w, height: h)], spaceBefore: theme.blockSpace))
            case .note(let n):
                let text = DisplayText.display(n.text, limit: .max)
                if n.isWarning {
                    units += try paragraph("Warning: " + text, theme.body, colour: theme.ink, indent: 7, spaceBefore: 6,
                                           fill: theme.warningFill, bar: theme.negative)
                } else {
                    units += try paragraph(text, theme.body, colour: theme.ink, spaceBefore: 6)
                }
            }
        }
        guard landscape else { return units }
        return units.map { u in
            var u = u
            u.landscape = true
            u.repeatOnNewPage = u.repeatOnNewPage.map { var r = $0; r.landscape = true; return r }
            return u
        }
    }

    func provenance(_ p: Provenance) throws(RenderError) -> [PDFUnit] {
        var units = [try heading("provenance", "Provenance")]
        let layout = PDFTableLayout(canvas: canvas, theme: theme, paper: paper)
        units += try layout.units(ReportTable(id: "provenance", title: "Run", columns: [ReportColumn("Item", .text), ReportColumn("Value", .text)], rows: [
            [.text("Tool version"), .text("Tearsheet \(p.toolVersion)")],
            [.text("Period"), .text("\(p.period.start) to \(p.period.end)")],
            [.text("Generated"), .text(p.generatedAt.iso8601)],
        ]))
        units += try layout.units(ReportTable(id: "provenance-inputs", title: "Inputs",
                                              columns: [ReportColumn("File", .text), ReportColumn("Rows hashed", .text), ReportColumn("Rows", .integer),
                                                        ReportColumn("SHA-256", .text)],
                                              rows: p.inputs.map { [.text($0.path), .text($0.coverage), .integer($0.rows), .text($0.sha256)] }))
        units += try layout.units(ReportTable(id: "provenance-benchmarks", title: "Benchmarks",
                                              columns: [ReportColumn("Symbol", .text), ReportColumn("Source", .text), ReportColumn("SHA-256", .text)],
                                              rows: p.benchmarks.map { [.text($0.symbol), .text($0.source), .text($0.sha256 ?? "—")] }))
        if !p.configText.isEmpty {
            let ch = try canvas.measure("Configuration", theme.tableTitle).height
            units.append(PDFUnit(height: ch + 3, ops: [.text("Configuration", theme.tableTitle, x: 0, y: 0, width: nil, alignment: .left, colour: theme.ink)],
                                 keepWithNext: true, spaceBefore: theme.blockSpace))
            for line in p.configText.split(separator: "\n", omittingEmptySubsequences: false) {
                let text = DisplayText.display(String(line), limit: .max)
                units += try paragraph(text.isEmpty ? " " : text, theme.mono, colour: theme.ink, indent: 4, spaceBefore: 0, fill: PDFCanvas.Colour(hex: "#f7f7f7"))
            }
        }
        return units
    }
}
