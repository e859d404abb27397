#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import TearsheetCore
import TearsheetMetrics

/// Black-Scholes (1973) value and delta of a European option on a non-dividend-paying underlying.
///
/// Formula, with `N` the standard normal CDF (`Normal.cdf`, the one the metrics use):
/// ```
/// d1 = (ln(S / K) + (r + sigma^2 / 2) T) / (sigma sqrt(T)),  d2 = d1 - sigma sqrt(T)
/// call = S N(d1) - K exp(-r T) N(d2),   put = K exp(-r T) N(-d2) - S N(-d1)
/// delta: call N(d1), put N(d1) - 1
/// ```
/// Convention: `T` in years (the example book uses calendar days / 365), `r` continuously
/// compounded, `sigma` annualised. Properties: put-call parity `call - put = S - K exp(-r T)`.
/// At `T <= 0` or `sigma <= 0` the value is the discounted intrinsic value (the limit).
/// Reference: Black and Scholes, "The Pricing of Options and Corporate Liabilities", J. Political
/// Economy 81(3), 1973; Hull, "Options, Futures, and Other Derivatives", ch. 15.
public enum BlackScholes {
    /// The option's value per unit of the underlying.
    public static func price(_ right: OptionRight, spot s: Double, strike k: Double, years t: Double,
                             rate r: Double, volatility sigma: Double) -> Double {
        guard t > 0, sigma > 0 else {
            let forward = k * exp(-r * max(t, 0))
            return right == .call ? max(s - forward, 0) : max(forward - s, 0)
        }
        let (d1, d2) = d(spot: s, strike: k, years: t, rate: r, volatility: sigma)
        let discounted = k * exp(-r * t)
        switch right {
        case .call: return s * Normal.cdf(d1) - discounted * Normal.cdf(d2)
        case .put: return discounted * Normal.cdf(-d2) - s * Normal.cdf(-d1)
        }
    }

    /// dValue/dS: `N(d1)` for a call, `N(d1) - 1` for a put (in [-1, 0]).
    public static func delta(_ right: OptionRight, spot s: Double, strike k: Double, years t: Double,
                             rate r: Double, volatility sigma: Double) -> Double {
        guard t > 0, sigma > 0 else {
            switch right {
            case .call: return s > k ? 1 : 0
            case .put: return s < k ? -1 : 0
            }
        }
        let nd1 = Normal.cdf(d(spot: s, strike: k, years: t, rate: r, volatility: sigma).d1)
        return right == .call ? nd1 : nd1 - 1
    }

    static func d(spot s: Double, strike k: Double, years t: Double, rate r: Double,
                  volatility sigma: Double) -> (d1: Double, d2: Double) {
        let sd = sigma * t.squareRoot()
        let d1 = (log(s / k) + (r + 0.5 * sigma * sigma) * t) / sd
        return (d1, d1 - sd)
    }
}
