#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import TearsheetCore

/// Return metrics: growth over the whole series and its best and worst periods.
public enum ReturnMetrics {
    /// Total compounded return.
    ///
    /// Formula: `prod(1 + r_t) - 1`
    /// Undefined: no returns.
    /// Reference: Bacon (2008), 2.1; QuantStats `comp`, empyrical `cum_returns_final`.
    public static func totalReturn(_ c: SeriesContext) -> MetricValue {
        c.count == 0 ? .empty : .checked(c.totalReturn, else: "non-finite compounded return")
    }

    /// Compound annual growth rate.
    ///
    /// Formula: `(1 + R)^(1 / years) - 1`, R the total return.
    /// Convention: years = n / k (trading periods, the default, QuantStats 0.0.86 and empyrical)
    /// or (last date - first date) / 365.25 (`basis: .calendarDays`).
    /// Undefined: no returns, a zero-length span, a total loss of more than 100%, or (unless the
    /// conventions annualise short series) a series that does not cover a year (`coversAYear`):
    /// GIPS forbids annualising a shorter period, and the total return is its cumulative figure.
    /// Reference: Bacon (2008), 2.4; empyrical `annual_return`; GIPS (returns for periods under a
    /// year must not be annualised).
    public static func cagr(_ c: SeriesContext, basis: Conventions.CAGRBasis) -> MetricValue {
        guard c.count > 0 else { return .empty }
        guard c.conventions.annualisesShortSeries || c.coversAYear else { return .undefined(c.shortSeriesNote) }
        guard let years = c.years(basis: basis) else { return .undefined("the series spans no time") }
        guard c.totalReturn >= -1 else { return .undefined("wealth fell below zero") }
        if c.totalReturn == -1 { return .value(-1) }
        // expm1(log1p(R) / years), not (1 + R)^(1/years) - 1: forming 1 + R would round away the
        // digits of a small R (a relative error of u / R, 4e-7 for 25 years of 1e-12 returns).
        return .checked(expm1(log1p(c.totalReturn) / years), else: "non-finite growth rate")
    }

    /// Best or worst compounded return over calendar periods (days, months or years).
    ///
    /// Formula: `max` (or `min`) over periods of `prod(1 + r_t) - 1` within the period.
    /// Convention: calendar months and years of the dates; a partial first or last period counts.
    /// Reference: QuantStats `best`/`worst`, empyrical `aggregate_returns`.
    public static func extreme(_ values: [Double], best: Bool, what: String) -> MetricValue {
        guard let v = best ? values.max() : values.min() else { return .undefined("no \(what)") }
        return .checked(v, else: "non-finite return")
    }

    /// Share of calendar months with a positive compounded return.
    ///
    /// Formula: `count(month > 0) / count(months)`, or over non-zero months when the
    /// conventions exclude zero periods (QuantStats `win_rate(aggregate='ME')`).
    public static func positiveMonths(_ c: SeriesContext) -> MetricValue {
        let pos = c.months.lazy.filter { $0.value > 0 }.count
        let denom = c.conventions.winRateZeroDays == .excluded
            ? c.months.lazy.filter { $0.value != 0 }.count : c.months.count
        guard denom > 0 else { return .undefined("no months with a non-zero return") }
        return .value(Double(pos) / Double(denom))
    }

    /// Share of days invested, read from the returns: days with a non-zero return / all days.
    ///
    /// Convention: a bare return series cannot show holdings, so a flat day counts as not
    /// invested (QuantStats `exposure`, without its rounding up to whole percent).
    public static func exposure(_ c: SeriesContext) -> MetricValue {
        guard c.count > 0 else { return .empty }
        return .value(Double(c.returns.lazy.filter { $0 != 0 }.count) / Double(c.count))
    }
}

extension SeriesContext {
    /// Whether the returns cover at least a year: the first return is dated within 7 calendar days
    /// after `L - 12 months`, L the last date (the rule of the 1Y trailing window, so the 1Y row
    /// and an annualised figure appear together). A return dated d measures the move from the
    /// previous close, hence the week of slack for a holiday-shortened start.
    public var coversAYear: Bool {
        guard let first = days.first, let last = days.last else { return false }
        return first.serial <= last.adding(months: -12).serial + 7
    }

    /// The reason an annualised figure is empty for a series under a year.
    var shortSeriesNote: String {
        let span = days.first.map { f in days.last.map { " (\(f) to \($0))" } ?? "" } ?? ""
        return "the series covers less than a year\(span): returns are not annualised over less than a year (GIPS); the total return is the cumulative figure"
    }
}
