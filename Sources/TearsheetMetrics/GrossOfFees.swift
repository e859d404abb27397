import TearsheetCore

/// Gross-of-fees returns: the book's time-weighted return with its FEE cash flows (management,
/// performance, custody fees) added back.
///
/// The book's own return is net of fees: a FEE flow is a cost inside the day's P&L, so it drags
/// the return (GIPS calls this the net-of-fees return). The gross-of-fees return is what the
/// book would have earned without those fees, on the same capital: GIPS asks for both.
public enum GrossOfFees {
    /// The gross-of-fees daily returns.
    ///
    /// Formula: `r_gross_t = r_t + fee_t / D_t`, where `fee_t >= 0` is the day's FEE flows as a
    /// cost (a FEE flow of -10 is a fee of 10) and `D_t` the denominator of the day's
    /// time-weighted return under the book's flow timing: `NAV_{t-1} + F_t` with flows at the
    /// start of the day, `NAV_{t-1}` at the end (F_t the external flows, deposits and
    /// withdrawals; fees are not external). Adding `fee_t / D_t` back is exact: the day's
    /// numerator without the fee is `P&L_t + fee_t` over the same `D_t`.
    /// Convention: trade commissions are transaction costs and stay in both series (GIPS: gross
    /// of fees is after transaction costs); the fee is not re-invested (the NAV path is the
    /// book's). A day with no capital (`D_t <= 0`) keeps the net return (the valuation gives it
    /// no return either).
    /// - Parameters:
    ///   - net: the book's daily time-weighted returns.
    ///   - nav: end-of-day NAV, `flows`: external flows, `fees`: each day's fees as positive
    ///     costs; all four aligned on the same days.
    ///   - denominators: the denominators the valuation used (`BookReturns.denominators`: per-flow
    ///     timings and the full-withdrawal rule included); when given, `D_t` is taken from them
    ///     rather than rebuilt from `flowsAtStartOfDay`.
    /// - Returns: `nil` when the arrays are not aligned.
    public static func returns(net: [Double], nav: [Double], flows: [Double], fees: [Double],
                               flowsAtStartOfDay: Bool, denominators: [Double]? = nil) -> [Double]? {
        let n = net.count
        guard nav.count == n, flows.count == n, fees.count == n, denominators.map({ $0.count == n }) ?? true else { return nil }
        var out = net
        for t in 0..<n where fees[t] != 0 {
            let prev = t == 0 ? 0 : nav[t - 1]
            let denominator = denominators?[t] ?? (flowsAtStartOfDay ? prev + flows[t] : prev)
            guard denominator > 0 else { continue }
            out[t] = net[t] + fees[t] / denominator
        }
        return out
    }

    /// Each valued day's FEE flows as positive costs: `-sum amount` of the FEE flows dated that
    /// day (a flow dated off the valued days is not counted; ingestion rejects such rows).
    public static func dailyFees(days: [Day], flowDays: [Day], amounts: [Double], isFee: [Bool]) -> [Double] {
        var out = [Double](repeating: 0, count: days.count)
        for i in flowDays.indices where i < amounts.count && i < isFee.count && isFee[i] {
            let t = days.lowerBound(of: flowDays[i])
            guard t < days.count, days[t] == flowDays[i] else { continue }
            out[t] -= amounts[i]
        }
        return out
    }
}
