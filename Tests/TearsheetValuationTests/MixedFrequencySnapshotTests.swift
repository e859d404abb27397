import Testing
@testable import TearsheetValuation
import TearsheetCore

/// Snapshot-only books whose accounts report at different frequencies (issue 17, item 4): an
/// account's positions carry forward between its own snapshot dates, valued at the daily closes,
/// and the book is the sum of its accounts.
@Suite struct MixedFrequencySnapshotTests {
    /// Two weeks of weekdays from Monday 2024-01-01.
    let days = BookBuilder.weekdays(from: "2024-01-01", count: 10)
    let x: [Double] = [100, 101, 99, 102, 103, 104, 102, 105, 106, 104]
    let y: [Double] = [50, 51, 52, 50.5, 53, 54, 55, 53.5, 56, 57]

    /// Account D reports daily (100 X, then 150 from the second Monday); account W reports on
    /// Mondays only (50 Y both weeks). Each deposits the value of its first snapshot.
    func book() -> Ledger {
        var b = BookBuilder()
        b.flow(days[0], "D", 100 * x[0], .deposit)
        b.flow(days[0], "W", 50 * y[0], .deposit)
        for t in days.indices {
            b.snapshot(days[t].description, "D", "daily", "X", t < 5 ? 100 : 150, x[t])
            if t % 5 == 0 { b.snapshot(days[t].description, "W", "weekly", "Y", 50, y[t]) }
        }
        b.closes("X", zip(days, x).map { ($0, $1) })
        b.closes("Y", zip(days, y).map { ($0, $1) })
        return b.ledger
    }

    @Test func weeklyAccountCarriesForwardAndBookIsTheSum() throws {
        let v = try value(book(), calendar: days)
        #expect(v.accounts == ["D", "W"])
        // Independent NAVs: D holds 100 X bought at x0 with its deposit, buys 50 more at x5;
        // W holds 50 Y throughout, bought at y0 with its deposit (cash 0).
        let navD = days.indices.map { t in t < 5 ? 100 * x[t] : -50 * x[5] + 150 * x[t] }
        let navW = days.indices.map { 50 * y[$0] }
        #expect(closeAll(v.perAccount[0].nav, navD, 1e-9))
        #expect(closeAll(v.perAccount[1].nav, navW, 1e-9))
        #expect(closeAll(v.total.nav, zip(navD, navW).map { $0 + $1 }, 1e-9))
        // No implied trade for W between its snapshots: it was never sold and bought back.
        #expect(v.roundTrips.allSatisfy { $0.account != "W" })
        #expect(v.holdings.contains { $0.account == "W" && $0.quantity == 50 })
        // Book return: no flows after day 0, so the chain-linked TWR is NAV_T / deposits - 1.
        let deposits = 100 * x[0] + 50 * y[0]
        let nav = zip(navD, navW).map { $0 + $1 }
        var expected = [nav[0] / deposits - 1]
        for t in 1..<days.count { expected.append(nav[t] / nav[t - 1] - 1) }
        #expect(closeAll(v.total.portfolio, expected, 1e-12))
        let total = v.total.portfolio.reduce(1) { $0 * (1 + $1) } - 1
        #expect(abs(total - (nav[9] / deposits - 1)) <= 1e-9)
        #expect(v.warnings.isEmpty, "\(v.warnings)")
    }
}
