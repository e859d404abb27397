import TearsheetCore
import TearsheetValuation

/// The statement sections built from the ledger and the valuation: holdings at the end, the
/// period's transactions, its income and fees, and its change in value.
extension ReportBuilder {
    /// The days the statement sections cover: the reporting period, else the whole history.
    var statementRange: ClosedRange<Day>? {
        run.reportingPeriod ?? days.first.flatMap { f in days.last.map { f...$0 } }
    }

    /// Whether the book has more than one account (an account column is then shown).
    var manyAccounts: Bool { run.ledger.accounts.count > 1 }

    var currency: String { run.config.baseCurrency }

    /// A quantity: a whole number of shares or contracts as an integer, a fraction with 4 decimals.
    static func quantity(_ q: Double) -> Cell {
        q == q.rounded() && abs(q) < 1e15 ? .integer(Int(q), .neutral) : .number(q, kind: .decimal)
    }

    static func assetClassName(_ a: AssetClass) -> String {
        switch a {
        case .equity: return "Equities"
        case .etf: return "ETFs"
        case .option: return "Options"
        case .future: return "Futures"
        case .cash: return "Cash instruments"
        }
    }

    /// Every position at the period's end by asset class, with subtotals, the cash and the NAV.
    func holdingsSection() -> ReportSection {
        guard let h = HoldingsStatement.compute(valuation: run.valuation, ledger: run.ledger) else {
            return ReportSection(id: "holdings", title: "Holdings", blocks: [.note(ReportNote("No valued days."))])
        }
        let withMultiplier = h.lines.contains { $0.multiplier != 1 }
        var cols: [ReportColumn] = manyAccounts ? [ReportColumn("Account", .text)] : []
        cols += [ReportColumn("Symbol", .text), ReportColumn("Quantity", .decimal)]
        if withMultiplier { cols.append(ReportColumn("Multiplier", .decimal)) }
        cols += [ReportColumn("Price", .decimal), ReportColumn("Market value", .currency), ReportColumn("Weight", .percent),
                 ReportColumn("Cost", .currency), ReportColumn("Unrealised P&L", .currency)]
        func weight(_ v: Double) -> Cell { Self.pct(h.nav > 0 ? v / h.nav : nil, .neutral, reason: "NAV is not positive") }
        /// A subtotal, cash or total line: its label in the first column, then market value, weight, cost, unrealised P&L.
        func summary(_ label: String, _ mv: Double, _ cost: Cell, _ unrealised: Cell) -> [Cell] {
            [.text(label)] + [Cell](repeating: .empty(reason: nil), count: cols.count - 5) + [Self.money(mv), weight(mv), cost, unrealised]
        }
        var rows: [[Cell]] = []
        var i = 0
        while i < h.lines.count {
            let cls = h.lines[i].assetClass
            var j = i
            while j < h.lines.count && h.lines[j].assetClass == cls { j += 1 }
            let group = h.lines[i..<j]
            for l in group {
                var r: [Cell] = manyAccounts ? [.text(l.account)] : []
                r += [.text(l.symbol), Self.quantity(l.quantity)]
                if withMultiplier { r.append(.decimal(l.multiplier, .neutral)) }
                r += [.decimal(l.price, .neutral), Self.money(l.marketValue), weight(l.marketValue), Self.money(l.cost),
                      Self.money(l.unrealised, .higherIsBetter)]
                rows.append(r)
            }
            let mv = Stats.sum(group.map(\.marketValue))
            rows.append(summary("Total \(Self.assetClassName(cls).lowercased())", mv, Self.money(Stats.sum(group.map(\.cost))),
                                Self.money(Stats.sum(group.map(\.unrealised)), .higherIsBetter)))
            i = j
        }
        let cash = h.cash ?? (h.nav - h.marketValue)
        rows.append(summary("Cash", cash, .empty(reason: nil), .empty(reason: nil)))
        rows.append(summary("Total (NAV)", h.marketValue + cash, Self.money(Stats.sum(h.lines.map(\.cost))),
                            Self.money(Stats.sum(h.lines.map(\.unrealised)), .higherIsBetter)))
        var blocks: [ReportBlock] = [.table(ReportTable(
            id: "holdings", title: "Holdings on \(h.day)", columns: cols, rows: rows,
            footnote: "Quantity in shares, or in contracts for an instrument with a multiplier (market value = quantity x multiplier x price). Cost: the open FIFO lots' entry prices, before fees (\(NumberText.fixed(Stats.sum(h.lines.map(\.openFees)), decimals: 2)) of entry fees on them); unrealised P&L = market value - cost. Asset classes from instruments.csv; a symbol it does not list is an equity."))]
        if h.cash == nil {
            blocks.append(.note(ReportNote("The book gives position snapshots without trades: its cash is the NAV less the positions' market value, not an independent figure.")))
        } else if !h.reconciles {
            blocks.append(.note(ReportNote("The holdings do not reconcile: cash from the ledger (\(NumberText.fixed(cash, decimals: 2))) plus the market value of the positions (\(NumberText.fixed(h.marketValue, decimals: 2))) differs from the NAV (\(NumberText.fixed(h.nav, decimals: 2))) by \(NumberText.fixed(h.difference, decimals: 2)); the total above is cash plus positions, not the NAV. Check the trades and cash flows of the period.", isWarning: true)))
        }
        let stale = h.lines.filter { $0.priceDay < h.day }
        if !stale.isEmpty {
            blocks.append(.note(ReportNote("Marked at an earlier close: " + stale.map { "\($0.symbol) (\($0.priceDay))" }.joined(separator: ", ") + ".", isWarning: true)))
        }
        return ReportSection(id: "holdings", title: "Holdings",
                             intro: "Every position at the close of \(h.day), valued at that day's closes, by asset class; amounts in \(currency).",
                             blocks: blocks)
    }

    /// The side a statement prints for trade `i`: the options-lifecycle event it came from, else its side.
    func sideLabel(_ i: Int) -> String {
        let t = run.ledger.trades
        guard let e = run.ledger.tradeEvents[t.tradeID[i]] else { return t.side[i].description }
        return e == .delivery ? "\(t.side[i].description) (delivery)" : e.rawValue
    }

    /// Every trade and every deposit and withdrawal of the period, by date (the ledger's order within a day: by time, then file order).
    func transactionsSection() -> ReportSection {
        guard let range = statementRange else {
            return ReportSection(id: "transactions", title: "Transactions", blocks: [.note(ReportNote("No valued days."))])
        }
        let t = run.ledger.trades
        let multipliers = run.ledger.instruments.mapValues(\.multiplier).filter { $0.value != 1 }
        var rows: [[Cell]] = []
        var fees: [Double] = [], gross: [Double] = []
        for i in 0..<t.count where range.contains(t.day[i]) {
            let m = multipliers[t.symbol[i]] ?? 1
            let amount = -t.side[i].sign * t.quantity[i] * t.price[i]
            gross.append(amount)
            fees.append(t.fees[i])
            var r: [Cell] = [.date(t.day[i])]
            if manyAccounts { r.append(.text(run.ledger.accounts[t.account[i]])) }
            r += [.text(run.ledger.symbols[t.symbol[i]]), .text(sideLabel(i)), Self.quantity(t.quantity[i] / m),
                  .decimal(t.price[i], .neutral), Self.money(amount), Self.money(-t.fees[i]), Self.money(amount - t.fees[i])]
            rows.append(r)
        }
        var cols: [ReportColumn] = [ReportColumn("Date", .date)]
        if manyAccounts { cols.append(ReportColumn("Account", .text)) }
        cols += [ReportColumn("Symbol", .text), ReportColumn("Side", .text), ReportColumn("Quantity", .decimal), ReportColumn("Price", .decimal),
                 ReportColumn("Gross amount", .currency), ReportColumn("Fees", .currency), ReportColumn("Net amount", .currency)]
        if !rows.isEmpty {
            let lead = manyAccounts ? 1 : 0
            rows.append([.text("Total (\(rows.count) trade\(rows.count == 1 ? "" : "s"))")] + [Cell](repeating: .empty(reason: nil), count: lead + 4)
                        + [Self.money(Stats.sum(gross)), Self.money(-Stats.sum(fees)), Self.money(Stats.sum(gross) - Stats.sum(fees))])
        }
        var blocks: [ReportBlock] = [.table(ReportTable(
            id: "transactions", title: "Trades from \(range.lowerBound) to \(range.upperBound)", columns: cols, rows: rows,
            footnote: "Amounts are cash into (+) or out of (-) the account: a purchase is negative. Net amount = gross amount + fees (fees negative). Quantity in shares, or in contracts for an instrument with a multiplier; EXPIRE, ASSIGN and EXERCISE close options at 0, and their delivery of the underlying is marked (delivery).",
            readingRows: run.config.report.profile == .client ? nil : 20))]
        if rows.isEmpty { blocks = [.note(ReportNote("No trades from \(range.lowerBound) to \(range.upperBound)."))] }
        let c = run.ledger.cashFlows
        var flows: [[Cell]] = []
        for k in 0..<c.count where range.contains(c.day[k]) && c.type[k].isExternal {
            var r: [Cell] = [.date(c.day[k])]
            if manyAccounts { r.append(.text(run.ledger.accounts[c.account[k]])) }
            r += [.text(c.type[k] == .deposit ? "Deposit" : "Withdrawal"), Self.money(c.amount[k])]
            flows.append(r)
        }
        if flows.isEmpty {
            blocks.append(.note(ReportNote("No deposits or withdrawals from \(range.lowerBound) to \(range.upperBound).")))
        } else {
            var fcols: [ReportColumn] = [ReportColumn("Date", .date)]
            if manyAccounts { fcols.append(ReportColumn("Account", .text)) }
            fcols += [ReportColumn("Type", .text), ReportColumn("Amount", .currency)]
            blocks.append(.table(ReportTable(id: "transactions-flows", title: "Deposits and withdrawals", columns: fcols, rows: flows,
                                             readingRows: run.config.report.profile == .client ? nil : 20)))
        }
        return ReportSection(id: "transactions", title: "Transactions",
                             intro: "Every trade, deposit and withdrawal from \(range.lowerBound) to \(range.upperBound), by date; amounts in \(currency).",
                             blocks: blocks)
    }

    /// Dividends, interest and fee flows of the period row by row, and the totals with the trades' commissions.
    func incomeFeesSection() -> ReportSection {
        guard let range = statementRange else {
            return ReportSection(id: "income-fees", title: "Income and fees", blocks: [.note(ReportNote("No valued days."))])
        }
        let c = run.ledger.cashFlows
        var rows: [[Cell]] = []
        var dividends: [Double] = [], interest: [Double] = [], feeKinds: [String: [Double]] = [:]
        for k in 0..<c.count where range.contains(c.day[k]) && !c.type[k].isExternal {
            var r: [Cell] = [.date(c.day[k])]
            if manyAccounts { r.append(.text(run.ledger.accounts[c.account[k]])) }
            let kind = c.kind(of: k)
            switch c.type[k] {
            case .dividend: dividends.append(c.amount[k]); r.append(.text("Dividend"))
            case .interest: interest.append(c.amount[k]); r.append(.text("Interest"))
            default:
                feeKinds[kind.isEmpty ? "unspecified" : kind, default: []].append(c.amount[k])
                r.append(.text(kind.isEmpty ? "Fee" : "Fee (\(kind))"))
            }
            r.append(Self.money(c.amount[k], .higherIsBetter))
            rows.append(r)
        }
        let t = run.ledger.trades
        var commissions: [Double] = []
        for i in 0..<t.count where range.contains(t.day[i]) { commissions.append(t.fees[i]) }
        let income = Stats.sum(dividends) + Stats.sum(interest)
        let feeFlows = Stats.sum(feeKinds.values.map { Stats.sum($0) })
        var totals: [[Cell]] = [
            [.text("Dividends"), Self.money(Stats.sum(dividends), .higherIsBetter)],
            [.text("Interest"), Self.money(Stats.sum(interest), .higherIsBetter)],
            [.text("Total income"), Self.money(income, .higherIsBetter)],
        ]
        for k in feeKinds.keys.sorted() {
            let label = feeKinds.count == 1 && k == "unspecified" ? "Fee flows" : "Fees: \(k == "unspecified" ? "other" : k)"
            totals.append([.text(label), Self.money(Stats.sum(feeKinds[k]!), .higherIsBetter)])
        }
        totals.append([.text("Trade commissions (\(commissions.count) trade\(commissions.count == 1 ? "" : "s"))"), Self.money(-Stats.sum(commissions), .higherIsBetter)])
        totals.append([.text("Total fees"), Self.money(feeFlows - Stats.sum(commissions), .higherIsBetter)])
        totals.append([.text("Income less fees"), Self.money(income + feeFlows - Stats.sum(commissions), .higherIsBetter)])
        var cols: [ReportColumn] = [ReportColumn("Date", .date)]
        if manyAccounts { cols.append(ReportColumn("Account", .text)) }
        cols += [ReportColumn("Type", .text), ReportColumn("Amount", .currency)]
        var blocks: [ReportBlock] = rows.isEmpty
            ? [.note(ReportNote("No dividends, interest or fee flows from \(range.lowerBound) to \(range.upperBound)."))]
            : [.table(ReportTable(id: "income-fees-flows", title: "Income and fee flows", columns: cols, rows: rows,
                                  readingRows: run.config.report.profile == .client ? nil : 20))]
        blocks.append(.table(ReportTable(id: "income-fees-totals", title: "Totals", columns: [ReportColumn("Item", .text), ReportColumn("Amount", .currency)],
                                         rows: totals, footnote: "Fees are negative (a cost); the trade commissions are each trade's fees, listed with the trades.")))
        // The same totals from the valuation's daily P&L split: they must agree.
        if let s = statement(range) {
            let di = income - s.income, df = (Stats.sum(commissions) - feeFlows) - s.fees
            if abs(di) >= 0.005 || abs(df) >= 0.005 {
                blocks.append(.note(ReportNote("Income and fees do not agree with the valuation: income differs by \(NumberText.fixed(di, decimals: 2)) and fees by \(NumberText.fixed(df, decimals: 2)) (a flow or trade dated outside the valued days?).", isWarning: true)))
            }
        }
        return ReportSection(id: "income-fees", title: "Income and fees",
                             intro: "Dividends, interest and fees from \(range.lowerBound) to \(range.upperBound); amounts in \(currency).",
                             blocks: blocks)
    }

    /// The period statement of `range`: the run's when it is the reporting period, else computed.
    func statement(_ range: ClosedRange<Day>) -> PeriodStatement? {
        if let s = run.periodStatement, run.reportingPeriod == range { return s }
        return PeriodStatement.compute(valuation: run.valuation, ledger: run.ledger, period: range)
    }

    /// Opening value, flows, income, fees, investment gain and closing value: reconciled to the cent.
    func changeInValueSection() -> ReportSection {
        guard let range = statementRange, let s = statement(range) else {
            return ReportSection(id: "change-in-value", title: "Change in value", blocks: [.note(ReportNote("No valued days."))])
        }
        let rows: [[Cell]] = [
            [.text("Opening value (\(s.beginNAV == 0 && days.first == s.period.lowerBound ? "inception" : "close of the previous trading day"))"), Self.money(s.beginNAV)],
            [.text("Deposits"), Self.money(s.deposits)],
            [.text("Withdrawals"), Self.money(s.withdrawals)],
            [.text("Income (dividends, interest)"), Self.money(s.income, .higherIsBetter)],
            [.text("Fees (commissions and fee flows)"), Self.money(-s.fees, .higherIsBetter)],
            [.text("Investment gain (realised + change in unrealised)"), Self.money(s.tradingPnL, .higherIsBetter)],
            [.text("Closing value"), Self.money(s.endNAV)],
            [.text("Unexplained difference"), Self.money(s.reconciliationDifference)],
        ]
        var blocks: [ReportBlock] = [.table(ReportTable(
            id: "change-in-value", title: "Change in value from \(s.period.lowerBound) to \(s.period.upperBound)",
            columns: [ReportColumn("Item", .text), ReportColumn("Amount", .currency)], rows: rows,
            footnote: "Closing value = opening value + deposits + withdrawals + income + fees + investment gain; the unexplained difference is closing value less that sum."))]
        if abs(s.reconciliationDifference) >= 0.005 || abs(s.flowDifference) >= 0.005 {
            blocks.append(.note(ReportNote("The change in value does not reconcile to the cent: the closing value differs from the sum of the lines by \(NumberText.fixed(s.reconciliationDifference, decimals: 2)), and the deposit and withdrawal rows differ from the valued external flows by \(NumberText.fixed(s.flowDifference, decimals: 2)). No line was adjusted; check the period's cash flows and trades.", isWarning: true)))
        }
        return ReportSection(id: "change-in-value", title: "Change in value",
                             intro: "What moved the account's value from \(s.period.lowerBound) to \(s.period.upperBound) (\(s.days) trading days); amounts in \(currency).",
                             blocks: blocks)
    }
}
