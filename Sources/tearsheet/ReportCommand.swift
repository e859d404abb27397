import ArgumentParser
import Foundation
import TearsheetMetrics
import TearsheetReport
import TearsheetRender

/// `tearsheet report`: the full report set for one book.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the report set (Markdown, HTML, CSV, XLSX, manifest) for a book.")

    @OptionGroup var book: BookOptions
    @Option(name: .long, help: "Report a bare daily return series instead of a book: CSV with columns date,return.")
    var returns: String?
    @Option(name: .long, help: "With --returns: a benchmark symbol or file (date,return or date,close). Repeatable; default SPY and QQQ.")
    var benchmark: [String] = []
    @Option(name: .long, help: "With --returns: annual risk-free rate (default 0).")
    var rf: Double = 0
    @Option(name: .long, help: "Output folder (default: reports/<book name>).")
    var out: String?
    @Option(name: .long, help: "Comma-separated formats: md,html,csv,xlsx (default: the config's, else all).")
    var format: String?
    @Option(name: .long, help: "Folder of templates overriding the bundled ones file by file.")
    var templates: String?
    @Option(name: .long, help: "Metric conventions: tearsheet (default), quantstats or empyrical.")
    var conventions: String = "tearsheet"
    @Flag(name: .long, help: "Replace an existing output folder.")
    var force = false

    func validate() throws {
        if returns != nil && book.hasBook { throw ValidationError("Give either --returns or a book (--config or files), not both.") }
        guard book.hasBook || returns != nil else { throw ValidationError("Give --config FILE, --trades/--positions, or --returns FILE.") }
        if returns == nil && !benchmark.isEmpty { throw ValidationError("--benchmark goes with --returns; a book takes its benchmarks from its config.") }
    }

    func run() throws {
        let conv = try TearsheetRun.conventions(named: conventions)
        let run = try returns.map {
            try BookRunner.runReturns(path: $0, benchmarks: benchmark.isEmpty ? ["SPY", "QQQ"] : benchmark,
                                      benchmarksDir: book.benchmarksDir, conventions: conv, riskFree: rf)
        } ?? BookRunner.run(book.request(conventions: conv))
        let formats = try ReportFormat.parseList(format ?? run.config.report.formats.joined(separator: ","))
        let folder = out ?? "reports/\(ReportBuilder.slug(run.config.name))"
        let output = try TearsheetRun.write(run, formats: formats, to: folder, templates: templates ?? run.config.report.templates, force: force)
        TearsheetRun.summarise(run, output)
    }
}

/// Steps shared by `report` and `demo`.
enum TearsheetRun {
    static func conventions(named name: String) throws -> TearsheetMetrics.Conventions { try tearsheet.conventions(named: name) }

    static func write(_ run: BookRun, formats: Set<ReportFormat>, to folder: String, templates: String?, force: Bool) throws -> ReportWriter.Output {
        let generated = try GenerationTime.current()
        let document = ReportBuilder(run: run, generatedAt: generated).build()
        let set = try TemplateSet.standard(overrides: templates.map { URL(fileURLWithPath: $0) })
        return try ReportWriter.write(document, formats: formats, to: URL(fileURLWithPath: folder), templates: set, force: force)
    }

    static func summarise(_ run: BookRun, _ output: ReportWriter.Output) {
        var err = StandardError()
        let warnings = run.warnings.count
        print("\(run.config.name): \(run.valuation.days.count) days, \(run.ledger.trades.count) trades, \(warnings) warning\(warnings == 1 ? "" : "s")", to: &err)
        print("wrote \(output.manifest.files.count) files to \(output.folder.path)")
    }
}

