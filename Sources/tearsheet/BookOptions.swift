import ArgumentParser
import TearsheetIngest
import TearsheetMetrics
import TearsheetReport
import TearsheetCore
import TearsheetPipeline

/// The options every command that reads a book shares: a config, or the input files named directly.
struct BookOptions: ParsableArguments {
    @Option(name: .long, help: "The book's tearsheet.toml.")
    var config: String?
    @Option(name: .long, help: "trades.csv (when no --config).")
    var trades: String?
    @Option(name: .long, help: "positions.csv (when no --config).")
    var positions: String?
    @Option(name: .long, help: "cashflows.csv (when no --config).")
    var cashflows: String?
    @Option(name: .long, help: "prices.csv or a folder of SYMBOL.csv (when no --config).")
    var prices: String?
    @Option(name: .customLong("benchmarks-dir"), help: "Folder of benchmark files (default: $TEARSHEET_BENCHMARKS or benchmarks-data).")
    var benchmarksDir: String?

    var hasBook: Bool { config != nil || trades != nil || positions != nil }

    func validate() throws {
        let direct = [trades, positions, cashflows, prices].contains { $0 != nil }
        if config != nil && direct {
            throw ValidationError("Give either --config or the files (--trades, --positions, --cashflows, --prices), not both.")
        }
    }

    func request(conventions: Conventions = .tearsheet) -> BookRunRequest {
        BookRunRequest(configPath: config, inputs: InputFiles(trades: trades, positions: positions, cashFlows: cashflows, prices: prices),
                       benchmarksDir: benchmarksDir, conventions: conventions)
    }
}

/// `--conventions tearsheet|quantstats|empyrical`.
func conventions(named name: String) throws -> Conventions {
    guard let c = Conventions.preset(named: name) else {
        throw ValidationError("Unknown conventions '\(name)'; expected one of \(Conventions.presets.map(\.name).joined(separator: ", ")).")
    }
    return c
}
