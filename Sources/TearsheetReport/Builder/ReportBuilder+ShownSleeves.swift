import TearsheetAttribution
import TearsheetMetrics
import TearsheetCore

/// Bounded tables: above `StrategyAttribution.shownSleeveLimit` sleeves, a table with a row or a
/// column per sleeve (or per strategy) gets a `ReportTable.ReadingView` holding the largest
/// contributors and one "Other" row or column; the CSV keeps every sleeve. The "Other" cell sums
/// what adds up over sleeves (contributions, P&L, trade counts and money) and is empty, with a
/// reason, where a group has no such figure (a return, a ratio, a regression).
extension ReportBuilder {
    /// The reason of an "Other" cell that has no group figure.
    static let notAdditive = "not defined for a group of sleeves: each sleeve's figure is in the CSV"

    /// Of `names` (sleeves or strategies), the indices shown one by one: `nil` when there are at
    /// most `StrategyAttribution.shownSleeveLimit` (every one is shown), else the largest by
    /// absolute linked contribution (looked up by name; a name without a sleeve counts 0), in
    /// `names` order. For the attribution's own sleeves this is `a.strategy.correlationSleeves`.
    func shownIndices(_ names: [String]) -> [Int]? {
        guard names.count > StrategyAttribution.shownSleeveLimit else { return nil }
        if names == a.sleeves { return a.strategy.correlationSleeves }
        let byName = Dictionary(a.strategy.sleeves.map { ($0.name, $0.contribution) }, uniquingKeysWith: { x, _ in x })
        return StrategyAttribution.largestContributors(names.map { byName[$0] ?? 0 })
    }

    /// The indices of `count` items not in `shown` (sorted), in order.
    static func hidden(_ shown: [Int], count: Int) -> [Int] {
        var isShown = [Bool](repeating: false, count: count)
        for i in shown where i < count { isShown[i] = true }
        return (0..<count).filter { !isShown[$0] }
    }

    /// The note of a bounded table: what is shown, what "Other" holds, where the rest is.
    static func boundedNote(shown: Int, of total: Int, units: String, csv: String, other: String) -> String {
        "The \(total) \(units) are more than \(StrategyAttribution.shownSleeveLimit): the \(shown) with the largest absolute linked contribution are shown "
            + "(in book order) and the other \(total - shown) as \"\(other)\" (\(otherMeaning)); "
            + "csv/\(csv).csv lists all \(total)."
    }

    static let otherMeaning = "sums of contributions, P&L, counts and money; returns and ratios are not defined for the group"

    /// The Sleeves table's bounded view: the shown sleeves, "Other" (sums of contribution and
    /// P&L and their shares), the Total row.
    func sleevesReadingView(columns: [ReportColumn], rows: [[Cell]]) -> ReportTable.ReadingView? {
        let sleeves = a.strategy.sleeves
        guard let shown = shownIndices(a.sleeves), rows.count == sleeves.count + 1 else { return nil }
        let hidden = Self.hidden(shown, count: sleeves.count)
        let contribution = Stats.sum(hidden.map { sleeves[$0].contribution })
        // A sum over the hidden sleeves, `nil` when one of them has no figure (no NAV, zero total).
        func sum(_ value: (SleeveAttribution) -> Double?) -> Double? {
            let values = hidden.map { value(sleeves[$0]) }
            return values.allSatisfy { $0 != nil } ? Stats.sum(values.map { $0 ?? 0 }) : nil
        }
        let empty = Cell.empty(reason: Self.notAdditive)
        let other: [Cell] = [.text(otherSleevesLabel), empty, empty, empty, empty, empty, Self.pct(contribution),
                             Self.pct(sum(\.contributionShare), .neutral, reason: "total return is zero"),
                             Self.money(sum(\.pnl), .higherIsBetter),
                             Self.pct(sum(\.pnlShare), .neutral, reason: "total P&L is zero")]
        return ReportTable.ReadingView(columns: columns, rows: shown.map { rows[$0] } + [other, rows[sleeves.count]],
                                       note: Self.boundedNote(shown: shown.count, of: sleeves.count, units: "sleeves", csv: "sleeves", other: otherSleevesLabel))
    }

    /// The factor table's bounded view: the portfolio's models, the shown sleeves' models and one
    /// "Other" row with empty cells (a regression of each sleeve alone does not add up).
    func factorsReadingView(columns: [ReportColumn], rowsByFactor: [[[Cell]]]) -> ReportTable.ReadingView? {
        // factors[0] is the portfolio, factors[1 + s] sleeve s (`Attribution.attribute`).
        guard let shown = shownIndices(a.sleeves), rowsByFactor.count == a.sleeves.count + 1 else { return nil }
        let other: [Cell] = [.text(otherSleevesLabel), .text("each sleeve alone")]
            + columns.dropFirst(2).map { _ in Cell.empty(reason: Self.notAdditive) }
        return ReportTable.ReadingView(columns: columns, rows: rowsByFactor[0] + shown.flatMap { rowsByFactor[1 + $0] } + [other],
                                       note: Self.boundedNote(shown: shown.count, of: a.sleeves.count, units: "sleeves", csv: "factors", other: otherSleevesLabel))
    }

    /// Trade statistics whose value for a group of strategies is the sum of theirs.
    static let additiveTradeMetrics: Set<String> = ["trades", "gross_profit", "gross_loss", "total_fees", "turnover"]

    /// The trade-statistics table's bounded view: "All strategies", the shown strategies and an
    /// "Other (N strategies)" column holding the sums of the additive statistics.
    func tradesReadingView(_ trades: [TradeAnalysis]) -> ReportTable.ReadingView? {
        let strategies = Array(trades.filter { $0.strategy != nil })
        let all = trades.filter { $0.strategy == nil }
        guard let shown = shownIndices(strategies.map { $0.strategy ?? "" }) else { return nil }
        let hidden = Self.hidden(shown, count: strategies.count)
        let label = "Other (\(hidden.count) strategies)"
        let kept = all + shown.map { strategies[$0] }
        let cols = [ReportColumn("Statistic", .text)] + kept.map { ReportColumn($0.strategy ?? "All strategies", .decimal) } + [ReportColumn(label, .decimal)]
        let rows: [[Cell]] = MetricRegistry.trades.enumerated().map { k, def in
            var other = Cell.empty(reason: "not additive over strategies: each strategy's figure is in the CSV")
            if Self.additiveTradeMetrics.contains(def.id) {
                let values = hidden.map { i -> Double? in if case .value(let x) = strategies[i].values[k] { return x } else { return nil } }
                if values.allSatisfy({ $0 != nil }) {
                    other = Self.cell(.value(Stats.sum(values.map { $0 ?? 0 })), unit: def.unit, polarity: def.polarity)
                }
            }
            return [.text(def.name)] + kept.map { Self.cell($0.values[k], unit: def.unit, polarity: def.polarity) } + [other]
        }
        return ReportTable.ReadingView(columns: cols, rows: rows,
                                       note: Self.boundedNote(shown: shown.count, of: strategies.count, units: "strategies", csv: "trade-statistics", other: label))
    }

    /// The daily table's bounded view: the fixed columns, the shown sleeves' contributions and
    /// an "Other" column summing the rest day by day (a row still adds up to the day's return),
    /// then the benchmarks and the drawdown.
    func dailyReadingView(columns: [ReportColumn], rows: [[Cell]], sleeves: [String], firstSleeveColumn: Int,
                          contributions: [[Double]]) -> ReportTable.ReadingView? {
        guard let shown = shownIndices(sleeves) else { return nil }
        let hidden = Self.hidden(shown, count: sleeves.count)
        let end = firstSleeveColumn + sleeves.count
        let label = "Contribution " + Self.otherLabel(hidden.count)
        let cols = Array(columns[..<firstSleeveColumn]) + shown.map { columns[firstSleeveColumn + $0] }
            + [ReportColumn(label, .percent)] + Array(columns[end...])
        let out: [[Cell]] = rows.indices.map { i in
            let r = rows[i]
            return Array(r[..<firstSleeveColumn]) + shown.map { r[firstSleeveColumn + $0] }
                + [.percent(Stats.sum(hidden.map { contributions[$0][i] }), .higherIsBetter)] + Array(r[end...])
        }
        return ReportTable.ReadingView(columns: cols, rows: out,
                                       note: "Per-sleeve columns: the \(shown.count) sleeves with the largest absolute linked contribution and "
                                           + "\"\(label)\", their sum, of \(sleeves.count) sleeves; csv/daily.csv has a column for every sleeve.")
    }

    /// The money-weighted table of sleeves with their own flows, bounded: the shown sleeves and
    /// "Other" with the sum of their net flows (a money-weighted return of a group is not the
    /// sum of theirs).
    func moneyWeightedSleevesReadingView(columns: [ReportColumn], rows: [[Cell]]) -> ReportTable.ReadingView? {
        let list = run.sleeveMoneyWeighted
        guard let shown = shownIndices(list.map(\.account)), rows.count == list.count else { return nil }
        let hidden = Self.hidden(shown, count: list.count)
        let label = Self.otherLabel(hidden.count)
        let other: [Cell] = [.text(label)] + columns.indices.dropFirst().dropLast().map { _ in Cell.empty(reason: Self.notAdditive) }
            + [Self.money(Stats.sum(hidden.map { list[$0].itd.netFlows }))]
        return ReportTable.ReadingView(columns: columns, rows: shown.map { rows[$0] } + [other],
                                       note: Self.boundedNote(shown: shown.count, of: list.count, units: "sleeves with flows of their own",
                                                              csv: "money-weighted-sleeves", other: label))
    }

    /// "Other (N sleeves)".
    static func otherLabel(_ n: Int) -> String { "Other (\(n) sleeves)" }
}
