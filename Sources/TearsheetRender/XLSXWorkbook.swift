import CXlsxWriter
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TearsheetCore
import TearsheetReport

/// The only door to libxlsxwriter: a `final class` that owns the C workbook, turns every `lxw_error`
/// into `RenderError.xlsx` naming the operation, and guarantees the workbook is released exactly
/// once: `close()` writes and frees it (libxlsxwriter frees even when closing fails); `deinit` frees
/// a workbook that was never closed (an error path), without writing anything.
///
/// Not `Sendable` on purpose: one workbook per task. Rows, columns are 0-based.
final class XLSXWorkbook {
    /// The cell formats the renderer uses, created once per workbook.
    enum Style: Int, CaseIterable {
        case plain, header, percent, currency, ratio, decimal, integer, date, title, subtitle, days
    }

    /// Native chart types used for report charts.
    enum ChartType {
        case line, area, column
    }

    /// A series of a native chart: data ranges on a sheet, a name and an RGB colour.
    struct ChartSeriesRef {
        var name: String
        /// The sheet of the categories (and of the values, unless `valueSheet` is given).
        var sheet: String
        var firstRow: Int
        var lastRow: Int
        var categoryColumn: Int
        var valueColumn: Int
        /// The row of the cell holding the series name (on `sheet`, in `valueColumn`); nil: the
        /// series is named by `name` itself (neutralised like a text cell).
        var nameRow: Int?
        /// The values' sheet and first row when they live on another sheet (a table column the
        /// series repeats); the same number of rows as the categories.
        var valueSheet: String? = nil
        var valueFirstRow: Int? = nil
        var colour: UInt32
    }

    private var workbook: UnsafeMutablePointer<lxw_workbook>?
    private var sheets: [UnsafeMutablePointer<lxw_worksheet>] = []
    private var sheetNames: [String] = []
    private var formats: [UnsafeMutablePointer<lxw_format>] = []
    let path: String

    /// Opens a workbook to be written at `path` when closed. `constantMemory` streams each sheet's
    /// rows to a temporary file (rows must then be written in order on each sheet); `tmpdir` is
    /// where those files go.
    init(path: String, constantMemory: Bool, tmpdir: String?) throws(RenderError) {
        self.path = path
        var options = lxw_workbook_options()
        options.constant_memory = constantMemory ? 1 : 0
        let tmp = tmpdir.map { strdup($0) } ?? nil
        defer { free(tmp) }
        options.tmpdir = tmp
        guard let wb = workbook_new_opt(path, &options) else {
            throw .xlsx(operation: "workbook_new_opt(\(path))", code: LXW_ERROR_MEMORY_MALLOC_FAILED.rawValue, message: "cannot create the workbook")
        }
        workbook = wb
        try makeFormats()
    }

    deinit {
        if let workbook { lxw_workbook_free(workbook) }
    }

    private func live(_ op: String) throws(RenderError) -> UnsafeMutablePointer<lxw_workbook> {
        guard let workbook else { throw .xlsx(operation: op, code: 0, message: "the workbook is already closed") }
        return workbook
    }

    private static func check(_ e: lxw_error, _ op: @autoclosure () -> String) throws(RenderError) {
        guard e != LXW_NO_ERROR else { return }
        throw .xlsx(operation: op(), code: e.rawValue, message: String(cString: lxw_strerror(e)))
    }

    private func makeFormats() throws(RenderError) {
        let wb = try live("workbook_add_format")
        for style in Style.allCases {
            guard let f = workbook_add_format(wb) else {
                throw .xlsx(operation: "workbook_add_format", code: LXW_ERROR_MEMORY_MALLOC_FAILED.rawValue, message: "out of memory")
            }
            switch style {
            case .plain: break
            case .header:
                format_set_bold(f)
                format_set_bottom(f, UInt8(LXW_BORDER_THIN.rawValue))
                format_set_bg_color(f, 0xEDEDED)
                format_set_text_wrap(f)
            case .percent: format_set_num_format(f, "0.00%")
            case .currency: format_set_num_format(f, "#,##0.00")
            case .ratio: format_set_num_format(f, "0.00")
            case .decimal: format_set_num_format(f, "0.0000")
            case .integer: format_set_num_format(f, "#,##0")
            case .days: format_set_num_format(f, "#,##0 \"days\"")
            case .date: format_set_num_format(f, "yyyy-mm-dd")
            case .title: format_set_bold(f); format_set_font_size(f, 14)
            case .subtitle: format_set_bold(f); format_set_font_size(f, 11)
            }
            formats.append(f)
        }
    }

    /// Title, subject, author, company and a fixed creation time (seconds since the epoch), so two
    /// runs write identical bytes.
    func setProperties(title: String, subject: String, author: String, company: String, created: Int64) throws(RenderError) {
        let wb = try live("workbook_set_properties")
        // docProps/core.xml is written without libxlsxwriter's `_xHHHH_` escaping: control
        // characters (invalid XML) become U+FFFD, bidi controls go.
        let fields: [String] = [title, subject, author, company].map { DisplayText.display($0, limit: 255) }
        let c = fields.map { strdup($0) }
        defer { c.forEach { free($0) } }
        var p = lxw_doc_properties()
        p.title = c[0]; p.subject = c[1]; p.author = c[2]; p.company = c[3]
        // libxlsxwriter reads 0 as "use the current time", which would break reproducibility:
        // the epoch itself is stamped one second later.
        p.created = time_t(max(1, created))
        try Self.check(workbook_set_properties(wb, &p), "workbook_set_properties")
    }

    /// Adds a sheet; the name must already be valid (see `XLSXRenderer.sheetName`), else a typed error.
    @discardableResult
    func addSheet(_ name: String) throws(RenderError) -> Int {
        let wb = try live("workbook_add_worksheet")
        try Self.check(workbook_validate_sheet_name(wb, name), "sheet name '\(name)'")
        guard let ws = workbook_add_worksheet(wb, name) else {
            throw .xlsx(operation: "workbook_add_worksheet('\(name)')", code: LXW_ERROR_MEMORY_MALLOC_FAILED.rawValue, message: "cannot add the sheet")
        }
        sheets.append(ws)
        sheetNames.append(name)
        return sheets.count - 1
    }

    func sheetName(_ sheet: Int) -> String { sheetNames[sheet] }

    func writeNumber(_ sheet: Int, _ row: Int, _ col: Int, _ value: Double, _ style: Style) throws(RenderError) {
        guard value.isFinite else { return }
        try Self.check(worksheet_write_number(sheets[sheet], lxw_row_t(row), lxw_col_t(col), value, formats[style.rawValue]),
                       "write number at \(sheetNames[sheet])!R\(row + 1)C\(col + 1)")
    }

    /// Writes text as a string cell, never a formula. Text a spreadsheet would run as a formula once
    /// edited (leading `=`, `+`, `-`, `@`, tab or CR) gets the same `'` prefix as in CSV
    /// (`CSVRenderer.neutralised`; libxlsxwriter 1.1 has no quote-prefix format). Text beyond
    /// Excel's 32,767-character cell limit is cut at 32,000 UTF-16 units (never inside a
    /// character) with an ellipsis.
    func writeString(_ sheet: Int, _ row: Int, _ col: Int, _ text: String, _ style: Style = .plain) throws(RenderError) {
        let t = Self.cellText(text)
        try Self.check(worksheet_write_string(sheets[sheet], lxw_row_t(row), lxw_col_t(col), t, formats[style.rawValue]),
                       "write string at \(sheetNames[sheet])!R\(row + 1)C\(col + 1)")
    }

    /// The text written into a string cell: neutralised and bounded (see `writeString`).
    static func cellText(_ text: String) -> String {
        var t = CSVRenderer.neutralised(text)
        if t.utf16.count > 32_000 {
            var cut = ""
            var units = 0
            for ch in t {
                units += ch.utf16.count
                if units > 32_000 { break }
                cut.append(ch)
            }
            t = cut + "…"
        }
        return t
    }

    func setColumn(_ sheet: Int, _ col: Int, width: Double) throws(RenderError) {
        try Self.check(worksheet_set_column(sheets[sheet], lxw_col_t(col), lxw_col_t(col), width, nil),
                       "set column width on \(sheetNames[sheet])")
    }

    func freezePanes(_ sheet: Int, row: Int, col: Int) {
        worksheet_freeze_panes(sheets[sheet], lxw_row_t(row), lxw_col_t(col))
    }

    func autofilter(_ sheet: Int, firstRow: Int, firstCol: Int, lastRow: Int, lastCol: Int) throws(RenderError) {
        try Self.check(worksheet_autofilter(sheets[sheet], lxw_row_t(firstRow), lxw_col_t(firstCol), lxw_row_t(lastRow), lxw_col_t(lastCol)),
                       "autofilter on \(sheetNames[sheet])")
    }

    /// A 3-colour scale: vermillion at the minimum, white at the 50th percentile, blue at the maximum
    /// (the report's colour-blind-safe diverging pair).
    func colourScale(_ sheet: Int, firstRow: Int, firstCol: Int, lastRow: Int, lastCol: Int) throws(RenderError) {
        var cf = lxw_conditional_format()
        cf.type = UInt8(LXW_CONDITIONAL_3_COLOR_SCALE.rawValue)
        cf.min_color = 0xF4B183
        cf.mid_color = 0xFFFFFF
        cf.max_color = 0x7FB2DA
        try Self.check(worksheet_conditional_format_range(sheets[sheet], lxw_row_t(firstRow), lxw_col_t(firstCol), lxw_row_t(lastRow), lxw_col_t(lastCol), &cf),
                       "conditional format on \(sheetNames[sheet])")
    }

    /// Inserts a PNG picture at (`row`, `col`) scaled to `height` pixels (its aspect kept); the
    /// bytes are copied by libxlsxwriter. A picture it cannot read is a typed error.
    func insertPNG(_ sheet: Int, row: Int, col: Int, bytes: [UInt8], height: Double) throws(RenderError) {
        var pixelHeight = 0.0
        if bytes.count >= 24 { pixelHeight = Double(bytes[20..<24].reduce(0) { $0 << 8 | Int($1) }) }
        var options = lxw_image_options()
        let scale = pixelHeight > 0 ? height / pixelHeight : 1
        options.x_scale = scale
        options.y_scale = scale
        options.decorative = 1
        let status = bytes.withUnsafeBufferPointer { buf in
            worksheet_insert_image_buffer_opt(sheets[sheet], lxw_row_t(row), lxw_col_t(col), buf.baseAddress, buf.count, &options)
        }
        try Self.check(status, "worksheet_insert_image_buffer_opt (logo on \(sheetNames[sheet]))")
    }

    /// Print setup: landscape, one page wide.
    func printLandscape(_ sheet: Int) {
        worksheet_set_landscape(sheets[sheet])
        worksheet_fit_to_pages(sheets[sheet], 1, 0)
    }

    /// Adds a native chart with `series` and inserts it on `sheet` at (`row`, `col`).
    /// `dateFormat`, when given, formats the (date) category labels, shown every `labelInterval`
    /// categories.
    func insertChart(_ type: ChartType, title: String, valueFormat: String, dateFormat: String?, labelInterval: Int,
                     logScale: Bool, series: [ChartSeriesRef], on sheet: Int, row: Int, col: Int) throws(RenderError) {
        let wb = try live("workbook_add_chart")
        let kind: lxw_chart_type
        switch type {
        case .line: kind = LXW_CHART_LINE
        case .area: kind = LXW_CHART_AREA
        case .column: kind = LXW_CHART_COLUMN
        }
        guard let chart = workbook_add_chart(wb, UInt8(kind.rawValue)) else {
            throw .xlsx(operation: "workbook_add_chart('\(title)')", code: LXW_ERROR_MEMORY_MALLOC_FAILED.rawValue, message: "cannot add the chart")
        }
        // libxlsxwriter reads a title or series name starting with `=` as a cell reference: the
        // title is neutralised like a text cell, and each series is named by a reference to its
        // header cell (row `nameRow`, which holds the name as text), never by the raw name.
        chart_title_set_name(chart, Self.cellText(title))
        for s in series {
            guard let cs = chart_add_series(chart, nil, nil) else {
                throw .xlsx(operation: "chart_add_series('\(s.name)')", code: LXW_ERROR_MEMORY_MALLOC_FAILED.rawValue, message: "cannot add the series")
            }
            chart_series_set_categories(cs, s.sheet, lxw_row_t(s.firstRow), lxw_col_t(s.categoryColumn), lxw_row_t(s.lastRow), lxw_col_t(s.categoryColumn))
            let valueFirst = s.valueFirstRow ?? s.firstRow
            chart_series_set_values(cs, s.valueSheet ?? s.sheet, lxw_row_t(valueFirst), lxw_col_t(s.valueColumn),
                                    lxw_row_t(valueFirst + s.lastRow - s.firstRow), lxw_col_t(s.valueColumn))
            if let row = s.nameRow {
                chart_series_set_name_range(cs, s.sheet, lxw_row_t(row), lxw_col_t(s.valueColumn))
            } else {
                chart_series_set_name(cs, Self.cellText(s.name))
            }
            if type == .line {
                var line = lxw_chart_line()
                line.color = s.colour
                line.width = 1.5
                chart_series_set_line(cs, &line)
            } else {
                var fill = lxw_chart_fill()
                fill.color = s.colour
                if type == .area { fill.transparency = 50 }
                chart_series_set_fill(cs, &fill)
            }
        }
        chart_axis_set_num_format(chart.pointee.y_axis, valueFormat)
        if let dateFormat { chart_axis_set_num_format(chart.pointee.x_axis, dateFormat) }
        if labelInterval > 1 {
            let n = UInt16(min(labelInterval, Int(UInt16.max)))
            chart_axis_set_interval_unit(chart.pointee.x_axis, n)
            chart_axis_set_interval_tick(chart.pointee.x_axis, n)
        }
        chart_axis_set_label_position(chart.pointee.x_axis, UInt8(LXW_CHART_AXIS_LABEL_POSITION_LOW.rawValue))
        if logScale { chart_axis_set_log_base(chart.pointee.y_axis, 10) }
        chart_legend_set_position(chart, UInt8(LXW_CHART_LEGEND_BOTTOM.rawValue))
        var opt = lxw_chart_options()
        opt.x_scale = 1.5
        opt.y_scale = 1.2
        try Self.check(worksheet_insert_chart_opt(sheets[sheet], lxw_row_t(row), lxw_col_t(col), chart, &opt),
                       "insert chart '\(title)' on \(sheetNames[sheet])")
    }

    /// Writes the file and releases the workbook. I/O and zip errors surface only here. The zip
    /// entries are deflated as libxlsxwriter and its minizip do it (zlib's default level).
    func close() throws(RenderError) {
        guard let wb = workbook else { return }
        workbook = nil          // workbook_close frees even on failure: never free it again
        sheets.removeAll()
        formats.removeAll()
        try Self.check(workbook_close(wb), "workbook_close(\(path))")
    }
}
