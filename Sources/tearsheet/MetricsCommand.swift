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
    @Option(name: .long, help: "A benchmark to compare against: a symbol in the benchmarks folder, or a CSV file (date,return or date,close). Repeatable; default: the config's benchmarks for a book, SPY and QQQ for --returns.")
    var benchmark: [String] = []
    @OptionGroup var rates: RateOptions
    @Option(name: .long, help: "Metric conventions: tearsheet (default), quantstats or empyrical.")
    var conventions: String = "tearsheet"
    @Flag(name: .long, help: "Print one JSON object with every value unrounded.")
    var json = false

    func validate() throws {
        if returns != nil && book.namesBookFiles { throw ValidationError("Give either --returns or a book (--config or files), not both.") }
        if returns == nil && !book.hasBook { throw ValidationError("Give --returns FILE, or a book with --config FILE.") }
    }

    @OptionGroup var resources: ResourceOptions

    func run() throws {
        resources.startWatchdog("computing the metrics")
        var request = book.request(conventions: try TearsheetRun.conventions(named: conventions))
        request.returns = returns
        request.comparisonBenchmarks = benchmark.isEmpty ? nil : benchmark
        rates.apply(to: &request)
        let result = try BookRunner.metrics(request)
        say(json ? try result.json() : MetricsTable.render(result))
    }
}
