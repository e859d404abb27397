import FuzzSupport
import Foundation
import TearsheetCore
import TearsheetRender
import TearsheetReport

/// Fuzzes the template loader and renderers: `TemplateSet.load` with a user's override folder,
/// `TemplateSet.library` (Mustache parsing) and the Markdown or HTML renderer on a small fixed
/// report. Input layout: the first byte's low bit picks the flavour (0 Markdown, 1 HTML); the rest
/// is split at NUL bytes into up to seven templates that override, in order, `report`, `section`,
/// `table`, `chart`, `note`, `provenance` and `style` (partials are named after their files, so a
/// template can include itself or another: `{{> report}}`).
///
/// A template set whose partials include each other in a cycle, or name a partial that does not
/// exist, is refused at load from the engine's own parse tree (`TemplateGuard.checkPartials`):
/// the inputs in Fuzz/Corpus/templates/ that once overflowed the stack are now typed errors.
let names = ["report", "section", "table", "chart", "note", "provenance", "style"]

struct Fixture: @unchecked Sendable {
    /// Per flavour, a copy of the bundled templates holding only that flavour (the other folder
    /// empty), so each input reads and parses one flavour's files.
    let bundled: [TemplateSet.Flavour: URL]
    let overrides: URL
}

let fixture: Fixture? = {
    guard let scratch = Scratch(tag: "templates") else { return nil }
    // A private copy of the bundled templates (found from this file's path: Fuzz/Sources/templates/).
    let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    let source = repo.appendingPathComponent("templates")
    let fm = FileManager.default
    var bundled: [TemplateSet.Flavour: URL] = [:]
    for flavour in TemplateSet.Flavour.allCases {
        let root = URL(fileURLWithPath: scratch.path("bundled-\(flavour.rawValue)"))
        try? fm.removeItem(at: root)
        for other in TemplateSet.Flavour.allCases { scratch.makeFolder("bundled-\(flavour.rawValue)/\(other.rawValue)") }
        let dst = root.appendingPathComponent(flavour.rawValue)
        try? fm.removeItem(at: dst)
        do { try fm.copyItem(at: source.appendingPathComponent(flavour.rawValue), to: dst) } catch { return nil }
        bundled[flavour] = root
        scratch.makeFolder("overrides/\(flavour.rawValue)")
    }
    return Fixture(bundled: bundled, overrides: URL(fileURLWithPath: scratch.path("overrides")))
}()

/// A small fixed report: every block kind, escaping edge cases, a five-point chart.
let document: ReportDocument = {
    let start = Day(iso: "2024-01-02")!, end = Day(iso: "2024-01-08")!
    let period = ReportPeriod(start: start, end: end)
    let table = ReportTable(
        id: "summary", title: "Summary | <b>",
        columns: [ReportColumn("Measure", .text), ReportColumn("Portfolio", .percent), ReportColumn("NAV", .currency)],
        rows: [[.text("Total return"), .percent(0.0123, .higherIsBetter), .currency(1_234.5)],
               [.text("Line one\nline \"two\""), .empty(reason: "undefined: zero variance"), .currency(-0.5)]],
        footnote: "Net of fees.")
    let days = (0..<5).map { start.adding(days: $0) }
    let chart = ReportChart(id: "equity", title: "Equity", kind: .line, x: .dates(days),
                            series: [ChartSeries(name: "Portfolio", values: [1, 1.01, nil, 1.02, 1.03])], unit: .ratio)
    let provenance = Provenance(toolVersion: "0.0.0-fuzz", configText: "name = \"Fuzz\"",
                                inputs: [ProvenanceInput(path: "trades.csv", sha256: String(repeating: "ab", count: 32), rows: 4)],
                                benchmarks: [BenchmarkSource(symbol: "SPY", source: "SPY.csv")],
                                period: period, generatedAt: GenerationTime(secondsSinceEpoch: 1_700_000_000))
    let sections = [ReportSection(id: "summary", title: "Summary", intro: "In brief.",
                                  blocks: [.table(table), .chart(chart), .note(ReportNote("<script>", isWarning: true))])]
    return ReportDocument(title: "Fuzz & <book>", subtitle: "Q1", period: period,
                          generatedAt: GenerationTime(secondsSinceEpoch: 1_700_000_000),
                          author: "A", company: "B", provenance: provenance, sections: sections)
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let fixture, let data, size > 0 else { return 0 }
    let flavour: TemplateSet.Flavour = data[0] & 1 == 0 ? .markdown : .html
    let chunks = UnsafeBufferPointer(start: data + 1, count: size - 1)
        .split(separator: 0, maxSplits: names.count - 1, omittingEmptySubsequences: false)
    var texts: [String: String] = [:]
    for (i, chunk) in chunks.enumerated() { texts[names[i]] = String(decoding: chunk, as: UTF8.self) }
    guard let bundled = fixture.bundled[flavour] else { return 0 }
    for f in TemplateSet.Flavour.allCases {
        let folder = fixture.overrides.appendingPathComponent(f.rawValue)
        for name in names {
            let path = folder.appendingPathComponent(name + ".mustache").path
            if f == flavour, let t = texts[name] {
                _ = FileManager.default.createFile(atPath: path, contents: Data(t.utf8))
            } else {
                unlink(path)
            }
        }
    }
    do {
        let set = try TemplateSet.load(bundled: bundled, overrides: fixture.overrides)
        switch flavour {
        case .markdown:
            let files = try MarkdownRenderer().files(for: document, templates: set)
            precondition(files.first?.path == "report.md", "Markdown output without report.md first")
        case .html:
            _ = try HTMLRenderer().render(document, templates: set)
        }
    } catch {
        // A typed RenderError (syntax error with file, line and column; a missing partial; a cycle)
        // is the expected outcome.
        _ = error.description
    }
    return 0
}
