import TearsheetCore

/// Entry point: runs every attribution method over a book and its benchmarks.
public enum Attribution {
    /// Runs strategy, period, regime, week-type and factor attribution.
    ///
    /// - Parameters:
    ///   - book: daily returns from valuation (its days define the calendar; see `BenchmarkAlignment`).
    ///   - benchmarks: at least one; the primary one (config, default the first) drives the classifiers
    ///     and its days are the trading calendar for week types.
    ///   - regimeLabels: user regimes by date (`regimes.csv`); empty for none.
    ///   - weekLabels: user week types by week start (`week_types.csv`); any day maps to its Monday.
    ///   - period: restricts the analysis to the book days in the range; `nil` for all. Benchmark
    ///     returns and classifier windows still use history before the period.
    ///   - segments: per-sector weights and returns of the portfolio and a segment benchmark; when
    ///     given, Brinson-Fachler attribution runs over the same period.
    /// - Throws: `TearsheetError.config` for an invalid config (see `AttributionConfig.validate`), without benchmarks, with an unknown primary benchmark or an
    ///   empty period; `TearsheetError.internalFailure` when the book's arrays are inconsistent.
    public static func run(book: BookReturns, benchmarks: [Benchmark], config: AttributionConfig = AttributionConfig(),
                           regimeLabels: [(Day, String)] = [], weekLabels: [(Day, String)] = [],
                           period: ClosedRange<Day>? = nil, segments: SegmentReturns? = nil) throws -> AttributionResult {
        try config.validate()
        try validate(book)
        guard !benchmarks.isEmpty else {
            throw TearsheetError.config(file: "tearsheet.toml", message: "attribution needs at least one benchmark")
        }
        let primarySymbol = config.primaryBenchmark ?? benchmarks[0].symbol
        guard let primary = benchmarks.first(where: { $0.symbol == primarySymbol }) else {
            throw TearsheetError.config(file: "tearsheet.toml",
                                        message: "primary benchmark \(primarySymbol) is not among the benchmarks \(benchmarks.map(\.symbol))")
        }
        var notes: [String] = []
        var aligned: [(symbol: String, returns: [Double])] = []
        for b in benchmarks {
            let (ret, missing) = BenchmarkAlignment.align(b.closes, to: book.days)
            if missing > 0 {
                notes.append("\(b.symbol): no close on or before \(missing) reference day(s); those days count as 0 return")
            }
            aligned.append((b.symbol, ret))
        }
        var lo = 0, hi = book.days.count
        if let period {
            while lo < hi && book.days[lo] < period.lowerBound { lo += 1 }
            while hi > lo && book.days[hi - 1] > period.upperBound { hi -= 1 }
        }
        guard lo < hi else {
            throw TearsheetError.config(file: "tearsheet.toml", message: "the period holds no book days")
        }
        var p = Panel(book: book, benchmarks: aligned, range: lo..<hi)
        p.riskFree = config.riskFree.perPeriod(on: p.days, periodsPerYear: config.periodsPerYear)
        let all = Array(0..<p.count)
        let total = p.link(days: all, benchmark: nil, method: config.linking)
        if total.method != config.linking {
            notes.append("linking: \(config.linking.rawValue) is undefined when a day loses 100%; \(total.method.rawValue) used")
        }
        let periods = PeriodAttribution.all(panel: p, config: config)
        guard let itd = periods.last, itd.kind == .inceptionToDate else {
            throw TearsheetError.internalFailure("attribution: the inception-to-date period is missing")
        }

        // Regimes on the primary benchmark's own calendar, mapped to book days.
        let c = primary.closes.values, cal = primary.closes.days
        func mapped(_ labels: [String]) -> [String] {
            RegimeClassifiers.toBookDays(labels, calendar: cal, days: p.days, timing: config.classificationTiming)
        }
        var regimes = [
            GroupStatistics.classify(panel: p, name: "trend",
                                     labels: mapped(RegimeClassifiers.trend(closes: c, window: config.trendWindow)), config: config),
            GroupStatistics.classify(panel: p, name: "volatility",
                                     labels: mapped(RegimeClassifiers.volatility(closes: c, window: config.volatilityWindow,
                                                                                 low: config.volatilityLow, high: config.volatilityHigh,
                                                                                 periodsPerYear: config.periodsPerYear)), config: config),
            GroupStatistics.classify(panel: p, name: "drawdown",
                                     labels: mapped(RegimeClassifiers.drawdown(closes: c, correction: config.drawdownCorrection,
                                                                               bear: config.drawdownBear)), config: config),
        ]
        if !regimeLabels.isEmpty {
            if Set(regimeLabels.map(\.0)).count != regimeLabels.count {
                notes.append("regimes: a date is labelled more than once; the last label is used")
            }
            regimes.append(GroupStatistics.classify(panel: p, name: "user",
                                                    labels: RegimeClassifiers.userLabels(regimeLabels, days: p.days), config: config))
        }

        let weekTypes = WeekTypeAttribution.classifications(panel: p, primary: primary, weekLabels: weekLabels,
                                                            config: config, notes: &notes)

        var factors: [FactorAttribution] = []
        factors.append(FactorAttribution(series: "portfolio", models: models(y: p.r, idx: all, panel: p, config: config)))
        for s in 0..<p.sleeves.count {
            let idx = all.filter { p.weights[s][$0] != 0 }
            factors.append(FactorAttribution(series: p.sleeves[s],
                                             models: models(y: idx.map { p.sleeveReturns[s][$0] }, idx: idx, panel: p, config: config)))
        }

        let brinson = try segments.map { try BrinsonFachler.attribute($0, period: p.days[0]...p.days[p.count - 1], method: config.linking) }

        return AttributionResult(
            period: p.days[0]...p.days[p.count - 1], days: p.count, sleeves: p.sleeves,
            benchmarks: p.benchmarkSymbols, primaryBenchmark: primarySymbol, config: config,
            linking: total.method, totalReturn: total.total, residual: total.residual,
            strategy: StrategyAttribution.compute(panel: p, linked: total, config: config),
            active: itd.benchmarks, periods: periods, regimes: regimes, weekTypes: weekTypes,
            factors: factors, brinsonFachler: brinson, notes: notes)
    }

    /// Each benchmark alone, then all jointly (when there are two or more).
    static func models(y: [Double], idx: [Int], panel p: Panel, config: AttributionConfig) -> [FactorModel] {
        let xs = p.bench.map { b in idx.map { b[$0] } }
        var sets: [[Int]] = (0..<xs.count).map { [$0] }
        if xs.count >= 2 { sets.append(Array(0..<xs.count)) }
        return sets.compactMap { set in
            BenchmarkFactors.fit(y, on: set.map { xs[$0] }, symbols: set.map { p.benchmarkSymbols[$0] },
                                 periodsPerYear: config.periodsPerYear, linking: config.linking)
        }
    }

    static func validate(_ b: BookReturns) throws {
        let n = b.days.count, S = b.sleeves.count
        func bad(_ what: String) -> TearsheetError { .internalFailure("book returns: \(what)") }
        guard n > 0 else { throw TearsheetError.config(file: "tearsheet.toml", message: "the book has no days") }
        guard b.portfolio.count == n else { throw bad("portfolio has \(b.portfolio.count) values for \(n) days") }
        for i in 1..<max(n, 1) where !(b.days[i - 1] < b.days[i]) { throw bad("days not strictly increasing at \(b.days[i])") }
        for (name, rows) in [("weights", b.weights), ("sleeveReturns", b.sleeveReturns), ("contributions", b.contributions)] {
            guard rows.count == S, rows.allSatisfy({ $0.count == n }) else { throw bad("\(name) is not \(S) x \(n)") }
        }
        for x in b.portfolio where !x.isFinite { throw bad("non-finite portfolio return") }
    }
}
