import TearsheetCore

/// The columns attribution works on, restricted to one period: book returns, sleeve rows and the
/// aligned benchmark returns. Internal: built once per run, read by every method.
struct Panel {
    var days: [Day]
    var r: [Double]
    var sleeves: [String]
    var weights: [[Double]]
    var sleeveReturns: [[Double]]
    var contributions: [[Double]]
    /// Whether each sleeve has an own return (`BookReturns.ownReturn`; all true when not given).
    var ownReturn: [Bool]
    /// The denominator in force each day (`BookReturns.denominators`; `NAV_{t-1} + F_t` for a book
    /// that carries NAV but no denominators); used for P&L in currency.
    var denominators: [Double]?
    var benchmarkSymbols: [String]
    /// `bench[k][t]`: aligned return of benchmark k.
    var bench: [[Double]]
    /// `active[k][s][t] = c_{s,t} - w~_{s,t} b_{k,t}`, with w~ the weights normalised to sum to 1.
    var active: [[[Double]]]
    /// Per-day Carino factors for total return and for each benchmark's active return (see `Linking`).
    var carinoTotal: [Double]?
    var carinoActive: [[Double]?]
    /// Daily residuals `r_t - b_t - sum_s parts[s][t]` for total and active contributions.
    var residualTotal: [Double]
    var residualActive: [[Double]]
    /// Per-period risk-free rate of each day (`RiskFree.perPeriod`); zeros until `Attribution.run` sets it.
    var riskFree: [Double] = []

    var count: Int { days.count }

    init(book: BookReturns, benchmarks: [(symbol: String, returns: [Double])], range: Range<Int>) {
        days = Array(book.days[range])
        r = Array(book.portfolio[range])
        sleeves = book.sleeves
        weights = book.weights.map { Array($0[range]) }
        sleeveReturns = book.sleeveReturns.map { Array($0[range]) }
        contributions = book.contributions.map { Array($0[range]) }
        ownReturn = book.ownReturn.count == book.sleeves.count ? book.ownReturn : book.sleeves.map { _ in true }
        if book.denominators.count == book.days.count {
            denominators = Array(book.denominators[range])
        } else if book.nav.count == book.days.count {
            denominators = range.map { i in (i > 0 ? book.nav[i - 1] : 0) + (book.flows.count > i ? book.flows[i] : 0) }
        } else {
            denominators = nil
        }
        benchmarkSymbols = benchmarks.map(\.symbol)
        bench = benchmarks.map { Array($0.returns[range]) }
        let n = range.count, S = book.sleeves.count
        var wsum = [Double](repeating: 0, count: n)
        for s in 0..<S { for t in 0..<n { wsum[t] += weights[s][t] } }
        let r0 = r
        carinoTotal = Linking.dailyCarino(portfolio: r0, benchmark: nil)
        carinoActive = bench.map { Linking.dailyCarino(portfolio: r0, benchmark: $0) }
        let w0 = weights, c0 = contributions
        active = bench.map { b in
            var rows = [[Double]](repeating: [Double](repeating: 0, count: n), count: S)
            for s in 0..<S {
                for t in 0..<n {
                    let w = wsum[t] != 0 ? w0[s][t] / wsum[t] : 0
                    rows[s][t] = c0[s][t] - w * b[t]
                }
            }
            return rows
        }
        residualTotal = Linking.dailyResidual(parts: c0, portfolio: r0, benchmark: nil)
        let a0 = active, b0 = bench
        residualActive = (0..<b0.count).map { Linking.dailyResidual(parts: a0[$0], portfolio: r0, benchmark: b0[$0]) }
    }
}

extension Panel {
    /// Links the sleeves' daily contributions (k == nil) or active contributions against benchmark k
    /// over the days `idx`.
    func link(days idx: [Int], benchmark k: Int?, method: LinkingMethod) -> LinkedContributions {
        if let k {
            return Linking.link(parts: active[k], portfolio: r, benchmark: bench[k], days: idx, method: method,
                                dailyCarino: carinoActive[k], dailyResidual: residualActive[k])
        }
        return Linking.link(parts: contributions, portfolio: r, benchmark: nil, days: idx, method: method,
                            dailyCarino: carinoTotal, dailyResidual: residualTotal)
    }
}
