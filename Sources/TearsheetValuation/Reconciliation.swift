import TearsheetCore

/// The daily reconciliation that every account must pass.
enum Reconciliation {
    /// Checks, for every day `t`, that the NAV change less external flows equals the P&L split.
    ///
    /// Formula: `d_t = (NAV_t - NAV_{t-1} - F_t) - (realised_t + unrealisedChange_t + income_t - fees_t)`,
    /// with `NAV_{-1} = 0`; fails when `|d_t| > tolerance x max(1, |NAV_t|)` (or `d_t` is not finite).
    /// Why: NAV comes from cash and marks, the split from the FIFO lots; agreement proves that
    /// every trade, fee and flow was booked once and on the right side.
    /// - Throws: `TearsheetError.reconciliation` naming the first failing day and the account.
    static func check(nav: [Double], columns c: DailyBreakdown, days: [Day], account: String,
                      tolerance: Double) throws {
        for t in nav.indices {
            let prev = t == 0 ? 0 : nav[t - 1]
            let change = nav[t] - prev - c.externalFlows[t]
            let pnl = c.realised[t] + c.unrealisedChange[t] + c.income[t] - c.fees[t]
            let difference = change - pnl
            let allowed = tolerance * max(1, abs(nav[t]))
            if !(abs(difference) <= allowed) {
                throw TearsheetError.reconciliation(day: days[t], account: account, difference: difference,
                                                    tolerance: allowed)
            }
        }
    }
}
