import Testing
import TearsheetCore
import TearsheetIngest

/// `Ledger.filtered(account:)`: one account's rows, re-interned, with the book's prices.
@Suite struct LedgerFilterTests {
    func book() -> Ledger {
        var l = Ledger()
        let a = l.accounts.intern("A"), b = l.accounts.intern("B")
        let s1 = l.strategies.intern("alpha"), s2 = l.strategies.intern("beta"), s3 = l.strategies.intern("gamma")
        let x = l.symbols.intern("XYZ"), y = l.symbols.intern("QRS")
        let d = Day(year: 2024, month: 1, day: 2)!
        for (i, (acc, st, sym)) in [(a, s1, x), (b, s2, y), (a, s3, y), (b, s1, x)].enumerated() {
            l.trades.tradeID.append("T\(i)"); l.trades.day.append(d.adding(days: i)); l.trades.account.append(acc)
            l.trades.strategy.append(st); l.trades.symbol.append(sym); l.trades.side.append(.buy)
            l.trades.quantity.append(Double(i + 1)); l.trades.price.append(10); l.trades.fees.append(0.5)
            l.trades.line.append(Int32(i + 2)); l.trades.sector.append(i == 2 ? "Tech" : "")
        }
        var p = PositionTable()
        for (i, acc) in [b, a].enumerated() {
            p.day.append(d); p.account.append(acc); p.strategy.append(s2); p.symbol.append(x)
            p.quantity.append(-3); p.price.append(10); p.sector.append(""); p.line.append(Int32(i + 2))
        }
        l.positions = p
        for (i, (acc, st)) in [(a, Int32(-1)), (b, s2), (a, s1)].enumerated() {
            l.cashFlows.day.append(d); l.cashFlows.account.append(acc); l.cashFlows.amount.append(100)
            l.cashFlows.type.append(.deposit); l.cashFlows.strategy.append(st); l.cashFlows.line.append(Int32(i + 2))
        }
        l.prices.series[x] = DatedSeries(days: [d], values: [10])
        l.baseCurrency = "EUR"
        return l
    }

    @Test func keepsOnlyTheAccountsRowsInOrder() throws {
        let l = book()
        let a = try #require(l.filtered(account: "A"))
        #expect(a.accounts.names == ["A"])
        #expect(a.trades.tradeID == ["T0", "T2"])
        #expect(a.trades.account == [0, 0])
        #expect(a.trades.line == [2, 4] && a.trades.sector == ["", "Tech"] && a.trades.quantity == [1, 3])
        // Strategies re-interned to those A uses, in the book's order; B's own (none here) dropped.
        #expect(a.strategies.names == ["alpha", "beta", "gamma"])
        #expect(a.trades.strategy.map { a.strategies[$0] } == ["alpha", "gamma"])
        #expect(a.positions?.line == [3] && a.positions?.strategy.map { a.strategies[$0] } == ["beta"])
        #expect(a.cashFlows.line == [2, 4] && a.cashFlows.strategy == [-1, a.strategies.id(of: "alpha")!])
        // Prices and symbols shared.
        #expect(a.symbols == l.symbols && a.prices == l.prices && a.baseCurrency == "EUR")
        #expect(l.filtered(account: "C") == nil)
    }

    @Test func theAccountsPartitionTheBook() throws {
        let l = book()
        let parts = l.accountNames.compactMap { l.filtered(account: $0) }
        #expect(parts.map(\.trades.count).reduce(0, +) == l.trades.count)
        #expect(parts.map { $0.positions?.count ?? 0 }.reduce(0, +) == l.positions?.count)
        #expect(parts.map(\.cashFlows.count).reduce(0, +) == l.cashFlows.count)
        #expect(Set(parts.flatMap(\.trades.tradeID)) == Set(l.trades.tradeID))
    }

    @Test func oneRowIndexGivesTheSameLedgers() throws {
        let l = book()
        let rows = l.rowsByAccount()
        #expect(rows.count == 2)
        #expect(rows[0] == Ledger.Rows(trades: [0, 2], positions: [1], cashFlows: [0, 2]))
        for name in l.accountNames {
            #expect(l.filtered(account: name, rows: rows[Int(l.accounts.id(of: name)!)]) == l.filtered(account: name))
        }
    }

    @Test func truncationDropsLaterRowsNamesAndCloses() throws {
        var l = book()
        // B's only rows after the 3rd; a strategy used only by a late row.
        let late = l.strategies.intern("late")
        l.trades.strategy[3] = late
        let d = Day(year: 2024, month: 1, day: 2)!
        let y = l.symbols.id(of: "QRS")!
        l.prices.series[y] = DatedSeries(days: [d, d.adding(days: 1), d.adding(days: 9)], values: [1, 2, 3])
        l.prices.series[l.symbols.intern("NEW")] = DatedSeries(days: [d.adding(days: 5)], values: [4])
        let t = l.truncated(through: d.adding(days: 2))
        #expect(t.trades.tradeID == ["T0", "T1", "T2"])
        #expect(!t.strategies.names.contains("late"))
        #expect(t.positions?.count == 2 && t.cashFlows.count == 3)
        #expect(t.prices.series[y] == DatedSeries(days: [d, d.adding(days: 1)], values: [1, 2]))
        #expect(t.prices.series[l.symbols.id(of: "NEW")!]?.isEmpty == true)
        #expect(t.prices.series[l.symbols.id(of: "XYZ")!] == l.prices.series[l.symbols.id(of: "XYZ")!])
        // Through a day before every row: nothing left, not even the account names.
        let none = l.truncated(through: d.adding(days: -1))
        #expect(none.trades.count == 0 && none.cashFlows.count == 0 && none.accounts.count == 0)
    }
}
