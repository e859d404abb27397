import TearsheetCore

/// One row of the calendar-returns grid: a year's compounded months and the year's total.
public struct CalendarYear: Sendable, Equatable {
    public var year: Int
    /// `months[m - 1]`: compounded return of month m, nil when the series has no day in it.
    public var months: [Double?]
    /// prod over the year's days of (1 + r) - 1 (equals the compounded months).
    public var total: Double
}

/// A trailing-window return.
public struct TrailingReturn: Sendable, Equatable {
    /// `MTD`, `QTD`, `YTD`, `1Y`, `3Y`, `5Y`, `ITD`.
    public var label: String
    /// First day of the window included.
    public var from: Day
    public var value: Double
    /// Whether `value` is annualised (3Y, 5Y, ITD).
    public var annualised: Bool
}

/// Calendar, quarterly, yearly and trailing returns of a series.
public enum PeriodTables {
    /// The year x month grid of compounded returns with year totals.
    public static func calendar(_ c: SeriesContext) -> [CalendarYear] {
        var out: [CalendarYear] = []
        var ym = 0
        for y in c.years {
            var months = [Double?](repeating: nil, count: 12)
            while ym < c.months.count && c.months[ym].year == y.year {
                months[c.months[ym].period - 1] = c.months[ym].value
                ym += 1
            }
            out.append(CalendarYear(year: y.year, months: months, total: y.value))
        }
        return out
    }

    /// Compounded calendar-quarter returns (period 1-4).
    public static func quarterly(_ c: SeriesContext) -> [PeriodReturn] {
        c.quarters
    }

    /// Compounded calendar-year returns (period 0).
    public static func yearly(_ c: SeriesContext) -> [PeriodReturn] { c.years }

    /// MTD, QTD, YTD, 1Y, then 3Y and 5Y annualised, then ITD: annualised (CAGR) when the series
    /// covers a year, else its cumulative return (unless the conventions annualise short series).
    ///
    /// Convention: the window of N years ending on the last date L holds the returns dated after
    /// B = L - N years (same day of month, clamped). A return dated d measures the move from the
    /// previous close, so the window is covered when the first return is dated within 7 calendar
    /// days after B (a holiday-shortened start); otherwise the entry is absent, never
    /// extrapolated. MTD, QTD and YTD follow the same rule with B the period's first day. 3Y and 5Y annualise as (1 + R)^(1/N) - 1; ITD is `cagr`, or the total return under a year.
    public static func trailing(_ c: SeriesContext) -> [TrailingReturn] {
        guard let last = c.days.last, let first = c.days.first else { return [] }
        var out: [TrailingReturn] = []
        func compounded(from start: Day) -> Double {
            let i = c.days.lowerBound(of: start)
            return Stats.compound(c.returns[i...])
        }
        let (y, m, _) = last.components
        let monthStart = Day(year: y, month: m, day: 1)!
        let quarterStart = Day(year: y, month: (last.quarter - 1) * 3 + 1, day: 1)!
        let yearStart = Day(year: y, month: 1, day: 1)!
        for (label, start) in [("MTD", monthStart), ("QTD", quarterStart), ("YTD", yearStart)] {
            // A period-to-date return needs history from the period's start (a holiday week allowed).
            guard first.serial <= start.serial + 7 else { continue }
            out.append(TrailingReturn(label: label, from: c.days[c.days.lowerBound(of: start)], value: compounded(from: start), annualised: false))
        }
        for (label, years) in [("1Y", 1), ("3Y", 3), ("5Y", 5)] {
            let boundary = last.adding(months: -12 * years)
            guard first.serial <= boundary.serial + 7 else { continue }
            let start = boundary.adding(days: 1)
            let total = compounded(from: start)
            let value = years == 1 ? total : (Stats.annualize(compounded: total, periods: Double(years), periodsPerYear: 1) ?? -1)
            out.append(TrailingReturn(label: label, from: c.days[c.days.lowerBound(of: start)], value: value, annualised: years > 1))
        }
        if !c.conventions.annualisesShortSeries && !c.coversAYear {
            // Under a year nothing is annualised: ITD is the cumulative return.
            out.append(TrailingReturn(label: "ITD", from: first, value: c.totalReturn, annualised: false))
        } else if case .value(let g) = ReturnMetrics.cagr(c, basis: c.conventions.cagrBasis) {
            out.append(TrailingReturn(label: "ITD", from: first, value: g, annualised: true))
        }
        return out
    }

    /// Whether calendar year `year` is only partly covered by a series running from `first` to
    /// `last`: the series starts more than 7 days after 1 January or ends more than 7 days before
    /// 31 December of that year (the week of slack of the trailing windows, so a year that starts
    /// on its first trading day after the holidays is whole). The rule of `MoneyWeightedTable`.
    public static func isPartialYear(_ year: Int, first: Day, last: Day) -> Bool {
        guard let janFirst = Day(year: year, month: 1, day: 1), let decLast = Day(year: year, month: 12, day: 31) else { return false }
        let from = max(first.serial, janFirst.serial), to = min(last.serial, decLast.serial)
        return from > janFirst.serial + 7 || to < decLast.serial - 7
    }
}
