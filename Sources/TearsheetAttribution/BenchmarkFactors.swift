import TearsheetCore

/// OLS regression of daily returns on one or more benchmarks' daily returns.
///
/// Model: `r_t = alpha + sum_j beta_j b_{j,t} + e_t`.
/// Estimator: ordinary least squares on centred data (`X_c' X_c beta = X_c' y_c`, solved by Cholesky),
/// `alpha = mean(y) - beta' mean(X)`. With `p = 1 + m` parameters and `s^2 = SSR / (n - p)`:
/// `se(beta) = sqrt(diag(s^2 (X_c'X_c)^-1))`, `se(alpha) = sqrt(s^2 (1/n + mean(X)' (X_c'X_c)^-1 mean(X)))`,
/// `t = coefficient / se`, `R^2 = 1 - SSR / SST`.
/// Annualised alpha is arithmetic: `alpha * k` (k periods per year), as in empyrical `alpha`.
/// Return split: each day `r_t = sum_j beta_j b_{j,t} + (alpha + e_t)`; the two daily parts are linked
/// with the configured linking method, so `betaReturn + residualReturn == compounded return` exactly.
/// Reference: Greene, "Econometric Analysis", ch. 3-4; Bacon, section 4 (regression alpha and beta).
public struct FactorModel: Sendable, Equatable {
    /// Regressors, e.g. `["SPY"]` or `["SPY", "QQQ"]`.
    public var symbols: [String]
    /// Observations used.
    public var observations: Int
    public var alpha: Double
    public var alphaAnnualized: Double
    public var alphaStandardError: Double?
    public var alphaTStat: Double?
    public var betas: [Double]
    public var betaStandardErrors: [Double?]
    public var betaTStats: [Double?]
    /// `nil` when the dependent series is constant.
    public var rSquared: Double?
    /// Compounded return over the observations.
    public var totalReturn: Double
    /// Linked beta-driven part of `totalReturn`, and its split per regressor.
    public var betaReturn: Double
    public var betaReturnBySymbol: [Double]
    /// Linked residual part (`alpha + e_t`) of `totalReturn`.
    public var residualReturn: Double

    /// Name of the model: the regressors joined by `+`.
    public var name: String { symbols.joined(separator: "+") }
}

/// The factor models of one return series (the portfolio or a sleeve).
public struct FactorAttribution: Sendable, Equatable {
    /// `portfolio` or the sleeve's name.
    public var series: String
    /// One model per regressor set (each benchmark alone, then all jointly); a model is absent when
    /// it cannot be estimated (too few observations, or a singular design).
    public var models: [FactorModel]
}

public enum BenchmarkFactors {
    /// Fits `y` on the columns `xs` (each aligned with `y`). `nil` when `n <= p` or `X_c'X_c` is singular.
    public static func fit(_ y: [Double], on xs: [[Double]], symbols: [String], periodsPerYear k: Double,
                           linking: LinkingMethod) -> FactorModel? {
        let n = y.count, m = xs.count
        guard m >= 1, n > m + 1 else { return nil }
        guard let my = Stats.mean(y) else { return nil }
        let mx = xs.map { Stats.mean($0) ?? 0 }
        // Normal equations on centred columns.
        var A = [[Double]](repeating: [Double](repeating: 0, count: m), count: m)
        var v = [Double](repeating: 0, count: m)
        for a in 0..<m {
            for b in a..<m {
                var s = 0.0
                for t in 0..<n { s += (xs[a][t] - mx[a]) * (xs[b][t] - mx[b]) }
                A[a][b] = s; A[b][a] = s
            }
            var s = 0.0
            for t in 0..<n { s += (xs[a][t] - mx[a]) * (y[t] - my) }
            v[a] = s
        }
        guard let L = cholesky(A) else { return nil }
        let beta = solve(L, v)
        var alpha = my
        for j in 0..<m { alpha -= beta[j] * mx[j] }
        var ssr = 0.0, sst = 0.0
        var resid = [Double](repeating: 0, count: n)
        for t in 0..<n {
            var fit = alpha
            for j in 0..<m { fit += beta[j] * xs[j][t] }
            resid[t] = y[t] - fit
            ssr += resid[t] * resid[t]
            sst += (y[t] - my) * (y[t] - my)
        }
        let s2 = ssr / Double(n - m - 1)
        // (X_c'X_c)^-1 column by column.
        var inv = [[Double]](repeating: [Double](repeating: 0, count: m), count: m)
        for j in 0..<m {
            var e = [Double](repeating: 0, count: m); e[j] = 1
            let col = solve(L, e)
            for i in 0..<m { inv[i][j] = col[i] }
        }
        var betaSE: [Double?] = [], betaT: [Double?] = []
        for j in 0..<m {
            let varj = s2 * inv[j][j]
            let se: Double? = varj > 0 ? varj.squareRoot() : nil
            betaSE.append(se)
            betaT.append(se.map { beta[j] / $0 })
        }
        var q = 0.0
        for i in 0..<m { for j in 0..<m { q += mx[i] * inv[i][j] * mx[j] } }
        let varA = s2 * (1 / Double(n) + q)
        let alphaSE: Double? = varA > 0 ? varA.squareRoot() : nil
        // Daily split: beta part per symbol, residual part alpha + e_t; linked over the days.
        var parts = [[Double]](repeating: [Double](repeating: 0, count: n), count: m + 1)
        for t in 0..<n {
            var sum = 0.0
            for j in 0..<m { parts[j][t] = beta[j] * xs[j][t]; sum += parts[j][t] }
            parts[m][t] = y[t] - sum
        }
        let linked = Linking.link(parts: parts, portfolio: y, benchmark: nil, days: Array(0..<n), method: linking)
        let bySymbol = Array(linked.parts[0..<m])
        return FactorModel(
            symbols: symbols, observations: n, alpha: alpha, alphaAnnualized: alpha * k,
            alphaStandardError: alphaSE, alphaTStat: alphaSE.map { alpha / $0 },
            betas: beta, betaStandardErrors: betaSE, betaTStats: betaT,
            rSquared: sst > 0 ? 1 - ssr / sst : nil,
            totalReturn: linked.total, betaReturn: Stats.sum(bySymbol), betaReturnBySymbol: bySymbol,
            residualReturn: linked.parts[m] + linked.residual)
    }

    /// Lower-triangular Cholesky factor of a symmetric positive-definite matrix; `nil` when not
    /// positive definite (relative pivot below 1e-12, e.g. two identical regressors).
    static func cholesky(_ A: [[Double]]) -> [[Double]]? {
        let m = A.count
        var L = [[Double]](repeating: [Double](repeating: 0, count: m), count: m)
        for i in 0..<m {
            for j in 0...i {
                var s = A[i][j]
                for k in 0..<j { s -= L[i][k] * L[j][k] }
                if i == j {
                    guard s > 1e-12 * max(A[i][i], .leastNormalMagnitude) else { return nil }
                    L[i][i] = s.squareRoot()
                } else {
                    L[i][j] = s / L[j][j]
                }
            }
        }
        return L
    }

    /// Solves `L L' x = v`.
    static func solve(_ L: [[Double]], _ v: [Double]) -> [Double] {
        let m = v.count
        var z = v
        for i in 0..<m { for k in 0..<i { z[i] -= L[i][k] * z[k] }; z[i] /= L[i][i] }
        var x = z
        for i in stride(from: m - 1, through: 0, by: -1) {
            for k in (i + 1)..<m { x[i] -= L[k][i] * x[k] }
            x[i] /= L[i][i]
        }
        return x
    }
}
