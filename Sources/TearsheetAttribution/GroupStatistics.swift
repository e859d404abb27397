#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import TearsheetCore

/// Statistics of the book over the days carrying one label of a classifier (a regime, a week type).
///
/// The days need not be contiguous: returns are compounded over the labelled days only, so for a
/// classifier that partitions the days, `sum over labels of logReturn == log(1 + R_total)`.
public struct GroupStatistics: Sendable, Equatable {
    public var label: String
    /// Book days carrying the label.
    public var days: Int
    /// Trading weeks carrying the label (week-type classifiers only).
    public var weeks: Int?
    /// `days / total days of the period`.
    public var shareOfDays: Double
    /// Compounded return over the labelled days: `prod(1 + r_t) - 1`.
    public var totalReturn: Double
    /// `(1 + R)^(k / days) - 1` with k periods per year; `nil` for no days.
    public var annualizedReturn: Double?
    /// Annualised volatility of the labelled days (`RatioMetrics.volatility`).
    public var volatility: Double?
    /// Annualised Sharpe ratio of the labelled days (`RatioMetrics.sharpe`, with the run's risk-free rate).
    public var sharpe: Double?
    /// `sum_t log(1 + r_t)` over the labelled days = `log(1 + totalReturn)`: the label's additive
    /// share of the total log return. `nil` when a day loses 100%.
    public var logReturn: Double?
    /// Per benchmark: its compounded return on the same days, the active return and the beta.
    public var benchmarks: [GroupBenchmarkStatistics]
    /// Per sleeve (book order): linked contribution to `totalReturn` and log contribution.
    public var sleeves: [GroupSleeveStatistics]
    /// Linked residual (zero when the book's contributions sum to its returns).
    public var residual: Double
}

/// A benchmark's figures over a group's days.
public struct GroupBenchmarkStatistics: Sendable, Equatable {
    public var symbol: String
    /// Compounded benchmark return over the same (aligned) days.
    public var benchmarkReturn: Double
    /// Arithmetic active return: `R_group - B_group`.
    public var activeReturn: Double
    /// `RelativeMetrics.beta` over the group's days (`cov(r - rf, b - rf) / var(b - rf)`); `nil` with
    /// fewer than 2 days or a flat benchmark.
    public var beta: Double?
}

/// A sleeve's figures over a group's days.
public struct GroupSleeveStatistics: Sendable, Equatable {
    public var name: String
    /// Linked contribution (configured linking method) to the group's compounded return.
    public var contribution: Double
    /// `sum_t c_{s,t} * log(1 + r_t) / r_t` (the factor is 1 when `r_t = 0`): the sleeve's share of
    /// the group's log return. Sums over sleeves to `logReturn` (plus the log of the residual),
    /// and over a partition's labels to the sleeve's log contribution for the period.
    public var logContribution: Double?
}

/// One classifier's labels with their statistics.
public struct Classification: Sendable, Equatable {
    /// Classifier name: `trend`, `volatility`, `drawdown`, `user`, `calendar`, `calendar-flags`, `market`.
    public var name: String
    /// `true` when every day carries exactly one label, so log returns add up to the total;
    /// `false` for overlapping flags (a week can be both month-end and options-expiration).
    public var isPartition: Bool
    /// Groups sorted by label.
    public var groups: [GroupStatistics]
}

extension GroupStatistics {
    static func compute(panel p: Panel, label: String, days idx: [Int], weeks: Int?,
                        config: AttributionConfig) -> GroupStatistics {
        let r = idx.map { p.r[$0] }, days = idx.map { p.days[$0] }, rf = idx.map { p.riskFree[$0] }
        let R = Stats.compound(r)
        let k = config.periodsPerYear
        let linked = p.link(days: idx, benchmark: nil, method: config.linking)
        var sleeves: [GroupSleeveStatistics] = []
        sleeves.reserveCapacity(p.sleeves.count)
        // log(1 + r_t) / r_t (1 at r_t = 0): the panel's per-day Carino factor for total return.
        let logFactor: [Double]?
        if let k = p.carinoTotal {
            logFactor = idx.map { k[$0] }
        } else {
            logFactor = r.allSatisfy({ $0 > -1 }) ? r.map { $0 == 0 ? 1 : log1p($0) / $0 } : nil
        }
        for s in 0..<p.sleeves.count {
            let lc = logFactor.map { Linking.dot($0, p.contributions[s], idx) }
            sleeves.append(GroupSleeveStatistics(name: p.sleeves[s], contribution: linked.parts[s], logContribution: lc))
        }
        var benches: [GroupBenchmarkStatistics] = []
        for kb in 0..<p.bench.count {
            let b = idx.map { p.bench[kb][$0] }
            let B = Stats.compound(b)
            benches.append(GroupBenchmarkStatistics(symbol: p.benchmarkSymbols[kb], benchmarkReturn: B,
                                                    activeReturn: R - B, beta: ReturnStatistics.beta(days: days, r, b, riskFree: rf, config: config)))
        }
        let risk = ReturnStatistics.risk(days: days, returns: r, riskFree: rf, config: config)
        return GroupStatistics(
            label: label, days: idx.count, weeks: weeks,
            shareOfDays: p.count > 0 ? Double(idx.count) / Double(p.count) : 0,
            totalReturn: R,
            annualizedReturn: Stats.annualize(compounded: R, periods: Double(idx.count), periodsPerYear: k),
            volatility: risk.volatility,
            sharpe: risk.sharpe,
            logReturn: ReturnStatistics.logReturn(r),
            benchmarks: benches, sleeves: sleeves, residual: linked.residual)
    }

    /// Groups the days of a panel by label (`labels[t]` for day t) and computes each group.
    static func classify(panel p: Panel, name: String, labels: [String], weekOf: [Int]? = nil,
                         config: AttributionConfig) -> Classification {
        var byLabel: [String: [Int]] = [:]
        for t in 0..<labels.count { byLabel[labels[t], default: []].append(t) }
        let groups = byLabel.sorted { $0.key < $1.key }.map { (label, idx) -> GroupStatistics in
            var weeks: Int? = nil
            if let w = weekOf {
                var n = 0, last = Int.min
                for t in idx where w[t] != last { n += 1; last = w[t] }
                weeks = n
            }
            return compute(panel: p, label: label, days: idx, weeks: weeks, config: config)
        }
        return Classification(name: name, isPartition: true, groups: groups)
    }
}
