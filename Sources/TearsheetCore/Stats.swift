/// Numeric primitives shared by every analytics stage. Pure functions over `Double` buffers.
///
/// Sums use Neumaier's compensated summation. Error bounds, u = 2^-53 the unit roundoff:
/// naive recursive sum `|E| <= (n - 1) u sum|x_i|`; Neumaier `|E| <= 2u |S| + 2n u^2 sum|x_i|`
/// (Higham, "Accuracy and Stability of Numerical Algorithms", 2nd ed., 4.3 and 4.4), so over
/// 25 years of daily values (n = 6,300) the compensated sum is within a few ulps of the exact
/// sum even when terms cancel. Both bounds are checked against a double-double reference in
/// `NumericalRobustnessTests` (TearsheetMetricsTests); see docs/reliability.md.
public enum Stats {
    /// Compensated (Neumaier) sum.
    @inlinable
    public static func sum<C: Collection>(_ xs: C) -> Double where C.Element == Double {
        var s = 0.0, c = 0.0
        for x in xs {
            let t = s + x
            if abs(s) >= abs(x) { c += (s - t) + x } else { c += (x - t) + s }
            s = t
        }
        return s + c
    }

    /// Arithmetic mean; `nil` for an empty collection.
    @inlinable
    public static func mean<C: Collection>(_ xs: C) -> Double? where C.Element == Double {
        xs.isEmpty ? nil : sum(xs) / Double(xs.count)
    }

    /// Variance with `n - ddof` in the denominator (ddof 1: sample, 0: population), two-pass for
    /// accuracy; `nil` when `n - ddof < 1`.
    @inlinable
    public static func variance<C: Collection>(_ xs: C, ddof: Int = 1) -> Double? where C.Element == Double {
        let n = xs.count
        guard n - ddof >= 1, let m = mean(xs) else { return nil }
        var acc = 0.0, comp = 0.0
        for x in xs { let d = x - m; acc += d * d; comp += d }
        // Corrected two-pass formula (Chan, Golub, LeVeque 1983).
        return (acc - comp * comp / Double(n)) / Double(n - ddof)
    }

    /// Standard deviation, sample by default (ddof 1).
    @inlinable
    public static func stdev<C: Collection>(_ xs: C, ddof: Int = 1) -> Double? where C.Element == Double {
        variance(xs, ddof: ddof).map { $0.squareRoot() }
    }

    /// Covariance of two equally long arrays (ddof 1 by default); `nil` when too short.
    public static func covariance(_ x: [Double], _ y: [Double], ddof: Int = 1) -> Double? {
        precondition(x.count == y.count, "covariance needs equally long inputs")
        let n = x.count
        guard n - ddof >= 1, let mx = mean(x), let my = mean(y) else { return nil }
        var acc = 0.0
        for i in 0..<n { acc += (x[i] - mx) * (y[i] - my) }
        return acc / Double(n - ddof)
    }

    /// Compounded return of simple returns, `prod(1 + r) - 1`; exactly -1 once any return is -100%
    /// or worse (a total loss stops compounding: nothing grows from zero wealth).
    ///
    /// The wealth product `W_t = W_{t-1} (1 + r_t)` is accumulated first: relative error of W_T at
    /// most 2n u, so `G = W - 1` is within 2n u W_T absolutely. That is accurate unless G is small,
    /// where rounding each `1 + r` costs up to u / |r| of every return (about 1e-4 for r = 1e-12:
    /// `W - 1` keeps only four digits of 25 years of 1e-12 returns). So when |W - 1| < 2^-7 and the
    /// wealth never fell below 1/2, a second pass returns the growth itself,
    /// `g_t = g_{t-1} + r_t + g_{t-1} r_t` (one fused multiply-add, `fma(g, r, g + r)`), which
    /// never forms `1 + r`: |error of G| <= u sum_t (|g_{t-1} + r_t| + |g_t|) W_T / W_t, about
    /// n u |G| for small returns. Otherwise `W - 1`, whose relative error is at most
    /// 2n u W_T / |G| <= 2^8 n u W_T (below 2e-10 W_T for 25 years of days). The growth pass runs only
    /// for series that end near where they started: running it for every series as a second chain
    /// in the loop cost the metrics engine about 15%.
    /// Tests: `NumericalRobustnessTests.compoundingBound`; docs/reliability.md. A wealth
    /// that overflows gives +infinity; callers that publish the result check it.
    @inlinable
    public static func compound<C: Collection>(_ rs: C) -> Double where C.Element == Double {
        var w = 1.0, low = 1.0
        for r in rs {
            if r <= -1 { return -1 }
            w *= 1 + r
            low = Swift.min(low, w)
        }
        return compounded(rs, wealth: w, lowestWealth: low)
    }

    /// The compounded return from a wealth product `wealth` already accumulated over `rs` (none
    /// of them -100% or worse) and the lowest wealth on the way: `W - 1`, or the growth recursion
    /// when that loses digits (see `compound`). Shared by `compound` and the metrics' one-pass
    /// series statistics, so both give the same bits.
    @inlinable
    public static func compounded<C: Collection>(_ rs: C, wealth: Double, lowestWealth: Double) -> Double where C.Element == Double {
        guard lowestWealth >= 0.5, abs(wealth - 1) < 0x1p-7 else {
            let out = wealth - 1
            return out.isNaN ? .infinity : out
        }
        var g = 0.0
        for r in rs { g = (g + r).addingProduct(g, r) }
        return g.isNaN ? .infinity : g
    }

    /// Annualises a compounded return over `periods` periods with `periodsPerYear` a year:
    /// (1 + R)^(periodsPerYear / periods) - 1. `nil` for no periods, or when the result is not a
    /// finite number (a short period's large gain raised to a high power overflows: one day of
    /// +1e6 annualised over 252 days is 1e1512).
    public static func annualize(compounded R: Double, periods: Double, periodsPerYear: Double) -> Double? {
        guard periods > 0 else { return nil }
        if R <= -1 { return -1 }
        // expm1(y log1p(R)) rather than pow1p(R, y) - 1: no cancellation for small R.
        let a = _expm1(periodsPerYear / periods * _log1p(R))
        return a.isFinite ? a : nil
    }

    /// (1 + x)^y computed as exp(y * log1p(x)) for accuracy near x = 0.
    @inlinable
    public static func pow1p(_ x: Double, _ y: Double) -> Double {
        _exp(y * _log1p(x))
    }

    /// Linear interpolation quantile (numpy's default, "type 7"): q in [0, 1] over sorted values.
    public static func quantile(sorted xs: [Double], _ q: Double) -> Double? {
        guard !xs.isEmpty else { return nil }
        let h = Double(xs.count - 1) * q
        let lo = Int(h.rounded(.down))
        let hi = min(lo + 1, xs.count - 1)
        return xs[lo] + (h - Double(lo)) * (xs[hi] - xs[lo])
    }
}

// Elementary functions without Foundation: Glibc on Linux, Darwin elsewhere.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

@usableFromInline func _exp(_ x: Double) -> Double { exp(x) }
@usableFromInline func _log1p(_ x: Double) -> Double { log1p(x) }
@usableFromInline func _expm1(_ x: Double) -> Double { expm1(x) }
