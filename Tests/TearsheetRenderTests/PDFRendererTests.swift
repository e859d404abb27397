import Foundation
import Testing
import TearsheetReport
@testable import TearsheetRender
import TearsheetCore
import TearsheetPipeline

/// poppler-utils (`pdftotext`, `pdfinfo`), which `scripts/setup` installs: the PDF is read back as
/// a reader would, not through the code that wrote it.
enum Poppler {
    static let folder = ["/usr/bin", "/usr/local/bin", "/bin"].first { FileManager.default.isExecutableFile(atPath: $0 + "/pdftotext") }
    static var available: Bool { folder != nil && FileManager.default.isExecutableFile(atPath: folder! + "/pdfinfo") }

    static func run(_ tool: String, _ arguments: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: (folder ?? "/usr/bin") + "/" + tool)
        p.arguments = arguments
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(tool) \(arguments.joined(separator: " ")) exited \(p.terminationStatus)")
        return String(decoding: data, as: UTF8.self)
    }

    /// The text of the PDF (all pages, or pages `first...last`).
    static func text(_ pdf: URL, pages: ClosedRange<Int>? = nil) throws -> String {
        var args: [String] = []
        if let pages { args += ["-f", String(pages.lowerBound), "-l", String(pages.upperBound)] }
        return try run("pdftotext", args + [pdf.path, "-"])
    }

    /// Each page's size in points, from `pdfinfo`.
    static func pageSizes(_ pdf: URL) throws -> [(width: Double, height: Double)] {
        let info = try run("pdfinfo", ["-f", "1", "-l", "100000", pdf.path])
        var out: [(Double, Double)] = []
        for line in info.split(separator: "\n") where line.hasPrefix("Page") && line.contains("size:") {
            let parts = line.split(separator: " ")
            guard let x = parts.firstIndex(of: "x"), x > 0, x + 1 < parts.count,
                  let w = Double(parts[x - 1]), let h = Double(parts[x + 1]) else { continue }
            out.append((w, h))
        }
        return out
    }

    static func pageCount(_ pdf: URL) throws -> Int {
        let info = try run("pdfinfo", [pdf.path])
        let line = info.split(separator: "\n").first { $0.hasPrefix("Pages:") } ?? ""
        return Int(line.split(separator: " ").last ?? "") ?? 0
    }
}

@Suite struct PDFRendererTests {

    func smallBook() throws -> ReportDocument {
        try BookReportGoldenTests().document()
    }

    func write(_ bytes: [UInt8], _ folder: URL, _ name: String = "report.pdf") throws -> URL {
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }

    /// Collapses runs of whitespace, so text wrapped or spaced differently by pdftotext compares.
    func flat(_ s: String) -> String {
        s.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\u{0C}" }).joined(separator: " ")
    }

    @Test(.enabled(if: Poppler.available, "poppler-utils (pdftotext, pdfinfo) is not installed; bash scripts/setup installs it"))
    func smallBookHoldsTitleSectionsFiguresAndPageNumbers() throws {
        let doc = try smallBook()
        let root = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(root) }
        let pdf = try write(try PDFRenderer().render(doc), root)
        let pages = try Poppler.pageCount(pdf)
        #expect(pages >= 3)
        let text = try Poppler.text(pdf)
        let flatText = flat(text)
        #expect(flatText.contains(flat(DisplayText.display(doc.title))))
        for s in doc.sections { #expect(flatText.contains(flat(DisplayText.display(s.title))), "heading \(s.title) missing") }
        #expect(flatText.contains("Provenance"))
        // The metrics table's figures, as the Markdown shows them (one formatter for every format).
        let formatter = CellFormatter()
        let metrics = try #require(doc.allTables.first { $0.id == "metrics" })
        var checked = 0
        for row in metrics.rows.prefix(8) {
            for cell in row where cell.number != nil {
                #expect(text.contains(formatter.string(cell)), "figure \(formatter.string(cell)) missing")
                checked += 1
            }
        }
        #expect(checked > 10)
        // The Markdown shows the same strings.
        let md = try MarkdownRenderer().files(for: doc, templates: try TemplateSet.load(bundled: TestSupport.bundledTemplates))[0].contents
        for row in metrics.rows.prefix(3) { for cell in row where cell.number != nil { #expect(md.contains(formatter.string(cell))) } }
        for n in 1...pages { #expect(text.contains("Page \(n) of \(pages)"), "page \(n) has no page number") }
        // The contents list gives each section's page.
        #expect(text.contains("Contents"))
    }

    @Test(.enabled(if: Poppler.available, "poppler-utils (pdftotext, pdfinfo) is not installed; bash scripts/setup installs it"))
    func paperSizes() throws {
        let root = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(root) }
        var doc = SampleDocuments.small()
        let a4 = try write(try PDFRenderer().render(doc), root, "a4.pdf")
        doc.paper = .letter
        let letter = try write(try PDFRenderer().render(doc), root, "letter.pdf")
        let a4Sizes = try Poppler.pageSizes(a4), letterSizes = try Poppler.pageSizes(letter)
        #expect(!a4Sizes.isEmpty && !letterSizes.isEmpty)
        for s in a4Sizes { #expect(abs(s.width - 595.28) < 0.5 && abs(s.height - 841.89) < 0.5, "A4 page \(s)") }
        for s in letterSizes { #expect(abs(s.width - 612) < 0.5 && abs(s.height - 792) < 0.5, "Letter page \(s)") }
    }

    @Test func sameDocumentSameBytes() throws {
        let doc = SampleDocuments.realistic(years: 2)
        let a = try PDFRenderer().render(doc)
        let b = try PDFRenderer().render(doc)
        #expect(a.count > 10_000)
        #expect(a == b)
        // The generation time is the PDF's date; another time gives other bytes.
        let text = String(decoding: a, as: UTF8.self)
        #expect(text.contains("/CreationDate (20231114221320Z)") || text.contains("/CreationDate (D:20231114221320"))
        var later = doc
        later.generatedAt = GenerationTime(secondsSinceEpoch: 1_700_000_060)
        #expect(try PDFRenderer().render(later) != a)
    }

    @Test(.enabled(if: Poppler.available, "poppler-utils (pdftotext, pdfinfo) is not installed; bash scripts/setup installs it"))
    func longTableRepeatsItsHeaderOnEveryPage() throws {
        let start = Day(iso: "2024-01-02")!
        let rows: [[Cell]] = (0..<180).map { i in [.date(start.adding(days: i)), .text("Trade \(i)"), .currency(Double(i) * 1000.5), .percent(Double(i) / 1000)] }
        let table = ReportTable(id: "long", title: "Long ledger", columns: [ReportColumn("Trade date", .date), ReportColumn("Reference", .text),
                                                                           ReportColumn("Amount", .currency), ReportColumn("Return", .percent)], rows: rows)
        var doc = SampleDocuments.small()
        doc.sections = [ReportSection(id: "ledger", title: "Ledger", blocks: [.table(table)])]
        let root = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(root) }
        let pdf = try write(try PDFRenderer().render(doc), root)
        let pages = try Poppler.pageCount(pdf)
        #expect(pages >= 4)
        var continued = 0
        for page in 2...pages {
            let text = try Poppler.text(pdf, pages: page...page)
            guard text.contains("Trade ") else { continue }
            #expect(text.contains("Trade date") && text.contains("Reference") && text.contains("Amount"), "page \(page) continues the table without its header")
            if text.contains("Long ledger (continued)") { continued += 1 }
        }
        #expect(continued >= 2)
        let all = try Poppler.text(pdf)
        #expect(all.contains("Trade 179") && all.contains(CellFormatter().string(.currency(179 * 1000.5))))
    }

    @Test(.enabled(if: Poppler.available, "poppler-utils (pdftotext, pdfinfo) is not installed; bash scripts/setup installs it"))
    func wideTableGoesOnALandscapePage() throws {
        let columns = [ReportColumn("Sleeve", .text)] + (1...22).map { ReportColumn("Column \($0)", .currency) }
        let rows: [[Cell]] = (0..<5).map { r in [.text("Sleeve \(r)")] + (1...22).map { .currency(Double($0 * 100_000 + r) + 0.25) } }
        var doc = SampleDocuments.small()
        doc.sections.append(ReportSection(id: "wide", title: "Wide", blocks: [.table(ReportTable(id: "wide", title: "Wide table", columns: columns, rows: rows))]))
        let root = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(root) }
        let pdf = try write(try PDFRenderer().render(doc), root)
        let sizes = try Poppler.pageSizes(pdf)
        #expect(sizes.contains { $0.width > $0.height }, "no landscape page")
        #expect(sizes.first.map { $0.width < $0.height } == true, "the first page is portrait")
        // Every figure is on the page (none clipped away).
        let text = try Poppler.text(pdf)
        #expect(text.contains(CellFormatter().string(.currency(2_200_004.25))))
        #expect(text.contains("Column 22"))
    }

    /// Columns too wide for a landscape page even in the smallest font are cut into groups once;
    /// a group that still does not fit (one unbroken 200-character name) wraps, never recurses.
    @Test func tableOfUnbreakableNamesIsCutIntoColumnGroupsOnce() throws {
        let name = String(repeating: "W", count: 200)
        let columns = [ReportColumn("Name", .text)] + (1...12).map { ReportColumn("\(name)\($0)", .text) }
        let rows: [[Cell]] = [[.text("row")] + (1...12).map { .text("\(name)-\($0)") }]
        var doc = SampleDocuments.small()
        doc.sections = [ReportSection(id: "names", title: "Names", blocks: [.table(ReportTable(id: "names", title: "Names", columns: columns, rows: rows))])]
        let bytes = try PDFRenderer().render(doc)
        #expect(bytes.count > 1_000)
        #expect(String(decoding: bytes, as: UTF8.self).contains("%%EOF"))
    }

    @Test func headingIsNeverLeftAloneAtThePageBottom() {
        let paginator = PDFPaginator(paper: .a4, margins: PDFGeometry.margins)
        let pageHeight = PDFGeometry.pageSize(.a4, landscape: false).height - PDFGeometry.margins.top - PDFGeometry.margins.bottom
        // Filler up to 20 points above the bottom, then a heading (15) and a table title (10) and a row (12).
        let filler = PDFUnit(height: pageHeight - 20, ops: [])
        let heading = PDFUnit(height: 15, ops: [], keepWithNext: true, anchor: ("h", "Heading", 1))
        let title = PDFUnit(height: 10, ops: [], keepWithNext: true)
        let row = PDFUnit(height: 12, ops: [])
        let (pages, anchors) = paginator.paginate([filler, heading, title, row])
        #expect(pages.count == 2)
        #expect(anchors.first?.page == 2)
        // Without keep-with-next the heading would have stayed on page 1.
        var loose = heading
        loose.keepWithNext = false
        #expect(paginator.paginate([filler, loose, title, row]).anchors.first?.page == 1)
    }

    @Test func malformedChartIsATypedError() throws {
        let canvas = try PDFCanvas(width: 595, height: 842, metadata: .init(title: "t", author: "", subject: "", creator: "", date: "2023-11-14T22:13:20Z"))
        #expect(throws: RenderError.self) { _ = try canvas.loadSVG(id: "broken", "<svg xmlns=\"http://www.w3.org/2000/svg\"><g></svg>") }
        do {
            _ = try canvas.loadSVG(id: "broken2", "not svg at all")
            Issue.record("a malformed SVG was accepted")
        } catch {
            guard case .pdf(let operation, let message) = error else { Issue.record("unexpected \(error)"); return }
            #expect(operation.contains("broken2"))
            #expect(!message.isEmpty)
        }
    }

    @Test func reportWriterListsThePDFInTheManifest() throws {
        let root = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(root) }
        let out = root.appendingPathComponent("report")
        let result = try ReportWriter.write(SampleDocuments.small(), formats: [.pdf, .csv], to: out, templates: nil, force: false, durable: false)
        let entry = try #require(result.manifest.files.first { $0.path == "report.pdf" })
        let bytes = try Data(contentsOf: out.appendingPathComponent("report.pdf"))
        #expect(entry.bytes == bytes.count)
        #expect(entry.sha256 == Manifest.sha256Hex(bytes))
        #expect(bytes.prefix(5) == Data("%PDF-".utf8))
        #expect(try ReportFormat.parseList("md,pdf") == [.markdown, .pdf])
    }
}
