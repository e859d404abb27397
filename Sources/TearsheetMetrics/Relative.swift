#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import TearsheetCore

/// A portfolio and a benchmark on their common dates (inner join on date: a day missing from
/// either series is dropped from both), with the shared moments of the benchmark-relative metrics.
public struct PairContext: Sendable {
    public let conventions: Conventions
    public let days: [Day]
    /// Portfolio returns on the common days.
    public let portfolio: [Double]
    /// Benchmark returns on the common days.
    public let benchmark: [Double]
    /// Per-period risk-free rate on the common days.
    public let riskFree: [Double]
    public var count: Int { days.count }
    /// Beta of the portfolio on the benchmark; nil when undefined.
    public let beta: Double?
    /// Sums of squared and cross deviations of the raw returns around their means.
    let sPP: Double, sBB: Double, sPB: Double
    /// Mean and sum of squared deviations of the active return r - b.
    let activeMean: Double, activeSS: Double
    /// Growth prod(1 + x) and day count of the portfolio and the benchmark on the benchmark's up and down days.
    let upP: Double, upB: Double, upN: Int, downP: Double, downB: Double, downN: Int
    /// The annual rate behind a constant risk-free rate, if given that way.
    public let annualRiskFree: Double?
    /// Whether the per-period risk-free rate is the same on every common day.
    let constantRiskFree: Bool

    /// Aligns two dated series by an inner join on date (both sorted ascending).
    public init(portfolio: DatedSeries, benchmark: DatedSeries, riskFree: RiskFree = .zero, conventions: Conventions) {
        var d: [Day] = [], p: [Double] = [], b: [Double] = []
        let cap = min(portfolio.count, benchmark.count)
        d.reserveCapacity(cap); p.reserveCapacity(cap); b.reserveCapacity(cap)
        var i = 0, j = 0
        while i < portfolio.count && j < benchmark.count {
            let x = portfolio.days[i], y = benchmark.days[j]
            if x == y { d.append(x); p.append(portfolio.values[i]); b.append(benchmark.values[j]); i += 1; j += 1 }
            else if x < y { i += 1 } else { j += 1 }
        }
        self.init(days: d, portfolio: p, benchmark: b,
                  riskFree: riskFree.perPeriod(on: d, periodsPerYear: conventions.periodsPerYear),
                  annualRiskFree: riskFree.annualRate, conventions: conventions)
    }

    /// Already aligned arrays.
    public init(days: [Day], portfolio: [Double], benchmark: [Double], riskFree: [Double], annualRiskFree: Double? = nil,
                conventions: Conventions) {
        self.annualRiskFree = annualRiskFree
        self.conventions = conventions
        self.days = days
        self.portfolio = portfolio
        self.benchmark = benchmark
        self.riskFree = riskFree
        let n = portfolio.count
        let mp = Stats.mean(portfolio) ?? 0, mb = Stats.mean(benchmark) ?? 0
        var spp = 0.0, sbb = 0.0, spb = 0.0, sa = 0.0
        var up = (1.0, 1.0, 0), down = (1.0, 1.0, 0)
        for i in 0..<n {
            let r = portfolio[i], b = benchmark[i]
            let dp = r - mp, db = b - mb
            spp += dp * dp; sbb += db * db; spb += dp * db
            sa += r - b
            if b > 0 { up.0 *= 1 + r; up.1 *= 1 + b; up.2 += 1 } else if b < 0 { down.0 *= 1 + r; down.1 *= 1 + b; down.2 += 1 }
        }
        let am = n > 0 ? sa / Double(n) : 0
        var ass = 0.0
        for i in 0..<n { let d = portfolio[i] - benchmark[i] - am; ass += d * d }
        (sPP, sBB, sPB, activeMean, activeSS) = (spp, sbb, spb, am, ass)
        // The covariance ratio is the same on raw and on excess returns when rf is constant; with a
        // rate series CAPM wants excess returns, QuantStats' greeks uses raw ones.
        let rf0 = riskFree.first ?? 0
        constantRiskFree = !riskFree.contains { $0 != rf0 }
        if n < 2 {
            beta = nil
        } else if conventions.alphaRiskFree == .rawReturns || constantRiskFree {
            beta = sbb > 0 ? spb / sbb : nil
        } else {
            let x = zip(portfolio, riskFree).map { $0 - $1 }, y = zip(benchmark, riskFree).map { $0 - $1 }
            if let cov = Stats.covariance(x, y), let v = Stats.variance(y), v > 0 { beta = cov / v } else { beta = nil }
        }
        (upP, upB, upN, downP, downB, downN) = (up.0, up.1, up.2, down.0, down.1, down.2)
    }
}

/// Benchmark-relative metrics on a `PairContext`.
public enum RelativeMetrics {
    static let noBeta = MetricValue.undefined("beta undefined: fewer than 2 common days or a flat benchmark")

    /// Beta. Formula: `cov(r - rf, b - rf) / var(b - rf)` (QuantStats: on raw returns).
    /// Undefined: fewer than 2 common days or zero benchmark variance.
    /// Reference: Sharpe (1964); QuantStats `greeks`, empyrical `beta`.
    public static func beta(_ p: PairContext) -> MetricValue { p.beta.map(MetricValue.value) ?? noBeta }

    /// Annualised CAPM (Jensen's) alpha.
    ///
    /// Formula: a = mean(r - rf) - beta mean(b - rf) per period; annualised `a * k` (arithmetic,
    /// default and QuantStats, which also drops rf) or `(1 + a)^k - 1` (geometric, empyrical).
    /// Undefined: beta undefined. Reference: Jensen (1968); QuantStats `greeks`, empyrical `alpha`.
    public static func alpha(_ p: PairContext) -> MetricValue {
        guard let beta = p.beta else { return noBeta }
        let raw = p.conventions.alphaRiskFree == .rawReturns
        var acc = 0.0
        for i in 0..<p.count {
            let rf = raw ? 0 : p.riskFree[i]
            acc += (p.portfolio[i] - rf) - beta * (p.benchmark[i] - rf)
        }
        let a = acc / Double(p.count)
        let k = p.conventions.periodsPerYear
        switch p.conventions.alphaAnnualisation {
        case .arithmetic: return .checked(a * k, else: "non-finite alpha")
        case .geometric: return .checked(pow(1 + a, k) - 1, else: "non-finite alpha")
        }
    }

    /// Pearson correlation of portfolio and benchmark returns.
    /// Undefined: fewer than 2 common days or a flat series. Reference: Bacon (2008), 4.4.
    public static func correlation(_ p: PairContext) -> MetricValue {
        guard p.count >= 2, p.sPP > 0, p.sBB > 0 else { return .undefined("fewer than 2 common days or a flat series") }
        return .checked(p.sPB / (p.sPP * p.sBB).squareRoot(), else: "non-finite correlation")
    }

    /// R-squared. Formula: `corr(r, b)^2`. Reference: QuantStats `r_squared` (linregress r value squared).
    public static func rSquared(_ p: PairContext) -> MetricValue { correlation(p).map { .value($0 * $0) } }

    /// Annualised tracking error. Formula: `stdev(r - b) * sqrt(k)`. Undefined: fewer than 2 common days.
    /// Reference: Bacon (2008), 4.5.
    public static func trackingError(_ p: PairContext) -> MetricValue {
        let ddof = p.conventions.stdevDDOF
        guard p.count - ddof >= 1, p.count >= 2 else { return .tooShort2 }
        return .value((p.activeSS / Double(p.count - ddof)).squareRoot() * p.conventions.periodsPerYear.squareRoot())
    }

    /// Information ratio.
    ///
    /// Formula: `mean(r - b) / stdev(r - b)`, times sqrt(k) when annualised (default); per period
    /// under QuantStats (`information_ratio`) and empyrical (`excess_sharpe`).
    /// Undefined: fewer than 2 common days or zero tracking error. Reference: Grinold & Kahn (2000).
    public static func informationRatio(_ p: PairContext) -> MetricValue {
        let ddof = p.conventions.stdevDDOF
        guard p.count - ddof >= 1, p.count >= 2 else { return .tooShort2 }
        let m = p.activeMean, s = (p.activeSS / Double(p.count - ddof)).squareRoot()
        guard s > 0 else { return .undefined("zero tracking error") }
        let scale = p.conventions.informationRatio == .annualised ? p.conventions.periodsPerYear.squareRoot() : 1
        return .checked(m / s * scale, else: "non-finite information ratio")
    }

    /// Annualised return over n common periods: `(prod(1 + r))^(k / n) - 1`.
    static func annualReturn(_ xs: [Double], k: Double) -> Double? {
        guard !xs.isEmpty else { return nil }
        let w = 1 + Stats.compound(xs)
        guard w >= 0 else { return nil }
        let v = pow(w, k / Double(xs.count)) - 1
        return v.isFinite ? v : nil
    }

    /// Annualised active return. Formula: `CAGR(r) - CAGR(b)` over the common days (years = n / k).
    /// Undefined: no common day. Reference: Bacon (2008), 6.1 (arithmetic excess return).
    public static func activeReturn(_ p: PairContext) -> MetricValue {
        let k = p.conventions.periodsPerYear
        guard let a = annualReturn(p.portfolio, k: k), let b = annualReturn(p.benchmark, k: k) else {
            return .undefined("no common days")
        }
        return .checked(a - b, else: "non-finite active return")
    }

    /// Up or down capture on the days the benchmark rose (fell).
    ///
    /// Formula: `annual_return(r[b > 0]) / annual_return(b[b > 0])` (down: b < 0), the annual
    /// return over the selected days with years = their count / k.
    /// Undefined: no such day, or a zero benchmark annual return.
    /// Reference: empyrical `up_capture`, `down_capture`.
    public static func capture(_ p: PairContext, up: Bool) -> MetricValue {
        let (gr, gb, n) = up ? (p.upP, p.upB, p.upN) : (p.downP, p.downB, p.downN)
        let k = p.conventions.periodsPerYear
        guard n > 0, gr >= 0, gb >= 0 else { return .undefined("no days with the benchmark \(up ? "up" : "down")") }
        let ar = pow(gr, k / Double(n)) - 1, ab = pow(gb, k / Double(n)) - 1
        guard ab != 0 else { return .undefined("zero benchmark return") }
        return .checked(ar / ab, else: "non-finite capture")
    }

    /// Capture ratio. Formula: `up capture / down capture`. Reference: empyrical `up_down_capture`.
    public static func captureRatio(_ p: PairContext) -> MetricValue {
        capture(p, up: true).map { u in
            capture(p, up: false).map { d in d == 0 ? .undefined("zero down capture") : .checked(u / d, else: "non-finite ratio") }
        }
    }

    /// Batting average: share of common days on which the portfolio beat the benchmark.
    /// Formula: `count(r > b) / n`. Undefined: no common day. Reference: Bacon (2008), 4.6.
    public static func battingAverage(_ p: PairContext) -> MetricValue {
        guard p.count > 0 else { return .undefined("no common days") }
        var wins = 0
        p.portfolio.withUnsafeBufferPointer { r in
            p.benchmark.withUnsafeBufferPointer { b in
                // Branch-free count: which series wins a day is a coin toss.
                for i in 0..<p.count { wins &+= Select.flag(r[i] > b[i]) }
            }
        }
        return .value(Double(wins) / Double(p.count))
    }

    /// Treynor ratio.
    ///
    /// Formula: `(prod(1 + r) - 1 - (prod(1 + rf) - 1)) / beta` on the common days: total
    /// excess return per unit of beta, as QuantStats `treynor_ratio` (not annualised); under the
    /// quantstats preset rf is the annual rate as given, as QuantStats subtracts it.
    /// Undefined: beta undefined or zero. Reference: Treynor (1965).
    public static func treynor(_ p: PairContext) -> MetricValue {
        guard let beta = p.beta else { return noBeta }
        guard beta != 0 else { return .undefined("zero beta") }
        let rf = p.conventions.riskFreeInTotals == .annualRateAsGiven && p.annualRiskFree != nil
            ? p.annualRiskFree! : Stats.compound(p.riskFree)
        return .checked((Stats.compound(p.portfolio) - rf) / beta, else: "non-finite Treynor ratio")
    }

    /// M-squared (Modigliani risk-adjusted performance).
    ///
    /// Formula: `SR_p * sigma_b + rf_annual`, SR_p the annualised Sharpe ratio of the portfolio
    /// and sigma_b the annualised volatility of the benchmark on the common days, rf_annual =
    /// mean(rf) * k. Undefined: fewer than 2 common days or zero portfolio variance.
    /// Reference: Modigliani & Modigliani (1997), J. Portfolio Management 23(2).
    public static func mSquared(_ p: PairContext) -> MetricValue {
        let ddof = p.conventions.stdevDDOF
        guard p.count >= 2, p.count - ddof >= 1 else { return .tooShort2 }
        let sb = (p.sBB / Double(p.count - ddof)).squareRoot()
        let m: Double, s: Double
        if p.constantRiskFree {
            m = (Stats.mean(p.portfolio) ?? 0) - (p.riskFree.first ?? 0)
            s = (p.sPP / Double(p.count - ddof)).squareRoot()
        } else {
            let x = zip(p.portfolio, p.riskFree).map { $0 - $1 }
            guard let mx = Stats.mean(x), let sx = Stats.stdev(x, ddof: ddof) else { return .tooShort2 }
            (m, s) = (mx, sx)
        }
        guard s > 0 else { return .undefined("zero variance") }
        let k = p.conventions.periodsPerYear
        let rf = (Stats.mean(p.riskFree) ?? 0) * k
        return .checked(m / s * k.squareRoot() * sb * k.squareRoot() + rf, else: "non-finite M-squared")
    }
}
