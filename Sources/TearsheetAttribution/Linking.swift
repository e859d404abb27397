#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import TearsheetCore

/// How daily contributions are linked into a multi-period contribution.
///
/// Both methods produce per-day coefficients `beta_t` with `sum_t beta_t * d_t == R - B` exactly
/// (up to floating-point rounding), where `d_t = r_t - b_t` is the day's excess of the portfolio
/// over the benchmark (`b_t = 0` when linking total return). A linked contribution is then
/// `C_s = sum_t beta_t * c_{s,t}`, and because the day's contributions sum to `d_t`, the linked
/// contributions sum to `R - B`.
public enum LinkingMethod: String, Sendable, Equatable, CaseIterable {
    /// Carino (1999): `beta_t = k_t / K` with `k_t = (ln(1+r_t) - ln(1+b_t)) / (r_t - b_t)` and
    /// `K = (ln(1+R) - ln(1+B)) / (R - B)` (`1/(1+r)` in the limit `r == b`). Scales every day by its
    /// own log-to-simple ratio. Needs `1 + r_t > 0` and `1 + b_t > 0`.
    /// Reference: Carino, "Combining Attribution Effects Over Time", J. Performance Measurement 3(4), 1999;
    /// Bacon, "Practical Portfolio Performance Measurement and Attribution", 2nd ed., section 8.
    case carino
    /// Menchero (2000): `beta_t = M + alpha_t` with `M = (R - B) / (T * ((1+R)^(1/T) - (1+B)^(1/T)))`
    /// (`(1+R)^((T-1)/T)` when `R == B`) and `alpha_t = (R - B - M * sum d) / sum(d^2) * d_t`:
    /// a constant scale plus the smallest (least-squares) correction that closes the gap.
    /// Reference: Menchero, "An Optimized Approach to Linking Attribution Effects Over Time",
    /// J. Performance Measurement 5(1), 2000; Bacon, section 8.
    case menchero
}

/// Multi-period linking of daily contributions (see `LinkingMethod`).
public enum Linking {
    /// Linking coefficients for the days of `r` (and of the benchmark `b`, when given).
    ///
    /// Returns the coefficients and the method actually used: Carino falls back to Menchero when
    /// a day or the period loses 100% or more (its logarithms are then undefined).
    /// Callers pass aligned arrays (`b.count == r.count`); `linked(parts:portfolio:benchmark:method:)` is the
    /// checked public entry point.
    static func coefficients(portfolio r: [Double], benchmark b: [Double]?,
                             method: LinkingMethod) -> (beta: [Double], method: LinkingMethod) {
        if r.isEmpty { return ([], method) }
        let bb = b ?? [Double](repeating: 0, count: r.count)
        if method == .carino, let beta = carino(r, bb) { return (beta, .carino) }
        return (menchero(r, bb), .menchero)
    }

    /// `ln(1+x) - ln(1+y)` divided by `x - y`, computed stably as `log1p(u)/u / (1+y)` with
    /// `u = (x-y)/(1+y)`; `1/(1+y)` when `x == y`.
    @inline(__always)
    static func logRatio(_ x: Double, _ y: Double) -> Double {
        let u = (x - y) / (1 + y)
        if u == 0 { return 1 / (1 + y) }
        return log1p(u) / u / (1 + y)
    }

    static func carino(_ r: [Double], _ b: [Double]) -> [Double]? {
        let n = r.count
        var k = [Double](repeating: 0, count: n)
        for t in 0..<n {
            guard r[t] > -1, b[t] > -1 else { return nil }
            k[t] = logRatio(r[t], b[t])
        }
        let R = Stats.compound(r), B = Stats.compound(b)
        guard R > -1, B > -1 else { return nil }
        let K = logRatio(R, B)
        for t in 0..<n { k[t] /= K }
        return k
    }

    static func menchero(_ r: [Double], _ b: [Double]) -> [Double] {
        let n = r.count
        let T = Double(n)
        let R = Stats.compound(r), B = Stats.compound(b)
        let A = R - B
        let lR = R <= -1 ? -Double.infinity : log1p(R)
        let lB = B <= -1 ? -Double.infinity : log1p(B)
        // (1+R)^(1/T) - (1+B)^(1/T) = (1+B)^(1/T) * expm1((lR - lB)/T): stable when R ~ B.
        var M: Double
        if lR.isFinite && lB.isFinite {
            let denom = T * exp(lB / T) * expm1((lR - lB) / T)
            M = denom == 0 ? exp(lR * (T - 1) / T) : A / denom
        } else {
            let denom = T * (exp(lR / T) - exp(lB / T))
            M = denom == 0 ? 1 : A / denom
        }
        if !M.isFinite { M = 1 }
        var d = [Double](repeating: 0, count: n)
        for t in 0..<n { d[t] = r[t] - b[t] }
        let sumD = Stats.sum(d)
        var sq = 0.0, cq = 0.0
        for x in d { let y = x * x - cq; let s = sq + y; cq = (s - sq) - y; sq = s }
        let scale = sq == 0 ? 0 : (A - M * sumD) / sq
        var beta = d
        for t in 0..<n { beta[t] = M + scale * d[t] }
        return beta
    }

    /// `sum_t beta[t] * xs[t]` with compensated summation.
    @inline(__always)
    static func dot(_ beta: [Double], _ xs: [Double]) -> Double {
        var s = 0.0, c = 0.0
        for t in 0..<beta.count {
            let x = beta[t] * xs[t]
            let u = s + x
            if abs(s) >= abs(x) { c += (s - u) + x } else { c += (x - u) + s }
            s = u
        }
        return s + c
    }

    /// `sum_t beta[idx[t]]`-style gather dot: `sum_t beta[t] * xs[idx[t]]`.
    @inline(__always)
    static func dot(_ beta: [Double], _ xs: [Double], _ idx: [Int]) -> Double {
        var s = 0.0, c = 0.0
        for t in 0..<beta.count {
            let x = beta[t] * xs[idx[t]]
            let u = s + x
            if abs(s) >= abs(x) { c += (s - u) + x } else { c += (x - u) + s }
            s = u
        }
        return s + c
    }

    /// Links daily contribution rows over the days listed in `idx`: see `linked(parts:portfolio:benchmark:method:)`.
    ///
    /// - Parameters:
    ///   - parts: `parts[s][t]` daily contributions (each day's row should sum to `r_t - b_t`).
    ///   - r, b: daily portfolio and benchmark returns over all days (`b == nil`: total return).
    ///   - idx: the days of the period (any subset, in order).
    /// - Returns: linked parts and the linked residual `sum_t beta_t (d_t - sum_s parts[s][t])`,
    ///   so that `sum(parts) + residual == R - B` to rounding.
    /// Links whole series: `parts[s][t]` over every day of `r` (and `b`).
    ///
    /// - Throws: `TearsheetError.internalFailure` when the arrays are not aligned.
    public static func linked(parts: [[Double]], portfolio r: [Double], benchmark b: [Double]? = nil,
                              method: LinkingMethod = .carino) throws -> LinkedContributions {
        guard b == nil || b!.count == r.count, parts.allSatisfy({ $0.count == r.count }) else {
            throw TearsheetError.internalFailure("linking: contributions, portfolio and benchmark must have one value per day")
        }
        return link(parts: parts, portfolio: r, benchmark: b, days: Array(0..<r.count), method: method)
    }

    /// Internal form over a subset of days (indices valid for every array).
    static func link(parts: [[Double]], portfolio r: [Double], benchmark b: [Double]?,
                     days idx: [Int], method: LinkingMethod) -> LinkedContributions {
        link(parts: parts, portfolio: r, benchmark: b, days: idx, method: method, dailyCarino: nil)
    }

    /// The daily gap `r_t - b_t - sum_s parts[s][t]` (compensated sum over sleeves) that `link` links
    /// into its residual.
    static func dailyResidual(parts: [[Double]], portfolio r: [Double], benchmark b: [Double]?) -> [Double] {
        var out = [Double](repeating: 0, count: r.count)
        for t in 0..<r.count {
            var acc = 0.0, c = 0.0
            for s in 0..<parts.count {
                let x = parts[s][t]
                let u = acc + x
                if abs(acc) >= abs(x) { c += (acc - u) + x } else { c += (x - u) + acc }
                acc = u
            }
            out[t] = (r[t] - (b?[t] ?? 0)) - (acc + c)
        }
        return out
    }

    /// Per-day Carino factors `k_t = (ln(1+r_t) - ln(1+b_t)) / (r_t - b_t)` over all days, computed once
    /// and shared by every period and group that links over a subset; `nil` when a day loses 100%.
    static func dailyCarino(portfolio r: [Double], benchmark b: [Double]?) -> [Double]? {
        var k = [Double](repeating: 0, count: r.count)
        for t in 0..<r.count {
            let bt = b?[t] ?? 0
            guard r[t] > -1, bt > -1 else { return nil }
            k[t] = logRatio(r[t], bt)
        }
        return k
    }

    static func link(parts: [[Double]], portfolio r: [Double], benchmark b: [Double]?,
                     days idx: [Int], method: LinkingMethod, dailyCarino kt: [Double]?,
                     dailyResidual: [Double]? = nil) -> LinkedContributions {
        let rr = idx.map { r[$0] }
        let bb = b.map { bs in idx.map { bs[$0] } }
        var beta: [Double], used: LinkingMethod
        let R0 = Stats.compound(rr), B0 = bb.map { Stats.compound($0) } ?? 0
        if method == .carino, let kt, R0 > -1, B0 > -1 {
            let K = logRatio(R0, B0)
            beta = idx.map { kt[$0] / K }
            used = .carino
        } else {
            (beta, used) = coefficients(portfolio: rr, benchmark: bb, method: method)
        }
        var linked = [Double](repeating: 0, count: parts.count)
        for s in 0..<parts.count { linked[s] = dot(beta, parts[s], idx) }
        if let dr = dailyResidual {
            return LinkedContributions(total: R0 - B0, parts: linked, residual: dot(beta, dr, idx), method: used)
        }
        var resid = [Double](repeating: 0, count: idx.count)
        for t in 0..<idx.count {
            var acc = 0.0, c = 0.0
            for s in 0..<parts.count {
                let x = parts[s][idx[t]]
                let u = acc + x
                if abs(acc) >= abs(x) { c += (acc - u) + x } else { c += (x - u) + acc }
                acc = u
            }
            resid[t] = (rr[t] - (bb?[t] ?? 0)) - (acc + c)
        }
        return LinkedContributions(total: R0 - B0, parts: linked, residual: dot(beta, resid), method: used)
    }
}

/// Linked contributions over a period: `sum(parts) + residual == total` to rounding.
public struct LinkedContributions: Sendable, Equatable {
    /// `R - B`: compounded portfolio return minus compounded benchmark return (B = 0 for total return).
    public var total: Double
    /// One linked contribution per sleeve, in the book's sleeve order.
    public var parts: [Double]
    /// Linked part of the daily gap between `r_t - b_t` and the sum of the day's contributions:
    /// zero (to rounding) when the book's contributions sum to its return and its weights to 1.
    public var residual: Double
    /// The linking method actually used (Carino falls back to Menchero on a -100% day).
    public var method: LinkingMethod
}
