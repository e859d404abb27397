/// The risk-free rate of a run: the one representation every stage uses (the config reader
/// produces it, the command line overrides it, metrics, attribution and the report read it).
///
/// Invariant: every rate held here is an ANNUAL rate as a fraction (0.02 = 2% a year), whether a
/// constant or a dated series; `perPeriod(on:periodsPerYear:)` is the only place that turns it into
/// per-period rates, so no caller converts (or forgets to convert) on its own.
public enum RiskFree: Sendable, Equatable {
    /// One annual rate for every day. `.annual(0)` is "no risk-free rate".
    case annual(Double)
    /// Annual rates by date, read from a `date,rate` file.
    case series(RiskFreeSeries)

    /// No risk-free rate (the default when none is given).
    public static let zero = RiskFree.annual(0)

    /// The per-period rate on each of `days` (ascending): each annual rate R becomes
    /// `(1 + R)^(1/k) - 1` with k = `periodsPerYear`, geometrically, as QuantStats
    /// (`to_excess_returns`) and empyrical convert a constant rate.
    ///
    /// A series is aligned to the return days by date: a day takes the rate dated that day, else
    /// the last rate dated before it (a rate stays in force until the next one is published); a
    /// day before the first rate takes the first rate. Whether such a carry-forward is allowed is
    /// decided before the conversion, by `coverage(of:)` and the series' `fill` rule (the pipeline
    /// turns an uncovered day into an error); the conversion itself never fails.
    public func perPeriod(on days: [Day], periodsPerYear k: Double) -> [Double] {
        switch self {
        case .annual(let rate):
            return [Double](repeating: Self.perPeriod(annual: rate, periodsPerYear: k), count: days.count)
        case .series(let s):
            let rates = s.rates
            guard !rates.isEmpty else { return [Double](repeating: 0, count: days.count) }
            // Each distinct annual rate converted once, then read by index.
            let converted = rates.values.map { Self.perPeriod(annual: $0, periodsPerYear: k) }
            var out = [Double](); out.reserveCapacity(days.count)
            var j = 0
            for d in days {
                while j + 1 < rates.count && rates.days[j + 1] <= d { j += 1 }
                out.append(converted[j])
            }
            return out
        }
    }

    /// `(1 + annual)^(1/k) - 1`, computed as `expm1(log1p(annual) / k)` so that the small result
    /// keeps its relative precision (no cancellation in the final `- 1`); exactly 0 for a zero rate.
    public static func perPeriod(annual rate: Double, periodsPerYear k: Double) -> Double {
        rate == 0 ? 0 : _expm1(_log1p(rate) / k)
    }

    /// The annual rate in force on `day`: the constant, or the series' rate dated on or last before
    /// `day` (its first rate for an earlier day), by the same alignment as `perPeriod(on:periodsPerYear:)`.
    public func annualRate(on day: Day) -> Double {
        switch self {
        case .annual(let rate): return rate
        case .series(let s):
            guard !s.rates.isEmpty else { return 0 }
            var j = 0
            while j + 1 < s.rates.count && s.rates.days[j + 1] <= day { j += 1 }
            return s.rates.values[j]
        }
    }

    /// The constant annual rate, `nil` for a series.
    public var annualRate: Double? {
        if case .annual(let r) = self { return r }
        return nil
    }

    /// True when the rate is zero on every day.
    public var isZero: Bool {
        switch self {
        case .annual(let r): return r == 0
        case .series(let s): return s.rates.values.allSatisfy { $0 == 0 }
        }
    }

    /// Which of `days` the rate covers: a constant covers every day; a series covers a day dated
    /// in it, and, under `fill = .previous`, a later day up to `maxDays` calendar days after the
    /// last rate before it.
    public func coverage(of days: [Day]) -> RiskFreeCoverage {
        guard case .series(let s) = self else { return RiskFreeCoverage(firstMissing: nil, filled: []) }
        var filled: [ClosedRange<Day>] = []
        var runStart: Day? = nil, runEnd: Day? = nil
        func closeRun() {
            if let a = runStart, let b = runEnd { filled.append(a...b) }
            runStart = nil; runEnd = nil
        }
        for d in days {
            if s.rates.index(of: d) != nil { closeRun(); continue }
            guard case .previous(let maxDays) = s.fill, let j = s.rates.indexOnOrBefore(d),
                  maxDays.map({ s.rates.days[j].days(to: d) <= $0 }) ?? true else {
                closeRun()
                return RiskFreeCoverage(firstMissing: d, filled: filled)
            }
            if runStart == nil { runStart = d }
            runEnd = d
        }
        closeRun()
        return RiskFreeCoverage(firstMissing: nil, filled: filled)
    }

    /// How the report states the rate: `"2.00% a year (constant)"`, `"none (0%): no risk-free
    /// rate given"`, or the file with its range and SHA-256.
    public var disclosure: String {
        switch self {
        case .annual(let r):
            if r == 0 { return "0% (no risk-free rate given)" }
            return "\(Self.percent(r)) a year (constant)"
        case .series(let s):
            var text = "annual rates from \(s.source)"
            if let f = s.rates.days.first, let l = s.rates.days.last { text += ", \(s.rates.count) rates dated \(f) to \(l)" }
            if let h = s.sha256 { text += ", SHA-256 \(h)" }
            if case .previous(let maxDays) = s.fill {
                text += maxDays.map { "; a missing day takes the previous rate (at most \($0) calendar days old)" }
                    ?? "; a missing day takes the previous rate"
            }
            return text
        }
    }

    /// `r` as a percentage with up to 4 decimals and no trailing zeros beyond 2 (`2.00%`, `4.125%`).
    static func percent(_ r: Double) -> String {
        let scaled = (r * 1_000_000).rounded() / 10_000
        var text = "\(scaled)"
        if let dot = text.firstIndex(of: ".") {
            let decimals = text.distance(from: dot, to: text.endIndex) - 1
            if decimals < 2 { text += String(repeating: "0", count: 2 - decimals) }
        } else {
            text += ".00"
        }
        return text + "%"
    }
}

/// A dated series of annual risk-free rates and where it came from.
public struct RiskFreeSeries: Sendable, Equatable {
    /// Annual rates (fractions), by strictly increasing date.
    public var rates: DatedSeries
    /// The file as the user named it (relative to the config's folder), for the report.
    public var source: String
    /// Absolute path of the file (to hash it for the provenance).
    public var path: String
    /// Lowercase hex SHA-256 of the file's bytes; set by the pipeline when it loads the book.
    public var sha256: String?
    /// Which return days without a rate of their own may take an earlier one.
    public var fill: RiskFreeFill

    public init(rates: DatedSeries, source: String, path: String, sha256: String? = nil, fill: RiskFreeFill = .none) {
        self.rates = rates
        self.source = source
        self.path = path
        self.sha256 = sha256
        self.fill = fill
    }
}

/// `risk_free_fill`: whether a valued day missing from a rate series is an error (`.none`) or
/// takes the last earlier rate (`.previous`), at most `maxDays` calendar days old when given.
public enum RiskFreeFill: Sendable, Equatable {
    case none
    case previous(maxDays: Int?)
}

/// What `RiskFree.coverage(of:)` found.
public struct RiskFreeCoverage: Sendable, Equatable {
    /// The first day with no rate that the fill rule allows; `nil` when every day is covered.
    public var firstMissing: Day?
    /// Runs of consecutive days that took an earlier rate (only under `.previous`), in date order.
    public var filled: [ClosedRange<Day>]

    public init(firstMissing: Day?, filled: [ClosedRange<Day>]) {
        self.firstMissing = firstMissing
        self.filled = filled
    }
}
