import TearsheetCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An external cash flow of a portfolio (a deposit > 0, a withdrawal < 0) on a calendar day, with
/// its timing within that day.
public struct DatedFlow: Sendable, Equatable {
    public var day: Day
    public var amount: Double
    /// `true`: the flow arrives before the day's market moves (it earns the day's return);
    /// `false`: after the close.
    public var atStartOfDay: Bool

    public init(day: Day, amount: Double, atStartOfDay: Bool = true) {
        self.day = day
        self.amount = amount
        self.atStartOfDay = atStartOfDay
    }
}

/// The money-weighted view of one period: what the investor earned on the money actually invested,
/// as opposed to the time-weighted return, which removes the effect of the timing of flows.
///
/// The period runs from the close of `start` (value `startValue`; 0 for an inception-to-date
/// period, with `start` the calendar day before the first valued day) to the close of `end`
/// (value `endValue`). A flow on day `d` sits at `d - start - 1` days into the period when it
/// arrives at the start of the day (it is invested from the previous midnight), at `d - start`
/// days when it arrives after the close. Modified Dietz and XIRR use the same positions in time, so
/// they agree when the flows are small or the returns steady.
public struct MoneyWeightedPeriod: Sendable, Equatable {
    public var start: Day
    public var end: Day
    public var startValue: Double
    public var endValue: Double
    /// Flows dated in `(start, end]`; others are refused by `init`.
    public var flows: [DatedFlow]

    /// - Returns: `nil` when `end <= start` or a flow lies outside `(start, end]`.
    public init?(start: Day, end: Day, startValue: Double, endValue: Double, flows: [DatedFlow]) {
        guard end > start, flows.allSatisfy({ $0.day > start && $0.day <= end }) else { return nil }
        self.start = start
        self.end = end
        self.startValue = startValue
        self.endValue = endValue
        self.flows = flows
    }

    /// Calendar days of the period, `end - start` (CD in the GIPS formula).
    public var calendarDays: Int { Int(end.serial - start.serial) }

    /// Days from the start of the period to a flow (see the type's documentation).
    func offset(_ f: DatedFlow) -> Double {
        Double(f.day.serial - start.serial) - (f.atStartOfDay ? 1 : 0)
    }
}

/// Money-weighted returns: Modified Dietz and the internal rate of return (XIRR).
public enum MoneyWeighted {
    /// Modified Dietz return of a period.
    ///
    /// Formula: `(V1 - V0 - sum F_i) / (V0 + sum w_i F_i)`, `w_i = (CD - D_i) / CD`, where CD is the
    /// period's calendar days and D_i the days from its start to flow i (a start-of-day flow is
    /// weighted one day more than one after the close).
    /// Convention: not annualised (a return over the period); calendar-day weights.
    /// Undefined: when the average invested capital (the denominator) is zero or negative.
    /// Reference: Dietz (1966), "Pension Funds: Measuring Investment Performance"; GIPS 2020,
    /// provision 2.A.21 and the guidance statement on calculation methodology; Bacon (2008) 2.3.
    public static func modifiedDietz(_ p: MoneyWeightedPeriod) -> MetricValue {
        let cd = Double(p.calendarDays)
        var net = 0.0, weighted = 0.0
        for f in p.flows {
            net += f.amount
            weighted += (cd - p.offset(f)) / cd * f.amount
        }
        let denominator = p.startValue + weighted
        guard denominator > 0 else {
            return .undefined("no capital was invested on average over the period (the Modified Dietz denominator is \(denominator <= 0 ? "zero or negative" : "undefined"))")
        }
        return .checked((p.endValue - p.startValue - net) / denominator, else: "the Modified Dietz return is not finite")
    }

    /// The internal rate of return of a period, annualised (XIRR).
    ///
    /// Formula: the rate `r > -1` solving `-V0 - sum F_i (1 + r)^(-t_i / 365) + V1 (1 + r)^(-T / 365) = 0`,
    /// t_i the days from the start to flow i and T the period's calendar days (actual/365, as
    /// spreadsheet XIRR counts days). Solved by Newton's method from the Modified Dietz estimate,
    /// falling back to bisection on `log(1 + r)` whenever a Newton step leaves the bracket; the
    /// root is accepted when the net present value is below 1e-12 of the gross flows.
    /// Convention: annualised; use `periodReturn` for the return over the period itself.
    /// Undefined: when no flow or value changes sign (nothing was invested, or nothing came back),
    /// or when no root lies in `(-1, 1e9)`.
    /// Reference: Bacon (2008) 2.3 (money-weighted return); Excel/LibreOffice XIRR for day counting.
    public static func xirr(_ p: MoneyWeightedPeriod) -> MetricValue {
        // Cash flows from the investor's side: money in is negative, the final value positive.
        var amounts: [Double] = [-p.startValue]
        var years: [Double] = [0]
        for f in p.flows {
            amounts.append(-f.amount)
            years.append(p.offset(f) / 365)
        }
        amounts.append(p.endValue)
        years.append(Double(p.calendarDays) / 365)
        let scale = amounts.reduce(0) { $0 + abs($1) }
        guard scale > 0, amounts.contains(where: { $0 > 0 }), amounts.contains(where: { $0 < 0 }) else {
            return .undefined("the flows and values do not change sign: nothing was invested or nothing came back")
        }
        // NPV and its derivative in x = log(1 + r): NPV(x) = sum a_i exp(-x t_i).
        func npv(_ x: Double) -> (Double, Double) {
            var v = 0.0, d = 0.0
            for i in amounts.indices {
                let e = exp(-x * years[i]) * amounts[i]
                v += e
                d -= years[i] * e
            }
            return (v, d)
        }
        // exp(-x t) must stay finite at the lower end of the bracket however long the period.
        let longest = years.max() ?? 0
        var lo = longest > 0 ? max(log(1e-9), -700 / longest) : log(1e-9), hi = log(1e9)
        var (fLo, _) = npv(lo)
        let (fHi, _) = npv(hi)
        guard fLo.isFinite, fHi.isFinite, (fLo < 0) != (fHi < 0) else {
            return .undefined("no internal rate of return between -100% and 1e9 (the net present value does not change sign)")
        }
        let tolerance = 1e-12 * scale
        var x: Double
        if case .value(let md) = modifiedDietz(p), md > -1, p.calendarDays > 0 {
            x = log1p(md) * 365 / Double(p.calendarDays)
            if !(x > lo && x < hi) { x = (lo + hi) / 2 }
        } else {
            x = (lo + hi) / 2
        }
        for _ in 0..<200 {
            let (f, d) = npv(x)
            if abs(f) <= tolerance { return .checked(expm1(x), else: "the internal rate of return is not finite") }
            // Keep the bracket around the root.
            if (f < 0) == (fLo < 0) { lo = x; fLo = f } else { hi = x }
            var next = d != 0 ? x - f / d : .nan
            if !(next > lo && next < hi) { next = (lo + hi) / 2 }
            if next == x || hi - lo <= 1e-15 * max(1, abs(x)) { return .checked(expm1(next), else: "the internal rate of return is not finite") }
            x = next
        }
        return .checked(expm1(x), else: "the internal rate of return is not finite")
    }

    /// The annualised XIRR restated over the period: `(1 + r)^(T / 365) - 1`.
    ///
    /// Convention: not annualised, so it is defined for periods shorter than a year.
    /// Undefined: where `xirr` is.
    public static func periodReturn(_ p: MoneyWeightedPeriod) -> MetricValue {
        xirr(p).map { r in
            .checked(expm1(log1p(r) * Double(p.calendarDays) / 365), else: "the period's internal rate of return is not finite")
        }
    }

    /// XIRR annualised only when the period spans at least a year (GIPS: no annualising of
    /// shorter periods); otherwise undefined with the reason.
    ///
    /// Convention: a year between trading-day closes may span a few calendar days less than 365
    /// (a calendar year from the close of Friday 2016-12-30 to that of Friday 2017-12-29 spans 364),
    /// so a period of at least `minimumYearDays` calendar days counts as a year, the same one-week
    /// allowance the trailing windows use for a holiday-shortened start.
    public static func annualisedXIRR(_ p: MoneyWeightedPeriod) -> MetricValue {
        guard p.calendarDays >= minimumYearDays else {
            return .undefined("the period is shorter than a year: its return is not annualised")
        }
        return xirr(p)
    }

    /// The shortest period, in calendar days, whose return is annualised: a year less a week.
    public static let minimumYearDays = 365 - 7
}
