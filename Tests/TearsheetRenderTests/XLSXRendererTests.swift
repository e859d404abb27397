import Foundation
import Testing
@testable import TearsheetRender
import TearsheetCore
import TearsheetReport

@Suite struct XLSXRendererTests {
    /// Writes the realistic document and returns the archive and its member names; `nil` (with a
    /// recorded reason) when neither unzip nor python3 exists.
    func workbook(_ folder: URL) throws -> (URL, [String])? {
        let url = folder.appendingPathComponent("report.xlsx")
        try XLSXRenderer().write(SampleDocuments.realistic(), to: url.path, tmpdir: folder.path)
        guard let members = try TestSupport.zipMembers(url) else {
            withKnownIssue("neither /usr/bin/unzip nor python3 is available to read the XLSX") { Issue.record("skipped") }
            return nil
        }
        return (url, members)
    }

    @Test func sheetsChartsAndProperties() throws {
        let folder = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(folder) }
        guard let (url, members) = try workbook(folder) else { return }
        let wb = try #require(try TestSupport.unzipMember(url, "xl/workbook.xml"))
        for name in ["Summary", "Metrics", "Trailing and calendar returns", "Drawdowns", "Strategy attribution", "Daily series", "Chart data", "Provenance"] {
            #expect(wb.contains("name=\"\(name)\""), "sheet \(name) missing")
        }
        // equity, rolling beta, underwater, contributions, regimes: 5 native charts (the heatmap is a colour scale).
        #expect(members.filter { $0.hasPrefix("xl/charts/chart") }.count == 5)
        let core = try #require(try TestSupport.unzipMember(url, "docProps/core.xml"))
        #expect(core.contains("<dc:title>Example Book</dc:title>"))
        #expect(core.contains("<dc:creator>Tearsheet tests</dc:creator>"))
        #expect(core.contains("2023-11-14T22:13:20Z"))
        let app = try #require(try TestSupport.unzipMember(url, "docProps/app.xml"))
        #expect(app.contains("<Company>Example Capital</Company>"))
        let charts = try (1...5).map { try TestSupport.unzipMember(url, "xl/charts/chart\($0).xml") ?? "" }.joined()
        #expect(charts.contains("<c:lineChart>") && charts.contains("<c:areaChart>") && charts.contains("<c:barChart>"))
        #expect(charts.contains("<c:logBase val=\"10\"/>"))
    }

    @Test func cellsFormatsPanesAndConditionalFormats() throws {
        let folder = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(folder) }
        guard let (url, _) = try workbook(folder) else { return }
        let styles = try #require(try TestSupport.unzipMember(url, "xl/styles.xml"))
        #expect(styles.contains("formatCode=\"0.00%\""))
        #expect(styles.contains("formatCode=\"#,##0.00\""))
        #expect(styles.contains("formatCode=\"yyyy-mm-dd\""))
        let wb = try #require(try TestSupport.unzipMember(url, "xl/workbook.xml"))
        // Sheet order: Summary (with the summary section), 6 more sections, Daily series (the
        // daily section's only table), Chart data, Provenance.
        #expect(TestSupport.count("<sheet ", in: wb) == 10)
        #expect(!wb.contains("(2)"))
        let returns = try #require(try TestSupport.unzipMember(url, "xl/worksheets/sheet3.xml"))
        #expect(returns.contains("<conditionalFormatting"))
        #expect(returns.contains("<colorScale>"))
        // The twelve months share one scale; the year total is not coloured.
        #expect(returns.contains("<conditionalFormatting sqref=\"B5:M7\">"))
        #expect(returns.contains("<pane ") && returns.contains("state=\"frozen\""))
        #expect(returns.contains("<autoFilter"))
        let daily = try #require(try TestSupport.unzipMember(url, "xl/worksheets/sheet8.xml"))
        #expect(daily.contains("<pane ySplit=\"1\" topLeftCell=\"A2\""))
        // 2021-01-04 is Excel serial 44200; numbers are stored as numbers.
        let firstDate = daily.contains("<c r=\"A2\" s=\"3\"><v>44200</v></c>")
        let navIsNumber = daily.contains("<c r=\"B2\" s=\"7\"><v>9891792.761447497</v></c>")
        #expect(firstDate && navIsNumber)
        // The script-like strategy name is a string cell, never a formula.
        let noFormula = !daily.contains("<f>")
        let escaped = daily.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        #expect(noFormula && escaped)
    }

    /// A table longer than a sheet can hold keeps its last rows (the total among them) under a line
    /// that says how many are left out and where every row is; nothing fails (issue 20: a book with
    /// over a million trades in its period).
    @Test func aTableLongerThanASheetKeepsItsLastRowsAndSaysWhereTheRestIs() throws {
        let folder = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(folder) }
        var doc = SampleDocuments.realistic(years: 1)
        let rows: [[Cell]] = (1...30).map { [.integer($0), .text("trade-\($0)")] }
        doc.sections.append(ReportSection(id: "long", title: "Long", blocks: [
            .table(ReportTable(id: "long-table", title: "Many rows", columns: [ReportColumn("N", .integer), ReportColumn("Name", .text)], rows: rows))]))
        var renderer = XLSXRenderer()
        renderer.maxTableRows = 10
        let url = folder.appendingPathComponent("report.xlsx")
        try renderer.write(doc, to: url.path, tmpdir: folder.path)
        guard let members = try TestSupport.zipMembers(url) else {
            withKnownIssue("neither /usr/bin/unzip nor python3 is available to read the XLSX") { Issue.record("skipped") }
            return
        }
        var sheet = ""
        for m in members where m.hasPrefix("xl/worksheets/sheet") {
            let xml = try #require(try TestSupport.unzipMember(url, m))
            if xml.contains("Many rows") { sheet = xml }
        }
        #expect(sheet.contains("The first 20 of the 30 rows of this table are not in this workbook"))
        #expect(sheet.contains("csv/long-table.csv"))
        #expect(sheet.contains("trade-21") && sheet.contains("trade-30"))
        #expect(!sheet.contains("trade-20<") && !sheet.contains(">trade-1<"))
    }

    @Test func formulaLikeTextStaysText() throws {
        let folder = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(folder) }
        let url = folder.appendingPathComponent("small.xlsx")
        try XLSXRenderer().write(SampleDocuments.small(), to: url.path, tmpdir: folder.path)
        // Summary (with the summary section), Details, Chart data, Provenance.
        guard let details = try TestSupport.unzipMember(url, "xl/worksheets/sheet2.xml") else { return }
        #expect(details.contains("=SUM(A1:A9)"))
        #expect(!details.contains("<f>"))
    }

    @Test func columnRuns() {
        #expect(XLSXRenderer.runs([5, 1, 2, 3]) == [1...3, 5...5])
        #expect(XLSXRenderer.runs([]).isEmpty)
    }

    @Test func sheetNamesAreValidAndUnique() {
        var n = SheetNamer()
        #expect(n.name(for: "Returns: 1Y/3Y [annualised]?") == "Returns- 1Y-3Y -annualised--")
        let long = String(repeating: "x", count: 40)
        #expect(n.name(for: long).count == 31)
        #expect(n.name(for: long) == String(repeating: "x", count: 27) + " (2)")
        #expect(n.name(for: "'quoted'") == "quoted")
        #expect(n.name(for: "History") == "History (sheet)")
        #expect(n.name(for: "") == "Sheet")
        #expect(n.name(for: "SHEET") == "SHEET (2)")
    }

    /// The deflate flags (bits 1 and 2 of the general-purpose flag) of every local file header:
    /// minizip records level 1 as 6, level 2 as 4, levels 8 and 9 as 2, the others as 0.
    static func deflateFlags(_ data: Data) -> [UInt16] {
        let b = [UInt8](data)
        var flags: [UInt16] = []
        var i = 0
        while i + 30 <= b.count {
            if b[i] == 0x50, b[i + 1] == 0x4B, b[i + 2] == 3, b[i + 3] == 4, b[i + 8] == 8, b[i + 9] == 0 {
                flags.append((UInt16(b[i + 6]) | UInt16(b[i + 7]) << 8) & 6)
                i += 30
            } else {
                i += 1
            }
        }
        return flags
    }

    /// The workbook is zipped as libxlsxwriter ships it: every part deflated by minizip at zlib's
    /// default level (general-purpose flags 0), none at a level chosen by this project.
    @Test func everyPartIsDeflatedAtLibxlsxwritersOwnLevel() throws {
        let folder = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(folder) }
        let url = folder.appendingPathComponent("report.xlsx")
        try XLSXRenderer().write(SampleDocuments.realistic(), to: url.path, tmpdir: folder.path)
        let flags = Self.deflateFlags(try Data(contentsOf: url))
        #expect(flags.count > 20, "\(flags.count) deflated parts")
        #expect(flags.allSatisfy { $0 == 0 }, "\(flags)")
    }

    /// Two writes of one document give the same bytes, whichever folder holds libxlsxwriter's
    /// temporary files, and no temporary file is left behind in it.
    @Test func rerunsAreByteIdenticalAndLeaveNoTemporaryFiles() throws {
        let folder = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(folder) }
        let scratch = folder.appendingPathComponent("scratch")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: false)
        let doc = SampleDocuments.realistic()
        let first = folder.appendingPathComponent("first.xlsx"), second = folder.appendingPathComponent("second.xlsx")
        try XLSXRenderer().write(doc, to: first.path, tmpdir: folder.path)
        try XLSXRenderer().write(doc, to: second.path, tmpdir: scratch.path)
        let bytes = try Data(contentsOf: first)
        #expect(bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]), "a zip archive")
        #expect(try Data(contentsOf: second) == bytes)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["first.xlsx", "scratch", "second.xlsx"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).isEmpty)
    }

    /// A report set's workbook is written with its temporary files in the report's own folder, and
    /// only `report.xlsx` (and the manifest) remain there.
    @Test func aReportSetsWorkbookLeavesOnlyItsOwnFiles() throws {
        let folder = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(folder) }
        let out = folder.appendingPathComponent("report")
        try ReportWriter.write(SampleDocuments.small(), formats: [.xlsx], to: out, templates: nil, force: false)
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(files == ["manifest.json", "report.xlsx"], "\(files)")
        #expect(try Data(contentsOf: out.appendingPathComponent("report.xlsx")).starts(with: [0x50, 0x4B, 0x03, 0x04]))
    }

    @Test func unwritablePathIsATypedErrorNamingTheOperation() throws {
        let folder = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(folder) }
        let path = folder.appendingPathComponent("missing/dir/report.xlsx").path
        let error = #expect(throws: RenderError.self) { try XLSXRenderer().write(SampleDocuments.small(), to: path) }
        guard case .xlsx(let operation, let code, let message)? = error else {
            Issue.record("expected an xlsx error, got \(String(describing: error))")
            return
        }
        do {
            #expect(operation.hasPrefix("workbook_close("))
            #expect(operation.contains(path))
            #expect(code == 2)
            #expect(!message.isEmpty)
        }
    }

    /// Charts over dates share one Date column in `Chart data` when their days are runs of one
    /// calendar (the daily charts of a report), each chart's rows placed at its days; categories and
    /// interleaving days keep blocks of their own.
    @Test func chartsOverOneCalendarShareTheDateColumn() throws {
        let start = Day(iso: "2024-01-01")!
        let days = (0..<10).map { start.adding(days: $0) }
        func chart(_ id: String, _ x: ChartAxis) -> ReportChart {
            ReportChart(id: id, title: id, kind: .line, x: x, series: [ChartSeries(name: "P", values: Array(repeating: 1, count: x.count))], unit: .ratio)
        }
        let full = chart("equity", .dates(days)), late = chart("rolling", .dates(Array(days[4...])))
        let bars = chart("regimes", .categories(["up", "down"]))
        let shared = try #require(XLSXRenderer.sharedCalendar([full, bars, late]))
        #expect(shared.days == days)
        #expect(shared.offsets == [0, nil, 4])
        // Days that interleave (every other day) are no run of the union: no shared column.
        let odd = chart("odd", .dates(stride(from: 1, to: 10, by: 2).map { days[$0] }))
        #expect(XLSXRenderer.sharedCalendar([full, odd]) == nil)
        // One chart over dates has nothing to share.
        #expect(XLSXRenderer.sharedCalendar([full, bars]) == nil)
    }

    /// In the workbook, the daily charts read their categories from `Chart data`'s column A and
    /// their values from rows that hold numbers (the realistic document's equity, rolling beta and
    /// underwater charts).
    @Test func dailyChartsReferenceTheSharedDateColumn() throws {
        let folder = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(folder) }
        guard let (url, members) = try workbook(folder) else { return }
        let charts = try members.filter { $0.hasPrefix("xl/charts/chart") }.map { try TestSupport.unzipMember(url, $0) ?? "" }
        let categoryRefs = charts.flatMap { xml in
            xml.components(separatedBy: "<c:cat>").dropFirst().compactMap { part -> String? in
                guard let a = part.range(of: "<c:f>"), let b = part.range(of: "</c:f>") else { return nil }
                return String(part[a.upperBound..<b.lowerBound])
            }
        }
        let dated = categoryRefs.filter { $0.hasPrefix("'Chart data'!$A$3:") }
        #expect(dated.count >= 3, "\(categoryRefs)")
        // Every legend names its series from the second header row, which holds just the name.
        let nameRefs = charts.flatMap { $0.components(separatedBy: "<c:tx><c:strRef><c:f>").dropFirst().map { String($0.prefix { $0 != "<" }) } }
        #expect(nameRefs.count >= 2 && nameRefs.allSatisfy { $0.hasPrefix("'Chart data'!$") && $0.hasSuffix("$2") }, "\(nameRefs)")
        // The underwater series is the daily table's Drawdown column: the chart reads it there, named
        // by its own text, and Chart data holds no copy.
        let valueRefs = charts.flatMap { $0.components(separatedBy: "<c:val><c:numRef><c:f>").dropFirst().map { String($0.prefix { $0 != "<" }) } }
        #expect(valueRefs.contains { $0.hasPrefix("'Daily series'!$F$2:$F$") }, "\(valueRefs)")
        #expect(charts.contains { $0.contains("<c:v>Drawdown</c:v>") })
        #expect(!valueRefs.contains { $0.hasPrefix("'Daily series'!") && !$0.hasPrefix("'Daily series'!$F$") })
        let sheet = try #require(try TestSupport.unzipMember(url, "xl/worksheets/sheet9.xml"))
        #expect(!sheet.contains("<t>Drawdown</t>"))
        #expect(sheet.contains("<t>Date</t>"))
        #expect(sheet.contains("<pane ySplit=\"2\""))
    }

    /// `[report] xlsx_daily = false`: the daily table's sheet is gone, its section keeps a sheet
    /// whose note names the CSV that holds the series, every other worksheet is byte-identical, and
    /// the charts that read the daily sheet read a copy in `Chart data` instead.
    @Test func theDailySheetIsAnOptionAndEveryOtherSheetStaysTheSame() throws {
        let folder = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(folder) }
        let document = SampleDocuments.realistic()
        let on = folder.appendingPathComponent("on.xlsx"), off = folder.appendingPathComponent("off.xlsx")
        try XLSXRenderer().write(document, to: on.path, tmpdir: folder.path)
        try XLSXRenderer(dailySheets: false).write(document, to: off.path, tmpdir: folder.path)
        guard let onMembers = try TestSupport.zipMembers(on), let offMembers = try TestSupport.zipMembers(off) else {
            withKnownIssue("neither /usr/bin/unzip nor python3 is available to read the XLSX") { Issue.record("skipped") }
            return
        }
        func sheetNames(_ url: URL) throws -> [String] {
            let wb = try #require(try TestSupport.unzipMember(url, "xl/workbook.xml"))
            return wb.components(separatedBy: "<sheet name=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        }
        let names = try sheetNames(on)
        #expect(names.count == 10 && names[7] == "Daily series" && names[8] == "Chart data", "\(names)")
        #expect(try sheetNames(off) == names)
        for i in 1...10 where i != 8 && i != 9 {
            let a = try TestSupport.unzipMember(on, "xl/worksheets/sheet\(i).xml"), b = try TestSupport.unzipMember(off, "xl/worksheets/sheet\(i).xml")
            #expect(a != nil && a == b, "sheet \(i) (\(names[i - 1])) differs")
        }
        let daily = try #require(try TestSupport.unzipMember(on, "xl/worksheets/sheet8.xml"))
        let note = try #require(try TestSupport.unzipMember(off, "xl/worksheets/sheet8.xml"))
        let rows = document.sections.last?.tables.first?.rows.count ?? 0
        #expect(rows > 100)
        #expect(daily.contains("<v>44200</v>") && !note.contains("<v>44200</v>"))
        #expect(note.contains("Daily series: \(rows) rows, not in this workbook (xlsx_daily = false); "
                              + "the CSV format writes the full series to csv/daily-series.csv"), "\(note)")
        // The charts read no value from the note sheet; Chart data holds the drawdown series itself.
        func charts(_ url: URL, _ members: [String]) throws -> String {
            try members.filter { $0.hasPrefix("xl/charts/chart") }.map { try TestSupport.unzipMember(url, $0) ?? "" }.joined()
        }
        #expect(offMembers.filter { $0.hasPrefix("xl/charts/chart") }.count == onMembers.filter { $0.hasPrefix("xl/charts/chart") }.count)
        #expect(try charts(on, onMembers).contains("'Daily series'!"))
        #expect(!(try charts(off, offMembers).contains("'Daily series'!")))
        let chartData = try #require(try TestSupport.unzipMember(off, "xl/worksheets/sheet9.xml"))
        #expect(chartData.contains("<t>Drawdown</t>"))
        let onBytes = try #require(try FileManager.default.attributesOfItem(atPath: on.path)[.size] as? Int)
        let offBytes = try #require(try FileManager.default.attributesOfItem(atPath: off.path)[.size] as? Int)
        #expect(offBytes < onBytes)
    }

    /// Without the daily sheet, the CSV written beside the workbook still carries every day.
    @Test func theCSVKeepsTheDailySeriesWhenTheWorkbookLeavesItOut() throws {
        let folder = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(folder) }
        let document = SampleDocuments.realistic()
        try ReportWriter.render(document, formats: [.csv, .xlsx], into: folder, templates: nil, xlsxDaily: false)
        let table = try #require(document.sections.last?.tables.first)
        let csv = try String(contentsOf: folder.appendingPathComponent("csv/daily-series.csv"), encoding: .utf8)
        #expect(csv == CSVRenderer().render(table))
        #expect(TestSupport.count("\r\n", in: csv) == table.rows.count + 1)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("report.xlsx").path))
    }

    /// The line under the daily preview (Markdown, HTML, PDF) names the XLSX only when it holds the series.
    @Test func thePreviewLineNamesOnlyTheFormatsThatCarryTheSeries() throws {
        let document = SampleDocuments.realistic()
        let templates = try TemplateSet.standard(overrides: nil)
        var text: [Bool: String] = [:]
        for daily in [true, false] {
            let folder = try TestSupport.tempFolder()
            defer { TestSupport.cleanup(folder) }
            // HTML: its escaping leaves this text as it is (Markdown escapes the underscore).
            try ReportWriter.render(document, formats: [.html], into: folder, templates: templates, xlsxDaily: daily)
            text[daily] = try String(contentsOf: folder.appendingPathComponent("report.html"), encoding: .utf8)
        }
        let rows = try #require(document.sections.last?.tables.first?.rows.count)
        #expect(text[true]?.contains("Last 10 of \(rows) rows shown; the CSV (csv/daily-series.csv) and XLSX formats carry the full series.") == true)
        #expect(text[false]?.contains("Last 10 of \(rows) rows shown; the CSV format (csv/daily-series.csv) carries the full series "
                                      + "(the XLSX leaves it out: xlsx_daily = false).") == true)
        #expect(text[false]?.contains("and XLSX formats carry the full series") == false)
    }

    /// A chart series is matched to a daily table's column only when every value is the same
    /// double (missing values against empty cells), from the chart's first day on.
    @Test func aSeriesIsReferredToOnlyWhenItRepeatsAColumnExactly() {
        let start = Day(iso: "2024-01-01")!
        let table = ReportTable(id: "daily", title: "Daily", columns: [ReportColumn("Date", .date), ReportColumn("NAV", .currency),
                                                                       ReportColumn("Drawdown", .percent)],
                                rows: (0..<4).map { [.date(start.adding(days: $0)), .currency(100 + Double($0)), $0 == 1 ? .empty(reason: nil) : .percent(0 - 0.01 * Double($0))] },
                                style: .dailySeries)
        #expect(XLSXRenderer.dates(of: table) == (0..<4).map { start.adding(days: $0) })
        #expect(XLSXRenderer.column(of: table, repeating: [0, nil, -0.02, -0.03], from: 0) == 2)
        #expect(XLSXRenderer.column(of: table, repeating: [-0.02, -0.03], from: 2) == 2)
        #expect(XLSXRenderer.column(of: table, repeating: [101, 102], from: 1) == 1)
        #expect(XLSXRenderer.column(of: table, repeating: [0, 0, -0.02, -0.03], from: 0) == nil)
        #expect(XLSXRenderer.column(of: table, repeating: [-0.02, -0.0300001], from: 2) == nil)
        #expect(XLSXRenderer.column(of: table, repeating: [-0.03, -0.04], from: 3) == nil)
    }
}

