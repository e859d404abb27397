import TearsheetCore

/// The money-weighted return of one window of a book.
public struct MoneyWeightedRow: Sendable, Equatable {
    /// `MTD`, `QTD`, `YTD`, `1Y`, `3Y`, `5Y`, `ITD`, or a calendar year (`2024`).
    public var label: String
    /// First and last valued day of the window.
    public var from: Day
    public var to: Day
    /// The window does not cover its whole calendar span (a calendar year the book started or
    /// ended in).
    public var partial: Bool
    public var modifiedDietz: MetricValue
    /// XIRR restated over the window (not annualised).
    public var xirrPeriod: MetricValue
    /// XIRR annualised; undefined for windows shorter than a year.
    public var xirrAnnualised: MetricValue
    /// Net external flows of the window (deposits less withdrawals).
    public var netFlows: Double
    /// The compounded time-weighted return of the same days (not annualised), for comparison.
    public var timeWeighted: Double
}

/// Money-weighted returns of a book over the same windows as its time-weighted trailing and
/// calendar returns (`PeriodTables.trailing`, `SeriesContext.years`).
public enum MoneyWeightedTable {
    /// - Parameters:
    ///   - days: valued trading days, increasing.
    ///   - nav: end-of-day NAV on each day.
    ///   - flows: external flows of each day (deposits > 0, withdrawals < 0).
    ///   - returns: the daily time-weighted returns, compounded over each window beside it.
    ///   - flowsAtStartOfDay: the book's flow timing.
    /// - Returns: the trailing windows (the same coverage rule as the time-weighted ones: a window
    ///   longer than the history is absent, never extrapolated), `ITD`, then each calendar year.
    ///
    /// A window whose first day is the book's first day starts from nothing (V0 = 0 at the close
    /// of the calendar day before); any other window starts from the NAV at the close of the
    /// trading day before its first day.
    public static func compute(days: [Day], nav: [Double], flows: [Double], returns: [Double], flowsAtStartOfDay: Bool,
                               startFlows: [Double]? = nil) -> [MoneyWeightedRow] {
        guard let first = days.first, let last = days.last, nav.count == days.count, flows.count == days.count,
              returns.count == days.count else { return [] }
        var out: [MoneyWeightedRow] = []
        func row(_ label: String, from i: Int, to j: Int, partial: Bool) {
            if let r = window(label, days: days, nav: nav, flows: flows, returns: returns, flowsAtStartOfDay: flowsAtStartOfDay,
                              startFlows: startFlows, from: i, to: j, partial: partial) {
                out.append(r)
            }
        }
        let (y, m, _) = last.components
        let starts: [(String, Day)] = [
            ("MTD", Day(year: y, month: m, day: 1)!),
            ("QTD", Day(year: y, month: (last.quarter - 1) * 3 + 1, day: 1)!),
            ("YTD", Day(year: y, month: 1, day: 1)!),
        ]
        for (label, start) in starts where first.serial <= start.serial + 7 {
            row(label, from: max(0, days.lowerBound(of: start)), to: days.count - 1, partial: false)
        }
        for (label, years) in [("1Y", 1), ("3Y", 3), ("5Y", 5)] {
            let boundary = last.adding(months: -12 * years)
            guard first.serial <= boundary.serial + 7 else { continue }
            row(label, from: days.lowerBound(of: boundary.adding(days: 1)), to: days.count - 1, partial: false)
        }
        row("ITD", from: 0, to: days.count - 1, partial: false)
        var i = 0
        while i < days.count {
            let year = days[i].components.year
            var j = i
            while j + 1 < days.count && days[j + 1].components.year == year { j += 1 }
            let janFirst = Day(year: year, month: 1, day: 1)!, decLast = Day(year: year, month: 12, day: 31)!
            // Partial: the book starts after the year's first week or ends before its last week.
            let partial = days[i].serial > janFirst.serial + 7 || days[j].serial < decLast.serial - 7
            row(String(year), from: i, to: j, partial: partial)
            i = j + 1
        }
        return out
    }

    /// The money-weighted row of the valued days `from...to` (indices into `days`), with the same
    /// starting rule as `compute`; `nil` for an empty window.
    /// - Parameter startFlows: the part of each day's flows that arrived at the start of the day,
    ///   when flows carry timings of their own (`flowsAtStartOfDay` then applies to none of them).
    public static func window(_ label: String, days: [Day], nav: [Double], flows: [Double], returns: [Double], flowsAtStartOfDay: Bool,
                              startFlows: [Double]? = nil, from i: Int, to j: Int, partial: Bool = false) -> MoneyWeightedRow? {
        guard i <= j, i >= 0, j < days.count, nav.count == days.count, flows.count == days.count, returns.count == days.count,
              startFlows.map({ $0.count == days.count }) ?? true else { return nil }
        let start = i == 0 ? days[0].adding(days: -1) : days[i - 1]
        let v0 = i == 0 ? 0 : nav[i - 1]
        var dated: [DatedFlow] = []
        var net = 0.0
        for t in i...j where flows[t] != 0 {
            if let start = startFlows {
                if start[t] != 0 { dated.append(DatedFlow(day: days[t], amount: start[t], atStartOfDay: true)) }
                if flows[t] - start[t] != 0 { dated.append(DatedFlow(day: days[t], amount: flows[t] - start[t], atStartOfDay: false)) }
            } else {
                dated.append(DatedFlow(day: days[t], amount: flows[t], atStartOfDay: flowsAtStartOfDay))
            }
            net += flows[t]
        }
        guard let p = MoneyWeightedPeriod(start: start, end: days[j], startValue: v0, endValue: nav[j], flows: dated) else { return nil }
        return MoneyWeightedRow(label: label, from: days[i], to: days[j], partial: partial,
                                modifiedDietz: MoneyWeighted.modifiedDietz(p),
                                xirrPeriod: MoneyWeighted.periodReturn(p),
                                xirrAnnualised: MoneyWeighted.annualisedXIRR(p), netFlows: net,
                                timeWeighted: Stats.compound(returns[i...j]))
    }
}
