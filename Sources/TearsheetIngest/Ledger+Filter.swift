import TearsheetCore

extension Ledger {
    /// The ledger of one account: its trades, position snapshots and cash flows, in their original
    /// order; prices and the base currency are shared with the book.
    ///
    /// Interners are rebuilt so that nothing of another account survives the filter: `accounts`
    /// holds only `account`, `strategies` only the strategies of the kept rows (in first-use order
    /// across trades, positions, flows). `symbols` is kept whole, because the shared price table is
    /// keyed by symbol id; a symbol name only reaches a report through the account's own holdings.
    /// Returns `nil` when the book has no such account.
    public func filtered(account: String) -> Ledger? {
        guard let a = accounts.id(of: account) else { return nil }
        let t = trades, c = cashFlows
        return filtered(account: account, rows: AccountRows(trades: (0..<t.count).filter { t.account[$0] == a },
                                                            positions: positions.map { p in (0..<p.count).filter { p.account[$0] == a } } ?? [],
                                                            cashFlows: (0..<c.count).filter { c.account[$0] == a }))
    }

    /// The row numbers of one account in each table, in order.
    public struct AccountRows: Sendable, Equatable {
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
    public func rowsByAccount() -> [AccountRows] {
        var out = [AccountRows](repeating: AccountRows(), count: accounts.count)
        for (i, a) in trades.account.enumerated() { out[Int(a)].trades.append(i) }
        if let p = positions { for (i, a) in p.account.enumerated() { out[Int(a)].positions.append(i) } }
        for (i, a) in cashFlows.account.enumerated() { out[Int(a)].cashFlows.append(i) }
        return out
    }

    /// `filtered(account:)` from precomputed rows (an element of `rowsByAccount()`).
    public func filtered(account: String, rows: AccountRows) -> Ledger? {
        guard accounts.id(of: account) != nil else { return nil }
        var out = Ledger()
        out.accounts = Interner([account])
        out.symbols = symbols
        out.prices = prices
        out.baseCurrency = baseCurrency
        var strategyMap: [Int32: Int32] = [:]
        func strategy(_ s: Int32) -> Int32 {
            if s < 0 { return s }
            if let m = strategyMap[s] { return m }
            let m = out.strategies.intern(strategies[s])
            strategyMap[s] = m
            return m
        }

        let t = trades
        var nt = TradeTable()
        nt.reserve(rows.trades.count)
        for i in rows.trades {
            nt.tradeID.append(t.tradeID[i]); nt.day.append(t.day[i]); nt.account.append(0)
            nt.strategy.append(strategy(t.strategy[i])); nt.symbol.append(t.symbol[i]); nt.side.append(t.side[i])
            nt.quantity.append(t.quantity[i]); nt.price.append(t.price[i]); nt.fees.append(t.fees[i])
            nt.line.append(t.line[i]); nt.sector.append(t.sector[i])
        }
        out.trades = nt

        if let p = positions {
            var np = PositionTable()
            for i in rows.positions {
                np.day.append(p.day[i]); np.account.append(0); np.strategy.append(strategy(p.strategy[i]))
                np.symbol.append(p.symbol[i]); np.quantity.append(p.quantity[i]); np.price.append(p.price[i])
                np.sector.append(p.sector[i]); np.line.append(p.line[i])
            }
            out.positions = np
        }

        let c = cashFlows
        var nc = CashFlowTable()
        for i in rows.cashFlows {
            nc.day.append(c.day[i]); nc.account.append(0); nc.amount.append(c.amount[i])
            nc.type.append(c.type[i]); nc.strategy.append(strategy(c.strategy[i])); nc.line.append(c.line[i])
        }
        out.cashFlows = nc
        return out
    }

    /// Account names in the order the book first mentions them (interning order).
    public var accountNames: [String] { accounts.names }
}
