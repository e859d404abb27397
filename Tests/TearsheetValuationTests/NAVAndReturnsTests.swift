import Testing
@testable import TearsheetValuation
import TearsheetCore

/// Small books whose NAVs, P&L splits and returns are computed by hand in the comments.
@Suite struct NAVAndReturnsTests {
    let calendar = ["2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05"].map(BookBuilder.day)

    /// Deposit to unallocated cash, a long with fees, a partial sale, a withdrawal mid-period.
    func longBook() -> Ledger {
        var b = BookBuilder()
        b.flow("2024-01-02", "A", 10_000, .deposit)
        b.trade("2024-01-02", "A", "trend", "X", .buy, 100, 50, fees: 5, sector: "Tech")
        b.trade("2024-01-04", "A", "trend", "X", .sell, 60, 52, fees: 3)
        b.flow("2024-01-05", "A", -5_000, .withdrawal)
        b.closes("X", [("2024-01-02", 51), ("2024-01-03", 49), ("2024-01-04", 52), ("2024-01-05", 53)])
        return b.ledger
    }

    @Test func longBookNAVAndStartOfDayReturns() throws {
        let v = try value(longBook(), calendar: calendar)
        #expect(v.days == calendar)
        #expect(v.accounts == ["A"])
        let a = v.perAccount[0]
        #expect(a.sleeves == ["trend", "cash"])
        // trend: cash -5005 + 100 x 51 = 95; then -5005 + 4900 = -105; cash -5005 + 3120 - 3 = -1888
        // + 40 x 52 = 192; then -1888 + 40 x 53 = 232. Unallocated cash 10000, 10000, 10000, 5000.
        #expect(closeAll(a.sleeveNAV[0], [95, -105, 192, 232], 1e-9))
        #expect(closeAll(a.sleeveNAV[1], [10_000, 10_000, 10_000, 5_000], 1e-9))
        #expect(closeAll(a.nav, [10_095, 9_895, 10_192, 5_232], 1e-9))
        #expect(a.flows == [10_000, 0, 0, -5_000])
        // r1 = 10095 / (0 + 10000) - 1; r4 = 5232 / (10192 - 5000) - 1.
        let expected1: [Double] = [95.0 / 10_000, -200.0 / 10_095, 297.0 / 9_895, 40.0 / 5_192]
        #expect(closeAll(a.portfolio, expected1))
        // trend starts with no capital (weight 0, return 0 by convention) but contributes 95/10000.
        let expected2: [Double] = [0, 95.0 / 10_095, -105.0 / 9_895, 192.0 / 5_192]
        #expect(closeAll(a.weights[0], expected2))
        // trend trades from the account's cash with no flows of its own and no capital base: its
        // "return" on its cumulative P&L (-200 / 95, 297 / -105) would be noise, so it has none.
        #expect(a.ownReturn == [false, true])
        #expect(a.sleeveReturns[0] == [0, 0, 0, 0])
        #expect(closeAll(a.contributions[0], a.portfolio))
        let expected4: [Double] = [1, 10_000.0 / 10_095, 10_000.0 / 9_895, 5_000.0 / 5_192]
        #expect(closeAll(a.weights[1], expected4))
        #expect(a.contributions[1] == [0, 0, 0, 0])
        #expect(v.total == a)
        #expect(v.warnings.isEmpty)
    }

    @Test func longBookPnLSplit() throws {
        let v = try value(longBook(), calendar: calendar)
        let p = v.totalBreakdown
        // U: 100 x (51-50) = 100, 100 x (49-50) = -100, 40 x (52-50) = 80, 40 x (53-50) = 120.
        #expect(closeAll(p.unrealisedChange, [100, -200, 180, 40], 1e-9))
        #expect(closeAll(p.realised, [0, 0, 120, 0], 1e-9))
        #expect(p.fees == [5, 0, 3, 0])
        #expect(p.income == [0, 0, 0, 0])
        #expect(p.externalFlows == [10_000, 0, 0, -5_000])
        #expect(closeAll(p.grossExposure, [5_100, 4_900, 2_080, 2_120], 1e-9))
        #expect(p.netExposure == p.grossExposure)
        #expect(closeAll(p.pnl, [95, -200, 297, 40], 1e-9))
    }

    @Test func longBookRoundTripOpenLotAndHolding() throws {
        let v = try value(longBook(), calendar: calendar)
        #expect(v.roundTrips.count == 1)
        let t = try #require(v.roundTrips.first)
        #expect(t.direction == .long && t.quantity == 60 && t.entryPrice == 50 && t.exitPrice == 52)
        #expect(t.entryDay == calendar[0] && t.exitDay == calendar[2])
        // Fees: entry 5 x 60/100 = 3, exit 3. P&L 2 x 60 - 6 = 114 on 3000 committed.
        #expect(close(t.fees, 6) && close(t.pnl, 114) && close(t.returnPct, 114.0 / 3_000))
        #expect(t.holdingDaysTrading == 2 && t.holdingDaysCalendar == 2)
        #expect(v.openLots == [OpenLot(account: "A", strategy: "trend", symbol: "X", direction: .long,
                                       entryDay: calendar[0], quantity: 40, entryPrice: 50, entryFees: 2,
                                       mark: 53, unrealised: 120)])
        #expect(v.holdings == [Holding(account: "A", strategy: "trend", symbol: "X", quantity: 40, close: 53,
                                       closeDay: calendar[3], marketValue: 2_120, sector: "Tech")])
    }

    @Test func longBookEndOfDayReturns() throws {
        let v = try value(longBook(), calendar: calendar, options: ValuationOptions(flowTiming: .endOfDay))
        let a = v.perAccount[0]
        // Day 1 has NAV_{t-1} = 0: no capital, return 0 and a warning. r4 = (5232 + 5000) / 10192 - 1.
        let expected5: [Double] = [0, -200.0 / 10_095, 297.0 / 9_895, 40.0 / 10_192]
        #expect(closeAll(a.portfolio, expected5))
        let expected6: [Double] = [0, 10_000.0 / 10_095, 10_000.0 / 9_895, 10_000.0 / 10_192]
        #expect(closeAll(a.weights[1], expected6))
        #expect(v.warnings.map(\.code) == ["no-capital"])
        #expect(v.warnings.first?.message.contains("on 2024-01-02") == true)
        for t in 0..<4 { #expect(close(a.contributions[0][t] + a.contributions[1][t], a.portfolio[t])) }
    }

    /// Two shorts, then a cover that takes all of the first lot and splits the second.
    @Test func shortBookSplitsALot() throws {
        var b = BookBuilder()
        b.flow("2024-01-02", "B", 10_000, .deposit, strategy: "mr")
        b.trade("2024-01-02", "B", "mr", "Y", .short, 100, 20, fees: 2)
        b.trade("2024-01-03", "B", "mr", "Y", .short, 50, 18, fees: 1)
        b.trade("2024-01-04", "B", "mr", "Y", .cover, 120, 17, fees: 2.4)
        b.closes("Y", [("2024-01-02", 19), ("2024-01-03", 18), ("2024-01-04", 17), ("2024-01-05", 17)])
        let v = try value(b.ledger, calendar: calendar)
        let a = v.perAccount[0]
        #expect(a.sleeves == ["mr"])
        // cash 10000 + 2000 - 2 = 11998, MV -1900; cash 12897, MV -2700; cash 10854.6, MV -510.
        #expect(closeAll(a.nav, [10_098, 10_197, 10_344.6, 10_344.6], 1e-9))
        let expected7: [Double] = [98.0 / 10_000, 99.0 / 10_098, 147.6 / 10_197, 0]
        #expect(closeAll(a.portfolio, expected7))
        #expect(a.weights[0] == [1, 1, 1, 1])
        // Realised (20-17) x 100 + (18-17) x 20 = 320; U: 100, 200, 30 -> change -170.
        #expect(closeAll(v.totalBreakdown.realised, [0, 0, 320, 0], 1e-9))
        #expect(closeAll(v.totalBreakdown.unrealisedChange, [100, 100, -170, 0], 1e-9))
        #expect(closeAll(v.totalBreakdown.netExposure, [-1_900, -2_700, -510, -510], 1e-9))
        #expect(closeAll(v.totalBreakdown.grossExposure, [1_900, 2_700, 510, 510], 1e-9))
        #expect(v.roundTrips.count == 2)
        let first = v.roundTrips[0], second = v.roundTrips[1]
        #expect(first.direction == .short && first.quantity == 100 && first.entryPrice == 20)
        // Fees 2 + 2.4 x 100/120 = 4; P&L 300 - 4 = 296 on 2000.
        #expect(close(first.fees, 4) && close(first.pnl, 296) && close(first.returnPct, 0.148))
        #expect(first.holdingDaysTrading == 2 && first.holdingDaysCalendar == 2)
        // Fees 1 x 20/50 + 2.4 x 20/120 = 0.8; P&L 20 - 0.8 = 19.2 on 360.
        #expect(close(second.quantity, 20) && second.entryPrice == 18 && second.entryDay == calendar[1])
        #expect(close(second.fees, 0.8) && close(second.pnl, 19.2) && close(second.returnPct, 19.2 / 360))
        #expect(second.holdingDaysTrading == 1)
        #expect(v.openLots.count == 1)
        let lot = v.openLots[0]
        #expect(lot.direction == .short && close(lot.quantity, 30) && lot.entryPrice == 18)
        #expect(close(lot.entryFees, 0.6) && close(lot.unrealised, 30))
        #expect(v.holdings.map(\.quantity).map { close($0, -30, 1e-9) } == [true])
    }

    /// Sleeve "b" is funded on day 2; P has no close on day 3 (stale); everything is withdrawn on
    /// day 5 and day 6 has no capital.
    @Test func sleeveFundedLaterStalePriceAndWithdrawalToZero() throws {
        let cal = BookBuilder.weekdays(from: "2024-01-02", count: 6)
        var b = BookBuilder()
        b.flow(cal[0], "C", 1_000, .deposit, strategy: "a")
        b.trade(cal[0], "C", "a", "P", .buy, 10, 100)
        b.flow(cal[1], "C", 500, .deposit, strategy: "b")
        b.trade(cal[1], "C", "b", "Q", .buy, 5, 100)
        b.trade(cal[3], "C", "a", "P", .sell, 10, 120)
        b.trade(cal[3], "C", "b", "Q", .sell, 5, 104)
        b.flow(cal[4], "C", -1_200, .withdrawal, strategy: "a")
        b.flow(cal[4], "C", -520, .withdrawal, strategy: "b")
        b.closes("P", [(cal[0], 100), (cal[1], 110), (cal[3], 120), (cal[4], 120), (cal[5], 120)])
        b.closes("Q", [(cal[1], 100), (cal[2], 102), (cal[3], 104)])
        let v = try value(b.ledger, calendar: cal)
        let book = v.perAccount[0]
        #expect(book.sleeves == ["a", "b"])
        #expect(closeAll(book.sleeveNAV[0], [1_000, 1_100, 1_100, 1_200, 0, 0], 1e-9))
        #expect(closeAll(book.sleeveNAV[1], [0, 500, 510, 520, 0, 0], 1e-9))
        let expected8: [Double] = [0, 100.0 / 1_500, 10.0 / 1_600, 110.0 / 1_610, 0, 0]
        #expect(closeAll(book.portfolio, expected8))
        let expected9: [Double] = [0, 500.0 / 1_500, 500.0 / 1_600, 510.0 / 1_610, 0, 0]
        #expect(closeAll(book.weights[1], expected9))
        let expected10: [Double] = [0, 0.1, 0, 100.0 / 1_100, 0, 0]
        #expect(closeAll(book.sleeveReturns[0], expected10))
        let expected11: [Double] = [0, 0, 0.02, 10.0 / 510, 0, 0]
        #expect(closeAll(book.sleeveReturns[1], expected11))
        let chained = book.portfolio.reduce(1.0) { $0 * (1 + $1) } - 1
        #expect(close(chained, (1 + 100.0 / 1_500) * (1 + 10.0 / 1_600) * (1 + 110.0 / 1_610) - 1))
        #expect(v.warnings.map(\.code).sorted() == ["no-capital", "stale-price"])
        let stale = try #require(v.warnings.first { $0.code == "stale-price" })
        #expect(stale.severity == .warning)
        #expect(stale.message == "no close for P on 1 held trading day from 2024-01-04 to 2024-01-04; marked at the last earlier close, of 2024-01-03")
        let gap = try #require(v.warnings.first { $0.code == "no-capital" })
        #expect(gap.message.contains("on 2 days from 2024-01-08 to 2024-01-09"))
        #expect(v.holdings.isEmpty && v.openLots.isEmpty)
    }

    @Test func incomeAndFeeFlowsArePerformanceNotFlows() throws {
        var b = BookBuilder()
        b.flow("2024-01-02", "A", 1_000, .deposit)
        b.flow("2024-01-03", "A", 10, .dividend)
        b.flow("2024-01-04", "A", 5, .interest)
        b.flow("2024-01-05", "A", -2, .fee)
        let v = try value(b.ledger, calendar: calendar)
        #expect(v.total.sleeves == ["cash"])
        #expect(closeAll(v.total.nav, [1_000, 1_010, 1_015, 1_013]))
        #expect(v.total.flows == [1_000, 0, 0, 0])
        let expected12: [Double] = [0, 0.01, 5.0 / 1_010, -2.0 / 1_015]
        #expect(closeAll(v.total.portfolio, expected12))
        #expect(v.totalBreakdown.income == [0, 10, 5, 0])
        #expect(v.totalBreakdown.fees == [0, 0, 0, 2])
    }

    /// Two accounts: the total book sums a strategy's sleeves across accounts.
    @Test func totalBookAggregatesStrategiesAcrossAccounts() throws {
        var b = BookBuilder()
        b.flow("2024-01-02", "A", 1_000, .deposit)
        b.flow("2024-01-02", "B", 3_000, .deposit)
        b.trade("2024-01-02", "A", "trend", "X", .buy, 10, 50)
        b.trade("2024-01-02", "B", "trend", "X", .buy, 20, 50)
        b.trade("2024-01-02", "B", "carry", "Z", .short, 10, 10)
        b.closes("X", [("2024-01-02", 50), ("2024-01-03", 55), ("2024-01-04", 55), ("2024-01-05", 55)])
        b.closes("Z", [("2024-01-02", 10), ("2024-01-03", 11), ("2024-01-04", 11), ("2024-01-05", 11)])
        let v = try value(b.ledger, calendar: calendar)
        #expect(v.accounts == ["A", "B"])
        #expect(v.strategies == ["trend", "carry"])
        #expect(v.total.sleeves == ["trend", "carry", "cash"])
        #expect(v.perAccount[0].sleeves == ["trend", "cash"])
        #expect(v.perAccount[1].sleeves == ["trend", "carry", "cash"])
        // Day 2: trend +5 x 30 = 150, carry -1 x 10 = -10 on 4000.
        let expected13: [Double] = [0, 140.0 / 4_000, 0, 0]
        #expect(closeAll(v.total.portfolio, expected13))
        let expected14: [Double] = [0, 150.0 / 4_000, 0, 0]
        #expect(closeAll(v.total.contributions[0], expected14))
        let expected15: [Double] = [0, -10.0 / 4_000, 0, 0]
        #expect(closeAll(v.total.contributions[1], expected15))
        #expect(closeAll(v.total.nav, [4_000, 4_140, 4_140, 4_140], 1e-9))
        let expected16: [Double] = [0, 90.0 / 3_000, 0, 0]
        #expect(closeAll(v.perAccount[1].portfolio, expected16))
        #expect(closeAll(v.totalBreakdown.grossExposure, [1_600, 1_760, 1_760, 1_760], 1e-9))
        #expect(closeAll(v.totalBreakdown.netExposure, [1_400, 1_540, 1_540, 1_540], 1e-9))
    }

    /// A strategy literally named like the cash sleeve absorbs the unallocated flows.
    @Test func strategyNamedCashOwnsUnallocatedFlows() throws {
        var b = BookBuilder()
        b.trade("2024-01-02", "A", "cash", "BIL", .buy, 10, 90)
        b.flow("2024-01-02", "A", 1_000, .deposit)
        b.closes("BIL", [("2024-01-02", 90), ("2024-01-03", 91), ("2024-01-04", 91), ("2024-01-05", 91)])
        let v = try value(b.ledger, calendar: calendar)
        #expect(v.total.sleeves == ["cash"])
        #expect(closeAll(v.total.nav, [1_000, 1_010, 1_010, 1_010], 1e-9))
    }

    @Test func endDayCutsTheRun() throws {
        let v = try value(longBook(), calendar: calendar, options: ValuationOptions(endDay: calendar[2]))
        #expect(v.days == Array(calendar[0...2]))
        #expect(closeAll(v.total.nav, [10_095, 9_895, 10_192], 1e-9))
    }

    @Test func valuationStartsAtTheFirstEvent() throws {
        var b = BookBuilder()
        b.flow("2024-01-04", "A", 100, .deposit)
        let v = try value(b.ledger, calendar: calendar)
        #expect(v.days == Array(calendar[2...]))
    }

    @Test func emptyLedgerGivesAnEmptyValuation() throws {
        let v = try value(Ledger(), calendar: calendar)
        #expect(v.days.isEmpty && v.perAccount.isEmpty && v.total.portfolio.isEmpty)
    }
}
