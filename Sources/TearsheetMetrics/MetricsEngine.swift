import TearsheetCore

/// A named daily return series: a benchmark (by symbol) or a sleeve (by strategy name).
public struct NamedReturns: Sendable, Equatable {
    public var name: String
    public var returns: DatedSeries
    public init(_ name: String, _ returns: DatedSeries) {
        self.name = name
        self.returns = returns
    }
}

/// Everything computed for one return series: the registry's series metrics and the tables.
public struct SeriesAnalysis: Sendable {
    public var name: String
    /// `values[i]` belongs to `MetricRegistry.series[i]`.
    public var values: [MetricValue]
    public var calendar: [CalendarYear]
    public var quarterly: [PeriodReturn]
    public var yearly: [PeriodReturn]
    public var trailing: [TrailingReturn]
    public var drawdowns: [DrawdownRow]
    /// Drawdown path (for the underwater chart), dated like the returns.
    public var drawdownPath: DatedSeries
    public var rollingSharpe: DatedSeries
    public var rollingVolatility: DatedSeries

    /// The value of series metric `id`.
    public func value(_ id: String) -> MetricValue? {
        MetricRegistry.series.firstIndex { $0.id == id }.map { values[$0] }
    }
}

/// The portfolio against one benchmark.
public struct RelativeAnalysis: Sendable {
    public var symbol: String
    /// `values[i]` belongs to `MetricRegistry.relative[i]`.
    public var values: [MetricValue]
    /// Number of dates common to the portfolio and the benchmark (inner join).
    public var commonDays: Int
    public var rollingBeta: DatedSeries

    public func value(_ id: String) -> MetricValue? {
        MetricRegistry.relative.firstIndex { $0.id == id }.map { values[$0] }
    }
}

/// Trade statistics of a set of round trips.
public struct TradeAnalysis: Sendable {
    /// `nil` for all trades, else the strategy.
    public var strategy: String?
    /// `values[i]` belongs to `MetricRegistry.trades[i]`.
    public var values: [MetricValue]

    public func value(_ id: String) -> MetricValue? {
        MetricRegistry.trades.firstIndex { $0.id == id }.map { values[$0] }
    }
}

/// Computes every registered metric and table for a portfolio, its benchmarks, its sleeves and
/// its round trips under one set of conventions. Pure: same inputs, same result.
public struct MetricsEngine: Sendable {
    public var conventions: Conventions

    public init(conventions: Conventions = .tearsheet) { self.conventions = conventions }

    /// Computes the full metric set.
    ///
    /// Input series are sorted by date first, so input order never matters. Benchmarks and
    /// sleeves are aligned with the portfolio by an inner join on date for the relative metrics;
    /// each benchmark's own metrics use its own full series.
    /// - Throws: `TearsheetError.invalidInput` when a series repeats a date or holds a non-finite value.
    public func compute(returns: DatedSeries, benchmarks: [NamedReturns] = [], riskFree: RiskFree = .zero,
                        roundTrips: [RoundTrip]? = nil, sleeves: [NamedReturns] = []) throws(TearsheetError) -> MetricsResult {
        try compute(returns: returns, benchmarks: benchmarks, riskFree: riskFree, sleeves: sleeves,
                    trades: roundTrips.map { trips in tradeAnalyses(trips) { trips[$0].strategy } })
    }

    /// The full metric set, with the round trips of a valuation (read in place, not copied).
    public func compute(returns: DatedSeries, benchmarks: [NamedReturns] = [], riskFree: RiskFree = .zero,
                        roundTrips: RoundTripTable, sleeves: [NamedReturns] = []) throws(TearsheetError) -> MetricsResult {
        try compute(returns: returns, benchmarks: benchmarks, riskFree: riskFree, sleeves: sleeves,
                    trades: tradeAnalyses(roundTrips) { roundTrips.strategy($0) })
    }

    private func compute(returns: DatedSeries, benchmarks: [NamedReturns], riskFree: RiskFree,
                         sleeves: [NamedReturns], trades: [TradeAnalysis]?) throws(TearsheetError) -> MetricsResult {
        let portfolio = try Self.sorted(returns, name: "portfolio")
        let p = analyse("portfolio", portfolio, riskFree)
        var bench: [SeriesAnalysis] = [], rel: [RelativeAnalysis] = []
        for b in benchmarks {
            let s = try Self.sorted(b.returns, name: b.name)
            bench.append(analyse(b.name, s, riskFree))
            let pair = PairContext(portfolio: portfolio, benchmark: s, riskFree: riskFree, conventions: conventions)
            rel.append(RelativeAnalysis(symbol: b.name, values: MetricRegistry.relative.map { $0.value(pair) },
                                        commonDays: pair.count, rollingBeta: Rolling.beta(pair, window: conventions.rollingWindow)))
        }
        var sl: [SeriesAnalysis] = []
        for s in sleeves { sl.append(analyse(s.name, try Self.sorted(s.returns, name: s.name), riskFree)) }
        return MetricsResult(conventions: conventions, portfolio: p, benchmarks: bench, relative: rel,
                             sleeves: sl, trades: trades)
    }

    /// Trade statistics of all `trips`, then of each strategy's (by name); `strategy(i)` names
    /// trip `i`'s strategy. Groups positions in `trips`, not copies of the trips.
    private func tradeAnalyses<Trips: RandomAccessCollection>(_ trips: Trips, strategy: (Int) -> String) -> [TradeAnalysis]
    where Trips.Element == RoundTrip, Trips.Index == Int {
        var trades = [tradeAnalysis(nil, trips)]
        var groups: [String: [Int]] = [:]
        for i in trips.indices { groups[strategy(i), default: []].append(i) }
        for name in groups.keys.sorted() { trades.append(tradeAnalysis(name, groups[name]!.lazy.map { trips[$0] })) }
        return trades
    }

    /// A book's portfolio and sleeves (from valuation) against benchmarks.
    public func compute(book: BookReturns, benchmarks: [NamedReturns] = [], riskFree: RiskFree = .zero,
                        roundTrips: [RoundTrip]? = nil) throws(TearsheetError) -> MetricsResult {
        try compute(returns: book.returnSeries, benchmarks: benchmarks, riskFree: riskFree, roundTrips: roundTrips, sleeves: Self.sleeves(book))
    }

    /// A book's portfolio and sleeves against benchmarks, with the round trips of its valuation.
    public func compute(book: BookReturns, benchmarks: [NamedReturns] = [], riskFree: RiskFree = .zero,
                        roundTrips: RoundTripTable) throws(TearsheetError) -> MetricsResult {
        try compute(returns: book.returnSeries, benchmarks: benchmarks, riskFree: riskFree, roundTrips: roundTrips, sleeves: Self.sleeves(book))
    }

    private static func sleeves(_ book: BookReturns) -> [NamedReturns] {
        book.sleeves.indices.map { NamedReturns(book.sleeves[$0], DatedSeries(days: book.days, values: book.sleeveReturns[$0])) }
    }

    /// Series metrics and tables of one series.
    public func analyse(_ name: String, _ series: DatedSeries, _ riskFree: RiskFree) -> SeriesAnalysis {
        let c = SeriesContext(series: series, riskFree: riskFree, conventions: conventions)
        let rolling = Rolling.sharpeAndVolatility(c, window: conventions.rollingWindow)
        return SeriesAnalysis(
            name: name, values: MetricRegistry.series.map { $0.value(c) },
            calendar: PeriodTables.calendar(c), quarterly: PeriodTables.quarterly(c), yearly: c.years,
            trailing: PeriodTables.trailing(c), drawdowns: DrawdownTable.top(c, conventions.drawdownTableRows),
            drawdownPath: DatedSeries(days: c.days, values: c.drawdown),
            rollingSharpe: rolling.sharpe, rollingVolatility: rolling.volatility)
    }

    func tradeAnalysis<Trips: Collection>(_ strategy: String?, _ trips: Trips) -> TradeAnalysis where Trips.Element == RoundTrip {
        let t = TradeContext(trips)
        return TradeAnalysis(strategy: strategy, values: MetricRegistry.trades.map { $0.value(t) })
    }

    /// The series in date order; rejects repeated dates and non-finite values.
    static func sorted(_ s: DatedSeries, name: String) throws(TearsheetError) -> DatedSeries {
        var findings: [Finding] = []
        var days = s.days, values = s.values
        var isSorted = true
        for i in values.indices {
            if !values[i].isFinite {
                findings.append(Finding(file: name, line: 0, column: 0, severity: .error, code: "non-finite-return",
                                        message: "return on \(days[i]) is \(values[i]); expected a finite number"))
            }
            if i > 0 && days[i] <= days[i - 1] { isSorted = false }
        }
        if !isSorted {
            let order = days.indices.sorted { days[$0] < days[$1] }
            days = order.map { s.days[$0] }
            values = order.map { s.values[$0] }
            // Strictly increasing input has no repeats: only a reordered series needs this scan.
            for i in days.indices.dropFirst() where days[i] == days[i - 1] {
                findings.append(Finding(file: name, line: 0, column: 0, severity: .error, code: "duplicate-date",
                                        message: "\(days[i]) appears more than once; expected one return per date"))
            }
        }
        if !findings.isEmpty { throw .invalidInput(findings) }
        return DatedSeries(days: days, values: values)
    }
}
