import TearsheetCore

extension FlexMapper {
    /// The book's flow type (and FEE kind) of a `CashTransaction` type, `nil` for a type the
    /// import does not map. The published type names, with the older and newer spellings.
    static func flowType(_ type: String, amount: Double, symbol: String) -> (type: String, kind: String)? {
        switch type.lowercased() {
        case "deposits/withdrawals", "deposits & withdrawals", "deposits", "withdrawals", "deposit", "withdrawal":
            return (amount > 0 ? "DEPOSIT" : "WITHDRAWAL", "")
        case "dividends", "payment in lieu of dividends":
            return ("DIVIDEND", "")
        case "withholding tax":
            // Withheld on a dividend: it reduces the dividend's income; on interest, the interest's.
            return (symbol.isEmpty ? "INTEREST" : "DIVIDEND", "")
        case "broker interest received", "broker interest paid", "bond interest received", "bond interest paid", "broker interest":
            return ("INTEREST", "")
        case "other fees", "broker fees":
            return ("FEE", "other")
        case "commission adjustments":
            return ("FEE", "commission")
        default:
            return nil
        }
    }

    /// `CashTransactions` rows as the book's flows (their date: the transaction's `dateTime`).
    mutating func mapCash(_ rows: [FlexCashTransaction]) -> [BookFlow] {
        var out: [BookFlow] = []
        for c in rows {
            let row = Self.describe(c)
            if !c.levelOfDetail.isEmpty && c.levelOfDetail != "DETAIL" {
                skip(c.location, "CashTransactions", row, "levelOfDetail \(c.levelOfDetail) summarises other rows; only DETAIL rows are imported", unsupported: false)
                continue
            }
            if !c.currency.isEmpty && c.currency != book.baseCurrency {
                skip(c.location, "CashTransactions", row, "in \(c.currency), not the base currency \(book.baseCurrency): the book has no FX", unsupported: true)
                continue
            }
            if c.amount == 0 {
                skip(c.location, "CashTransactions", row, "amount 0 moves no money", unsupported: false)
                continue
            }
            guard let (type, kind) = Self.flowType(c.type, amount: c.amount, symbol: c.symbol) else {
                skip(c.location, "CashTransactions", row, "type '\(c.type)' has no flow type in the book", unsupported: true)
                continue
            }
            if type == "FEE" && c.amount > 0 {
                skip(c.location, "CashTransactions", row, "a refund of \(c.type) (+\(Self.number(c.amount))): the book's FEE flows are outflows; enter the refund by hand if it matters", unsupported: true)
                continue
            }
            let strategy = c.symbol.isEmpty && c.underlying.isEmpty ? nil : options.config.rule(symbol: c.symbol, underlying: c.underlying)
            out.append(BookFlow(day: c.time.day, account: c.account, amount: c.amount, type: type, strategy: strategy ?? "",
                                symbol: c.symbol, kind: kind, source: c.location))
            mapped("CashTransactions '\(c.type)'\(c.type.lowercased() == "deposits/withdrawals" ? (c.amount > 0 ? " (+)" : " (-)") : "")",
                   type + (kind.isEmpty ? "" : " kind \(kind)") + (strategy.map { " strategy \($0)" } ?? ""))
        }
        return out
    }

    /// The account's opening cash: the `startingCash` of its earliest `CashReport` (base), booked
    /// as a DEPOSIT on the statement's first day so the book starts where the statement does.
    mutating func openingBalances(_ reports: [FlexCashReport]) -> [BookFlow] {
        var first: [String: FlexCashReport] = [:]
        for r in baseCashReports(reports) {
            guard let from = r.from else { continue }
            if let f = first[r.account], let ff = f.from, ff <= from { continue }
            first[r.account] = r
        }
        var out: [BookFlow] = []
        for account in book.accounts {
            guard let r = first[account], let from = r.from, r.startingCash != 0 else { continue }
            guard r.startingCash > 0 else {
                error(r.location, "flex-opening-balance", "the first statement of \(account) starts with cash \(Self.number(r.startingCash)) (a debit): the book cannot open with a debt; import the statements from the account's opening")
                continue
            }
            out.append(BookFlow(day: from, account: account, amount: r.startingCash, type: "DEPOSIT", strategy: "", symbol: "", kind: "", source: r.location))
            mapped("CashReport startingCash of the first statement", "DEPOSIT (opening balance)")
        }
        return out
    }

    /// The CashReport rows in the base currency: `BASE_SUMMARY` where a statement has it, else
    /// the base currency's own row.
    func baseCashReports(_ reports: [FlexCashReport]) -> [FlexCashReport] {
        let withSummary = Set(reports.filter { $0.currency == "BASE_SUMMARY" }.map { "\($0.account)|\($0.to.map(\.description) ?? "")" })
        return reports.filter { r in
            r.currency == "BASE_SUMMARY" || (r.currency == book.baseCurrency && !withSummary.contains("\(r.account)|\(r.to.map(\.description) ?? "")"))
        }
    }
}
