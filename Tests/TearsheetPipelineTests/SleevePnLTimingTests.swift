import Testing
import TearsheetCore
import TearsheetValuation
import TearsheetAttribution

/// Strategy attribution's P&L in currency on a book with flows (issue 17, item 3): under
/// end-of-day timing it used the start-of-day denominator and rescaled every flow day's P&L
/// (a sleeve that lost money could show a gain). Now `P&L = contribution x D_t` with the
/// denominator of the timing in force, checked against each sleeve's NAV-based P&L.
@Suite struct SleevePnLTimingTests {
    static func day(_ iso: String) -> Day { Day(iso: iso)! }

    /// Account A: 60,000 to unallocated cash, 20,000 to sleeve `value`; `trend` trades from the
    /// account's cash; deposits and withdrawals on four of the six days.
    static func ledger(days: [Day]) -> Ledger {
        var l = Ledger()
        let a = l.accounts.intern("A")
        func flow(_ t: Int, _ amount: Double, _ strategy: String?) {
            l.cashFlows.day.append(days[t]); l.cashFlows.account.append(a); l.cashFlows.amount.append(amount)
            l.cashFlows.type.append(amount > 0 ? .deposit : .withdrawal)
            l.cashFlows.strategy.append(strategy.map { l.strategies.intern($0) } ?? -1)
            l.cashFlows.line.append(Int32(l.cashFlows.count + 1))
        }
        func trade(_ t: Int, _ strategy: String, _ symbol: String, _ side: Side, _ q: Double, _ px: Double) {
            l.trades.tradeID.append("T\(l.trades.count)"); l.trades.day.append(days[t]); l.trades.account.append(a)
            l.trades.strategy.append(l.strategies.intern(strategy)); l.trades.symbol.append(l.symbols.intern(symbol))
            l.trades.side.append(side); l.trades.quantity.append(q); l.trades.price.append(px); l.trades.fees.append(1)
            l.trades.line.append(Int32(l.trades.count + 2)); l.trades.sector.append("")
        }
        flow(0, 60_000, nil); flow(0, 20_000, "value")
        trade(0, "trend", "X", .buy, 300, 100); trade(0, "value", "Y", .buy, 300, 50)
        flow(1, 10_000, nil)
        trade(2, "trend", "X", .sell, 100, 92)
        flow(3, -25_000, nil); flow(3, -4_000, "value")
        flow(4, 6_000, "value")
        let x: [Double] = [101, 97, 92, 93, 90, 91], y: [Double] = [50.5, 51, 49, 52, 53, 51.5]
        l.prices.series[l.symbols.intern("X")] = DatedSeries(days: days, values: x)
        l.prices.series[l.symbols.intern("Y")] = DatedSeries(days: days, values: y)
        return l
    }

    @Test(arguments: [FlowTiming.startOfDay, .endOfDay])
    func sleevePnLEqualsNAVBasedPnL(timing: FlowTiming) throws {
        let days = ["2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05", "2024-01-08", "2024-01-09"].map(Self.day)
        let v = try value(Self.ledger(days: days), calendar: days, options: ValuationOptions(flowTiming: timing))
        let book = v.total
        var closes = [100.0]
        for _ in days { closes.append(closes.last! * 1.001) }
        let bench = Benchmark(symbol: "SPY", closes: DatedSeries(days: [Self.day("2023-12-29")] + days, values: closes), source: "test")
        let res = try Attribution.run(book: book, benchmarks: [bench])
        // Independent: each sleeve's P&L from its NAV and its own flows, on the days with capital
        // (day 0 has none under end-of-day timing, and its P&L is left out of the returns there).
        let ownFlows: [String: [Double]] = ["trend": [0, 0, 0, 0, 0, 0], "value": [20_000, 0, 0, -4_000, 6_000, 0],
                                            "cash": [60_000, 10_000, 0, -25_000, 0, 0]]
        let first = timing == .startOfDay ? 0 : 1
        var total = 0.0
        for (s, name) in book.sleeves.enumerated() {
            let flows = ownFlows[name == "cash" ? "cash" : name]!
            var expected = 0.0
            for t in first..<days.count {
                expected += book.sleeveNAV[s][t] - (t > 0 ? book.sleeveNAV[s][t - 1] : 0) - flows[t]
            }
            let got = try #require(res.strategy.sleeves.first { $0.name == name }?.pnl)
            #expect(abs(got - expected) <= 1e-6, "\(name): \(got) vs \(expected)")
            total += got
        }
        // The sleeves' P&L adds up to the NAV-based P&L of the book over the same days.
        var navPnL = 0.0
        for t in first..<days.count { navPnL += book.nav[t] - (t > 0 ? book.nav[t - 1] : 0) - book.flows[t] }
        #expect(abs(total - navPnL) <= 1e-6)
        // trend lost money (bought 300 at 100, sold 100 at 92, marked at 91): it must show a loss.
        #expect(res.strategy.sleeves.first { $0.name == "trend" }!.pnl! < 0)
    }
}
