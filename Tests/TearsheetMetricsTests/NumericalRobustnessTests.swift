import Foundation
import Testing
import TearsheetMetrics
import TearsheetCore

/// Numerical robustness of every registered metric and table on hostile series: 25 years of 1e-12
/// returns, a -100% day, constant prices, a single day, returns near -1 and huge gains; and the
/// error bounds of the compensated sums and of compounding (docs/reliability.md).
@Suite("Numerical robustness")
struct NumericalRobustnessTests {
    static let u = Double.ulpOfOne / 2  // unit roundoff 2^-53
    static let n25y = 25 * 252

    // MARK: - Helpers

    /// Every number a result holds: each metric finite or undefined with a non-empty reason; every
    /// table and path finite. Returns the problems found (empty: clean).
    static func audit(_ r: MetricsResult) -> [String] {
        var bad: [String] = []
        func check(_ where_: String, _ v: MetricValue) {
            switch v {
            case .value(let x): if !x.isFinite { bad.append("\(where_) = \(x)") }
            case .undefined(let why): if why.isEmpty { bad.append("\(where_) undefined without a reason") }
            }
        }
        func finite(_ where_: String, _ xs: [Double]) {
            if let i = xs.firstIndex(where: { !$0.isFinite }) { bad.append("\(where_)[\(i)] = \(xs[i])") }
        }
        func series(_ a: SeriesAnalysis) {
            for (d, v) in zip(MetricRegistry.series, a.values) { check("\(a.name).\(d.id)", v) }
            for y in a.calendar { finite("\(a.name).calendar.\(y.year)", y.months.compactMap { $0 } + [y.total]) }
            finite("\(a.name).quarterly", a.quarterly.map(\.value))
            finite("\(a.name).yearly", a.yearly.map(\.value))
            finite("\(a.name).trailing", a.trailing.map(\.value))
            finite("\(a.name).drawdowns", a.drawdowns.map(\.depth))
            finite("\(a.name).drawdownPath", a.drawdownPath.values)
            if let low = a.drawdownPath.values.min(), low < -1 { bad.append("\(a.name): drawdown \(low) below -100%") }
            finite("\(a.name).rollingSharpe", a.rollingSharpe.values)
            finite("\(a.name).rollingVolatility", a.rollingVolatility.values)
        }
        series(r.portfolio)
        r.benchmarks.forEach(series)
        r.sleeves.forEach(series)
        for rel in r.relative {
            for (d, v) in zip(MetricRegistry.relative, rel.values) { check("\(rel.symbol).\(d.id)", v) }
            finite("\(rel.symbol).rollingBeta", rel.rollingBeta.values)
        }
        for t in r.trades ?? [] {
            for (d, v) in zip(MetricRegistry.trades, t.values) { check("trades(\(t.strategy ?? "all")).\(d.id)", v) }
        }
        return bad
    }

    /// A deterministic N(mu, sigma) series of `n` business days from 2000-01-03.
    static func randomSeries(_ n: Int, seed: UInt64, mu: Double = 0.0003, sigma: Double = 0.01) -> DatedSeries {
        var g = SplitMix(state: seed)
        var v: [Double] = []
        for _ in 0..<n {
            let u1 = 1 - g.uniform(), u2 = g.uniform()
            v.append(mu + sigma * (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2))
        }
        return DatedSeries(days: businessDays(from: Day(year: 2000, month: 1, day: 3)!, count: n), values: v)
    }

    static func constant(_ n: Int, _ r: Double) -> DatedSeries {
        DatedSeries(days: businessDays(from: Day(year: 2000, month: 1, day: 3)!, count: n), values: .init(repeating: r, count: n))
    }

    /// A few round trips so the trade metrics run too.
    static func trips(_ days: [Day], pnl: [Double]) -> [RoundTrip] {
        pnl.enumerated().map { i, p in
            RoundTrip(account: "A", strategy: i % 2 == 0 ? "x" : "y", symbol: "S", direction: .long,
                      entryDay: days[0], exitDay: days[days.count - 1], quantity: 10, entryPrice: 100,
                      exitPrice: 100 + p / 10, fees: 0, pnl: p, returnPct: p / 1000, holdingDaysTrading: days.count - 1,
                      holdingDaysCalendar: days[0].days(to: days[days.count - 1]))
        }
    }

    static func run(_ s: DatedSeries, bench: DatedSeries? = nil, riskFree: RiskFree = .annual(0.02),
                    trips: [RoundTrip]? = nil) throws -> MetricsResult {
        let b = bench ?? randomSeries(s.days.count, seed: 99)
        let benchSeries = DatedSeries(days: s.days, values: Array(b.values.prefix(s.days.count)))
        return try MetricsEngine().compute(returns: s, benchmarks: [NamedReturns("SPY", benchSeries)], riskFree: riskFree,
                                           roundTrips: trips, sleeves: [NamedReturns("half", DatedSeries(days: s.days, values: s.values.map { $0 / 2 }))])
    }

    // MARK: - (a) 25 years of 1e-12 returns

    @Test("25 years of 1e-12 daily returns: closed forms, zero volatility, ratios undefined")
    func tinyReturns() throws {
        let s = Self.constant(Self.n25y, 1e-12)
        let r = try Self.run(s, riskFree: .zero)
        #expect(Self.audit(r) == [])
        let p = r.portfolio
        // Closed form: (1 + 1e-12)^6300 - 1 = expm1(6300 log1p(1e-12)) = 6.3e-9 + 1.98e-17.
        let total = expm1(Double(Self.n25y) * log1p(1e-12))
        #expect(close(p.value("total_return")?.double, total, rel: 1e-12))
        // CAGR over 25 trading years: (1 + R)^(1/25) - 1 = expm1(252 log1p(1e-12)).
        #expect(close(p.value("cagr")?.double, expm1(252 * log1p(1e-12)), rel: 1e-9))
        // A constant series has zero dispersion exactly, not the rounding noise of its mean.
        #expect(p.value("volatility") == .value(0))
        for id in ["sharpe", "smart_sharpe", "probabilistic_sharpe", "skewness", "excess_kurtosis"] {
            #expect(p.value(id)?.double == nil, "\(id) should be undefined, got \(String(describing: p.value(id)))")
            #expect(p.value(id)?.note?.isEmpty == false)
        }
        for id in ["sortino", "calmar", "omega", "recovery_factor", "ulcer_performance_index", "max_drawdown_duration"] {
            #expect(p.value(id)?.note != nil, "\(id): \(String(describing: p.value(id)))")
        }
        #expect(p.value("max_drawdown") == .value(0))
        #expect(p.value("best_day") == .value(1e-12))
        #expect(p.value("win_rate_daily") == .value(1))
    }

    @Test("1e-12 returns with noise of 1e-15: defined, finite ratios")
    func tinyNoisyReturns() throws {
        let noise = Self.randomSeries(Self.n25y, seed: 7, mu: 0, sigma: 1e-15)
        let s = DatedSeries(days: noise.days, values: noise.values.map { 1e-12 + $0 })
        let r = try Self.run(s)
        #expect(Self.audit(r) == [])
        #expect((r.portfolio.value("volatility")?.double ?? -1) > 0)
    }

    // MARK: - (b) a -100% day

    @Test("A -100% day: wealth hits 0 and stays there; drawdown metrics defined or undefined, never below -100%",
          arguments: [-1.0, -1.5, -0.999999999])
    func totalLoss(_ worst: Double) throws {
        var s = Self.randomSeries(300, seed: 3)
        s.values[150] = worst
        let r = try Self.run(s, trips: Self.trips(s.days, pnl: [10, -1000, 5]))
        #expect(Self.audit(r) == [])
        let p = r.portfolio
        if worst <= -1 {
            #expect(p.value("total_return") == .value(-1))
            #expect(p.value("cagr") == .value(-1))
            #expect(p.value("max_drawdown") == .value(-1))
            #expect(p.value("current_drawdown") == .value(-1))
            // Compounding stops: every later day stays at the total loss.
            #expect(p.drawdownPath.values[150...].allSatisfy { $0 == -1 })
            #expect(p.value("calmar") == .value(-1))
            #expect(p.value("recovery_factor") == .value(-1))
            #expect(p.drawdowns.first?.recovery == nil)
            #expect(p.yearly.contains { $0.value == -1 })
        } else {
            #expect((p.value("total_return")?.double ?? 0) > -1)
            #expect((p.value("max_drawdown")?.double ?? 0) > -1)
        }
    }

    @Test("The first day a total loss")
    func totalLossFirstDay() throws {
        var s = Self.randomSeries(40, seed: 5)
        s.values[0] = -1
        let r = try Self.run(s)
        #expect(Self.audit(r) == [])
        #expect(r.portfolio.value("max_drawdown") == .value(-1))
        #expect(r.portfolio.drawdownPath.values.allSatisfy { $0 == -1 })
    }

    // MARK: - (c) constant prices

    @Test("Constant prices (zero returns): volatility 0, Sharpe and Sortino undefined with a reason")
    func zeroReturns() throws {
        let s = Self.constant(500, 0)
        let r = try Self.run(s)
        #expect(Self.audit(r) == [])
        let p = r.portfolio
        #expect(p.value("total_return") == .value(0))
        #expect(p.value("volatility") == .value(0))
        #expect(p.value("max_drawdown") == .value(0))
        for id in ["sharpe", "smart_sharpe", "calmar", "recovery_factor", "skewness", "payoff_ratio_daily", "profit_factor_daily"] {
            #expect(p.value(id)?.note != nil, "\(id): \(String(describing: p.value(id)))")
        }
        // With a positive risk-free rate every day is below it: Sortino is defined (negative).
        #expect((p.value("sortino")?.double ?? 0) < 0)
        let flat = try Self.run(s, riskFree: .zero)
        #expect(flat.portfolio.value("sortino")?.note != nil)
        // Against a flat benchmark: beta and correlation undefined.
        let both = try Self.run(s, bench: s)
        #expect(Self.audit(both) == [])
        #expect(both.relative[0].value("beta")?.note != nil)
        #expect(both.relative[0].value("correlation")?.note != nil)
    }

    // MARK: - (d) a single trading day

    @Test("A single trading day: every metric a value or undefined with a reason", arguments: [0.0, 0.01, -0.02, -1.0, 1e6])
    func singleDay(_ v: Double) throws {
        let s = DatedSeries(days: [Day(year: 2024, month: 3, day: 15)!], values: [v])
        let r = try Self.run(s, bench: DatedSeries(days: s.days, values: [0.005]), trips: Self.trips(s.days, pnl: [3]))
        #expect(Self.audit(r) == [])
        #expect(close(r.portfolio.value("total_return")?.double, v, rel: 1e-14))
        #expect(r.portfolio.value("volatility")?.note != nil)
        #expect(r.portfolio.value("cagr_calendar")?.note != nil)
    }

    @Test("An empty series: every metric undefined, no crash")
    func empty() throws {
        let r = try MetricsEngine().compute(returns: DatedSeries(days: [], values: []))
        #expect(Self.audit(r) == [])
        #expect(r.portfolio.values.allSatisfy { $0.double == nil || $0 == .value(0) })
    }

    // MARK: - (e) returns near -1 and huge gains

    @Test("Returns near -1 and huge gains: finite or undefined, never NaN")
    func extremes() throws {
        var s = Self.randomSeries(400, seed: 11)
        for i in stride(from: 10, to: 400, by: 37) { s.values[i] = -0.999999999 }
        for i in stride(from: 20, to: 400, by: 41) { s.values[i] = 1e6 }
        let r = try Self.run(s, bench: s)
        #expect(Self.audit(r) == [])
        // 10 gains of 1e6 and 11 falls to 1e-9 with the noise: wealth around 1e60 x 1e-99 = 1e-39, which
        // is -1 + 1e-39: -1 to double precision, but never below it.
        #expect((r.portfolio.value("total_return")?.double).map { $0 >= -1 && $0 < 0 } == true)
        #expect((r.portfolio.value("max_drawdown")?.double).map { $0 >= -1 } == true)
    }

    @Test("Wealth overflowing to infinity: metrics undefined with a reason, drawdown path finite")
    func overflow() throws {
        let s = Self.constant(200, 1e6)
        let r = try Self.run(s)
        // The period tables hold plain compounded returns: past 1.8e308 they are +infinity (never
        // NaN), which the report model shows as an empty cell with a reason (`Cell.number`).
        let tables = ["calendar", "quarterly", "yearly", "trailing"]
        #expect(Self.audit(r).filter { p in !tables.contains { p.contains(".\($0)") && p.hasSuffix("= inf") } } == [])
        #expect(r.portfolio.value("total_return")?.note != nil)
        #expect(r.portfolio.value("cagr")?.note != nil)
        #expect(r.portfolio.drawdownPath.values.allSatisfy { $0 == 0 })
    }

    // MARK: - Summation error bounds (Stats, Neumaier)

    /// Exact-enough reference: double-double accumulation (Knuth's TwoSum), error ~ n u^2 sum|x|.
    static func doubleDoubleSum(_ xs: [Double]) -> (hi: Double, lo: Double) {
        var hi = 0.0, lo = 0.0
        for x in xs {
            let s = hi + x
            let bp = s - hi
            let e = (hi - (s - bp)) + (x - bp)
            let t = lo + e
            hi = s + t
            lo = t - (hi - s)
        }
        return (hi, lo)
    }

    static func naiveSum(_ xs: [Double]) -> Double { xs.reduce(0, +) }

    @Test("Neumaier sum over 25 x 252 daily returns: |error| <= 2u|S| + 2n u^2 sum|x| (naive: (n-1)u sum|x|)")
    func summationBound() {
        for seed in UInt64(1)...20 {
            let xs = Self.randomSeries(Self.n25y, seed: seed, mu: 0.0002, sigma: 0.02).values
            let ref = Self.doubleDoubleSum(xs)
            let absSum = xs.reduce(0) { $0 + abs($1) }
            let n = Double(xs.count)
            // Error against the double-double reference (hi + lo, the difference taken in two steps).
            let e = abs((Stats.sum(xs) - ref.hi) - ref.lo)
            let bound = 2 * Self.u * abs(ref.hi) + 2 * n * Self.u * Self.u * absSum
            #expect(e <= bound, "seed \(seed): error \(e) above the bound \(bound)")
            let naive = abs((Self.naiveSum(xs) - ref.hi) - ref.lo)
            #expect(naive <= (n - 1) * Self.u * absSum)
        }
    }

    @Test("Naive summation loses digits where the compensated sum does not")
    func naiveLosesDigits() {
        // One large day then 6,299 days of 1e-16: each tiny term is below half an ulp of the running
        // naive sum, so the naive sum never moves; the exact sum is 1 + 6.299e-13.
        let xs = [1.0] + [Double](repeating: 1e-16, count: Self.n25y - 1)
        let exact = 1 + 6299e-16
        #expect(Self.naiveSum(xs) == 1)
        #expect(abs(Stats.sum(xs) - exact) <= 2 * Self.u * exact)
        // Returns that cancel: 5% sin(i) days around a 1e-7 drift (sum|x| ~ 200, |S| ~ 0.09).
        let ys = (0..<Self.n25y).map { 0.05 * sin(Double($0)) + 1e-7 }
        let ref = Self.doubleDoubleSum(ys)
        let naiveErr = abs((Self.naiveSum(ys) - ref.hi) - ref.lo)
        let compErr = abs((Stats.sum(ys) - ref.hi) - ref.lo)
        #expect(compErr <= 2 * Self.u * abs(ref.hi))
        // The naive error is over ten times the compensated bound (about 58 ulps of S here).
        #expect(naiveErr > 10 * 2 * Self.u * abs(ref.hi), "naive \(naiveErr) vs compensated \(compErr)")
        // Stats.mean and the series context use the same compensated sum.
        let c = SeriesContext(days: businessDays(from: Day(year: 2000, month: 1, day: 3)!, count: ys.count), returns: ys, conventions: .tearsheet)
        #expect(abs(c.mean! - (ref.hi + ref.lo) / Double(ys.count)) <= 4 * Self.u * abs(ref.hi) / Double(ys.count))
    }

    // MARK: - Compounding 6,300 returns: product vs log-sum

    /// Double-double product of (1 + r_i), exact to ~n u^2: each factor 1 + r kept as hi + lo, products via fma.
    static func exactGrowth(_ rs: [Double]) -> Double {
        var hi = 1.0, lo = 0.0
        for r in rs {
            // 1 + r exactly as a pair (TwoSum).
            let fh = 1 + r, bp = fh - 1, fl = (1 - (fh - bp)) + (r - bp)
            // (hi + lo) (fh + fl) to double-double.
            let p = hi * fh
            let pe = fma(hi, fh, -p) + (hi * fl + lo * fh)
            hi = p + pe
            lo = pe - (hi - p)
        }
        return hi + lo
    }

    @Test("Compounding 6,300 returns: Stats.compound within its stated bound; the plain product loses the digits of small returns")
    func compoundingBound() {
        var worstProduct = 0.0, worstRecursion = 0.0
        for seed in UInt64(1)...10 {
            let rs = Self.randomSeries(Self.n25y, seed: seed, mu: 0.0003, sigma: 0.012).values
            let exact = Self.exactGrowth(rs)
            let product = rs.reduce(1.0) { $0 * (1 + $1) }
            let viaStats = 1 + Stats.compound(rs)
            // The stated bound of the branch taken: the growth recursion's u sum_t (|g_{t-1} + r_t| +
            // |g_t|) W_T / W_t, or the product's 2n u W_T.
            var g = 0.0, w = 1.0, low = 1.0, terms: [(Double, Double)] = []
            for r in rs {
                let next = (g + r).addingProduct(g, r)
                terms.append((abs(g + r) + abs(next), 1 + next))
                g = next
                w *= 1 + r
                low = min(low, w)
            }
            // `Stats.compounded`'s rule: the growth recursion only for a series ending within 2^-7
            // of its start that never lost half its wealth, the product otherwise.
            let recursion = low >= 0.5 && abs(w - 1) < 0x1p-7
            let bound = recursion ? Self.u * terms.reduce(0) { $0 + $1.0 * exact / $1.1 } : 2 * Double(Self.n25y) * Self.u * exact
            #expect(abs(viaStats - exact) <= bound, "seed \(seed): error \(abs(viaStats - exact)) above \(bound)")
            // The product's bound: 2n u relative (each 1 + r and each multiplication rounds once).
            #expect(abs(product - exact) / exact <= 2 * Double(Self.n25y) * Self.u)
            worstProduct = max(worstProduct, abs(product - exact) / exact)
            worstRecursion = max(worstRecursion, abs(viaStats - exact) / exact)
        }
        #expect(worstRecursion < 1e-12 && worstProduct < 1e-12)
        // Tiny returns: the product rounds each 1 + 1e-12 to a multiple of 2^-52 (a relative error of
        // about 1e-4 in r); the recursion never forms 1 + r and keeps 12 digits of the return.
        let tiny = [Double](repeating: 1e-12, count: Self.n25y)
        let exactTiny = expm1(Double(Self.n25y) * log1p(1e-12))
        let productTiny = tiny.reduce(1.0) { $0 * (1 + $1) } - 1
        #expect(abs(productTiny - exactTiny) / exactTiny > 1e-6)
        #expect(abs(Stats.compound(tiny) - exactTiny) / exactTiny <= Double(Self.n25y) * Self.u)
    }

    @Test("Stats.compound: -100% stops compounding; empty is 0")
    func compoundEdges() {
        #expect(Stats.compound([0.1, -1, 0.5]) == -1)
        #expect(Stats.compound([0.1, -1.5, 0.5]) == -1)
        #expect(Stats.compound([Double]()) == 0)
        #expect(close(Stats.compound([0.1, 0.2]), 0.32, rel: 1e-15))
        #expect(Stats.annualize(compounded: -1, periods: 10, periodsPerYear: 252) == -1)
        #expect(Stats.annualize(compounded: 0.1, periods: 0, periodsPerYear: 252) == nil)
    }
}
