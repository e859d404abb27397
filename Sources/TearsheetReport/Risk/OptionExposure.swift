import TearsheetMetrics
import TearsheetCore

/// How an option holding is seen through its underlying on one day: the Black-Scholes implied
/// volatility of its mark, its delta, and its value at another spot (the stress test's repricing).
///
/// Conventions (docs/valuation.md, "Options in the risk snapshot and the stress test"):
/// time to expiry is calendar days to the expiry date / 365 (0 on the expiry day); the rate is
/// the book's risk-free rate in force that day, made continuous (`ln(1 + R)`); no dividend yield.
/// The implied volatility is the one that reproduces the day's mark; when none does (the mark is
/// below intrinsic value or above the model's bound, or the option expires that day), delta is
/// taken from moneyness (1 in the money, 0 out, 1/2 at the money) and repricing uses intrinsic
/// value, and `basis` says so.
public struct OptionView: Sendable, Equatable {
    public var underlying: String
    /// The underlying's close on the day.
    public var spot: Double
    public var strike: Double
    public var right: BlackScholes.Right
    /// Years to expiry (calendar days / 365).
    public var years: Double
    /// Continuously compounded rate.
    public var rate: Double
    public var impliedVolatility: Double?
    /// dValue/dSpot per unit of the option (a unit = one share of the deliverable).
    public var delta: Double
    /// How delta was obtained, for the audit trail.
    public var basis: String

    public init(underlying: String, spot: Double, strike: Double, right: BlackScholes.Right, mark: Double,
                day: Day, expiry: Day, annualRate: Double) {
        self.underlying = underlying
        self.spot = spot
        self.strike = strike
        self.right = right
        self.years = max(0, Double(expiry.serial - day.serial)) / BlackScholes.daysPerYear
        self.rate = BlackScholes.continuousRate(annual: annualRate)
        let iv = BlackScholes.impliedVolatility(right, mark: mark, spot: spot, strike: strike, years: years, rate: rate)
        self.impliedVolatility = iv
        self.delta = BlackScholes.delta(right, spot: spot, strike: strike, years: years, rate: rate, volatility: iv ?? 0)
        if let iv {
            basis = "Black-Scholes delta \(MetricsTable.fixed(delta, 3)) at implied volatility \(MetricsTable.fixed(iv * 100, 1))% (\(underlying) at \(MetricsTable.fixed(spot, 2)))"
        } else {
            basis = "delta \(MetricsTable.fixed(delta, 1)) from moneyness: no volatility reproduces the mark (\(underlying) at \(MetricsTable.fixed(spot, 2)))"
        }
    }

    /// Value per unit at another spot, same volatility, rate and time (intrinsic value without an
    /// implied volatility).
    public func value(atSpot s: Double) -> Double {
        BlackScholes.price(right, spot: s, strike: strike, years: years, rate: rate, volatility: impliedVolatility ?? 0)
    }
}
