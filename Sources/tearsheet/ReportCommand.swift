import ArgumentParser
import Foundation
import TearsheetIngest
import TearsheetMetrics
import TearsheetReport
import TearsheetRender
import TearsheetCore
import TearsheetPipeline

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
    @OptionGroup var rates: RateOptions
    @Option(name: .long, help: "Output folder (default: reports/<book name>).")
    var out: String?
    @Option(name: .long, help: "Comma-separated formats: md,html,csv,xlsx,pdf (default: the config's, else all).")
    var format: String?
    @Option(name: .long, help: "Folder of templates overriding the bundled ones file by file.")
    var templates: String?
    @Option(name: .long, help: "Metric conventions: tearsheet (default), quantstats or empyrical.")
    var conventions: String = "tearsheet"
    @Option(name: .long, help: "Reporting period: YYYY-MM (a month), YYYY-Qn, YYYY, or FROM..TO with ISO dates; history before it still feeds the inception-to-date figures.")
    var period: String?
    @Option(name: .long, help: "First day of the reporting period (ISO date); default: inception.")
    var from: String?
    @Option(name: .long, help: "Last day of the reporting period (ISO date; a weekend or holiday means the trading day before); default: the book's last day.")
    var to: String?
    @Option(name: .long, help: "Which reports: book (default: the config's, else book), each (one per account) or both.")
    var accounts: String?
    @Option(name: .long, help: "Report profile: full (the analyst's report) or client (a short statement; without a period it covers the latest full month). Default: the config's, else full.")
    var profile: String?
    @Flag(name: .long, help: "Replace an existing report folder, only if every file in it is listed in its manifest unchanged.")
    var force = false
    @Flag(name: .long, help: "Fail (exit 1, nothing written) when the run has any warning; the config's strict = true does the same.")
    var strict = false
    @Flag(name: .customLong("force-discard"), help: "Replace an existing report folder even if it holds files tearsheet did not write or that changed (they are lost).")
    var forceDiscard = false

    func validate() throws {
        if returns != nil && book.namesBookFiles { throw ValidationError("Give either --returns or a book (--config or files), not both.") }
        guard book.hasBook || returns != nil else { throw ValidationError("Give --config FILE, --trades/--positions, or --returns FILE.") }
        if returns == nil && !benchmark.isEmpty { throw ValidationError("--benchmark goes with --returns; a book takes its benchmarks from its config.") }
        if returns != nil && accounts != nil { throw ValidationError("--accounts goes with a book, not with --returns.") }
        if period != nil && (from != nil || to != nil) { throw ValidationError("Give either --period or --from/--to, not both.") }
        if let p = profile, BookConfig.Report.Profile(rawValue: p) == nil { throw ValidationError("--profile must be full or client.") }
        if let a = accounts, BookConfig.Report.Accounts(rawValue: a) == nil { throw ValidationError("--accounts must be book, each or both.") }
        if let format, (try? ReportFormat.parseList(format)) == nil { throw ValidationError("--format '\(format)' is not a comma-separated list of md, html, csv, xlsx and pdf (at least one).") }
        do { _ = try ReportingPeriod.make(period: period, from: from, to: to, source: "--period") } catch {
            throw ValidationError("\(error)")
        }
    }

    @OptionGroup var resources: ResourceOptions

    func run() throws {
        resources.startWatchdog("writing the report")
        let conv = try TearsheetRun.conventions(named: conventions)
        var options = BookReportSet.Options(templates: templates, accounts: accounts.flatMap(BookConfig.Report.Accounts.init(rawValue:)),
                                            strict: strict)
        if let format { options.formats = try ReportFormat.parseList(format) }
        options.forceDiscard = forceDiscard
        let written: BookReportSet.Written
        var request = book.request(conventions: conv)
        request.period = try ReportingPeriod.make(period: period, from: from, to: to, source: "--period")
        rates.apply(to: &request)
        request.profile = profile.flatMap(BookConfig.Report.Profile.init(rawValue:))
        if let returns {
            request.returns = returns
            request.comparisonBenchmarks = benchmark.isEmpty ? nil : benchmark
            let run = try BookRunner.run(request)
            written = try BookReportSet.write(run: run, options: options, to: URL(fileURLWithPath: out ?? "reports/\(ReportBuilder.slug(run.config.name))"), force: force)
        } else {
            written = try BookReportSet.write(request: request, options: options, to: out.map { URL(fileURLWithPath: $0) }, force: force)
        }
        TearsheetRun.summarise(written)
    }
}

/// Steps shared by `report` and `demo`.
enum TearsheetRun {
    static func conventions(named name: String) throws -> TearsheetMetrics.Conventions { try tearsheet.conventions(named: name) }

    static func summarise(_ written: BookReportSet.Written) {
        var err = StandardError()
        for r in written.reports {
            let name = r.account.map { "account \($0)" } ?? "book"
            print("\(name): \(r.days) days, \(r.trades) trades, \(r.warnings) warning\(r.warnings == 1 ? "" : "s")", to: &err)
        }
        for s in written.skipped { print("account \(s.account) skipped: \(s.reason)", to: &err) }
        WarningOutput.print(written.warnings)
        let files = written.reports.reduce(0) { $0 + $1.output.manifest.files.count }
        let sets = written.reports.count == 1 ? "" : " in \(written.reports.count) reports"
        say("wrote \(files) files\(sets) to \(written.folder.path)")
    }
}
