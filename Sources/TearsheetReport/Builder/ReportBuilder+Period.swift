import TearsheetAttribution
import TearsheetMetrics
import TearsheetCore

extension ReportBuilder {
    /// The reporting period's statement, first in a report for a period (`nil` without one):
    /// beginning NAV, flows, income, fees, P&L and ending NAV (reconciled), the period's
    /// time-weighted return, each sleeve's linked contribution to it, each benchmark over the same
    /// days with the active return, and the number of trades booked.
    func reportingPeriodSection() -> ReportSection? {
        guard let range = run.reportingPeriod, let pa = run.periodAttribution else { return nil }
        var blocks: [ReportBlock] = []
        if let s = run.periodStatement {
            blocks += statementBlocks(s)
        }
        var returns: [[Cell]] = [[.text("Portfolio (time-weighted)"), Self.pct(pa.totalReturn), .empty(reason: nil)]]
        if let mw = run.periodMoneyWeighted {
            returns.append([.text("Portfolio (money-weighted, Modified Dietz)"), Self.cell(mw.modifiedDietz, unit: .percent, polarity: .higherIsBetter), .empty(reason: nil)])
            returns.append([.text("Portfolio (money-weighted, XIRR over the period)"), Self.cell(mw.xirrPeriod, unit: .percent, polarity: .higherIsBetter), .empty(reason: nil)])
        }
        for b in pa.active {
            returns.append([.text(b.symbol), Self.pct(b.benchmarkReturn), Self.pct(b.activeReturn)])
        }
        blocks.append(.table(ReportTable(id: "period-returns", title: "Returns over the period",
                                         columns: [ReportColumn("Series", .text), ReportColumn("Return", .percent), ReportColumn("Active return", .percent)],
                                         rows: returns,
                                         footnote: "Benchmarks compounded over the same \(pa.days) trading days; active return = portfolio - benchmark (time-weighted). The money-weighted figures include the effect of the period's flows.")))
        if !pa.strategy.sleeves.isEmpty {
            var sleeves: [[Cell]] = pa.strategy.sleeves.map { sl in
                [.text(sl.name), .integer(sl.activeDays),
                 sl.ownReturn ? Self.pct(sl.totalReturn) : .empty(reason: "funded from the account's cash with no capital base"),
                 Self.pct(sl.contribution),
                 Self.money(sl.pnl, .higherIsBetter)]
            }
            let sum = pa.strategy.sleeves.reduce(0) { $0 + $1.contribution }
            sleeves.append([.text("Total"), .integer(pa.days), .empty(reason: nil), Self.pct(sum + pa.residual),
                            Self.money(Stats.sum(pa.strategy.sleeves.compactMap(\.pnl)), .higherIsBetter)])
            let method = pa.linking == .carino ? "Carino" : "Menchero"
            blocks.append(.table(ReportTable(id: "period-contributions", title: "Contribution by sleeve",
                                             columns: [ReportColumn("Sleeve", .text), ReportColumn("Active days", .integer), ReportColumn("Sleeve return", .percent),
                                                       ReportColumn("Contribution", .percent), ReportColumn("P&L", .currency)],
                                             rows: sleeves,
                                             footnote: "Linked with the \(method) method: the contributions add up to the portfolio's return over the period (linking residual \(Self.fixed(pa.residual))).")))
        }
        let from = days.first.map(String.init(describing:)) ?? "-"
        return ReportSection(id: "reporting-period", title: "Period",
                             intro: "Reporting period \(range.lowerBound) to \(range.upperBound) (\(pa.days) trading days). The other sections run from inception (\(from)) to \(range.upperBound): metrics, drawdowns and trailing returns are inception to date at the period's end.",
                             blocks: blocks)
    }

    /// The statement table (and a warning note when it does not reconcile).
    private func statementBlocks(_ s: PeriodStatement) -> [ReportBlock] {
        let statement: [[Cell]] = [
            [.text("Beginning NAV (end of the previous trading day)"), Self.money(s.beginNAV)],
            [.text("Deposits"), Self.money(s.deposits)],
            [.text("Withdrawals"), Self.money(s.withdrawals)],
            [.text("Trading P&L (realised + change in unrealised)"), Self.money(s.tradingPnL, .higherIsBetter)],
            [.text("Income (dividends, interest)"), Self.money(s.income, .higherIsBetter)],
            [.text("Fees"), Self.money(-s.fees, .higherIsBetter)],
            [.text("P&L"), Self.money(s.pnl, .higherIsBetter)],
            [.text("Ending NAV"), Self.money(s.endNAV)],
            [.text("Reconciliation difference (ending - beginning - flows - P&L)"), Self.money(s.reconciliationDifference)],
            [.text("Trades booked in the period"), .integer(s.trades)],
        ]
        var blocks: [ReportBlock] = [
            .table(ReportTable(id: "period-statement", title: "Statement of the period", columns: [ReportColumn("Item", .text), ReportColumn("Amount", .currency)],
                               rows: statement,
                               footnote: "Beginning NAV + deposits + withdrawals + P&L = ending NAV; P&L = trading P&L + income - fees.")),
        ]
        if !s.reconciles {
            blocks.append(.note(ReportNote("The period does not reconcile: ending NAV differs from beginning NAV + flows + P&L by \(s.reconciliationDifference), and the cash-flow rows differ from the valued external flows by \(s.flowDifference) (tolerance \(s.tolerance)).", isWarning: true)))
        }
        return blocks
    }
}
