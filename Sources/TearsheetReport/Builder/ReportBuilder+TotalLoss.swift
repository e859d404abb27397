import TearsheetMetrics
import TearsheetCore

extension ReportBuilder {
    /// The summary's warning when the book's capital was wiped out: "Total loss on DATE".
    ///
    /// Convention: the first day whose time-weighted return is -100% or worse (the NAV fell to
    /// zero, or below it through shorts or leverage, from a positive start-of-day capital). From that
    /// day every compounded figure stays at -100% (`Stats.compound`, the drawdown path and the
    /// growth-of-1 curve stop compounding at zero wealth), and the valuation's later days without
    /// capital carry a return of 0 and a `no-capital` warning. `nil` when the book never lost
    /// everything.
    func totalLossNote() -> ReportNote? {
        let t = run.valuation.total
        guard let i = t.portfolio.firstIndex(where: { $0 <= -1 }), i < t.days.count else { return nil }
        let r = t.portfolio[i]
        let lost = r == -1 ? "lost all of its capital" : "lost more than its capital (a time-weighted return of \(MetricsTable.fixed(r * 100, 2))%)"
        let after = i + 1 < t.days.count
            ? " Compounding stops there: the cumulative return, the drawdown and the growth of 1 stay at -100% for the \(t.days.count - i - 1) later trading day\(t.days.count - i - 1 == 1 ? "" : "s")."
            : ""
        return ReportNote("Total loss on \(t.days[i]): the book \(lost)." + after, isWarning: true)
    }
}
