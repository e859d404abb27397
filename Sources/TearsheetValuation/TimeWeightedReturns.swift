import TearsheetCore

/// Daily NAV and external flows of one sleeve over the valued days.
struct SleeveSeries: Sendable {
    var name: String
    var nav: [Double]
    /// All external flows of each day.
    var flows: [Double]
    /// The part of `flows` that arrives at the start of the day (the timing in force for each
    /// flow); the rest arrives after the close.
    var startFlows: [Double]
}

/// A run of days on which a book had no capital to earn a return on.
struct CapitalGap: Sendable, Equatable {
    var firstDay: Day
    var lastDay: Day
    var days: Int
    /// Sum of the book's P&L on those days, left out of the returns.
    var pnl: Double
    /// Index of the first day (for naming that day's flows).
    var firstIndex: Int
}

/// A day whose return reached -100%: what it was and what was used instead.
struct LossDay: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// The positions lost everything: the return is -100% (set exactly).
        case totalLoss
        /// Start-of-day withdrawals left a denominator that the day's result wiped out: the day's
        /// flows were taken at the end of the day instead.
        case retimed
        /// The book lost more than its capital: the return is floored at -100%, contributions
        /// scaled to it, and the loss beyond the capital stays in the P&L.
        case beyondCapital
    }
    var index: Int
    var kind: Kind
    /// The return the timing in force gave.
    var computed: Double
    /// The return used.
    var used: Double
}

/// Time-weighted daily returns of a book from its sleeves' NAVs and flows.
enum TimeWeightedReturns {
    /// Tolerance under which a return of -100% is a total loss.
    static let totalLossTolerance = 1e-9

    /// The book's daily return, sleeve weights, sleeve returns and contributions.
    ///
    /// Formula: `D_t = NAV_{t-1} + S_t`, `S_t` the flows arriving at the start of the day (all of
    /// them under start-of-day timing, none under end-of-day, per flow with a `timing` column),
    /// `r_t = (NAV_t - NAV_{t-1} - F_t) / D_t`, `F_t` all the day's flows; `NAV_{-1} = 0`.
    /// Sleeves: `P&L_{s,t} = NAV_{s,t} - NAV_{s,t-1} - F_{s,t}`, base `B_{s,t} = NAV_{s,t-1} + S_{s,t}`;
    /// weight `w = B / D`, contribution `c = P&L_s / D`, sleeve return `r_s = P&L_s / B` (= c / w).
    /// Properties: `sum_s c_{s,t} == r_t` up to rounding, because book NAV and flows are the sums
    /// of the sleeves'; `c_{s,t} x D_t == P&L_{s,t}`.
    /// Undefined: `D_t <= 0` (no capital): the return, weights and contributions are 0 and the
    /// day is reported in a `CapitalGap`; `B_{s,t} == 0`: the sleeve return is 0.
    /// At or below -100% (`r_t <= -1 + 1e-9`): with start-of-day withdrawals the day is computed
    /// end-of-day (`D_t = NAV_{t-1}`); otherwise within 1e-9 of -1 it is a total loss (exactly
    /// -1), below it the return is floored at -1 and the contributions scaled by `-1 / r_t`.
    /// Each such day is reported in a `LossDay`.
    /// Reference: Bacon, "Practical Portfolio Performance Measurement and Attribution", ch. 2.
    static func book(days: [Day], sleeves: [SleeveSeries]) -> (BookReturns, [CapitalGap], [LossDay]) {
        let n = days.count
        var nav = [Double](repeating: 0, count: n)
        var flows = [Double](repeating: 0, count: n)
        var startFlows = flows
        for s in sleeves {
            for t in 0..<n { nav[t] += s.nav[t]; flows[t] += s.flows[t]; startFlows[t] += s.startFlows[t] }
        }
        var portfolio = [Double](repeating: 0, count: n)
        var denominators = portfolio
        let zeros = [Double](repeating: 0, count: n)
        var weights = Array(repeating: zeros, count: sleeves.count)
        var sleeveReturns = weights
        var contributions = weights
        var gaps: [CapitalGap] = []
        var losses: [LossDay] = []
        var inGap = false
        for t in 0..<n {
            let prev = t == 0 ? 0 : nav[t - 1]
            var denom = prev + startFlows[t]
            let pnl = nav[t] - prev - flows[t]
            var retimed = false
            var computed = denom > 0 ? pnl / denom : 0
            if denom > 0, computed <= -1 + totalLossTolerance, startFlows[t] < 0, prev > 0 {
                // A withdrawal taken before the day's result, which then wipes out what was left:
                // the flows are taken at the end of the day instead.
                retimed = true
                denom = prev
            }
            denominators[t] = denom
            guard denom > 0 else {
                if inGap {
                    gaps[gaps.count - 1].lastDay = days[t]
                    gaps[gaps.count - 1].days += 1
                    gaps[gaps.count - 1].pnl += pnl
                } else {
                    gaps.append(CapitalGap(firstDay: days[t], lastDay: days[t], days: 1, pnl: pnl, firstIndex: t))
                    inGap = true
                }
                continue
            }
            inGap = false
            var r = pnl / denom
            var scale = 1.0
            if retimed {
                losses.append(LossDay(index: t, kind: .retimed, computed: computed, used: r))
                computed = r
            }
            if r <= -1 + totalLossTolerance {
                if r >= -1 - totalLossTolerance {
                    losses.append(LossDay(index: t, kind: .totalLoss, computed: r, used: -1))
                } else {
                    losses.append(LossDay(index: t, kind: .beyondCapital, computed: r, used: -1))
                }
                scale = -1 / r
                r = -1
            }
            portfolio[t] = r
            for (k, s) in sleeves.enumerated() {
                let sPrev = t == 0 ? 0 : s.nav[t - 1]
                let base = retimed ? sPrev : sPrev + s.startFlows[t]
                let sPnL = s.nav[t] - sPrev - s.flows[t]
                weights[k][t] = base / denom
                contributions[k][t] = sPnL / denom * scale
                sleeveReturns[k][t] = base != 0 ? sPnL / base : 0
            }
        }
        let book = BookReturns(days: days, nav: nav, flows: flows, portfolio: portfolio,
                               sleeves: sleeves.map(\.name), weights: weights,
                               sleeveReturns: sleeveReturns, contributions: contributions,
                               sleeveNAV: sleeves.map(\.nav), denominators: denominators)
        var out = book
        out.sleeveFlows = sleeves.map(\.flows)
        out.sleeveStartFlows = sleeves.map(\.startFlows)
        return (out, gaps, losses)
    }
}
