import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
#if canImport(Glibc)
import Glibc
#endif
import Testing
import TearsheetCore
import TearsheetReport
@testable import TearsheetRender
import TearsheetPipeline

/// Hostile names and numbers through every output format (docs/reliability.md).
///
/// The book in Fixtures/hostile/book (written by scripts/make_hostile_fixture.py) names its
/// strategies, accounts, symbols and sector with HTML, Markdown syntax, CSV formula prefixes, a
/// 10,000-character name, right-to-left text with a U+202E override, emoji and combining marks,
/// and its labels with newlines and control characters (an error in an identifier). Each format
/// must stay well-formed and inert.
@Suite(.serialized) struct HostileInputTests {
    static let fixtures = TestSupport.testsFolder.appendingPathComponent("Fixtures/hostile")
    static let benchmarks = TestSupport.repoRoot.appendingPathComponent("benchmarks-data")
    static let longName = String(repeating: "L", count: 9_990) + "-long-name"

    static func hostileDocument() throws -> ReportDocument {
        let run = try BookRunner.run(BookRunRequest(configPath: fixtures.appendingPathComponent("book/tearsheet.toml").path,
                                                    benchmarksDir: benchmarks.path))
        return ReportBuilder(run: run, generatedAt: GenerationTime(secondsSinceEpoch: 1_700_000_000)).build()
    }

    /// Writes the hostile book in every format once per test run.
    static let written: Result<(folder: URL, files: [String: Data]), any Error> = Result {
        let root = try TestSupport.tempFolder()
        let out = root.appendingPathComponent("hostile")
        try ReportWriter.write(try hostileDocument(), formats: Set(ReportFormat.allCases), to: out,
                               templates: try TemplateSet.load(bundled: TestSupport.bundledTemplates), force: false)
        var files: [String: Data] = [:]
        for case let p as String in FileManager.default.enumerator(atPath: out.path)! {
            var dir: ObjCBool = false
            if FileManager.default.fileExists(atPath: out.appendingPathComponent(p).path, isDirectory: &dir), !dir.boolValue {
                files[p] = FileManager.default.contents(atPath: out.appendingPathComponent(p).path)
            }
        }
        return (out, files)
    }

    func text(_ name: String) throws -> String {
        let files = try Self.written.get().files
        return String(decoding: try #require(files[name], "\(name) missing"), as: UTF8.self)
    }

    // MARK: - Every format

    @Test func theHostileBookRunsAndNamesItsStrategies() throws {
        let doc = try Self.hostileDocument()
        #expect(doc.validate().isEmpty)
        let csv = CSVRenderer().files(for: doc).map(\.contents).joined()
        // The full 10,000-character name is kept in the machine-readable CSV.
        #expect(csv.contains(Self.longName))
    }

    @Test func htmlEscapesEveryNameAndShowsNoControls() throws {
        let html = try text("report.html")
        // Checked as booleans so a failure does not print the whole page.
        let script = html.contains("<script>alert"), bold = html.contains("<b>2</b>"), italic = html.contains("<i>")
        #expect(!script && !bold && !italic, "raw HTML from a name")
        let escaped = html.contains("ACC &lt;b&gt;2&lt;/b&gt;")
        #expect(escaped)
        let override = html.unicodeScalars.contains("\u{202E}")
        #expect(!override, "a bidi override reached the HTML")
        let controls = html.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" && $0 != "\r" || $0.value == 0x7F }
        #expect(!controls)
        // Arabic and Hebrew names are isolated; the long name is cut for display.
        let isolated = html.contains("\u{2068}אסטרטגיה\u{2069}")
        #expect(isolated)
        let whole = html.contains(Self.longName), cut = html.contains(String(repeating: "L", count: DisplayText.nameLimit - 1) + "…")
        #expect(!whole && cut)
        // The document title, from the config, is escaped in <title> too.
        let title = html.contains("<title>=Hostile &lt;script&gt;")
        #expect(title)
    }

    @Test func markdownTablesKeepTheirColumns() throws {
        let md = try text("report.md")
        // The config's text is quoted in an indented code block (four spaces), where Markdown shows
        // everything literally; everywhere else no raw tag may pass.
        let prose = md.split(separator: "\n").filter { !$0.hasPrefix("    ") }
        let tags = prose.filter { $0.contains("<script") || $0.contains("<b>") || $0.contains("<i>") }
        #expect(tags.isEmpty, "raw HTML in Markdown: \(tags.prefix(3))")
        let overrides = md.unicodeScalars.contains("\u{202E}")
        #expect(!overrides)
        // Each table's rows have as many unescaped cell separators as its header row.
        var expected: Int?
        for line in md.split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.hasPrefix("|") else { expected = nil; continue }
            let pipes = Self.unescapedPipes(line)
            if let e = expected { #expect(pipes == e, "ragged Markdown row: \(line.prefix(120))") } else { expected = pipes }
        }
        let escapedSyntax = md.contains("pipe\\|\\`tick\\`\\*bold\\*\\_u\\_\\[link\\](http://x)")
        let breaks = md.contains("multi<br>line<br>name")
        #expect(escapedSyntax && breaks)
    }

    @Test func svgChartsAreWellFormedXML() throws {
        let files = try Self.written.get().files
        let svgs = files.filter { $0.key.hasSuffix(".svg") }
        #expect(!svgs.isEmpty)
        for (name, data) in svgs {
            let parser = XMLParser(data: data)
            #expect(parser.parse(), "\(name) is not well-formed XML: \(String(describing: parser.parserError))")
        }
        // The HTML inlines the same charts; the names in legends are bounded.
        let html = try text("report.html")
        #expect(!html.contains(String(repeating: "L", count: DisplayText.chartLabelLimit + 1) + "<"))
    }

    @Test func csvIsRFC4180AndNeverAFormula() throws {
        let files = try Self.written.get().files
        var sawLong = false, sawNegativeNumber = false
        for (name, data) in files where name.hasPrefix("csv/") {
            let rows = try Self.parseCSV(String(decoding: data, as: UTF8.self), file: name)
            let width = rows.first?.count ?? 0
            for r in rows {
                #expect(r.count == width, "\(name): ragged row")
                for f in r {
                    if f == Self.longName { sawLong = true }
                    guard let c = f.unicodeScalars.first else { continue }
                    if "=+@\t\r".unicodeScalars.contains(c) { Issue.record("\(name): formula-like field \(f.prefix(30))") }
                    if c == "-" {
                        // Only a number may start with '-', and it must stay a number.
                        #expect(Double(f) != nil, "\(name): text field starting with '-': \(f.prefix(30))")
                        sawNegativeNumber = true
                    }
                }
            }
        }
        #expect(sawLong, "the full long name is in some CSV")
        #expect(sawNegativeNumber, "negative numbers are written as numbers")
        let strategies = try text("csv/sleeves.csv")
        #expect(strategies.contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\""))
        #expect(strategies.contains("'-2+3"))
        // A line break in a user label (control characters are an error in identifiers) is kept
        // whole in a quoted field.
        #expect(files.contains { $0.key.hasPrefix("csv/") && String(decoding: $0.value, as: UTF8.self).contains("\"multi\nline\r\nname\"") })
    }

    @Test func xlsxHasValidSheetsNoFormulasAndNeutralisedText() throws {
        let (folder, _) = try Self.written.get()
        guard let py = ["/usr/bin/python3", "/usr/local/bin/python3"].first(where: FileManager.default.isExecutableFile(atPath:)) else {
            Issue.record("python3 is needed to read the workbook"); return
        }
        let out = try TestSupport.run(py, [Self.fixtures.appendingPathComponent("check_xlsx.py").path, folder.appendingPathComponent("report.xlsx").path])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any], "checker output: \(out)")
        #expect((json["parseErrors"] as? [String]) == [])
        #expect((json["formulas"] as? Int) == 0)
        #expect((json["formulaText"] as? [String]) == [])
        let sheets = json["sheets"] as? [String] ?? []
        #expect(!sheets.isEmpty)
        #expect(Set(sheets.map { $0.lowercased() }).count == sheets.count)
        for s in sheets {
            #expect(s.utf16.count <= 31 && !s.contains { "[]:*?/\\".contains($0) }, "bad sheet name \(s)")
        }
        for ref in json["chartRefs"] as? [String] ?? [] {
            #expect(ref.range(of: #"^'?[^!]+'?!\$[A-Z]+\$[0-9]+(:\$[A-Z]+\$[0-9]+)?$"#, options: .regularExpression) != nil, "chart reference \(ref)")
        }
        // The long name is kept whole in its cell (under Excel's 32,767-character limit).
        #expect((json["longestText"] as? Int ?? 0) >= 10_000)
    }

    @Test func manifestIsValidJSON() throws {
        let files = try Self.written.get().files
        let data = try #require(files["manifest.json"])
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect((json["files"] as? [[String: Any]])?.count == files.count - 1)
    }

    // MARK: - Units

    @Test func displayTextRules() {
        #expect(DisplayText.display("plain ASCII") == "plain ASCII")
        #expect(DisplayText.display("abc\u{202E}gnp.exe\u{202C}") == "abcgnp.exe")
        #expect(DisplayText.display("a\u{1}b\u{7F}c\u{85}") == "a\u{FFFD}b\u{FFFD}c\u{FFFD}")
        #expect(DisplayText.display("صندوق") == "\u{2068}صندوق\u{2069}")
        #expect(DisplayText.display(String(repeating: "x", count: 500)) == String(repeating: "x", count: 199) + "…")
        // Cut by characters: an emoji family or a combining sequence is never split.
        let family = "👨‍👩‍👧"
        #expect(DisplayText.display(String(repeating: family, count: 300), limit: 10) == String(repeating: family, count: 9) + "…")
        #expect(DisplayText.display(String(repeating: "e\u{301}", count: 300), limit: 10).unicodeScalars.count == 19)
    }

    @Test func sheetNamesStayValidForAnyName() {
        var namer = SheetNamer()
        let raw = ["Summary", "summary", "a[b]c:d*e?f/g\\h", "'quoted'", String(repeating: "🚀", count: 40),
                   String(repeating: "e\u{301}", count: 40), "History", "abc\u{202E}def\n", "", "   ",
                   String(repeating: "x", count: 40), String(repeating: "x", count: 40)]
        var seen = Set<String>()
        for r in raw {
            let n = namer.name(for: r)
            #expect(n.utf16.count <= 31 && n.unicodeScalars.count <= 31, "\(n) too long")
            #expect(!n.contains { "[]:*?/\\".contains($0) } && !n.hasPrefix("'") && !n.hasSuffix("'") && !n.isEmpty)
            #expect(!n.unicodeScalars.contains { $0.value < 0x20 || $0 == "\u{202E}" })
            #expect(n.lowercased() != "history")
            #expect(seen.insert(n.lowercased()).inserted, "duplicate \(n)")
        }
        // A surrogate pair is never cut in half.
        #expect(SheetNamer.clean(String(repeating: "🚀", count: 40)) == String(repeating: "🚀", count: 15))
    }

    @Test func xlsxCellTextIsNeutralisedAndBounded() {
        #expect(XLSXWorkbook.cellText("=1+1") == "'=1+1")
        #expect(XLSXWorkbook.cellText("-2") == "'-2")
        #expect(XLSXWorkbook.cellText("Momentum") == "Momentum")
        let huge = XLSXWorkbook.cellText(String(repeating: "🚀", count: 20_000))
        #expect(huge.utf16.count <= 32_001 && huge.hasSuffix("…") && huge.dropLast().allSatisfy { $0 == "🚀" })
    }

    // MARK: - Numbers at the edge of Double

    @Test func extremeNumbersAreWrittenAsNumbersNeverAsInfOrNaN() throws {
        let period = ReportPeriod(start: Day(iso: "2024-01-02")!, end: Day(iso: "2024-01-03")!)
        let values: [Double] = [1e300, -1e300, 1e-300, -1e-300, 4.9e-324, -0.0, .greatestFiniteMagnitude, -5e-324]
        var rows: [[Cell]] = values.map { [.text("v"), .decimal($0), .currency($0), .percent($0)] }
        rows.append([.text("=not finite"), .decimal(.infinity), .currency(-.infinity), .percent(.nan)])
        let table = ReportTable(id: "edge", title: "Edge", columns: [ReportColumn("Name", .text), ReportColumn("Decimal", .decimal),
                                                                    ReportColumn("Currency", .currency), ReportColumn("Percent", .percent)], rows: rows)
        let doc = ReportDocument(title: "Edge", period: period, generatedAt: GenerationTime(secondsSinceEpoch: 1_700_000_000),
                                 provenance: SampleDocuments.provenance(period),
                                 sections: [ReportSection(id: "edge", title: "Edge", blocks: [.table(table)])])
        let csv = CSVRenderer().render(table)
        let fields = try Self.parseCSV(csv, file: "edge.csv").dropFirst()
        for (i, v) in values.enumerated() {
            let f = Array(fields)[i]
            #expect(Double(f[1]) == v && Double(f[2]) == v, "\(v) written as \(f[1])")
        }
        #expect(Array(fields).last?.dropFirst() == ["", "", ""], "non-finite values are empty cells")
        let lower = csv.lowercased()
        #expect(!lower.contains("inf") && !lower.contains("nan"))
        let set = try TemplateSet.load(bundled: TestSupport.bundledTemplates)
        for page in [try HTMLRenderer().render(doc, templates: set), try MarkdownRenderer().files(for: doc, templates: set)[0].contents] {
            let l = page.lowercased()
            #expect(!l.contains(">inf") && !l.contains(">nan") && !l.contains("| inf") && !l.contains("| nan") && !l.contains("∞"))
        }
        let root = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(root) }
        try XLSXRenderer().write(doc, to: root.appendingPathComponent("edge.xlsx").path)
    }

    /// A one-strategy book whose trade uses `price` and `quantity`, priced at `price` every day.
    static func extremeBook(price: String, quantity: String) throws -> URL {
        let dir = try TestSupport.tempFolder()
        let small = TestSupport.testsFolder.appendingPathComponent("Fixtures/small-book")
        let spy = try String(contentsOf: small.appendingPathComponent("prices.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().filter { $0.contains(",SPY,") }
        var prices = "date,symbol,close\n"
        for line in spy { prices += line.split(separator: ",")[0] + ",XTRM,\(price)\n" }
        try Data(prices.utf8).write(to: dir.appendingPathComponent("prices.csv"))
        try Data("""
            trade_id,timestamp,account,strategy,symbol,side,quantity,price,fees,currency
            T1,2024-01-03T15:30:00-05:00,A,edge,XTRM,BUY,\(quantity),\(price),0,USD
            T2,2024-02-07T15:30:00-05:00,A,edge,XTRM,SELL,\(quantity),\(price),0,USD

            """.utf8).write(to: dir.appendingPathComponent("trades.csv"))
        try Data("date,account,amount,type\n2024-01-02,A,1e6,DEPOSIT\n".utf8).write(to: dir.appendingPathComponent("cashflows.csv"))
        try Data("name = \"edge\"\n[inputs]\ntrades = \"trades.csv\"\ncashflows = \"cashflows.csv\"\nprices = \"prices.csv\"\n".utf8)
            .write(to: dir.appendingPathComponent("tearsheet.toml"))
        return dir
    }

    @Test(arguments: [("1e300", "1e10"), ("1.7976931348623157e308", "2"), ("1e-300", "1"), ("5e-324", "1e300"), ("4.9e-324", "1")])
    func extremePricesAndQuantitiesGiveAFindingOrFiniteNumbers(price: String, quantity: String) throws {
        let dir = try Self.extremeBook(price: price, quantity: quantity)
        defer { TestSupport.cleanup(dir) }
        let run: BookRun
        do {
            run = try BookRunner.run(BookRunRequest(configPath: dir.appendingPathComponent("tearsheet.toml").path, benchmarksDir: Self.benchmarks.path))
        } catch let e as TearsheetError {
            // Refused: the user's input (exit 1), with a finding located on the trade's row.
            guard case .invalidInput(let findings) = e else { Issue.record("expected located findings, got \(e)"); return }
            #expect(e.exitCode == 1)
            #expect(findings.contains { $0.code == "number-out-of-range" && $0.file.hasSuffix("trades.csv") && $0.line == 2 }, "\(findings)")
            #expect(!e.description.lowercased().contains("nan"))
            return
        }
        #expect(Double(price)! * Double(quantity)! < 1e36, "a product this large must have been refused")
        let doc = ReportBuilder(run: run, generatedAt: GenerationTime(secondsSinceEpoch: 1_700_000_000)).build()
        for t in doc.allTables {
            for r in t.rows { for c in r { if let v = c.number { #expect(v.isFinite, "\(t.id): \(v)") } } }
        }
        for f in CSVRenderer().files(for: doc) {
            for row in try Self.parseCSV(f.contents, file: f.path) {
                for field in row { #expect(!["inf", "-inf", "+inf", "nan", "infinity", "-infinity"].contains(field.lowercased()), "\(f.path): \(field)") }
            }
        }
    }

    // MARK: - Hostile templates

    /// A template folder holding `files` (relative path -> text) over the bundled set.
    static func templates(_ files: [String: String]) throws -> (TemplateSet, URL) {
        let dir = try TestSupport.tempFolder()
        for (path, text) in files {
            let url = dir.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return (try TemplateSet.load(bundled: TestSupport.bundledTemplates, overrides: dir), dir)
    }

    @Test(arguments: [
        (["html/report.mustache": "{{> report}}"], ["report", "report"]),
        (["html/report.mustache": "a{{> table}}", "html/table.mustache": "{{#rows}}{{> cell}}{{/rows}}", "html/cell.mustache": "{{> table}}"],
         ["cell", "table", "cell"]),
        // An indented partial inside a section and an inverted section is still an edge of the graph.
        (["html/report.mustache": "{{#sections}}\n  {{> section}}\n{{/sections}}", "html/section.mustache": "{{^blocks}}{{>report}}{{/blocks}}"],
         ["report", "section", "report"]),
    ])
    func recursiveTemplatesAreRefusedAtLoad(files: [String: String], chain: [String]) throws {
        let (set, dir) = try Self.templates(files)
        defer { TestSupport.cleanup(dir) }
        #expect {
            _ = try HTMLRenderer().render(SampleDocuments.small(), templates: set)
        } throws: { error in
            guard case RenderError.templateRecursion(let file, let c) = error else { return false }
            return c == chain && file.hasPrefix(dir.path) && error.localizedDescription.isEmpty == false
        }
    }

    /// A misspelt partial is an error at its tag, never an empty render (issue 18).
    @Test func aMissingPartialIsAnErrorAtItsTag() throws {
        let (set, dir) = try Self.templates(["markdown/section.mustache": "## {{title}}\n{{#blocks}}\n  {{> tabel}}\n{{/blocks}}\n"])
        defer { TestSupport.cleanup(dir) }
        let file = dir.appendingPathComponent("markdown/section.mustache").path
        #expect(throws: RenderError.templatePartialMissing(file: file, line: 3, column: 3, partial: "tabel")) {
            _ = try MarkdownRenderer().files(for: SampleDocuments.small(), templates: set)
        }
        #expect(RenderError.templatePartialMissing(file: file, line: 3, column: 3, partial: "tabel").description
            .hasPrefix("\(file):3:3: error: partial 'tabel' not found"))
    }

    @Test func dynamicPartialsAreRefused() throws {
        let (set, dir) = try Self.templates(["markdown/report.mustache": "{{#sections}}{{>*title}}{{/sections}}"])
        defer { TestSupport.cleanup(dir) }
        #expect {
            _ = try MarkdownRenderer().files(for: SampleDocuments.small(), templates: set)
        } throws: { error in
            guard case RenderError.templateSyntax(let file, 1, 14, let message, _) = error else { return false }
            return file == dir.appendingPathComponent("markdown/report.mustache").path && message.hasPrefix("dynamic partials ({{>*name}}) are not supported")
        }
    }

    @Test func nestedLoopBombsStopAtTheIterationBudget() throws {
        let bomb = String(repeating: "{{#sections}}{{#blocks}}", count: 6) + "x" + String(repeating: "{{/blocks}}{{/sections}}", count: 6)
        let (set, dir) = try Self.templates(["html/report.mustache": bomb])
        defer { TestSupport.cleanup(dir) }
        let ctx = TemplateContext(svgByChart: [:]).document(SampleDocuments.realistic(years: 1))
        #expect {
            _ = try set.renderReport(.html, context: ctx, iterationLimit: 50_000)
        } throws: { error in
            guard case RenderError.templateOutputTooLarge(let file, let message) = error else { return false }
            return file.hasSuffix("html/report.mustache") && message.contains("50000 section iterations")
                && message.contains("stopped in {{#blocks}} over")
        }
        // The bundled templates render a realistic report well inside the same budget.
        let ok = try TemplateSet.load(bundled: TestSupport.bundledTemplates)
        // Over a small budget the error names the section and the data (issue 18): the list, its
        // length, and the ids around it (a table's, its section's).
        let tight = #expect(throws: RenderError.self) { _ = try ok.renderReport(.html, context: ctx, iterationLimit: 40) }
        if case .templateOutputTooLarge(_, let message)? = tight {
            #expect(message.contains("more than 40 section iterations: stopped in {{#") && message.contains(" elements in '"), "\(message)")
        } else {
            Issue.record("expected templateOutputTooLarge, got \(String(describing: tight))")
        }
        let html = try ok.renderReport(.html, context: ctx, iterationLimit: 50_000)
        #expect(html.contains("</html>"))
        #expect {
            _ = try ok.renderReport(.html, context: ctx, outputLimit: 1_000)
        } throws: { error in
            if case RenderError.templateOutputTooLarge = error { return true } else { return false }
        }
    }

    /// Functions (swift-mustache's transforms) are refused where they are written: values arrive formatted.
    @Test func functionsAreRefusedWhereTheyAreWritten() throws {
        let (set, dir) = try Self.templates(["html/report.mustache": "<p>\n{{count(sections)}}</p>"])
        defer { TestSupport.cleanup(dir) }
        #expect {
            _ = try HTMLRenderer().render(SampleDocuments.small(), templates: set)
        } throws: { error in
            guard case RenderError.templateSyntax(_, 2, 3, let message, "{{count(sections)}}</p>") = error else { return false }
            return message.hasPrefix("functions such as 'count(...)' are not supported")
        }
    }

    @Test func aTemplateFolderThatIsNotOneIsRefusedNotIgnored() throws {
        let dir = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(dir) }
        for path in ["/dev/zero", dir.appendingPathComponent("missing").path, dir.path] {
            #expect {
                _ = try TemplateSet.load(bundled: TestSupport.bundledTemplates, overrides: URL(fileURLWithPath: path))
            } throws: { error in
                guard case RenderError.io(let p, _) = error else { return false }
                return p == path
            }
        }
    }

    @Test func templateFilesThatAreNotRegularOrTooLargeAreRefused() throws {
        let dir = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("html"), withIntermediateDirectories: true)
        // A FIFO would block open(2) and read(2) forever.
        let fifo = dir.appendingPathComponent("html/report.mustache").path
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect {
            _ = try TemplateSet.load(bundled: TestSupport.bundledTemplates, overrides: dir)
        } throws: { error in
            guard case RenderError.io(let path, let message) = error else { return false }
            return path == fifo && message.contains("not a regular file")
        }
        try FileManager.default.removeItem(atPath: fifo)
        // /dev/zero behind a symbolic link would read forever.
        try FileManager.default.createSymbolicLink(atPath: fifo, withDestinationPath: "/dev/zero")
        #expect(throws: RenderError.self) { _ = try TemplateSet.load(bundled: TestSupport.bundledTemplates, overrides: dir) }
        try FileManager.default.removeItem(atPath: fifo)
        try Data(count: TemplateGuard.maxTemplateBytes + 1).write(to: URL(fileURLWithPath: fifo))
        #expect {
            _ = try TemplateSet.load(bundled: TestSupport.bundledTemplates, overrides: dir)
        } throws: { error in
            guard case RenderError.io(_, let message) = error else { return false }
            return message.contains("limited to")
        }
    }

    // MARK: - Helpers

    static func unescapedPipes(_ line: Substring) -> Int {
        var n = 0
        var escaped = false
        for c in line {
            if escaped { escaped = false; continue }
            if c == "\\" { escaped = true } else if c == "|" { n += 1 }
        }
        return n
    }

    /// A strict RFC 4180 reader: quoted fields may hold commas, quotes (doubled) and line breaks;
    /// records end with CRLF; anything else is an error.
    static func parseCSV(_ text: String, file: String) throws -> [[String]] {
        struct Bad: Error, CustomStringConvertible { var description: String }
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var s = Array(text.unicodeScalars)[...]
        var quotedField = false
        while let c = s.popFirst() {
            if c == "\"" && field.isEmpty && !quotedField {
                quotedField = true
                while true {
                    guard let q = s.popFirst() else { throw Bad(description: "\(file): unterminated quote") }
                    if q == "\"" {
                        if s.first == "\"" { s.removeFirst(); field.unicodeScalars.append("\"") } else { break }
                    } else { field.unicodeScalars.append(q) }
                }
            } else if c == "," {
                row.append(field); field = ""; quotedField = false
            } else if c == "\r" {
                guard s.popFirst() == "\n" else { throw Bad(description: "\(file): bare CR outside quotes") }
                row.append(field); rows.append(row); row = []; field = ""; quotedField = false
            } else if c == "\n" || c == "\"" || quotedField {
                throw Bad(description: "\(file): \(c == "\n" ? "bare LF" : "stray character") outside quotes")
            } else {
                field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty { throw Bad(description: "\(file): last record has no CRLF") }
        return rows
    }
}
