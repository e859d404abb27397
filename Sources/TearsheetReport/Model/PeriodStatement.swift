import TearsheetCore
import TearsheetValuation

/// The money statement of a reporting period: where the NAV started, what came in and went out,
/// what the book earned, and where it ended, in the form a client statement prints.
///
/// Identity (checked): `beginNAV + deposits + withdrawals + pnl == endNAV`, where
/// `pnl = tradingPnL + income - fees` is the sum of the valuation's daily P&L over the period's days,
/// so `reconciliationDifference` is zero up to rounding. Deposits and withdrawals are the DEPOSIT
/// and WITHDRAWAL rows dated in the period; their sum is checked against the valuation's external
/// flows (`flowDifference`).
/// Convention: `beginNAV` is the NAV at the end of the trading day before the period's first day,
/// 0 when the period starts at inception.
public struct PeriodStatement: Sendable, Equatable {
    /// First and last trading day of the period.
    public var period: ClosedRange<Day>
    /// Trading days in the period.
    public var days: Int
    public var beginNAV: Double
    /// DEPOSIT rows (positive).
    public var deposits: Double
    /// WITHDRAWAL rows (negative).
    public var withdrawals: Double
    /// DIVIDEND and INTEREST.
    public var income: Double
    /// Trade fees and FEE flows, as a positive cost.
    public var fees: Double
    /// Realised plus the change in unrealised P&L, before fees and income.
    public var tradingPnL: Double
    /// `tradingPnL + income - fees`.
    public var pnl: Double
    public var endNAV: Double
    /// `endNAV - (beginNAV + deposits + withdrawals + pnl)`.
    public var reconciliationDifference: Double
    /// `(deposits + withdrawals) - sum of the valuation's external flows over the period`.
    public var flowDifference: Double
    /// Trades booked on the period's days.
    public var trades: Int

    /// Tolerance of the reconciliation: 1e-6 of the largest NAV of the period (at least 1e-6).
    public var tolerance: Double

    /// Whether both checks hold within `tolerance`.
    public var reconciles: Bool { abs(reconciliationDifference) <= tolerance && abs(flowDifference) <= tolerance }

    /// The statement of `period` (trading days of `valuation.days`) for the whole of `valuation`
    /// and the `ledger` it was valued from; `nil` when the period holds no valued day.
    public static func compute(valuation: Valuation, ledger: Ledger, period: ClosedRange<Day>) -> PeriodStatement? {
        let days = valuation.total.days
        guard let i0 = days.firstIndex(where: { $0 >= period.lowerBound }),
              let i1 = days.lastIndex(where: { $0 <= period.upperBound }), i0 <= i1 else { return nil }
        let nav = valuation.total.nav, b = valuation.totalBreakdown
        let r = i0...i1
        let begin = i0 > 0 ? nav[i0 - 1] : 0, end = nav[i1]
        let income = Stats.sum(b.income[r]), fees = Stats.sum(b.fees[r])
        let trading = Stats.sum(r.map { b.realised[$0] + b.unrealisedChange[$0] })
        let pnl = Stats.sum(b.pnl[r])
        let covered = days[i0]...days[i1]
        var deposits: [Double] = [], withdrawals: [Double] = []
        let cf = ledger.cashFlows
        for k in 0..<cf.count where covered.contains(cf.day[k]) {
            switch cf.type[k] {
            case .deposit: deposits.append(cf.amount[k])
            case .withdrawal: withdrawals.append(cf.amount[k])
            default: break
            }
        }
        let dep = Stats.sum(deposits), wd = Stats.sum(withdrawals)
        let external = Stats.sum(b.externalFlows[r])
        var trades = 0
        for d in ledger.trades.day where covered.contains(d) { trades += 1 }
        let scale = max(1, abs(begin), nav[r].map(abs).max() ?? 0)
        return PeriodStatement(period: covered, days: r.count, beginNAV: begin, deposits: dep, withdrawals: wd,
                               income: income, fees: fees, tradingPnL: trading, pnl: pnl, endNAV: end,
                               reconciliationDifference: end - (begin + dep + wd + pnl), flowDifference: dep + wd - external,
                               trades: trades, tolerance: 1e-6 * scale)
    }
}
