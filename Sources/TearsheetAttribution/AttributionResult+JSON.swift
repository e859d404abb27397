import TearsheetCore

extension AttributionResult {
    /// The machine-readable object of `tearsheet attribution --json`: the whole result, unrounded
    /// (shortest round-trip decimals, `null` for an undefined statistic), written through
    /// `JSONOutput` (keys sorted). Sleeves, labels and benchmarks are object keys, so the output
    /// does not depend on the order the book lists its sleeves in.
    ///
    /// Shape: `{"active": {SYMBOL: {"active_return", "benchmark_return", "hit_rate", ...,
    /// "sleeves": {NAME: {"contribution"}}}}, "brinson_fachler": {...} (when given), "correlation":
    /// {NAME: {NAME: number|null}}, "factors": {SERIES: {MODEL: {...}}}, "linking", "notes": [...],
    /// "period": {"days", "end", "start"}, "periods": [...], "primary_benchmark",
    /// "regimes": {CLASSIFIER: {LABEL: {"days", "log_return", ...}}}, "residual", "sleeves":
    /// {NAME: {...}}, "total_return", "week_types": {CLASSIFIER: {LABEL: {"weeks", "days", ...}}}}`.
    /// - Throws: `TearsheetError.internalFailure` only if encoding fails (a bug).
    public func json() throws(TearsheetError) -> String {
        try JSONOutput.text(AttributionJSON(self))
    }
}

/// The `Encodable` form of an `AttributionResult` (see `AttributionResult.json()`).
struct AttributionJSON: Encodable {
    struct Period: Encodable { var start: String, end: String, days: Int }

    struct Sleeve: Encodable {
        var contribution, contributionShare, totalReturn, volatility, sharpe, maxDrawdown, pnl, pnlShare: JSONNumber
        var activeDays: Int
        enum CodingKeys: String, CodingKey {
            case contribution, contributionShare = "contribution_share", totalReturn = "return", volatility, sharpe
            case maxDrawdown = "max_drawdown", pnl, pnlShare = "pnl_share", activeDays = "active_days"
        }
    }

    struct Contribution: Encodable { var contribution: JSONNumber }

    struct Benchmark: Encodable {
        var benchmarkReturn, activeReturn, residual, hitRate: JSONNumber
        var hitRateBasis: String
        var subperiods: Int
        var sleeves: [String: Contribution]
        enum CodingKeys: String, CodingKey {
            case benchmarkReturn = "benchmark_return", activeReturn = "active_return", residual, hitRate = "hit_rate"
            case hitRateBasis = "hit_rate_basis", subperiods, sleeves
        }
    }

    struct PeriodRow: Encodable {
        var kind, label, start, end: String
        var days: Int
        var totalReturn, annualizedReturn, residual: JSONNumber
        var sleeves: [String: Contribution]
        var benchmarks: [String: Benchmark]
        enum CodingKeys: String, CodingKey {
            case kind, label, start, end, days, totalReturn = "total_return", annualizedReturn = "annualized_return"
            case residual, sleeves, benchmarks
        }
    }

    struct GroupBenchmark: Encodable {
        var benchmarkReturn, activeReturn, beta: JSONNumber
        enum CodingKeys: String, CodingKey { case benchmarkReturn = "benchmark_return", activeReturn = "active_return", beta }
    }

    struct GroupSleeve: Encodable {
        var contribution, logContribution: JSONNumber
        enum CodingKeys: String, CodingKey { case contribution, logContribution = "log_contribution" }
    }

    struct Group: Encodable {
        /// Only for week types.
        var weeks: Int?
        var days: Int
        var shareOfDays, totalReturn, annualizedReturn, volatility, sharpe, logReturn, residual: JSONNumber
        var benchmarks: [String: GroupBenchmark]
        var sleeves: [String: GroupSleeve]
        enum CodingKeys: String, CodingKey {
            case weeks, days, shareOfDays = "share_of_days", totalReturn = "return", annualizedReturn = "annualized_return"
            case volatility, sharpe, logReturn = "log_return", residual, benchmarks, sleeves
        }
    }

    struct Beta: Encodable {
        var beta, standardError, t, betaReturn: JSONNumber
        enum CodingKeys: String, CodingKey { case beta, standardError = "standard_error", t, betaReturn = "beta_return" }
    }

    struct Model: Encodable {
        var observations: Int
        var alpha, alphaAnnualized, alphaStandardError, alphaT, rSquared, totalReturn, betaReturn, residualReturn: JSONNumber
        var betas: [String: Beta]
        enum CodingKeys: String, CodingKey {
            case observations, alpha, alphaAnnualized = "alpha_annualized", alphaStandardError = "alpha_standard_error"
            case alphaT = "alpha_t", rSquared = "r_squared", totalReturn = "total_return", betaReturn = "beta_return"
            case residualReturn = "residual_return", betas
        }
    }

    struct Segment: Encodable { var allocation, selection, interaction, total: JSONNumber }

    struct Brinson: Encodable {
        var portfolioReturn, benchmarkReturn, activeReturn, allocation, selection, interaction, residual: JSONNumber
        var segments: [String: Segment]
        enum CodingKeys: String, CodingKey {
            case portfolioReturn = "portfolio_return", benchmarkReturn = "benchmark_return", activeReturn = "active_return"
            case allocation, selection, interaction, residual, segments
        }
    }

    var period: Period
    var linking: String
    var primaryBenchmark: String
    var totalReturn, residual: JSONNumber
    var sleeves: [String: Sleeve] = [:]
    var correlation: [String: [String: JSONNumber]] = [:]
    var active: [String: Benchmark] = [:]
    var periods: [PeriodRow] = []
    var regimes: [String: [String: Group]]
    var weekTypes: [String: [String: Group]]
    var factors: [String: [String: Model]] = [:]
    /// Absent (not `null`) when no segment returns were given: the synthesized encoding leaves
    /// out a `nil` optional, as it does `Group.weeks` outside week types.
    var brinsonFachler: Brinson?
    var notes: [String]

    enum CodingKeys: String, CodingKey {
        case period, linking, primaryBenchmark = "primary_benchmark", totalReturn = "total_return", residual, sleeves
        case correlation, active, periods, regimes, weekTypes = "week_types", factors, brinsonFachler = "brinson_fachler", notes
    }

    init(_ r: AttributionResult) {
        let names = r.sleeves
        func bySleeve<T>(_ values: [T]) -> [String: T] { Dictionary(zip(names, values), uniquingKeysWith: { a, _ in a }) }
        func contributions(_ values: [Double]) -> [String: Contribution] { bySleeve(values.map { Contribution(contribution: JSONNumber($0)) }) }
        func benchmark(_ b: PeriodBenchmark) -> Benchmark {
            Benchmark(benchmarkReturn: JSONNumber(b.benchmarkReturn), activeReturn: JSONNumber(b.activeReturn),
                      residual: JSONNumber(b.activeResidual), hitRate: JSONNumber(b.hitRate), hitRateBasis: b.hitRateBasis.rawValue,
                      subperiods: b.subperiods, sleeves: contributions(b.activeContributions))
        }
        func benchmarks(_ bs: [PeriodBenchmark]) -> [String: Benchmark] {
            Dictionary(bs.map { ($0.symbol, benchmark($0)) }, uniquingKeysWith: { a, _ in a })
        }
        func classifications(_ cs: [Classification]) -> [String: [String: Group]] {
            var out: [String: [String: Group]] = [:]
            for c in cs {
                var groups: [String: Group] = [:]
                for g in c.groups {
                    let bench = g.benchmarks.map { b in
                        (b.symbol, GroupBenchmark(benchmarkReturn: JSONNumber(b.benchmarkReturn), activeReturn: JSONNumber(b.activeReturn),
                                                  beta: JSONNumber(b.beta)))
                    }
                    let sleeves = g.sleeves.map { s in
                        (s.name, GroupSleeve(contribution: JSONNumber(s.contribution), logContribution: JSONNumber(s.logContribution)))
                    }
                    groups[g.label] = Group(weeks: g.weeks, days: g.days, shareOfDays: JSONNumber(g.shareOfDays),
                                            totalReturn: JSONNumber(g.totalReturn), annualizedReturn: JSONNumber(g.annualizedReturn),
                                            volatility: JSONNumber(g.volatility), sharpe: JSONNumber(g.sharpe),
                                            logReturn: JSONNumber(g.logReturn), residual: JSONNumber(g.residual),
                                            benchmarks: Dictionary(bench, uniquingKeysWith: { a, _ in a }),
                                            sleeves: Dictionary(sleeves, uniquingKeysWith: { a, _ in a }))
                }
                out[c.name] = groups
            }
            return out
        }

        period = Period(start: r.period.lowerBound.description, end: r.period.upperBound.description, days: r.days)
        linking = r.linking.rawValue
        primaryBenchmark = r.primaryBenchmark
        totalReturn = JSONNumber(r.totalReturn)
        residual = JSONNumber(r.residual)
        for a in r.strategy.sleeves {
            sleeves[a.name] = Sleeve(contribution: JSONNumber(a.contribution), contributionShare: JSONNumber(a.contributionShare),
                                     totalReturn: JSONNumber(a.ownReturn ? a.totalReturn : nil), volatility: JSONNumber(a.volatility),
                                     sharpe: JSONNumber(a.sharpe), maxDrawdown: JSONNumber(a.ownReturn ? a.maxDrawdown : nil), pnl: JSONNumber(a.pnl),
                                     pnlShare: JSONNumber(a.pnlShare), activeDays: a.activeDays)
        }
        // The matrix covers the shown sleeves only (`StrategyAttribution.shownSleeveLimit`).
        let correlated = r.strategy.correlationSleeves.compactMap { $0 < names.count ? names[$0] : nil }
        for (i, row) in r.strategy.correlation.enumerated() where i < correlated.count {
            correlation[correlated[i]] = Dictionary(zip(correlated, row.map(JSONNumber.init)), uniquingKeysWith: { a, _ in a })
        }
        active = benchmarks(r.active)
        periods = r.periods.map { p in
            PeriodRow(kind: p.kind.rawValue, label: p.label, start: p.start.description, end: p.end.description, days: p.days,
                      totalReturn: JSONNumber(p.totalReturn), annualizedReturn: JSONNumber(p.annualizedReturn),
                      residual: JSONNumber(p.residual), sleeves: contributions(p.contributions), benchmarks: benchmarks(p.benchmarks))
        }
        regimes = classifications(r.regimes)
        weekTypes = classifications(r.weekTypes)
        for f in r.factors {
            var models: [String: Model] = [:]
            for m in f.models {
                var betas: [String: Beta] = [:]
                for (j, sym) in m.symbols.enumerated() {
                    betas[sym] = Beta(beta: JSONNumber(m.betas[j]), standardError: JSONNumber(m.betaStandardErrors[j]),
                                      t: JSONNumber(m.betaTStats[j]), betaReturn: JSONNumber(m.betaReturnBySymbol[j]))
                }
                models[m.name] = Model(observations: m.observations, alpha: JSONNumber(m.alpha), alphaAnnualized: JSONNumber(m.alphaAnnualized),
                                       alphaStandardError: JSONNumber(m.alphaStandardError), alphaT: JSONNumber(m.alphaTStat),
                                       rSquared: JSONNumber(m.rSquared), totalReturn: JSONNumber(m.totalReturn),
                                       betaReturn: JSONNumber(m.betaReturn), residualReturn: JSONNumber(m.residualReturn), betas: betas)
            }
            factors[f.series] = models
        }
        brinsonFachler = r.brinsonFachler.map { bf in
            Brinson(portfolioReturn: JSONNumber(bf.portfolioReturn), benchmarkReturn: JSONNumber(bf.benchmarkReturn),
                    activeReturn: JSONNumber(bf.activeReturn), allocation: JSONNumber(bf.allocation), selection: JSONNumber(bf.selection),
                    interaction: JSONNumber(bf.interaction), residual: JSONNumber(bf.residual),
                    segments: Dictionary(bf.segments.map { s in
                        (s.name, Segment(allocation: JSONNumber(s.allocation), selection: JSONNumber(s.selection),
                                         interaction: JSONNumber(s.interaction), total: JSONNumber(s.total)))
                    }, uniquingKeysWith: { a, _ in a }))
        }
        notes = r.notes
    }

}
