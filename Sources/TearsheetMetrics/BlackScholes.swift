import Foundation
import TearsheetCore

/// Black-Scholes-Merton prices and deltas of European options, and the implied volatility of a
/// mark: the one option model of the project (the risk snapshot's delta exposure and the stress
/// test's repricing use it).
///
/// Model: a non-dividend-paying underlying (q = 0) with spot `S`, strike `K`, time to expiry `T` in
/// years (calendar days / 365), continuously compounded rate `r` and volatility `sigma`:
/// `d1 = (ln(S/K) + (r + sigma^2/2) T) / (sigma sqrt T)`, `d2 = d1 - sigma sqrt T`,
/// `call = S N(d1) - K e^(-rT) N(d2)`, `put = K e^(-rT) N(-d2) - S N(-d1)`,
/// `delta(call) = N(d1)`, `delta(put) = N(d1) - 1`.
/// At or after expiry (T <= 0) or with zero volatility the price is the (discounted) intrinsic
/// value and the delta is 1 (call) / -1 (put) in the money, 0 out of the money and 1/2 (call) /
/// -1/2 (put) exactly at the money.
/// Reference: Hull, *Options, Futures, and Other Derivatives*, ch. 15 (Black-Scholes-Merton).
public enum BlackScholes {
    public typealias Right = OptionRight

    /// Calendar days per year of the time to expiry.
    public static let daysPerYear = 365.0

    /// The continuously compounded rate of an annual (effectively compounded) rate: `ln(1 + R)`.
    public static func continuousRate(annual: Double) -> Double { log1p(annual) }

    /// `(d1, d2)`, `nil` when `T <= 0`, `sigma <= 0` or a price is not positive.
    static func d(spot s: Double, strike k: Double, years t: Double, rate r: Double, volatility v: Double) -> (Double, Double)? {
        guard t > 0, v > 0, s > 0, k > 0 else { return nil }
        let sd = v * t.squareRoot()
        let d1 = (log(s / k) + (r + v * v / 2) * t) / sd
        return (d1, d1 - sd)
    }

    /// The option's value per unit of underlying.
    public static func price(_ right: Right, spot s: Double, strike k: Double, years t: Double, rate r: Double, volatility v: Double) -> Double {
        guard let (d1, d2) = d(spot: s, strike: k, years: t, rate: r, volatility: v) else {
            let pk = k * exp(-r * max(t, 0))
            return right == .call ? max(s - pk, 0) : max(pk - s, 0)
        }
        let pk = k * exp(-r * t)
        switch right {
        case .call: return s * Normal.cdf(d1) - pk * Normal.cdf(d2)
        case .put: return pk * Normal.cdf(-d2) - s * Normal.cdf(-d1)
        }
    }

    /// dValue/dSpot.
    public static func delta(_ right: Right, spot s: Double, strike k: Double, years t: Double, rate r: Double, volatility v: Double) -> Double {
        guard let (d1, _) = d(spot: s, strike: k, years: t, rate: r, volatility: v) else {
            let itm = right == .call ? s - k : k - s
            let magnitude = itm > 0 ? 1.0 : (itm == 0 ? 0.5 : 0)
            return right == .call ? magnitude : -magnitude
        }
        return right == .call ? Normal.cdf(d1) : Normal.cdf(d1) - 1
    }

    /// The volatility at which `price` equals `mark`, by bisection on [1e-4, 10] to 1e-10 in price;
    /// `nil` when `T <= 0` or the mark is outside the model's bounds (below the discounted intrinsic
    /// value or above the spot for a call / the discounted strike for a put), where no volatility
    /// reproduces it.
    public static func impliedVolatility(_ right: Right, mark: Double, spot s: Double, strike k: Double, years t: Double, rate r: Double) -> Double? {
        guard t > 0, s > 0, k > 0, mark.isFinite else { return nil }
        var lo = 1e-4, hi = 10.0
        let pLo = price(right, spot: s, strike: k, years: t, rate: r, volatility: lo)
        let pHi = price(right, spot: s, strike: k, years: t, rate: r, volatility: hi)
        guard mark >= pLo - 1e-12, mark <= pHi + 1e-12 else { return nil }
        // The price is increasing in volatility (vega > 0), so bisection converges.
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            let p = price(right, spot: s, strike: k, years: t, rate: r, volatility: mid)
            if abs(p - mark) < 1e-10 { return mid }
            if p < mark { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }
}
