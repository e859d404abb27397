import TearsheetCore
import TearsheetReport

/// Lays out one report table as PDF units: its title, the header row, one unit per body row, the
/// preview line and footnote. Cell text comes from `CellFormatter` (the same strings as every
/// other format) through `DisplayText`.
///
/// Column widths (HTML's automatic table layout): each column has a natural width (its widest
/// cell on one line) and a minimum (numbers and dates never wrap; text may wrap at its longest
/// word, at most `wordCap`). A table whose natural widths fit the portrait content width keeps
/// them; otherwise the space above the minimums is shared in proportion to what each column would
/// like, and text wraps. A table whose minimums do not fit portrait goes on landscape pages; one
/// that does not fit landscape either is set in a smaller font (down to `minimumFontSize`), and
/// past that its text columns wrap at any character.
struct PDFTableLayout {
    let canvas: PDFCanvas
    let theme: PDFTheme
    let paper: PaperSize
    /// `[report] xlsx_daily`, for the preview line (`TemplateContext.previewLine`).
    var xlsxDaily = true
    let formatter = CellFormatter()
    /// Rows of a daily-series table shown, as in HTML and Markdown (the CSV and XLSX carry all).
    static let dailySeriesPreviewRows = 10
    static let padding = 3.0
    static let wordCap = 110.0
    static let minimumFontSize = 5.5

    private struct Prepared {
        var header: [String]
        var numeric: [Bool]
        var rows: [[String]]
        var colours: [[PDFCanvas.Colour?]]
        var backgrounds: [[PDFCanvas.Colour?]]
        var preview: String?
    }

    private func prepare(_ t: ReportTable) -> Prepared {
        var rows = t.rows
        var preview: String?
        if let shown = t.style == .dailySeries ? Self.dailySeriesPreviewRows : t.readingRows, rows.count > shown {
            preview = TemplateContext.previewLine(t, shown: shown, xlsxDaily: xlsxDaily)
            rows = Array(rows.suffix(shown))
        }
        let numeric = t.columns.map { $0.kind != .text && $0.kind != .date }
        let coloured = t.colouredColumns
        var maxAbs = 0.0
        for r in t.rows { for (i, c) in r.enumerated() where coloured.contains(i) { if let v = c.number { maxAbs = max(maxAbs, abs(v)) } } }
        var texts: [[String]] = [], colours: [[PDFCanvas.Colour?]] = [], backgrounds: [[PDFCanvas.Colour?]] = []
        for r in rows {
            var tr: [String] = [], cr: [PDFCanvas.Colour?] = [], br: [PDFCanvas.Colour?] = []
            for (i, c) in r.enumerated() {
                tr.append(DisplayText.display(formatter.string(c)))
                if coloured.contains(i), let v = c.number {
                    br.append(PDFCanvas.Colour(hex: SVGChart.heatColour(v, maxAbs: maxAbs)))
                    cr.append(maxAbs > 0 && abs(v) / maxAbs > 0.6 ? theme.white : theme.ink)
                } else {
                    br.append(nil)
                    cr.append(c.tone > 0 ? theme.positive : c.tone < 0 ? theme.negative : nil)
                }
            }
            texts.append(tr); colours.append(cr); backgrounds.append(br)
        }
        return Prepared(header: t.columns.map { DisplayText.display($0.header) }, numeric: numeric, rows: texts,
                        colours: colours, backgrounds: backgrounds, preview: preview)
    }

    /// The units of `table`, with `spaceBefore` above its title.
    func units(_ table: ReportTable) throws(RenderError) -> [PDFUnit] {
        try units(table, mayGroupColumns: true)
    }

    /// - Parameter mayGroupColumns: false for a group of columns itself, so a group that still
    ///   does not fit (one very wide column) is scaled and wrapped, never cut again.
    private func units(_ table: ReportTable, mayGroupColumns: Bool) throws(RenderError) -> [PDFUnit] {
        let p = prepare(table)
        let n = table.columns.count
        guard n > 0 else { return [] }
        var size = theme.tableFontSize
        var font = PDFCanvas.Font(size: size), bold = PDFCanvas.Font(size: size, bold: true)
        // Natural and minimum widths at the table font size, measured once.
        var natural = [Double](repeating: 0, count: n), minimum = [Double](repeating: 0, count: n)
        var cellWidth: [[Double]] = []
        let headerWidths = try p.header.map { h throws(RenderError) in try canvas.measure(h, bold).width }
        for i in 0..<n {
            natural[i] = headerWidths[i]
            minimum[i] = try longestWordWidth(p.header[i], bold)
        }
        for r in p.rows {
            var widths: [Double] = []
            for (i, text) in r.enumerated() where i < n {
                let w = try canvas.measure(text, font).width
                widths.append(w)
                natural[i] = max(natural[i], w)
                minimum[i] = max(minimum[i], p.numeric[i] || table.columns[i].kind == .date ? w : min(Self.wordCap, try longestWordWidth(text, font)))
            }
            cellWidth.append(widths)
        }
        let pad = 2 * Self.padding
        let portrait = PDFGeometry.contentWidth(paper, landscape: false)
        let wide = PDFGeometry.contentWidth(paper, landscape: true)
        let minTotal = minimum.reduce(0, +) + pad * Double(n)
        let landscape = minTotal > portrait
        var available = landscape ? wide : portrait
        var scale = 1.0
        // Padding does not shrink with the font: the text must fit in what the padding leaves.
        let padTotal = (pad + 0.5) * Double(n), minText = minimum.reduce(0, +)
        // Text set smaller is not exactly proportionally narrower (sizes round, kerning): 3% slack.
        let slack = 1.03
        let fitScale = (available - padTotal) / max(minText * slack, 1) * 0.995
        if mayGroupColumns, fitScale < Self.minimumFontSize / size, n > 2 {
            return try columnGroups(table, minimum: minimum.map { $0 * Self.minimumFontSize / size * slack + pad + 0.5 }, available: available)
        }
        if minTotal > available {
            scale = min(1, fitScale)
            size *= scale
            font = PDFCanvas.Font(size: size); bold = PDFCanvas.Font(size: size, bold: true)
            natural = natural.map { $0 * scale * slack }; minimum = minimum.map { $0 * scale * slack }
            cellWidth = cellWidth.map { $0.map { $0 * scale * slack } }
            available = landscape ? wide : portrait
        }
        let widths = Self.fit(natural: natural.map { $0 + pad + 0.5 }, minimum: minimum.map { $0 + pad + 0.5 }, available: available)
        let tableWidth = widths.reduce(0, +)

        var units: [PDFUnit] = []
        let title = DisplayText.display(table.title)
        let titleHeight = try canvas.measure(title, theme.tableTitle, width: available).height
        units.append(PDFUnit(height: titleHeight + 3, ops: [.text(title, theme.tableTitle, x: 0, y: 0, width: available, alignment: .left, colour: theme.ink)],
                             keepWithNext: true, landscape: landscape, spaceBefore: theme.blockSpace))
        let header = try row(p.header, widths: widths, font: bold, numeric: p.numeric, natural: headerWidths.map { $0 * (scale < 1 ? scale * slack : 1) },
                             colours: nil, backgrounds: nil, isHeader: true, tableWidth: tableWidth)
        var headerUnit = PDFUnit(height: header.height, ops: header.ops, keepWithNext: true, landscape: landscape)
        units.append(headerUnit)
        if p.rows.isEmpty {
            // A table without rows says so, rather than leaving a bare header.
            let f = PDFCanvas.Font(size: theme.smallFontSize, italic: true)
            let h = try canvas.measure("None.", f).height
            units.append(PDFUnit(height: h + 4, ops: [.text("None.", f, x: Self.padding, y: 2, width: nil, alignment: .left, colour: theme.muted)],
                                 landscape: landscape))
        }
        let continued = title + " (continued)"
        let repeatTitle = PDFUnit(height: titleHeight + 3, ops: [.text(continued, theme.tableTitle, x: 0, y: 0, width: available, alignment: .left, colour: theme.muted)],
                                  keepWithNext: true, landscape: landscape)
        headerUnit.keepWithNext = true
        for (ri, r) in p.rows.enumerated() {
            let body = try row(r, widths: widths, font: font, numeric: p.numeric, natural: cellWidth[ri], colours: p.colours[ri],
                               backgrounds: p.backgrounds[ri], isHeader: false, tableWidth: tableWidth)
            // The first rows stay with the header (at most three, fewer in a short table), and
            // the last row is never alone on a page when the table has more than three rows.
            let keep = ri < min(2, p.rows.count - 1) || (p.rows.count > 3 && ri == p.rows.count - 2)
            units.append(PDFUnit(height: body.height, ops: body.ops, keepWithNext: keep, landscape: landscape,
                                 repeatOnNewPage: [repeatTitle, headerUnit]))
        }
        for (text, italic) in [(p.preview, true), (table.footnote.map { DisplayText.display($0, limit: .max) }, true)] {
            guard let text else { continue }
            let f = PDFCanvas.Font(size: theme.smallFontSize, italic: italic)
            let h = try canvas.measure(text, f, width: available).height
            units.append(PDFUnit(height: h + 1, ops: [.text(text, f, x: 0, y: 0, width: available, alignment: .left, colour: theme.muted)],
                                 landscape: landscape, spaceBefore: 2))
        }
        return units
    }

    /// A table too wide for a landscape page even in the smallest font, cut into groups of columns
    /// that fit, each repeating the first column (the row's name) and titled with its columns.
    private func columnGroups(_ table: ReportTable, minimum: [Double], available: Double) throws(RenderError) -> [PDFUnit] {
        var groups: [[Int]] = []
        var current: [Int] = [], used = minimum[0]
        for i in 1..<minimum.count {
            if !current.isEmpty && used + minimum[i] > available {
                groups.append(current)
                current = []
                used = minimum[0]
            }
            current.append(i)
            used += minimum[i]
        }
        if !current.isEmpty { groups.append(current) }
        var units: [PDFUnit] = []
        for g in groups {
            let keep = [0] + g
            var part = table
            part.title = "\(table.title) (columns \(g[0] + 1) to \(g[g.count - 1] + 1) of \(table.columns.count))"
            part.columns = keep.map { table.columns[$0] }
            part.rows = table.rows.map { r in keep.map { $0 < r.count ? r[$0] : .empty() } }
            part.heatmapColumns = Set(keep.indices.filter { table.colouredColumns.contains(keep[$0]) })
            part.footnote = g == groups.last ? table.footnote : nil
            units += try self.units(part, mayGroupColumns: false)
        }
        return units
    }

    /// Widths that fill at most `available`: natural widths when they fit, else minimums plus a
    /// share of the space left in proportion to what each column lacks, else the minimums scaled.
    static func fit(natural: [Double], minimum: [Double], available: Double) -> [Double] {
        let nat = natural.reduce(0, +), mn = minimum.reduce(0, +)
        if nat <= available { return natural }
        if mn >= available { return minimum.map { $0 * available / max(mn, 1) } }
        let want = zip(natural, minimum).map { max(0, $0 - $1) }
        let total = want.reduce(0, +)
        let k = total > 0 ? (available - mn) / total : 0
        return zip(minimum, want).map { $0 + $1 * k }
    }

    private func longestWordWidth(_ text: String, _ font: PDFCanvas.Font) throws(RenderError) -> Double {
        var longest = Substring(""), count = 0
        for w in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) where w.count > count { longest = w; count = w.count }
        return count == 0 ? 0 : try canvas.measure(String(longest), font).width
    }

    private func row(_ cells: [String], widths: [Double], font: PDFCanvas.Font, numeric: [Bool], natural: [Double],
                     colours: [PDFCanvas.Colour?]?, backgrounds: [PDFCanvas.Colour?]?, isHeader: Bool,
                     tableWidth: Double) throws(RenderError) -> (height: Double, ops: [PDFOp]) {
        let pad = Self.padding
        let lineHeight = try canvas.measure("0", font).height
        var heights: [Double] = []
        for (i, text) in cells.enumerated() where i < widths.count {
            let inner = widths[i] - 2 * pad
            heights.append(i < natural.count && natural[i] <= inner ? lineHeight : try canvas.measure(text, font, width: inner).height)
        }
        let height = (heights.max() ?? lineHeight) + 2 * pad - 1
        var ops: [PDFOp] = []
        if isHeader { ops.append(.fill(x: 0, y: 0, width: tableWidth, height: height, colour: theme.headerFill)) }
        var x = 0.0
        for (i, text) in cells.enumerated() where i < widths.count {
            if let bg = backgrounds?[i] { ops.append(.fill(x: x, y: 0, width: widths[i], height: height, colour: bg)) }
            let inner = widths[i] - 2 * pad
            let colour = colours?[i] ?? theme.ink
            ops.append(.text(text, font, x: x + pad, y: pad - 0.5, width: inner, alignment: numeric[i] ? .right : .left, colour: colour))
            x += widths[i]
        }
        ops.append(.line(x1: 0, y1: height, x2: tableWidth, y2: height, width: isHeader ? 0.9 : 0.35, colour: isHeader ? theme.ink : theme.rule))
        return (height, ops)
    }
}
