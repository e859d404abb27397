import TearsheetCore

/// Kinds of reporting periods.
public enum PeriodKind: String, Sendable, Equatable, CaseIterable {
    case month, quarter, year
    case monthToDate = "MTD", quarterToDate = "QTD", yearToDate = "YTD"
    case trailing1Y = "1Y", trailing3Y = "3Y", trailing5Y = "5Y"
    case inceptionToDate = "ITD"
}

/// What a hit rate counts.
public enum HitRateBasis: String, Sendable, Equatable {
    /// Days within the period (months and MTD).
    case days
    /// Calendar months within the period, partial months at its edges included (every longer period).
    case months
}

/// One benchmark's figures over a period.
public struct PeriodBenchmark: Sendable, Equatable {
    public var symbol: String
    /// Compounded aligned benchmark return.
    public var benchmarkReturn: Double
    /// `R - B`.
    public var activeReturn: Double
    /// Linked split of the active return over sleeves (book order); `sum + activeResidual == activeReturn`.
    public var activeContributions: [Double]
    public var activeResidual: Double
    /// Share of sub-periods (see `hitRateBasis`) in which the portfolio's compounded return is strictly
    /// above the benchmark's; `nil` for no sub-periods.
    public var hitRate: Double?
    public var hitRateBasis: HitRateBasis
    /// Number of sub-periods the hit rate counts.
    public var subperiods: Int
}

/// Attribution over one period.
public struct PeriodAttribution: Sendable, Equatable {
    public var kind: PeriodKind
    /// `2024-03`, `2024-Q1`, `2024`, or the kind's raw value for trailing windows.
    public var label: String
    /// First and last book day in the period.
    public var start: Day
    public var end: Day
    public var days: Int
    /// Compounded portfolio return.
    public var totalReturn: Double
    /// For 1Y/3Y/5Y: `(1 + R)^(1/N) - 1`; for ITD: `(1 + R)^(k/days) - 1`; `nil` otherwise.
    public var annualizedReturn: Double?
    /// Linked sleeve contributions (book order); `sum + residual == totalReturn`.
    public var contributions: [Double]
    public var residual: Double
    public var benchmarks: [PeriodBenchmark]
}

extension PeriodAttribution {
    /// Every calendar period and trailing window of the panel.
    ///
    /// Trailing windows end on the last day; an N-year window holds the days after
    /// `end - N years` and is present only when the first book day is on or before that boundary
    /// (the history covers the whole window). MTD/QTD/YTD hold the days of the last day's month,
    /// quarter, year.
    static func all(panel p: Panel, config: AttributionConfig) -> [PeriodAttribution] {
        guard let first = p.days.first, let last = p.days.last else { return [] }
        var out: [PeriodAttribution] = []
        func runs(_ key: (Day) -> Int) -> [Range<Int>] {
            var rs: [Range<Int>] = []
            var s = 0
            for t in 1...p.count where t == p.count || key(p.days[t]) != key(p.days[s]) {
                rs.append(s..<t); s = t
            }
            return rs
        }
        let monthKey: (Day) -> Int = { $0.year * 12 + $0.month }
        let months = runs(monthKey)
        for m in months {
            let d = p.days[m.lowerBound]
            out.append(row(p, .month, label: "\(d.year)-\(d.month < 10 ? "0" : "")\(d.month)", m, .days, config))
        }
        for q in runs({ $0.year * 4 + $0.quarter }) {
            let d = p.days[q.lowerBound]
            out.append(row(p, .quarter, label: "\(d.year)-Q\(d.quarter)", q, .months, config))
        }
        for y in runs({ $0.year }) {
            out.append(row(p, .year, label: "\(p.days[y.lowerBound].year)", y, .months, config))
        }
        func suffix(where keep: (Day) -> Bool) -> Range<Int> {
            var s = p.count
            while s > 0 && keep(p.days[s - 1]) { s -= 1 }
            return s..<p.count
        }
        out.append(row(p, .monthToDate, label: "MTD", suffix { monthKey($0) == monthKey(last) }, .days, config))
        out.append(row(p, .quarterToDate, label: "QTD", suffix { $0.year == last.year && $0.quarter == last.quarter }, .months, config))
        out.append(row(p, .yearToDate, label: "YTD", suffix { $0.year == last.year }, .months, config))
        for (kind, years) in [(PeriodKind.trailing1Y, 1), (.trailing3Y, 3), (.trailing5Y, 5)] {
            let boundary = last.adding(months: -12 * years)
            guard first <= boundary else { continue }
            var r = row(p, kind, label: kind.rawValue, suffix { $0 > boundary }, .months, config)
            r.annualizedReturn = Stats.annualize(compounded: r.totalReturn, periods: Double(years), periodsPerYear: 1)
            out.append(r)
        }
        var itd = row(p, .inceptionToDate, label: "ITD", 0..<p.count, .months, config)
        itd.annualizedReturn = Stats.annualize(compounded: itd.totalReturn, periods: Double(p.count),
                                               periodsPerYear: config.periodsPerYear)
        out.append(itd)
        return out
    }

    static func row(_ p: Panel, _ kind: PeriodKind, label: String, _ range: Range<Int>, _ basis: HitRateBasis,
                    _ config: AttributionConfig) -> PeriodAttribution {
        let idx = Array(range)
        let linked = p.link(days: idx, benchmark: nil, method: config.linking)
        // Sub-periods for the hit rate.
        var subs: [Range<Int>] = []
        switch basis {
        case .days: subs = range.map { $0..<($0 + 1) }
        case .months:
            var s = range.lowerBound
            for t in range.dropFirst() where p.days[t].month != p.days[s].month || p.days[t].year != p.days[s].year {
                subs.append(s..<t); s = t
            }
            if s < range.upperBound { subs.append(s..<range.upperBound) }
        }
        let rSub = subs.map { Stats.compound(p.r[$0]) }
        var benches: [PeriodBenchmark] = []
        for k in 0..<p.bench.count {
            let act = p.link(days: idx, benchmark: k, method: config.linking)
            var hits = 0
            for (i, sub) in subs.enumerated() where rSub[i] > Stats.compound(p.bench[k][sub]) { hits += 1 }
            benches.append(PeriodBenchmark(
                symbol: p.benchmarkSymbols[k], benchmarkReturn: Stats.compound(idx.map { p.bench[k][$0] }),
                activeReturn: act.total, activeContributions: act.parts, activeResidual: act.residual,
                hitRate: subs.isEmpty ? nil : Double(hits) / Double(subs.count), hitRateBasis: basis,
                subperiods: subs.count))
        }
        return PeriodAttribution(kind: kind, label: label, start: p.days[range.lowerBound],
                                 end: p.days[range.upperBound - 1], days: range.count,
                                 totalReturn: linked.total, annualizedReturn: nil,
                                 contributions: linked.parts, residual: linked.residual, benchmarks: benches)
    }
}
