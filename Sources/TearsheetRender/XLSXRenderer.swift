import TearsheetReport
import TearsheetCore

/// Renders `report.xlsx` through `XLSXWorkbook` (libxlsxwriter): a Summary sheet, one sheet per
/// section (its tables stacked, its charts beside them as native charts), one sheet per daily-series
/// table (unless `dailySheets` is off), a `Chart data` sheet holding the charts' series, and a
/// Provenance sheet.
///
/// Numbers are stored as numbers with native formats (`0.00%`, `#,##0.00`, `0.00`, `#,##0`, dates as
/// Excel serial dates shown `yyyy-mm-dd`); header rows are bold and frozen; the first table of each
/// sheet has an autofilter; heatmap tables get a 3-colour scale. The workbook is written in
/// constant-memory mode (each sheet is written top to bottom), so 100,000 daily rows need little
/// memory, and its creation date is the document's generation time, so reruns are byte-identical.
public struct XLSXRenderer: Sendable {
    /// libxlsxwriter writes the workbook as Debian ships it: its own XML, its own zip (minizip at
    /// zlib's default level), its own temporary files; nothing of it is replaced or tuned here.
    /// - Parameter dailySheets: whether daily-series tables get their sheets (`[report] xlsx_daily`).
    ///   They hold most of a multi-year workbook's numeric cells, hence most of its write time and
    ///   size. Without them, each such table's section keeps a sheet of its own whose note says
    ///   where the full series is (`csv/<table id>.csv`), every other sheet is written as it would
    ///   be, and the charts that read a series from a daily sheet read a copy in `Chart data`.
    public init(dailySheets: Bool = true) {
        self.dailySheets = dailySheets
    }

    /// Whether daily-series tables are written as sheets of their own.
    public var dailySheets: Bool

    /// Rows of a worksheet (Excel's and the file format's limit).
    static let sheetRows = 1_048_576
    /// Most rows of one table in a section's sheet: a longer table (the transactions of a book with
    /// over a million trades) keeps its last rows (the most recent, and the total) under a line
    /// that says how many are left out and that `csv/<table id>.csv` has them all. Room is left in
    /// the sheet for the section's other tables. Tests lower it.
    var maxTableRows = 1_000_000

    /// A planned cell: rows are planned first so column widths are known before anything is written.
    enum XCell {
        case number(Double, XLSXWorkbook.Style)
        case string(String, XLSXWorkbook.Style)
        /// Text that should not widen its column (titles, notes).
        case label(String, XLSXWorkbook.Style)
        case empty
    }

    struct SheetPlan {
        var name: String
        var rows: [[XCell]] = []
        var freezeRow: Int?
        var autofilter: (Int, Int, Int, Int)?
        var colourScales: [(Int, Int, Int, Int)] = []
        var charts: [(chart: ReportChart, row: Int)] = []
        var chartColumn = 0
        var widthCap = 60.0
        /// A large table written straight from the model after `rows`, without a planned copy.
        var stream: ReportTable?
        /// The branding's PNG logo, placed at the top of the chart column (the Summary sheet).
        var logo: [UInt8]?
    }

    /// Writes the workbook to `path`; `tmpdir` receives libxlsxwriter's temporary files (one per
    /// sheet in constant-memory mode, and one per part of the package while it is zipped; each is
    /// unlinked as soon as it is opened), else the system's temporary folder.
    public func write(_ document: ReportDocument, to path: String, tmpdir: String? = nil) throws(RenderError) {
        var names = SheetNamer()
        var plans: [SheetPlan] = []
        // The section with id "summary" shares the Summary sheet, under the document's header;
        // without one, the Summary sheet holds the header and the contents.
        let summarySection = document.sections.first { $0.id == "summary" }
        if summarySection == nil { plans.append(summaryPlan(document, &names)) }
        // Daily-series tables and their sheets: a chart series that repeats one of their columns
        // refers to it instead of a copy in `Chart data`.
        var dailyTables: [(sheet: String, table: ReportTable)] = []
        for section in document.sections {
            let isSummary = section.id == "summary"
            // A section of daily tables only has no sheet of its own when they have theirs.
            let onlyDaily = dailySheets && !section.blocks.isEmpty && section.blocks.allSatisfy {
                if case .table(let t) = $0 { return t.style == .dailySeries } else { return false }
            }
            var plan: SheetPlan
            if isSummary {
                plan = summaryPlan(document, &names)
                plan.rows.append([])
            } else {
                plan = SheetPlan(name: onlyDaily ? "" : names.name(for: section.title))
            }
            plan.rows.append([.label(section.title, .title)])
            if let intro = section.intro { plan.rows.append([.label(intro, .plain)]) }
            var dailyPlans: [SheetPlan] = []
            var maxCols = 2
            for block in section.blocks {
                switch block {
                case .note(let n):
                    plan.rows.append([.label((n.isWarning ? "Warning: " : "") + n.text, .plain)])
                case .chart(let c):
                    if c.kind != .heatmap { plan.charts.append((c, 0)) }
                case .table(let t):
                    if t.style == .dailySeries && !dailySheets {
                        plan.rows.append([.label("\(t.title): \(t.rows.count) rows, not in this workbook (xlsx_daily = false); "
                                                 + "the CSV format writes the full series to csv/\(t.id).csv", .plain)])
                        continue
                    }
                    if t.style == .dailySeries {
                        var dp = SheetPlan(name: names.name(for: t.title))
                        dp.rows.append(t.columns.map { .string($0.header, .header) })
                        dp.stream = t
                        dp.freezeRow = 1
                        dp.autofilter = (0, 0, max(0, t.rows.count), max(0, t.columns.count - 1))
                        dailyPlans.append(dp)
                        dailyTables.append((dp.name, t))
                        plan.rows.append([.label("\(t.title): \(t.rows.count) rows on sheet '\(dp.name)'", .plain)])
                        continue
                    }
                    maxCols = max(maxCols, t.columns.count)
                    plan.rows.append([])
                    plan.rows.append([.label(t.title, .subtitle)])
                    let room = min(maxTableRows, max(1, Self.sheetRows - plan.rows.count - 50_000))
                    let shown = t.rows.suffix(room)
                    if shown.count < t.rows.count {
                        plan.rows.append([.label("The first \(t.rows.count - shown.count) of the \(t.rows.count) rows of this table are not in "
                                                 + "this workbook (a sheet holds at most \(Self.sheetRows) rows); these are the last "
                                                 + "\(shown.count). The CSV format writes every row to csv/\(t.id).csv.", .plain)])
                    }
                    let headerRow = plan.rows.count
                    plan.rows.append(t.columns.map { .string($0.header, .header) })
                    plan.rows.append(contentsOf: shown.map { $0.map(xcell) })
                    if plan.freezeRow == nil && !isSummary {
                        plan.freezeRow = headerRow + 1
                    }
                    if plan.autofilter == nil {
                        plan.autofilter = (headerRow, 0, headerRow + shown.count, max(0, t.columns.count - 1))
                    }
                    if !shown.isEmpty {
                        // One 3-colour scale per contiguous run of coloured columns.
                        for run in Self.runs(t.colouredColumns) {
                            plan.colourScales.append((headerRow + 1, run.lowerBound, headerRow + shown.count, run.upperBound))
                        }
                    }
                    if let f = t.footnote { plan.rows.append([.label(f, .plain)]) }
                }
            }
            plan.chartColumn = maxCols + 1
            // Under a logo the charts start three rows lower.
            let firstChartRow = plan.logo == nil ? 1 : 4
            for i in plan.charts.indices { plan.charts[i].row = firstChartRow + i * 22 }
            if !onlyDaily { plans.append(plan) }
            plans.append(contentsOf: dailyPlans)
        }
        let chartData = chartDataPlan(document, &names, dailyTables: dailyTables)
        if let chartData { plans.append(chartData.plan) }
        plans.append(provenancePlan(document.provenance, &names))

        let wb = try XLSXWorkbook(path: path, constantMemory: true, tmpdir: tmpdir)
        try wb.setProperties(title: document.title, subject: document.subtitle ?? "Performance report",
                             author: document.author, company: document.branding.firm ?? document.company,
                             created: document.generatedAt.secondsSinceEpoch)
        var sheetIndex: [String: Int] = [:]
        for plan in plans {
            let s = try wb.addSheet(plan.name)
            sheetIndex[plan.name] = s
            try write(plan, sheet: s, workbook: wb, chartData: chartData)
        }
        try wb.close()
    }

    private func xcell(_ c: Cell) -> XCell {
        switch c {
        case .percent(let v, _): return .number(v, .percent)
        case .currency(let v, _): return .number(v, .currency)
        case .ratio(let v, _): return .number(v, .ratio)
        case .decimal(let v, _): return .number(v, .decimal)
        case .integer(let v, _): return .number(Double(v), .integer)
        case .days(let v, _): return .number(v, .days)
        case .date(let d): return .number(Self.excelSerial(d), .date)
        case .text(let t): return .string(t, .plain)
        case .empty: return .empty
        }
    }

    /// Contiguous runs of column indices: {1,2,3,5} -> [1...3, 5...5].
    static func runs(_ columns: Set<Int>) -> [ClosedRange<Int>] {
        var out: [ClosedRange<Int>] = []
        for c in columns.sorted() {
            if let last = out.last, last.upperBound + 1 == c { out[out.count - 1] = last.lowerBound...c } else { out.append(c...c) }
        }
        return out
    }

    /// Excel's serial date (1900 date system): 1970-01-01 is 25569.
    static func excelSerial(_ d: Day) -> Double { Double(Int(d.serial) + 25_569) }

    /// Display width of a planned cell, in characters, for column widths.
    private func width(_ c: XCell) -> Double {
        let f = CellFormatter()
        switch c {
        case .number(let v, let style):
            switch style {
            case .percent: return Double(f.string(.percent(v)).count)
            case .currency: return Double(f.string(.currency(v)).count)
            case .date: return 10
            case .integer: return Double(f.string(.integer(Int(v))).count)
            case .decimal: return Double(f.string(.decimal(v)).count)
            case .days: return Double(f.string(.days(v)).count)
            default: return Double(f.string(.ratio(v)).count)
            }
        case .string(let s, let style): return Double(s.count) * (style == .header ? 1.1 : 1)
        case .label, .empty: return 0
        }
    }

    private func write(_ plan: SheetPlan, sheet s: Int, workbook wb: XLSXWorkbook, chartData: (plan: SheetPlan, refs: [String: [XLSXWorkbook.ChartSeriesRef]])?) throws(RenderError) {
        // Column widths. A number's text only widens with its magnitude (fixed decimals per style,
        // thousands separators), so per column and style only the largest and the most negative
        // number are formatted; text is measured as it comes.
        var widths: [Double] = []
        var extremes: [[(style: XLSXWorkbook.Style, hi: Double?, lo: Double?)]] = []
        func note(_ i: Int, _ c: XCell) {
            while widths.count <= i { widths.append(8); extremes.append([]) }
            switch c {
            case .number(let v, let style):
                let k = extremes[i].firstIndex { $0.style == style } ?? {
                    extremes[i].append((style, nil, nil))
                    return extremes[i].count - 1
                }()
                if v >= 0 {
                    if extremes[i][k].hi.map({ v > $0 }) ?? true { extremes[i][k].hi = v }
                } else if extremes[i][k].lo.map({ v < $0 }) ?? true {
                    extremes[i][k].lo = v
                }
            case .string:
                widths[i] = max(widths[i], min(plan.widthCap, width(c) + 2))
            case .label, .empty:
                break
            }
        }
        for row in plan.rows { for (i, c) in row.enumerated() { note(i, c) } }
        if let t = plan.stream {
            for row in t.rows { for (i, c) in row.enumerated() { note(i, xcell(c)) } }
        }
        for (i, styles) in extremes.enumerated() {
            for e in styles {
                for v in [e.hi, e.lo].compactMap({ $0 }) {
                    widths[i] = max(widths[i], min(plan.widthCap, width(.number(v, e.style)) + 2))
                }
            }
        }
        for (i, w) in widths.enumerated() { try wb.setColumn(s, i, width: w) }
        if let f = plan.freezeRow { wb.freezePanes(s, row: f, col: 0) }
        if let a = plan.autofilter { try wb.autofilter(s, firstRow: a.0, firstCol: a.1, lastRow: a.2, lastCol: a.3) }
        for cs in plan.colourScales { try wb.colourScale(s, firstRow: cs.0, firstCol: cs.1, lastRow: cs.2, lastCol: cs.3) }
        if let logo = plan.logo { try wb.insertPNG(s, row: 0, col: max(plan.chartColumn, 3), bytes: logo, height: 48) }
        wb.printLandscape(s)
        for (chart, row) in plan.charts {
            guard let refs = chartData?.refs[chart.id], !refs.isEmpty else { continue }
            let type: XLSXWorkbook.ChartType = chart.kind == .area ? .area : chart.kind == .bar ? .column : .line
            let format: String
            switch chart.unit {
            case .percent: format = "0%"
            case .currency: format = "#,##0"
            case .ratio: format = "0.00"
            case .count: format = "0"
            }
            var dateFormat: String? = nil
            var interval = 1
            if case .dates(let days) = chart.x, let first = days.first, let last = days.last {
                dateFormat = first.days(to: last) > 900 ? "yyyy" : "yyyy-mm"
                interval = max(1, days.count / 8)
            }
            try wb.insertChart(type, title: chart.title, valueFormat: format, dateFormat: dateFormat, labelInterval: interval,
                               logScale: chart.logScale && type == .line, series: refs, on: s, row: row, col: plan.chartColumn)
        }
        // Constant-memory mode: ranges (panes, filters, formats) are declared before the rows, and
        // rows are written strictly top to bottom.
        func put(_ cell: XCell, _ r: Int, _ c: Int) throws(RenderError) {
            switch cell {
            case .number(let v, let style): try wb.writeNumber(s, r, c, v, style)
            case .string(let t, let style), .label(let t, let style): try wb.writeString(s, r, c, t, style)
            case .empty: break
            }
        }
        for (r, row) in plan.rows.enumerated() {
            for (c, cell) in row.enumerated() { try put(cell, r, c) }
        }
        if let t = plan.stream {
            let first = plan.rows.count
            for (i, row) in t.rows.enumerated() {
                for (c, cell) in row.enumerated() { try put(xcell(cell), first + i, c) }
            }
        }
    }

    private func summaryPlan(_ d: ReportDocument, _ names: inout SheetNamer) -> SheetPlan {
        var p = SheetPlan(name: names.name(for: "Summary"))
        p.rows.append([.label(d.title, .title)])
        if let s = d.subtitle { p.rows.append([.label(s, .plain)]) }
        p.rows.append([])
        let headerRow = p.rows.count
        p.rows.append([.string("Item", .header), .string("Value", .header)])
        p.rows.append([.string("Period start", .plain), .number(Self.excelSerial(d.period.start), .date)])
        p.rows.append([.string("Period end", .plain), .number(Self.excelSerial(d.period.end), .date)])
        p.rows.append([.string("Generated (UTC)", .plain), .string(d.generatedAt.iso8601, .plain)])
        p.rows.append([.string("Tool version", .plain), .string("Tearsheet \(d.provenance.toolVersion)", .plain)])
        if !d.author.isEmpty { p.rows.append([.string("Author", .plain), .string(d.author, .plain)]) }
        if !d.company.isEmpty { p.rows.append([.string("Company", .plain), .string(d.company, .plain)]) }
        if let firm = d.branding.firm, !firm.isEmpty, firm != d.company { p.rows.append([.string("Firm", .plain), .string(firm, .plain)]) }
        if let contact = d.branding.contact, !contact.isEmpty { p.rows.append([.string("Contact", .plain), .string(contact, .plain)]) }
        // libxlsxwriter embeds PNG (and JPEG, BMP) pictures, not SVG: an SVG logo is left to HTML and PDF.
        if let logo = d.branding.logo, logo.format == .png { p.logo = logo.bytes }
        p.freezeRow = headerRow + 1
        p.rows.append([])
        p.rows.append([.string("Section", .header), .string("Tables", .header), .string("Charts", .header)])
        for s in d.sections {
            p.rows.append([.string(s.title, .plain), .number(Double(s.tables.count), .integer), .number(Double(s.charts.count), .integer)])
        }
        return p
    }

    /// The `Chart data` sheet. Charts over dates share one `Date` column (the union of their days,
    /// in order) when each chart's days are a contiguous run of that union, which the report's
    /// daily charts always are: each chart then takes only its value columns, its rows placed at
    /// its days. Other charts (categories, or dates that interleave) get a block of their own: the
    /// x column, then one column per series. Two header rows: the chart's id over each of its
    /// columns, then the series name (the cell each chart's legend refers to). The series stay at
    /// full precision.
    private func chartDataPlan(_ d: ReportDocument, _ names: inout SheetNamer,
                               dailyTables: [(sheet: String, table: ReportTable)]) -> (plan: SheetPlan, refs: [String: [XLSXWorkbook.ChartSeriesRef]])? {
        let charts = d.allCharts.filter { $0.kind != .heatmap && $0.x.count > 0 && !$0.series.isEmpty }
        guard !charts.isEmpty else { return nil }
        var p = SheetPlan(name: names.name(for: "Chart data"))
        let shared = Self.sharedCalendar(charts)
        // A daily table over exactly the shared days (its rows 1... are the shared rows 2...).
        let aligned = shared.flatMap { cal in dailyTables.first { Self.dates(of: $0.table) == cal.days } }
        var refs: [String: [XLSXWorkbook.ChartSeriesRef]] = [:]
        // Per chart: its x column (nil when it uses the shared Date column) and first data row
        // (0-based offset into the rows after the header).
        var layout: [(x: Int?, offset: Int)] = []
        var col = shared == nil ? 0 : 1
        // Per chart and series: the column in `Chart data`, or nil when the series is a column of
        // the aligned daily table (referred to there, not copied).
        var own: [[Int?]] = []
        for (k, c) in charts.enumerated() {
            let offset = shared?.offsets[k]
            let xColumn: Int? = offset == nil ? col : nil
            if offset == nil { col += 1 }
            layout.append((xColumn, offset ?? 0))
            var r: [XLSXWorkbook.ChartSeriesRef] = []
            var columns: [Int?] = []
            for (i, s) in c.series.enumerated() {
                let hex = SVGChart.colour(s, index: i).dropFirst()
                var ref = XLSXWorkbook.ChartSeriesRef(name: s.name, sheet: p.name, firstRow: 2 + (offset ?? 0), lastRow: 1 + (offset ?? 0) + c.x.count,
                                                      categoryColumn: xColumn ?? 0, valueColumn: col, nameRow: 1, colour: UInt32(hex, radix: 16) ?? 0)
                if let offset, let aligned, let j = Self.column(of: aligned.table, repeating: s.values, from: offset) {
                    ref.valueSheet = aligned.sheet
                    ref.valueFirstRow = 1 + offset
                    ref.valueColumn = j
                    ref.nameRow = nil
                    columns.append(nil)
                } else {
                    columns.append(col)
                    col += 1
                }
                r.append(ref)
            }
            own.append(columns)
            // The portfolio's series last, so Excel draws it on top as the SVG does.
            refs[c.id] = SVGChart.drawingOrder(c.series).map { r[$0] }
        }
        var chartRow: [XCell] = Array(repeating: .empty, count: col)
        var nameRow: [XCell] = Array(repeating: .empty, count: col)
        if shared != nil { chartRow[0] = .string("Date", .header) }
        for (k, c) in charts.enumerated() {
            if let x = layout[k].x {
                chartRow[x] = .string(c.id, .header)
                if case .dates = c.x { nameRow[x] = .string("Date", .header) } else { nameRow[x] = .string("Category", .header) }
            }
            for (i, s) in c.series.enumerated() {
                guard let j = own[k][i] else { continue }
                chartRow[j] = .string(c.id, .header)
                nameRow[j] = .string(s.name, .header)
            }
        }
        p.rows.append(chartRow)
        p.rows.append(nameRow)
        let rowCount = max(shared?.days.count ?? 0, charts.indices.map { layout[$0].offset + charts[$0].x.count }.max() ?? 0)
        p.rows.reserveCapacity(rowCount + 2)
        let style: [XLSXWorkbook.Style] = charts.map { $0.unit == .percent ? .percent : $0.unit == .currency ? .currency : .ratio }
        for r in 0..<rowCount {
            var row: [XCell] = Array(repeating: .empty, count: col)
            if let shared, r < shared.days.count { row[0] = .number(Self.excelSerial(shared.days[r]), .date) }
            for (k, c) in charts.enumerated() {
                let i = r - layout[k].offset
                guard i >= 0, i < c.x.count else { continue }
                if let x = layout[k].x {
                    switch c.x {
                    case .dates(let days): row[x] = .number(Self.excelSerial(days[i]), .date)
                    case .categories(let cats): row[x] = .string(cats[i], .plain)
                    }
                }
                for (j, s) in c.series.enumerated() {
                    if let column = own[k][j], let v = s.values[i], v.isFinite { row[column] = .number(v, style[k]) }
                }
            }
            p.rows.append(row)
        }
        p.freezeRow = 2
        return (p, refs)
    }

    /// The days shared by the charts over dates, and each such chart's row offset into them; nil
    /// when fewer than two charts are over dates or any chart's days are not a contiguous run of
    /// the union of all their days.
    static func sharedCalendar(_ charts: [ReportChart]) -> (days: [Day], offsets: [Int?])? {
        var all: [Day] = []
        var dated = 0
        for c in charts { if case .dates(let days) = c.x { all.append(contentsOf: days); dated += 1 } }
        guard dated >= 2 else { return nil }
        all.sort()
        var days: [Day] = []
        days.reserveCapacity(all.count / dated + 1)
        for d in all where days.last != d { days.append(d) }
        var offsets: [Int?] = []
        for c in charts {
            guard case .dates(let own) = c.x else { offsets.append(nil); continue }
            guard let first = own.first, case let start = days.lowerBound(of: first), start + own.count <= days.count,
                  own.elementsEqual(days[start..<(start + own.count)]) else { return nil }
            offsets.append(start)
        }
        return (days, offsets)
    }

    /// The days of a daily table's first column, when every row has a date there.
    static func dates(of table: ReportTable) -> [Day]? {
        var days: [Day] = []
        days.reserveCapacity(table.rows.count)
        for row in table.rows {
            guard case .date(let d)? = row.first else { return nil }
            days.append(d)
        }
        return days
    }

    /// The first numeric column of `table` whose rows `offset...` hold exactly `values` (empty
    /// cells where a value is missing or not finite).
    static func column(of table: ReportTable, repeating values: [Double?], from offset: Int) -> Int? {
        guard offset + values.count <= table.rows.count else { return nil }
        for j in 1..<max(1, table.columns.count) where table.columns[j].kind != .text && table.columns[j].kind != .date {
            var same = true
            for (i, v) in values.enumerated() {
                let cell = table.rows[offset + i].count > j ? table.rows[offset + i][j].number : nil
                let value = v.flatMap { $0.isFinite ? $0 : nil }
                if cell?.bitPattern != value?.bitPattern { same = false; break }
            }
            if same { return j }
        }
        return nil
    }

    private func provenancePlan(_ pv: Provenance, _ names: inout SheetNamer) -> SheetPlan {
        var p = SheetPlan(name: names.name(for: "Provenance"))
        p.widthCap = 80
        p.rows.append([.string("Item", .header), .string("Value", .header), .string("SHA-256", .header)])
        p.freezeRow = 1
        p.rows.append([.string("Tool version", .plain), .string("Tearsheet \(pv.toolVersion)", .plain)])
        p.rows.append([.string("Period start", .plain), .number(Self.excelSerial(pv.period.start), .date)])
        p.rows.append([.string("Period end", .plain), .number(Self.excelSerial(pv.period.end), .date)])
        p.rows.append([.string("Generated (UTC)", .plain), .string(pv.generatedAt.iso8601, .plain)])
        p.rows.append([])
        p.rows.append([.string("Input file", .header), .string("Rows", .header), .string("SHA-256", .header), .string("Rows hashed", .header)])
        for i in pv.inputs {
            p.rows.append([.string(i.path, .plain), .number(Double(i.rows), .integer), .string(i.sha256, .plain), .string(i.coverage, .plain)])
        }
        p.rows.append([])
        p.rows.append([.string("Benchmark", .header), .string("Source", .header), .string("SHA-256", .header)])
        for b in pv.benchmarks { p.rows.append([.string(b.symbol, .plain), .string(b.source, .plain), .string(b.sha256 ?? "", .plain)]) }
        p.rows.append([])
        p.rows.append([.string("Configuration", .header)])
        for line in pv.configText.split(separator: "\n", omittingEmptySubsequences: false) {
            p.rows.append([.label(String(line), .plain)])
        }
        return p
    }
}

/// Valid, unique Excel sheet names: the characters `[ ] : * ? / \` become `-`, control and bidi
/// characters a space, leading and trailing apostrophes and spaces go, at most 31 UTF-16 units
/// (Excel's limit; an emoji counts 2, a combining mark 1, and no character is split), `History`
/// (reserved by Excel) gets a suffix, and duplicates (compared case-insensitively, as Excel does)
/// get ` (2)`, ` (3)` ...
struct SheetNamer {
    private var used = Set<String>()

    /// The longest prefix of `s` (whole characters) of at most `units` UTF-16 units.
    static func prefix(_ s: String, units: Int) -> String {
        var out = ""
        var n = 0
        for ch in s {
            n += ch.utf16.count
            if n > units { break }
            out.append(ch)
        }
        return out
    }

    static func clean(_ raw: String) -> String {
        var scalars = String.UnicodeScalarView()
        for u in raw.unicodeScalars {
            if "[]:*?/\\".unicodeScalars.contains(u) { scalars.append("-") }
            else if u.value < 0x20 || (0x7F...0x9F).contains(u.value) || DisplayText.isBidiControl(u.value) { scalars.append(" ") }
            else { scalars.append(u) }
        }
        var s = String(scalars)
        while s.hasPrefix("'") || s.hasPrefix(" ") { s.removeFirst() }
        while s.hasSuffix("'") || s.hasSuffix(" ") { s.removeLast() }
        if s.isEmpty { s = "Sheet" }
        if s.lowercased() == "history" { s += " (sheet)" }
        s = prefix(s, units: 31)
        while s.hasSuffix("'") || s.hasSuffix(" ") { s.removeLast() }
        return s.isEmpty ? "Sheet" : s
    }

    mutating func name(for raw: String) -> String {
        let base = Self.clean(raw)
        var candidate = base
        var n = 2
        while used.contains(candidate.lowercased()) {
            let suffix = " (\(n))"
            var b = Self.prefix(base, units: 31 - suffix.utf16.count)
            while b.hasSuffix("'") || b.hasSuffix(" ") { b.removeLast() }
            candidate = b + suffix
            n += 1
        }
        used.insert(candidate.lowercased())
        return candidate
    }
}
