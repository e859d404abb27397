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
    @Option(name: .customLong("corporate-actions"), help: "corporate_actions.csv: splits and symbol changes (when no --config).")
    var corporateActions: String?
    @Option(name: .long, help: "instruments.csv: multipliers and option terms (when no --config).")
    var instruments: String?
    @Option(name: .customLong("benchmarks-dir"), help: "Folder of benchmark files (default: $TEARSHEET_BENCHMARKS or benchmarks-data).")
    var benchmarksDir: String?
    @Flag(name: .customLong("allow-outside-paths"), help: "Let the config's input paths lead outside its folder (a shared data folder); a config cannot set this itself.")
    var allowOutsidePaths = false

    var hasBook: Bool { config != nil || trades != nil || positions != nil }
    /// Any option that names a book or one of its files (a command on a return series refuses them).
    var namesBookFiles: Bool { hasBook || cashflows != nil || prices != nil || corporateActions != nil || instruments != nil }

    func validate() throws {
        let direct = [trades, positions, cashflows, prices, corporateActions, instruments].contains { $0 != nil }
        if config != nil && direct {
            throw ValidationError("Give either --config or the files (--trades, --positions, --cashflows, --prices, --corporate-actions, --instruments), not both.")
        }
    }

    func request(conventions: Conventions = .tearsheet) -> BookRunRequest {
        var r = BookRunRequest(configPath: config, inputs: InputFiles(trades: trades, positions: positions, cashFlows: cashflows, prices: prices,
                                                                              corporateActions: corporateActions, instruments: instruments),
                               benchmarksDir: benchmarksDir, conventions: conventions)
        r.allowOutsidePaths = allowOutsidePaths
        return r
    }
}

/// `--rf` and `--periods`: overrides of the config's risk-free rate and periods per year, applied
/// once by the pipeline (`BookRunRequest.riskFree`, `.periodsPerYear`) for a book and a return
/// series alike.
struct RateOptions: ParsableArguments {
    @Option(name: .long, help: "Annual risk-free rate as a fraction, e.g. 0.02 for 2%; replaces the config's risk_free (default: the config's, else 0).")
    var rf: Double?
    @Option(name: .long, help: "Periods per year used to annualise (default: the config's periods_per_year, else 252).")
    var periods: Double?

    func validate() throws {
        if let r = rf, !(r.isFinite && r > -1 && r < 1) {
            throw ValidationError("--rf must be an annual rate as a fraction above -1 and below 1, e.g. 0.02 for 2%.")
        }
        if let p = periods, !(p.isFinite && p > 0) { throw ValidationError("--periods must be a positive number, e.g. 252.") }
    }

    /// Writes the overrides into `request`.
    func apply(to request: inout BookRunRequest) {
        if let rf { request.riskFree = .annual(rf) }
        if let periods { request.periodsPerYear = periods }
    }
}

/// `--conventions tearsheet|quantstats|empyrical`.
func conventions(named name: String) throws -> Conventions {
    guard let c = Conventions.preset(named: name) else {
        throw ValidationError("Unknown conventions '\(name)'; expected one of \(Conventions.presets.map(\.name).joined(separator: ", ")).")
    }
    return c
}
