import TearsheetIngest
import TearsheetMetrics
import TearsheetCore

/// A stress scenario applied instantaneously to the last day's holdings.
public enum StressScenario: Sendable, Equatable {
    /// The market (primary benchmark) moves by `shock` (e.g. -0.20); each position moves by
    /// beta x shock, with beta estimated from trailing daily returns against the benchmark.
    case market(name: String, shock: Double)
    /// Every position in `sector` moves by `shock`.
    case sector(name: String, sector: String, shock: Double)
    /// Yields move by `bp` basis points; a bond ETF with modified duration D moves by -D x dy.
    case rates(name: String, bp: Double, durations: [String: Double])

    public var name: String {
        switch self {
        case .market(let n, _), .sector(let n, _, _), .rates(let n, _, _): return n
        }
    }

    /// Tearsheet's default scenario set: the primary benchmark -20% through beta, Technology -15%,
    /// rates +100 bp on common Treasury ETFs (modified durations are approximate published figures).
    public static let defaults: [StressScenario] = scenarios(BookConfig.Stress())

    /// The three scenarios of a config's `[stress]` table, named by their shocks.
    public static func scenarios(_ s: BookConfig.Stress) -> [StressScenario] {
        func pct(_ x: Double) -> String { (x >= 0 ? "+" : "") + MetricsTable.fixed(x * 100, 0) + "%" }
        return [
            .market(name: "Market \(pct(s.marketShock)) (through beta)", shock: s.marketShock),
            .sector(name: "\(s.sector) \(pct(s.sectorShock))", sector: s.sector, shock: s.sectorShock),
            .rates(name: "Rates \(s.ratesBP >= 0 ? "+" : "")\(MetricsTable.fixed(s.ratesBP, 0)) bp", bp: s.ratesBP, durations: s.durations),
        ]
    }
}

/// The result of one scenario: P&L per position and in total, as money and as a share of NAV.
public struct StressResult: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        public var symbol: String
        public var marketValue: Double
        /// The sensitivity used: beta, 1 (sector), or -duration x dy / shock.
        public var sensitivity: Double
        public var pnl: Double
        /// How the sensitivity was obtained, for the audit trail.
        public var basis: String
    }

    public var scenario: String
    public var lines: [Line]
    public var pnl: Double
    /// pnl / NAV; `nil` when NAV <= 0.
    public var pnlPct: Double?
}

/// Applies stress scenarios to holdings.
///
/// Beta: OLS slope of the symbol's daily returns on the benchmark's over the trailing `betaWindow`
/// common days ending on the snapshot day: `cov(r_i, r_m) / var(r_m)` (sample, n-1). With fewer
/// than 20 common days the beta is taken as 1 and the basis says so. Positions are aggregated by
/// symbol before the shock; the scenario P&L of a share is first-order (no convexity). An option
/// is repriced by Black-Scholes at its underlying's shocked spot (the underlying's beta for the
/// market scenario, the sector's shock when the underlying is in the sector), at the implied
/// volatility of its mark (`OptionView`), so its P&L keeps the option's convexity; rates shocks
/// do not apply to options.
public enum StressTest {
    public static func run(_ scenarios: [StressScenario], holdings: [HoldingRow], nav: Double, day: Day,
                           prices: [String: DatedSeries], benchmark: DatedSeries, betaWindow: Int = 252) -> [StressResult] {
        // Positions by symbol; an option keeps its own line (it is repriced, not scaled).
        var bySymbol: [String: (mv: Double, quantity: Double, sector: String, option: OptionView?, close: Double)] = [:]
        for h in holdings {
            let cur = bySymbol[h.symbol] ?? (0, 0, h.sector, h.option, h.close)
            bySymbol[h.symbol] = (cur.mv + h.marketValue, cur.quantity + h.quantity, cur.sector.isEmpty ? h.sector : cur.sector, cur.option, cur.close)
        }
        let symbols = bySymbol.keys.sorted()
        var betaCache: [String: (Double, String)] = [:]
        func beta(_ s: String) -> (Double, String) {
            if let b = betaCache[s] { return b }
            let result: (Double, String)
            if let p = prices[s], let b = trailingBeta(prices: p, benchmark: benchmark, end: day, window: betaWindow) {
                result = (b.beta, "beta over \(b.days) days to \(day)")
            } else {
                result = (1, "beta 1 assumed: fewer than 20 days of common history")
            }
            betaCache[s] = result
            return result
        }
        /// An option's P&L when its underlying moves by `move`: repriced at the moved spot, and the
        /// equivalent sensitivity (P&L / (market value x move) is meaningless for an option, so the
        /// line reports the underlying's move per unit of shock).
        func optionPnL(_ o: OptionView, quantity: Double, close: Double, move: Double) -> Double {
            quantity * (o.value(atSpot: o.spot * (1 + move)) - close)
        }
        return scenarios.map { sc in
            var lines: [StressResult.Line] = []
            for s in symbols {
                let (mv, quantity, sector, option, close) = bySymbol[s]!
                switch sc {
                case .market(_, let shock):
                    if let o = option {
                        let (b, basis) = beta(o.underlying)
                        lines.append(.init(symbol: s, marketValue: mv, sensitivity: b, pnl: optionPnL(o, quantity: quantity, close: close, move: b * shock),
                                           basis: "\(o.underlying) moved by its \(basis), option repriced: \(o.basis)"))
                    } else {
                        let (b, basis) = beta(s)
                        lines.append(.init(symbol: s, marketValue: mv, sensitivity: b, pnl: mv * b * shock, basis: basis))
                    }
                case .sector(_, let target, let shock):
                    guard sector.caseInsensitiveEquals(target) else { continue }
                    if let o = option {
                        lines.append(.init(symbol: s, marketValue: mv, sensitivity: 1, pnl: optionPnL(o, quantity: quantity, close: close, move: shock),
                                           basis: "sector \(sector) through \(o.underlying), option repriced: \(o.basis)"))
                    } else {
                        lines.append(.init(symbol: s, marketValue: mv, sensitivity: 1, pnl: mv * shock, basis: "sector \(sector)"))
                    }
                case .rates(_, let bp, let durations):
                    guard option == nil, let d = durations[s] else { continue }
                    let move = -d * bp / 10_000
                    lines.append(.init(symbol: s, marketValue: mv, sensitivity: -d, pnl: mv * move, basis: "modified duration \(d)"))
                }
            }
            let total = Stats.sum(lines.map(\.pnl))
            return StressResult(scenario: sc.name, lines: lines, pnl: total, pnlPct: nav > 0 ? total / nav : nil)
        }
    }

    /// Trailing beta of a price series to a benchmark's closes over common days ending at `end`.
    static func trailingBeta(prices: DatedSeries, benchmark: DatedSeries, end: Day, window: Int) -> (beta: Double, days: Int)? {
        let pr = prices.pricesToReturns(), br = benchmark.pricesToReturns()
        var x: [Double] = [], y: [Double] = []
        var i = pr.count - 1
        while i >= 0 && x.count < window {
            let d = pr.days[i]
            if d <= end, let b = br[d] { y.append(pr.values[i]); x.append(b) }
            i -= 1
        }
        guard x.count >= 20, let cov = Stats.covariance(y, x), let v = Stats.variance(x), v > 0 else { return nil }
        return (cov / v, x.count)
    }
}

extension String {
    func caseInsensitiveEquals(_ other: String) -> Bool { lowercased() == other.lowercased() }
}
