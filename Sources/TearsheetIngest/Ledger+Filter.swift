import TearsheetCore

extension Ledger {
    /// The ledger of one account: its trades, position snapshots and cash flows, in their original
    /// order; prices and the base currency are shared with the book.
    ///
    /// Interners are rebuilt (`subset`) so that nothing of another account survives the filter:
    /// `accounts` holds only `account`, `strategies` only the strategies of the kept rows.
    /// Returns `nil` when the book has no such account.
    public func filtered(account: String) -> Ledger? {
        guard let a = accounts.id(of: account) else { return nil }
        let t = trades, c = cashFlows
        return subset(Rows(trades: (0..<t.count).filter { t.account[$0] == a },
                           positions: positions.map { p in (0..<p.count).filter { p.account[$0] == a } } ?? [],
                           cashFlows: (0..<c.count).filter { c.account[$0] == a }))
    }

    /// Row numbers in each table, in order.
    public struct Rows: Sendable, Equatable {
        public var trades: [Int] = []
        public var positions: [Int] = []
        public var cashFlows: [Int] = []

        public init(trades: [Int] = [], positions: [Int] = [], cashFlows: [Int] = []) {
            self.trades = trades
            self.positions = positions
            self.cashFlows = cashFlows
        }
    }

    /// Every account's rows, by account id, in one pass over the tables: filtering all of a book's
    /// accounts with it costs O(rows) in total rather than O(rows x accounts).
    public func rowsByAccount() -> [Rows] {
        var out = [Rows](repeating: Rows(), count: accounts.count)
        for (i, a) in trades.account.enumerated() { out[Int(a)].trades.append(i) }
        if let p = positions { for (i, a) in p.account.enumerated() { out[Int(a)].positions.append(i) } }
        for (i, a) in cashFlows.account.enumerated() { out[Int(a)].cashFlows.append(i) }
        return out
    }

    /// `filtered(account:)` from precomputed rows (an element of `rowsByAccount()`).
    public func filtered(account: String, rows: Rows) -> Ledger? {
        guard accounts.id(of: account) != nil else { return nil }
        return subset(rows)
    }

    /// The book as of the end of `end`: rows dated after it and closes after it are dropped, so
    /// nothing later can reach any number, name or count of a report for a period ending then.
    public func truncated(through end: Day) -> Ledger {
        var out = subset(Rows(trades: trades.day.indices.filter { trades.day[$0] <= end },
                              positions: positions.map { p in p.day.indices.filter { p.day[$0] <= end } } ?? [],
                              cashFlows: cashFlows.day.indices.filter { cashFlows.day[$0] <= end }))
        for (id, s) in prices.series {
            guard let first = s.days.first, let last = s.days.last, last > end else { continue }
            out.prices.series[id] = first > end ? DatedSeries() : s.slice(first...end)
        }
        return out
    }

    /// The ledger made of the given rows (each table keeps its order). Accounts and strategies are
    /// re-interned to those the kept rows use, in their original interning order, so a name of a
    /// dropped row does not survive; `symbols`, prices and the base currency are kept whole (the
    /// price table is keyed by symbol id, and a symbol name reaches a report only through holdings).
    /// A `positions` table stays present (possibly empty) when the book has one.
    public func subset(_ rows: Rows) -> Ledger {
        var usedAccount = [Bool](repeating: false, count: accounts.count)
        var usedStrategy = [Bool](repeating: false, count: strategies.count)
        func use(_ a: Int32, _ s: Int32) {
            usedAccount[Int(a)] = true
            if s >= 0 { usedStrategy[Int(s)] = true }
        }
        for i in rows.trades { use(trades.account[i], trades.strategy[i]) }
        if let p = positions { for i in rows.positions { use(p.account[i], p.strategy[i]) } }
        for i in rows.cashFlows { use(cashFlows.account[i], cashFlows.strategy[i]) }

        var out = Ledger()
        var accountMap = [Int32](repeating: -1, count: accounts.count)
        for (k, used) in usedAccount.enumerated() where used { accountMap[k] = out.accounts.intern(accounts.names[k]) }
        var strategyMap = [Int32](repeating: -1, count: strategies.count)
        for (k, used) in usedStrategy.enumerated() where used { strategyMap[k] = out.strategies.intern(strategies.names[k]) }
        func strategy(_ s: Int32) -> Int32 { s < 0 ? s : strategyMap[Int(s)] }
        out.symbols = symbols
        out.prices = prices
        out.baseCurrency = baseCurrency
        // Instruments are keyed by symbol id like the prices: shared terms, no account's data.
        out.instruments = instruments
        out.priceBasis = priceBasis

        let t = trades
        var nt = TradeTable()
        nt.reserve(rows.trades.count)
        for i in rows.trades {
            nt.tradeID.append(t.tradeID[i]); nt.day.append(t.day[i]); nt.account.append(accountMap[Int(t.account[i])])
            nt.strategy.append(strategy(t.strategy[i])); nt.symbol.append(t.symbol[i]); nt.side.append(t.side[i])
            nt.quantity.append(t.quantity[i]); nt.price.append(t.price[i]); nt.fees.append(t.fees[i])
            nt.line.append(t.line[i]); nt.sector.append(t.sector[i])
        }
        out.trades = nt
        // Only the kept trades' lifecycle events: another account's trade ids must not survive.
        if !tradeEvents.isEmpty {
            for id in nt.tradeID { if let e = tradeEvents[id] { out.tradeEvents[id] = e } }
        }

        if let p = positions {
            var np = PositionTable()
            for i in rows.positions {
                np.day.append(p.day[i]); np.account.append(accountMap[Int(p.account[i])]); np.strategy.append(strategy(p.strategy[i]))
                np.symbol.append(p.symbol[i]); np.quantity.append(p.quantity[i]); np.price.append(p.price[i])
                np.sector.append(p.sector[i]); np.line.append(p.line[i])
            }
            out.positions = np
        }

        let c = cashFlows
        var nc = CashFlowTable()
        for i in rows.cashFlows {
            nc.day.append(c.day[i]); nc.account.append(accountMap[Int(c.account[i])]); nc.amount.append(c.amount[i])
            nc.type.append(c.type[i]); nc.strategy.append(strategy(c.strategy[i])); nc.line.append(c.line[i])
            if !c.timing.isEmpty { nc.timing.append(c.timing(of: i)) }
            if !c.kind.isEmpty { nc.kind.append(c.kind(of: i)) }
        }
        out.cashFlows = nc
        return out
    }

    /// Account names in the order the book first mentions them (interning order).
    public var accountNames: [String] { accounts.names }
}
