import Foundation
import TearsheetAttribution
import TearsheetCore
import TearsheetIngest
import TearsheetMetrics
import TearsheetReport
import TearsheetValuation

/// What to run: a config file, input files named directly, or a bare return series, plus the
/// overrides from the command line. Every override is a field here and is applied once, in
/// `BookRunner.load` (or `runReturns` / `metrics` for a return series), so each command that takes
/// the same request computes the same numbers.
public struct BookRunRequest: Sendable {
    /// `tearsheet.toml`; when `nil`, `inputs` names the files and defaults apply.
    public var configPath: String?
    public var inputs: InputFiles
    /// A bare daily return series (`date,return`) instead of a book.
    public var returns: String?
    /// Overrides the config's benchmark folder.
    public var benchmarksDir: String?
    /// Metric conventions (Tearsheet's own by default). Their `periodsPerYear` is replaced by
    /// `periodsPerYear`, else by the config's `periods_per_year`, else 252.
    public var conventions: Conventions
    /// Overrides the config's risk-free rate (`--rf`); `nil` keeps the config's (0 without one).
    public var riskFree: RiskFree?
    /// Overrides the config's `periods_per_year` (`--periods`).
    public var periodsPerYear: Double?
    /// Benchmarks (symbols or files) the metrics compare against instead of the config's; the
    /// trading calendar still comes from the config's primary benchmark. For a return series: its
    /// benchmarks (default SPY and QQQ).
    public var comparisonBenchmarks: [String]?
    /// Linking method of the attribution (default Carino).
    public var linking: LinkingMethod?
    /// Last day of the report (inclusive); `nil` = the last day of the book.
    public var endDay: Day?
    /// The reporting period; `nil` = the config's `[report]` period, else the whole history.
    public var period: ReportingPeriod?
    /// The operator's `--allow-outside-paths`: the config's inputs may lead outside its folder.
    public var allowOutsidePaths = false
    /// `--profile`: replaces the config's `[report] profile` (`nil` keeps it).
    public var profile: BookConfig.Report.Profile?
    /// Threads that parse one large input file (`IngestOptions.parallelism`); `nil`: the active
    /// cores. A batch running several books at once passes 1. Never changes a number.
    public var ingestThreads: Int?

    public init(configPath: String? = nil, inputs: InputFiles = InputFiles(), returns: String? = nil, benchmarksDir: String? = nil,
                conventions: Conventions = .tearsheet, riskFree: RiskFree? = nil, periodsPerYear: Double? = nil,
                comparisonBenchmarks: [String]? = nil, linking: LinkingMethod? = nil, endDay: Day? = nil,
                period: ReportingPeriod? = nil) {
        self.configPath = configPath
        self.inputs = inputs
        self.returns = returns
        self.benchmarksDir = benchmarksDir
        self.conventions = conventions
        self.riskFree = riskFree
        self.periodsPerYear = periodsPerYear
        self.comparisonBenchmarks = comparisonBenchmarks
        self.linking = linking
        self.endDay = endDay
        self.period = period
    }
}

/// A book ingested and its benchmarks loaded, ready for `BookRunner.analyse` (once for the book,
/// once per account).
public struct LoadedBook: Sendable {
    public var request: BookRunRequest
    public var config: BookConfig
    public var configText: String
    /// The whole book's ledger.
    public var ledger: Ledger
    public var benchmarks: [Benchmark]
    /// The ingestion result without its ledger (files, labels).
    public var ingested: IngestResult
    /// Warnings of benchmark loading and ingestion, in that order.
    public var warnings: [Finding]
    /// Warnings past the findings cap: counted, not kept in `warnings` (a file of 10,000 unknown
    /// columns keeps 200), so a count of warnings is `warnings.count + suppressedWarnings`.
    public var suppressedWarnings = 0
    public var inputs: [ProvenanceInput]
    public var benchmarkSources: [BenchmarkSource]
    /// The request's period, else the config's; `nil` for the whole history.
    public var period: ReportingPeriod?
    /// The request's conventions with the periods per year in force (request, else config).
    public var conventions: Conventions

    /// Account names in the order the book first mentions them.
    public var accounts: [String] { ledger.accountNames }
}

/// The input lines of a ledger's rows (one account's, or those up to a period's end), to tell
/// which of the book's findings concern them.
struct AccountLines {
    let trades: Set<Int32>, positions: Set<Int32>, cashFlows: Set<Int32>

    init(_ ledger: Ledger) {
        trades = Set(ledger.trades.line)
        positions = Set(ledger.positions?.line ?? [])
        cashFlows = Set(ledger.cashFlows.line)
    }

    /// Findings on a row of the trades, positions or cash-flow file belong to the account that row
    /// names; file-level findings (line 0), header findings (line 1, e.g. an unknown column) and
    /// those on shared files (prices, labels, benchmarks) belong to every account.
    func owns(_ f: Finding, inputs: InputFiles) -> Bool {
        guard f.line > 1, let line = Int32(exactly: f.line) else { return true }
        if f.file == inputs.trades { return trades.contains(line) }
        if f.file == inputs.positions { return positions.contains(line) }
        if f.file == inputs.cashFlows { return cashFlows.contains(line) }
        return true
    }
}

/// Runs ingest -> valuation -> metrics -> attribution for one book.
public enum BookRunner {
    /// The whole run for a book (or, with `request.returns`, a bare return series).
    /// - Throws: `TearsheetError.config` for a bad config, `.invalidInput` with every finding when the
    ///   inputs or benchmarks have errors, `.reconciliation` when NAV does not reconcile.
    public static func run(_ request: BookRunRequest) throws -> BookRun {
        if let path = request.returns { return try runReturns(path: path, request: request) }
        return try analyse(load(request), account: nil)
    }

    /// The metrics of a request, computed once: a book's through `run`, a return series' without
    /// the attribution (its benchmarks are optional: none when no benchmark folder is found and
    /// none was named).
    /// - Throws: as `run`.
    public static func metrics(_ request: BookRunRequest) throws -> MetricsResult {
        guard let path = request.returns else { return try run(request).metrics }
        let series = try ReturnSeriesFile.read(path: path)
        var names = request.comparisonBenchmarks ?? ["SPY", "QQQ"]
        if request.comparisonBenchmarks == nil && (request.benchmarksDir ?? BenchmarkStore.defaultDirectory()) == nil { names = [] }
        let range = series.days.first.flatMap { f in series.days.last.map { f...$0 } }
        let named = try loadBenchmarks(names, benchmarksDir: request.benchmarksDir).benchmarks
            .map { NamedReturns($0.benchmark.symbol, range.map($0.returns.slice) ?? $0.returns) }
        return try MetricsEngine(conventions: returnConventions(request))
            .compute(returns: series, benchmarks: named, riskFree: request.riskFree ?? .zero)
    }

    /// Everything `report` would find wrong with a book before writing anything, without stopping
    /// at the first stage that fails where later ones can still run: the config's findings; the
    /// benchmarks'; the inputs' (ingested even when a benchmark is bad); and, when those are clean,
    /// what valuing the book finds (stale prices, days without capital, a NAV that does not
    /// reconcile, the risk-free series' coverage, the segment benchmark file). The same loading as
    /// `load` and `analyse`: same benchmark default, same checks.
    public static func validate(_ request: BookRunRequest) -> Findings {
        var findings = Findings()
        var config: BookConfig? = nil
        if let path = request.configPath {
            let (c, f) = BookConfig.load(path: path, allowOutsidePaths: request.allowOutsidePaths)
            findings.append(contentsOf: f)
            guard let c, !f.hasErrors else { return findings }
            config = c
        }
        do {
            let (book, gathered) = try gather(request, config: config)
            findings.append(contentsOf: gathered)
            guard let book, !findings.hasErrors else { return findings }
            let (_, _, _, valued) = try value(book, account: nil)
            for w in valued where !book.warnings.contains(w) { findings.append(w) }
            if let path = book.config.inputs.segmentBenchmark {
                _ = SegmentBenchmarkFile.read(path: path, findings: &findings, policy: book.config.ingestOptions.pathPolicy)
            }
        } catch TearsheetError.invalidInput(let fs) {
            for f in fs where !findings.items.contains(f) { findings.append(f) }
        } catch {
            let file = config?.file ?? request.inputs.trades ?? request.inputs.positions ?? "(inputs)"
            findings.append(Finding(file: file, line: 0, column: 0, severity: .error, code: "run",
                                    message: (error as? TearsheetError)?.description ?? "\(error)"))
        }
        return findings
    }

    /// Ingests the book and loads its benchmarks once; `analyse` then runs the rest of the pipeline
    /// for the whole book or for one account. The request's overrides are applied here, once: the
    /// risk-free rate replaces the config's, and the periods per year go into `LoadedBook.conventions`.
    /// - Throws: as `run`.
    public static func load(_ request: BookRunRequest) throws -> LoadedBook {
        var config: BookConfig? = nil
        if let path = request.configPath { config = try BookConfig.loadOrThrow(path: path, allowOutsidePaths: request.allowOutsidePaths) }
        let (book, findings) = try gather(request, config: config)
        guard let book, !findings.hasErrors else { throw TearsheetError.invalidInput(findings.items) }
        return book
    }

    /// `load`'s work, collecting findings: benchmarks, then the inputs (even when a benchmark has
    /// errors, so one run shows every problem), then benchmark coverage of the book's range.
    /// The book is `nil` when any finding is an error.
    /// - Throws: `.config` for a missing benchmark folder or a bad period; `.io` for an input that
    ///   cannot be hashed.
    static func gather(_ request: BookRunRequest, config loaded: BookConfig?) throws -> (LoadedBook?, Findings) {
        var config = loaded ?? BookConfig(directInputs: request.inputs)
        let configText = request.configPath.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) } ?? ""
        if let rf = request.riskFree { config.riskFree = rf }
        if let p = request.profile { config.report.profile = p }
        var conventions = request.conventions
        conventions.periodsPerYear = request.periodsPerYear ?? Double(config.periodsPerYear)
        var findings = Findings()

        // Benchmarks first: the primary one is the trading calendar.
        guard let dir = request.benchmarksDir ?? config.benchmarksDir ?? BenchmarkStore.defaultDirectory() else {
            throw TearsheetError.config(file: config.file, message: BenchmarkStore.notFoundMessage)
        }
        let store = BenchmarkStore(directory: dir)
        var (benchmarks, benchFindings) = store.load(config.benchmarks)
        findings.append(contentsOf: benchFindings)
        var options = config.ingestOptions
        if let t = request.ingestThreads { options.parallelism = t }
        if let primary = benchmarks.first, primary.symbol == config.benchmarks.first { options.calendar = primary.closes.days }
        let ingested = ingest(config.inputs, options: options)
        findings.append(contentsOf: ingested.findings)
        guard let ledger = ingested.ledger, !findings.hasErrors, !benchmarks.isEmpty else { return (nil, findings) }
        for f in config.compositeAccountFindings(accounts: ledger.accounts.names) { findings.append(f) }
        if findings.hasErrors { return (nil, findings) }
        if let range = ledger.dateRange {
            let coverage: Findings
            (benchmarks, coverage) = store.load(config.benchmarks, bookRange: range)
            // Only the coverage findings are new; the file findings were collected above.
            for f in coverage.items where f.code.hasPrefix("benchmark-") { findings.append(f) }
            if findings.hasErrors { return (nil, findings) }
        }
        let period = try request.period ?? ReportingPeriod.make(period: config.report.period, from: config.report.from,
                                                                 to: config.report.to, source: config.file)
        // Each CSV input's hash is that of the bytes the parser consumed (hashed while reading),
        // so an edit after the read cannot give the report a hash of data it did not use.
        var inputs = try ingested.files.map { info in
            ProvenanceInput(path: relative(info.path, to: config.folder),
                            sha256: info.sha256.isEmpty ? try sha256(ofFile: info.path) : info.sha256, rows: info.dataRows)
        }
        // The label files and the rate series are inputs like the others: hashed in the provenance.
        for (path, rows) in [(config.inputs.regimes, ingested.regimes?.count), (config.inputs.weekTypes, ingested.weekTypes?.count)] {
            if let path, let rows {
                inputs.append(ProvenanceInput(path: relative(path, to: config.folder), sha256: try ingested.labelSHA256[path] ?? sha256(ofFile: path), rows: rows))
            }
        }
        if case .series(var series) = config.riskFree {
            let hash = try series.sha256 ?? sha256(ofFile: series.path)
            series.sha256 = hash
            config.riskFree = .series(series)
            inputs.append(ProvenanceInput(path: relative(series.path, to: config.folder), sha256: hash, rows: series.rates.count))
        }
        let sources = try benchmarks.map { b in
            // The hash of the bytes parsed (kept with the memoised series), else the file's.
            BenchmarkSource(symbol: b.symbol, source: b.source, sha256: try b.sha256 ?? sha256(ofFile: store.path(of: b.symbol)))
        }
        var ingestWarnings = ingested
        ingestWarnings.ledger = nil
        var book = LoadedBook(request: request, config: config, configText: configText, ledger: ledger, benchmarks: benchmarks,
                              ingested: ingestWarnings, warnings: findings.notices,
                              inputs: inputs, benchmarkSources: sources, period: period, conventions: conventions)
        book.suppressedWarnings = max(0, findings.warningCount - findings.items.lazy.filter { $0.severity == .warning }.count)
        return (book, findings)
    }

    /// Runs valuation -> metrics -> attribution over the loaded book, or over one account's rows
    /// (`Ledger.filtered(account:)`), up to the end of the reporting period when there is one.
    /// - Throws: `.config` for an unknown account or a period with no day of the (account's) book,
    ///   `.reconciliation` when NAV does not reconcile.
    /// - Parameter ledger: `account`'s ledger when the caller has filtered it already (e.g. with
    ///   `Ledger.rowsByAccount`); `nil` to filter here.
    /// - Parameter inputs: `account`'s provenance inputs when the caller has computed them for
    ///   every account (`accountInputs`); `nil` to compute them here. Unused for the book.
    public static func analyse(_ book: LoadedBook, account: String?, ledger accountLedger: Ledger? = nil,
                               inputs accountInputs: [ProvenanceInput]? = nil) throws -> BookRun {
        let config = book.config, request = book.request
        let (ledger, reporting, valuation, warnings) = try value(book, account: account, ledger: accountLedger)
        guard let primary = book.benchmarks.first else { throw TearsheetError.internalFailure("loaded book without benchmarks") }
        let benchmarks = book.benchmarks

        let conventions = book.conventions
        let range = valuation.days.first!...valuation.days.last!
        let named: [NamedReturns]
        if let names = request.comparisonBenchmarks {
            named = try loadBenchmarks(names, benchmarksDir: request.benchmarksDir ?? config.benchmarksDir).benchmarks
                .map { NamedReturns($0.benchmark.symbol, $0.returns.slice(range)) }
        } else {
            named = benchmarks.map { NamedReturns($0.symbol, $0.returns.slice(range)) }
        }
        let metrics = try MetricsEngine(conventions: conventions)
            .compute(book: valuation.total, benchmarks: named, riskFree: config.riskFree, roundTrips: valuation.roundTrips)

        var ac = AttributionConfig()
        ac.primaryBenchmark = primary.symbol
        ac.trendWindow = config.regimes.trendWindow
        ac.volatilityWindow = config.regimes.volWindow
        ac.volatilityLow = config.regimes.volLow
        ac.volatilityHigh = config.regimes.volHigh
        ac.drawdownCorrection = config.regimes.ddCorrection
        ac.drawdownBear = config.regimes.ddBear
        ac.weekStrong = config.weekTypes.strong
        ac.weekFlat = config.weekTypes.flat
        ac.conventions = conventions
        ac.riskFree = config.riskFree
        if let linking = request.linking { ac.linking = linking }
        let regimeLabels = book.ingested.regimes.map { l in l.days.indices.map { (l.days[$0], l.labels[$0]) } } ?? []
        let weekLabels = book.ingested.weekTypes.map { l in l.days.indices.map { (l.days[$0], l.labels[$0]) } } ?? []
        let segments = try segmentReturns(config: config, ledger: ledger, valuation: valuation)
        let attribution = try Attribution.run(book: valuation.total, benchmarks: benchmarks, config: ac,
                                              regimeLabels: regimeLabels, weekLabels: weekLabels, segments: segments?.0)
        // An account's report describes its own rows and echoes only the config that concerns it.
        var inputs = book.inputs, configText = book.configText
        if let account {
            inputs = try accountInputs ?? self.accountInputs(book)[account] ?? []
            configText = accountConfigText(book, account: account, ledger: ledger)
        }
        var run = BookRun(source: .book, config: config, configText: configText, ledger: ledger, benchmarks: benchmarks,
                          valuation: valuation, metrics: metrics, attribution: attribution, segments: segments?.0,
                          warnings: warnings, inputs: inputs + (segments.map { [$0.1] } ?? []), benchmarkSources: book.benchmarkSources)
        run.account = account
        run.moneyWeighted = moneyWeighted(valuation.total, timing: valuation.flowTiming)
        run.sleeveMoneyWeighted = sleeveMoneyWeighted(valuation.total)
        (run.grossOfFees, run.feeFlows) = grossOfFees(valuation.total, ledger: ledger, timing: valuation.flowTiming,
                                                      riskFree: config.riskFree, conventions: conventions)
        run.feesByKind = feesByKind(ledger.cashFlows, days: valuation.days)
        if valuation.accounts.count > 1 {
            run.accountMoneyWeighted = zip(valuation.accounts, valuation.perAccount).compactMap { name, r in
                guard let itd = moneyWeighted(r, timing: valuation.flowTiming).first(where: { $0.label == "ITD" }) else { return nil }
                return AccountMoneyWeighted(account: name, itd: itd)
            }
        }
        if let reporting {
            run.reportingPeriod = reporting
            run.periodAttribution = try Attribution.run(book: valuation.total, benchmarks: benchmarks, config: ac,
                                                        regimeLabels: regimeLabels, weekLabels: weekLabels, period: reporting,
                                                        segments: segments?.0)
            run.periodStatement = PeriodStatement.compute(valuation: valuation, ledger: ledger, period: reporting)
            let t = valuation.total
            if let i = t.days.firstIndex(where: { $0 >= reporting.lowerBound }), let j = t.days.lastIndex(where: { $0 <= reporting.upperBound }) {
                run.periodMoneyWeighted = MoneyWeightedTable.window("Period", days: t.days, nav: t.nav, flows: t.flows, returns: t.portfolio,
                                                                    flowsAtStartOfDay: valuation.flowTiming == .startOfDay,
                                                                    startFlows: startFlows(t), from: i, to: j)
            }
        }
        // A composite groups several accounts: it belongs to the book's report, not to one
        // account's, unless the config asks for the book's sections there too
        // (`[report] include_book_sections`, which values the whole book once more per account).
        if account == nil || (config.report.includeBookSections && !config.composites.isEmpty) {
            let whole = account == nil ? (ledger, valuation) : try { () throws -> (Ledger, Valuation) in
                let v = try value(book, account: nil)
                return (v.ledger, v.valuation)
            }()
            let (bookLedger, bookValuation) = whole
            run.composites = try composites(config: config, valuation: bookValuation, benchmarks: benchmarks)
            let hasFees = account == nil ? run.grossOfFees != nil
                : GrossOfFees.dailyFees(days: bookValuation.days, flowDays: bookLedger.cashFlows.day, amounts: bookLedger.cashFlows.amount,
                                        isFee: bookLedger.cashFlows.type.map { $0 == .fee }).contains(where: { $0 != 0 })
            if hasFees, !run.composites.isEmpty {
                // GIPS asks for both: the same composites on the accounts' gross-of-fees returns.
                let flows = bookLedger.cashFlows
                let fees = bookValuation.accounts.map { name in
                    let id = bookLedger.accounts.id(of: name)
                    return GrossOfFees.dailyFees(days: bookValuation.days, flowDays: flows.day, amounts: flows.amount,
                                                 isFee: flows.type.indices.map { flows.type[$0] == .fee && flows.account[$0] == id })
                }
                run.grossComposites = try composites(config: config, valuation: bookValuation, benchmarks: benchmarks, grossOfFees: fees)
            }
        }
        return run
    }

    /// The gross-of-fees series of a book (its FEE flows added back, `GrossOfFees.returns`) analysed
    /// like the net one, and the fees' total; `(nil, 0)` without a FEE flow on a valued day.
    static func grossOfFees(_ r: BookReturns, ledger: Ledger, timing: FlowTiming, riskFree: RiskFree,
                            conventions: Conventions) -> (SeriesAnalysis?, Double) {
        let flows = ledger.cashFlows
        let fees = GrossOfFees.dailyFees(days: r.days, flowDays: flows.day, amounts: flows.amount, isFee: flows.type.map { $0 == .fee })
        guard fees.contains(where: { $0 != 0 }),
              let gross = GrossOfFees.returns(net: r.portfolio, nav: r.nav, flows: r.flows, fees: fees,
                                              flowsAtStartOfDay: timing == .startOfDay,
                                              denominators: r.denominators.count == r.days.count ? r.denominators : nil) else { return (nil, 0) }
        let analysis = MetricsEngine(conventions: conventions).analyse("Gross of fees", DatedSeries(days: r.days, values: gross), riskFree)
        return (analysis, Stats.sum(fees))
    }

    /// The FEE flows dated on the valued days, summed by kind; empty when no row gives a kind.
    static func feesByKind(_ flows: CashFlowTable, days: [Day]) -> [FeeKindTotal] {
        guard !flows.kind.isEmpty, let first = days.first, let last = days.last else { return [] }
        var totals: [String: [Double]] = [:]
        for i in 0..<flows.count where flows.type[i] == .fee && flows.day[i] >= first && flows.day[i] <= last {
            let k = flows.kind(of: i)
            totals[k.isEmpty ? "unspecified" : k, default: []].append(-flows.amount[i])
        }
        return totals.keys.sorted().map { FeeKindTotal(kind: $0, amount: Stats.sum(totals[$0]!)) }
    }

    /// Modified Dietz and XIRR of a book or account over the windows of `MoneyWeightedTable`.
    /// Each flow at the timing the valuation used for it (per-flow `timing`, the full-withdrawal
    /// rule): the day's start-of-day part is the sum of the sleeves' start-of-day flows.
    static func moneyWeighted(_ r: BookReturns, timing: FlowTiming) -> [MoneyWeightedRow] {
        MoneyWeightedTable.compute(days: r.days, nav: r.nav, flows: r.flows, returns: r.portfolio, flowsAtStartOfDay: timing == .startOfDay,
                                   startFlows: startFlows(r))
    }

    /// The start-of-day part of each day's external flows, from the sleeves; `nil` when the
    /// returns carry no sleeve flows (a bare series).
    static func startFlows(_ r: BookReturns) -> [Double]? {
        guard !r.sleeveStartFlows.isEmpty, r.sleeveStartFlows.allSatisfy({ $0.count == r.days.count }) else { return nil }
        return r.days.indices.map { t in Stats.sum(r.sleeveStartFlows.map { $0[t] }) }
    }

    /// Inception-to-date money-weighted returns of the sleeves that received external flows of
    /// their own (a sleeve funded from the account's cash has no money-weighted return of its own).
    static func sleeveMoneyWeighted(_ r: BookReturns) -> [AccountMoneyWeighted] {
        guard r.sleeveFlows.count == r.sleeves.count, r.sleeveStartFlows.count == r.sleeves.count,
              r.sleeveNAV.count == r.sleeves.count, r.sleeveReturns.count == r.sleeves.count else { return [] }
        return r.sleeves.indices.compactMap { s in
            guard r.sleeveFlows[s].contains(where: { $0 != 0 }), !r.days.isEmpty,
                  let itd = MoneyWeightedTable.window("ITD", days: r.days, nav: r.sleeveNAV[s], flows: r.sleeveFlows[s],
                                                      returns: r.sleeveReturns[s], flowsAtStartOfDay: true,
                                                      startFlows: r.sleeveStartFlows[s], from: 0, to: r.days.count - 1)
            else { return nil }
            return AccountMoneyWeighted(account: r.sleeves[s], itd: itd)
        }
    }

    /// The valuation step of `analyse` (shared with `validate`): the ledger of the book or of one
    /// account, cut at the reporting period's end, valued; with the warnings that concern it (the
    /// book's, its valuation's, days without capital) and the risk-free rate's coverage of its
    /// valued days.
    /// - Throws: `.config` for an unknown account or a period with no day of the (account's) book,
    ///   `.reconciliation` when NAV does not reconcile, `.invalidInput` when the risk-free series
    ///   has no rate for a valued day that its fill rule does not allow.
    static func value(_ book: LoadedBook, account: String?, ledger accountLedger: Ledger? = nil) throws
        -> (ledger: Ledger, reporting: ClosedRange<Day>?, valuation: Valuation, warnings: [Finding]) {
        let config = book.config, request = book.request
        var ledger = book.ledger
        var findings = Findings()
        if let account {
            guard let filtered = accountLedger ?? ledger.filtered(account: account) else {
                throw TearsheetError.config(file: config.file, message: "the book has no account \"\(account)\"")
            }
            ledger = filtered
        }
        guard let primary = book.benchmarks.first else { throw TearsheetError.internalFailure("loaded book without benchmarks") }
        let reporting = try resolvePeriod(book, ledger: ledger)
        let endDay = reporting?.upperBound ?? request.endDay
        // Nothing dated after the period's end exists for the rest of the run: no row, close, name or count.
        if let reporting { ledger = ledger.truncated(through: reporting.upperBound) }
        if account != nil || reporting != nil {
            // Another account's rows (or a row after the end) must not reach the report, not even as a warning.
            let lines = AccountLines(ledger)
            let others = account.map { a in book.accounts.filter { $0 != a } } ?? []
            for w in book.warnings where lines.owns(w, inputs: config.inputs) {
                // A file-level warning that names another account stays out of this one's report.
                if others.contains(where: { ConfigEcho.mentions(w.message, $0) }) { continue }
                findings.append(w)
            }
        } else {
            for w in book.warnings { findings.append(w) }
        }
        let valuation = try TearsheetValuation.value(ledger, calendar: primary.closes.days,
                                                     options: valuationOptions(config: config, ledger: ledger, endDay: endDay))
        for w in valuation.warnings { findings.append(w) }
        for w in capitalFindings(ledger) { findings.append(w) }
        let rate = riskFreeFindings(config.riskFree, days: valuation.days)
        if rate.contains(where: { $0.severity == .error }) { throw TearsheetError.invalidInput(rate) }
        for w in rate { findings.append(w) }
        return (ledger, reporting, valuation, findings.notices)
    }

    /// What the risk-free rate's coverage of the valued `days` says: an error naming the first day a
    /// series has no rate for (and the fill rule does not cover), or a warning listing the days that
    /// took an earlier rate under `risk_free_fill = "previous"`; nothing for a constant.
    public static func riskFreeFindings(_ rate: RiskFree, days: [Day]) -> [Finding] {
        guard case .series(let s) = rate else { return [] }
        let coverage = rate.coverage(of: days)
        let span = s.rates.days.first.map { f in "its rates run from \(f) to \(s.rates.days.last!)" } ?? "it has no rates"
        if let missing = coverage.firstMissing {
            let rule: String
            switch s.fill {
            case .none: rule = "add a rate for every valued day, or set risk_free_fill = \"previous\" in the config to let a day take the last earlier rate"
            case .previous(let maxDays?):
                rule = s.rates.indexOnOrBefore(missing) == nil
                    ? "a day before the first rate has no earlier rate to take; add rates from \(days.first.map(String.init(describing:)) ?? "the book's first day")"
                    : "the last earlier rate is more than risk_free_fill_max_days = \(maxDays) calendar days old; add rates or raise the limit"
            case .previous(nil):
                rule = "a day before the first rate has no earlier rate to take; add rates from \(days.first.map(String.init(describing:)) ?? "the book's first day")"
            }
            return [Finding(file: s.path, line: 0, column: 0, severity: .error, code: "risk-free-missing-day",
                            message: "the risk-free series has no rate for \(missing), a valued day of the book (\(span)); \(rule)")]
        }
        guard !coverage.filled.isEmpty else { return [] }
        let total = coverage.filled.reduce(0) { n, r in n + days.filter { r.contains($0) }.count }
        let shown = coverage.filled.prefix(5).map { $0.lowerBound == $0.upperBound ? "\($0.lowerBound)" : "\($0.lowerBound) to \($0.upperBound)" }
        let more = coverage.filled.count > shown.count ? " and \(coverage.filled.count - shown.count) more gaps" : ""
        return [Finding(file: s.path, line: 0, column: 0, severity: .warning, code: "risk-free-filled",
                        message: "the risk-free series has no rate for \(total) valued day\(total == 1 ? "" : "s"); each took the last earlier rate (risk_free_fill = \"previous\"): \(shown.joined(separator: ", "))\(more)")]
    }

    /// The trading days of the book's reporting period for the whole book (`account == nil`) or one
    /// account; `nil` without a period, for an unknown account, or when the period holds no
    /// trading day of it (an account opened after the period or closed before it).
    public static func reportingRange(_ book: LoadedBook, account: String?, ledger accountLedger: Ledger? = nil) -> ClosedRange<Day>? {
        guard let ledger = accountLedger ?? account.map({ book.ledger.filtered(account: $0) }) ?? book.ledger else { return nil }
        return try? resolvePeriod(book, ledger: ledger)
    }

    /// The reporting period resolved against the trading calendar and the days `ledger` is valued
    /// over (`ReportingPeriod.resolve`); `nil` without a period.
    /// - Throws: `.config` when the period holds no trading day of the ledger.
    static func resolvePeriod(_ book: LoadedBook, ledger: Ledger) throws(TearsheetError) -> ClosedRange<Day>? {
        guard let period = book.period else { return nil }
        let calendar = book.benchmarks.first?.closes.days ?? []
        guard let bookDays = valuedRange(ledger, calendar: calendar, endDay: book.request.endDay) else {
            throw .config(file: book.config.file, message: "the reporting period \(period) holds no trading day of the book: it has no dated rows")
        }
        return try period.resolve(calendar: calendar, book: bookDays, source: book.config.file)
    }

    /// The first and last day a valuation of `ledger` covers: the first calendar day on or after
    /// its first event, through the last calendar day on or before its last marked day (or `endDay`).
    /// `nil` for a ledger without rows or a calendar with no such days.
    static func valuedRange(_ ledger: Ledger, calendar: [Day], endDay: Day?) -> ClosedRange<Day>? {
        guard let events = ledger.dateRange, let first = calendar.first(where: { $0 >= events.lowerBound }) else { return nil }
        let limit = endDay ?? lastMarkedDay(ledger) ?? calendar.last
        guard let limit, let last = calendar.last(where: { $0 <= limit }), first <= last else { return nil }
        return first...last
    }

    /// A run over a bare daily return series (`date,return`), as QuantStats reports one: no ledger,
    /// no sleeves, no trades; NAV is the growth of 1. Benchmarks (`request.comparisonBenchmarks`,
    /// default SPY and QQQ) are symbols in the benchmarks folder or files (`date,return` or
    /// `date,close`); the first is the primary one for the classifiers. The rate is the request's
    /// (0 without one), the periods per year the request's (252 without).
    public static func runReturns(path: String, request: BookRunRequest) throws -> BookRun {
        var series = try ReturnSeriesFile.read(path: path)
        guard var first = series.days.first, var last = series.days.last else {
            throw TearsheetError.invalidInput([Finding(file: path, line: 0, column: 0, severity: .error, code: "no-data-rows", message: "the return series has no rows")])
        }
        let conventions = returnConventions(request), riskFree = request.riskFree ?? .zero
        // A period of a return series is resolved on the series' own days; nothing after its end is read.
        let reporting = try request.period?.resolve(calendar: series.days, book: first...last, source: path)
        if let reporting {
            series = series.slice(first...reporting.upperBound)
            first = series.days[0]
            last = reporting.upperBound
        }
        let (loaded, warnings) = try loadBenchmarks(request.comparisonBenchmarks ?? ["SPY", "QQQ"], benchmarksDir: request.benchmarksDir)
        guard !loaded.isEmpty else { throw TearsheetError.config(file: path, message: "a returns report needs at least one benchmark") }
        let benchmarks = loaded.map(\.benchmark), sources = loaded.map(\.source)

        var nav: [Double] = [], g = 1.0
        for r in series.values { g = max(0, g * (1 + r)); nav.append(g) }
        let n = series.count
        let total = BookReturns(days: series.days, nav: nav, flows: [Double](repeating: 0, count: n), portfolio: series.values,
                                sleeves: [], weights: [], sleeveReturns: [], contributions: [], sleeveNAV: [])
        let valuation = Valuation(days: series.days, accounts: [], strategies: [], flowTiming: .startOfDay, total: total,
                                  perAccount: [], totalBreakdown: DailyBreakdown(zeros: n), accountBreakdown: [],
                                  roundTrips: RoundTripTable(), openLots: [], holdings: [], warnings: [])
        let named = loaded.map { NamedReturns($0.benchmark.symbol, $0.returns.slice(first...last)) }
        let metrics = try MetricsEngine(conventions: conventions).compute(returns: series, benchmarks: named, riskFree: riskFree)
        var ac = AttributionConfig()
        ac.primaryBenchmark = benchmarks[0].symbol
        ac.riskFree = riskFree
        ac.conventions = conventions
        if let linking = request.linking { ac.linking = linking }
        let attribution = try Attribution.run(book: total, benchmarks: benchmarks, config: ac)
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        var config = BookConfig(directInputs: InputFiles(), name: name)
        config.benchmarks = benchmarks.map(\.symbol)
        config.periodsPerYear = Int(conventions.periodsPerYear.rounded())
        config.riskFree = riskFree
        let input = ProvenanceInput(path: URL(fileURLWithPath: path).lastPathComponent, sha256: try sha256(ofFile: path), rows: n)
        var run = BookRun(source: .returnSeries, config: config, configText: "", ledger: Ledger(), benchmarks: benchmarks,
                          valuation: valuation, metrics: metrics, attribution: attribution, segments: nil, warnings: warnings,
                          inputs: [input], benchmarkSources: sources)
        if let reporting {
            run.reportingPeriod = reporting
            run.periodAttribution = try Attribution.run(book: total, benchmarks: benchmarks, config: ac, period: reporting)
        }
        return run
    }

    /// The conventions of a return-series run: the request's, with its periods per year (252 without).
    static func returnConventions(_ request: BookRunRequest) -> Conventions {
        var c = request.conventions
        if let k = request.periodsPerYear { c.periodsPerYear = k }
        return c
    }

    /// A warning for each account that trades but never receives a DEPOSIT: its NAV is then only
    /// its cumulative P&L, so its time-weighted returns rest on a meaningless base.
    public static func capitalFindings(_ ledger: Ledger) -> [Finding] {
        var funded = Set<Int32>(), traded: [Int32] = []
        for i in 0..<ledger.cashFlows.count where ledger.cashFlows.type[i] == .deposit { funded.insert(ledger.cashFlows.account[i]) }
        var seen = Set<Int32>()
        for a in ledger.trades.account where seen.insert(a).inserted { traded.append(a) }
        return traded.filter { !funded.contains($0) }.map { a in
            Finding(file: "cashflows", line: 0, column: 0, severity: .warning, code: "no-deposit",
                    message: "account \(ledger.accounts[a]) trades but has no DEPOSIT; its NAV is only its cumulative P&L, so its returns have no capital base: add a DEPOSIT of its starting capital to cashflows.csv")
        }
    }

    /// The valuation conventions of a book run: the config's flow timing, valued through the last
    /// marked day (or `endDay`), unallocated cash in a sleeve named apart from any strategy.
    public static func valuationOptions(config: BookConfig, ledger: Ledger, endDay: Day? = nil) -> ValuationOptions {
        var o = ValuationOptions()
        o.flowTiming = config.flowTiming == .endOfDay ? .endOfDay : .startOfDay
        o.sleeveCapital = config.strategyCapital.compactMapValues { $0.capital.map(SleeveCapital.amount) ?? $0.allocation.map(SleeveCapital.allocation) }
        o.endDay = endDay ?? lastMarkedDay(ledger)
        // A strategy may itself be called "cash" (a treasury sleeve); unallocated money keeps its own sleeve.
        o.cashSleeveName = ledger.strategies.id(of: "unallocated") == nil ? "unallocated" : "unallocated cash"
        return o
    }

    /// A benchmark named on the command line, with its exact daily returns (a `date,return` file
    /// keeps its own numbers rather than returns recomputed from an index) and its provenance.
    public struct LoadedBenchmark: Sendable {
        public var benchmark: Benchmark
        public var returns: DatedSeries
        public var source: BenchmarkSource
    }

    /// Loads benchmarks named as files (`date,return`, `date,adj_close` or `date,close`; the
    /// symbol is the file name) or as symbols of the benchmarks folder.
    /// - Throws: `.invalidInput` with every finding of a bad file, `.config` for a name that is
    ///   neither a file nor (without a benchmarks folder) a symbol.
    public static func loadBenchmarks(_ names: [String], benchmarksDir: String?) throws -> (benchmarks: [LoadedBenchmark], warnings: [Finding]) {
        var findings = Findings()
        var out: [LoadedBenchmark] = []
        let dir = benchmarksDir ?? BenchmarkStore.defaultDirectory()
        for name in names {
            if FileManager.default.fileExists(atPath: name) {
                guard let c = SeriesFile.read(path: name, accept: [.returns, .adjustedClose, .close], findings: &findings) else { continue }
                let symbol = URL(fileURLWithPath: name).deletingPathExtension().lastPathComponent
                let closes = c.kind == .returns ? SeriesFile.index(fromReturns: c.series) : c.series
                out.append(LoadedBenchmark(benchmark: Benchmark(symbol: symbol, closes: closes, source: name),
                                           returns: c.kind == .returns ? c.series : closes.pricesToReturns(),
                                           source: BenchmarkSource(symbol: symbol, source: name, sha256: try sha256(ofFile: name))))
            } else if let dir {
                let store = BenchmarkStore(directory: dir)
                if let b = store.load(name, findings: &findings) {
                    out.append(LoadedBenchmark(benchmark: b, returns: b.returns,
                                               source: BenchmarkSource(symbol: name, source: b.source, sha256: try sha256(ofFile: store.path(of: name)))))
                }
            } else {
                throw TearsheetError.config(file: name, message: "benchmark '\(name)' is neither a file nor a symbol: no benchmarks folder was found (pass --benchmarks-dir or set TEARSHEET_BENCHMARKS)")
            }
        }
        if findings.hasErrors { throw TearsheetError.invalidInput(findings.items) }
        return (out, findings.warnings)
    }

    /// The last day every input can value: the latest close in the price table, when it is on or
    /// after the ledger's last event. Running past it would mark every holding at a stale price.
    static func lastMarkedDay(_ ledger: Ledger) -> Day? {
        guard let lastPrice = ledger.prices.series.values.compactMap({ $0.days.last }).max() else { return nil }
        if let events = ledger.dateRange, events.upperBound > lastPrice { return nil }
        return lastPrice
    }

    /// SHA-256 of files by file identity (path, device, inode, size, modification time): a batch
    /// hashes SPY and QQQ once, and a book's inputs once for its identity and its provenance.
    static let fileHashes = FileMemo<String>(capacity: 256)

    /// Hex SHA-256 of a file's bytes (memoised while the file is unchanged).
    public static func sha256(ofFile path: String) throws -> String {
        try fileHashes.value(for: path) {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw TearsheetError.io(path: path, message: "cannot read the file to hash it")
            }
            return Hashing.sha256Hex(data)
        }
    }

    /// `path` relative to `folder` when inside it, else the path as given: provenance must not
    /// depend on where the book happens to sit on disk.
    static func relative(_ path: String, to folder: String) -> String {
        let p = (path as NSString).standardizingPath, f = (folder as NSString).standardizingPath
        if !f.isEmpty, p.hasPrefix(f + "/") { return String(p.dropFirst(f.count + 1)) }
        return path
    }
}
