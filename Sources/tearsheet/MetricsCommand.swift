import ArgumentParser
import Foundation
import TearsheetIngest
import TearsheetMetrics
import TearsheetReport
import TearsheetCore
import TearsheetPipeline

/// `tearsheet metrics`: the metric table of a book, or of a bare daily return series, beside each
/// benchmark; `--json` prints every value unrounded.
struct MetricsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "Print the metrics of a book (--config) or of a return series (--returns) beside benchmarks.")

    @OptionGroup var book: BookOptions
    @Option(name: .long, help: "A daily return series: CSV with columns date,return.")
    var returns: String?
    @Option(name: .long, help: "A benchmark: a symbol in the benchmarks folder, or a CSV file (date,return or date,close). Repeatable; default SPY and QQQ.")
    var benchmark: [String] = []
    @Option(name: .long, help: "Annual risk-free rate, e.g. 0.02 (default: the config's, else 0).")
    var rf: Double?
    @Option(name: .long, help: "Periods per year (default 252).")
    var periods: Double?
    @Option(name: .long, help: "Metric conventions: tearsheet (default), quantstats or empyrical.")
    var conventions: String = "tearsheet"
    @Flag(name: .long, help: "Print one JSON object with every value unrounded.")
    var json = false

    func validate() throws {
        if returns != nil && book.hasBook { throw ValidationError("Give either --returns or a book (--config or files), not both.") }
        if returns == nil && !book.hasBook { throw ValidationError("Give --returns FILE, or a book with --config FILE.") }
        if let p = periods, !(p > 0) { throw ValidationError("--periods must be a positive number.") }
        if let r = rf, !r.isFinite || r <= -1 { throw ValidationError("--rf must be a finite annual rate above -1.") }
    }

    func run() throws {
        var conv = try TearsheetRun.conventions(named: conventions)
        if let p = periods { conv.periodsPerYear = p }
        let result: MetricsResult
        if let path = returns {
            let series = try ReturnSeriesFile.read(path: path)
            let benches = try loadBenchmarks(range: series.days.first.flatMap { f in series.days.last.map { f...$0 } })
            result = try MetricsEngine(conventions: conv).compute(returns: series, benchmarks: benches, riskFree: .annual(rf ?? 0))
        } else {
            var run = try BookRunner.run(book.request(conventions: conv))
            if rf != nil || !benchmark.isEmpty {
                let benches = benchmark.isEmpty ? run.benchmarks.map { NamedReturns($0.symbol, $0.returns) } : try loadBenchmarks(range: nil)
                run.metrics = try MetricsEngine(conventions: run.metrics.conventions)
                    .compute(book: run.valuation.total, benchmarks: benches, riskFree: rf.map { .annual($0) } ?? (try BookRunner.riskFreeRate(run.config)),
                             roundTrips: run.valuation.roundTrips)
            }
            result = run.metrics
        }
        say(json ? try result.json() : MetricsTable.render(result))
    }

    /// `--benchmark` values (files or symbols), SPY and QQQ by default; the defaults are skipped
    /// when no benchmarks folder is found, so a bare series still gets its own metrics.
    func loadBenchmarks(range: ClosedRange<Day>?) throws -> [NamedReturns] {
        if benchmark.isEmpty && (book.benchmarksDir ?? BenchmarkStore.defaultDirectory()) == nil { return [] }
        return try BookRunner.loadBenchmarks(benchmark.isEmpty ? ["SPY", "QQQ"] : benchmark, benchmarksDir: book.benchmarksDir).benchmarks
            .map { NamedReturns($0.benchmark.symbol, range.map($0.returns.slice) ?? $0.returns) }
    }
}
