import TearsheetCore

/// Daily NAV and external flows of one sleeve over the valued days.
struct SleeveSeries: Sendable {
    var name: String
    var nav: [Double]
    var flows: [Double]
}

/// A run of days on which a book had no capital to earn a return on.
struct CapitalGap: Sendable, Equatable {
    var firstDay: Day
    var lastDay: Day
    var days: Int
    /// Sum of the book's P&L on those days, left out of the returns.
    var pnl: Double
}

/// Time-weighted daily returns of a book from its sleeves' NAVs and flows.
enum TimeWeightedReturns {
    /// The book's daily return, sleeve weights, sleeve returns and contributions.
    ///
    /// Formula (start of day): `D_t = NAV_{t-1} + F_t`, `r_t = (NAV_t - NAV_{t-1} - F_t) / D_t`
    /// (which equals `NAV_t / D_t - 1`); end of day: `D_t = NAV_{t-1}` and the same numerator,
    /// which equals `(NAV_t - F_t) / NAV_{t-1} - 1`. `NAV_{-1} = 0`.
    /// Sleeves: `P&L_{s,t} = NAV_{s,t} - NAV_{s,t-1} - F_{s,t}`, base `B_{s,t} = NAV_{s,t-1} + F_{s,t}`
    /// (start of day) or `NAV_{s,t-1}` (end of day); weight `w = B / D`, contribution
    /// `c = P&L_s / D`, sleeve return `r_s = P&L_s / B` (= c / w).
    /// Properties: `sum_s c_{s,t} == r_t` up to rounding, because book NAV and flows are the sums
    /// of the sleeves'.
    /// Undefined: `D_t <= 0` (no capital): the return, weights and contributions are 0 and the
    /// day is reported in a `CapitalGap`; `B_{s,t} == 0`: the sleeve return is 0.
    /// Reference: Bacon, "Practical Portfolio Performance Measurement and Attribution", ch. 2.
    static func book(days: [Day], sleeves: [SleeveSeries], timing: FlowTiming) -> (BookReturns, [CapitalGap]) {
        let n = days.count
        var nav = [Double](repeating: 0, count: n)
        var flows = [Double](repeating: 0, count: n)
        for s in sleeves {
            for t in 0..<n { nav[t] += s.nav[t]; flows[t] += s.flows[t] }
        }
        var portfolio = [Double](repeating: 0, count: n)
        let zeros = [Double](repeating: 0, count: n)
        var weights = Array(repeating: zeros, count: sleeves.count)
        var sleeveReturns = weights
        var contributions = weights
        var gaps: [CapitalGap] = []
        var inGap = false
        for t in 0..<n {
            let prev = t == 0 ? 0 : nav[t - 1]
            let denom = timing == .startOfDay ? prev + flows[t] : prev
            let pnl = nav[t] - prev - flows[t]
            guard denom > 0 else {
                if inGap {
                    gaps[gaps.count - 1].lastDay = days[t]
                    gaps[gaps.count - 1].days += 1
                    gaps[gaps.count - 1].pnl += pnl
                } else {
                    gaps.append(CapitalGap(firstDay: days[t], lastDay: days[t], days: 1, pnl: pnl))
                    inGap = true
                }
                continue
            }
            inGap = false
            portfolio[t] = pnl / denom
            for (k, s) in sleeves.enumerated() {
                let sPrev = t == 0 ? 0 : s.nav[t - 1]
                let base = timing == .startOfDay ? sPrev + s.flows[t] : sPrev
                let sPnL = s.nav[t] - sPrev - s.flows[t]
                weights[k][t] = base / denom
                contributions[k][t] = sPnL / denom
                sleeveReturns[k][t] = base != 0 ? sPnL / base : 0
            }
        }
        let book = BookReturns(days: days, nav: nav, flows: flows, portfolio: portfolio,
                               sleeves: sleeves.map(\.name), weights: weights,
                               sleeveReturns: sleeveReturns, contributions: contributions,
                               sleeveNAV: sleeves.map(\.nav))
        return (book, gaps)
    }
}
