import Testing
@testable import TearsheetValuation
import TearsheetCore

/// Trades as brokers report them: one row that goes through zero, and multipliers in units.
@Suite struct BrokerBookTests {
    let calendar = BookBuilder.weekdays(from: "2024-01-02", count: 5)

    /// SELL 15 of a long 10: the 10 close (one round trip), 5 open short at the same price; the fee
    /// is split pro rata (10/15 to the trip, 5/15 to the short lot), and P&L is checked by hand.
    @Test func sellBeyondTheLongFlipsToAShort() throws {
        var b = BookBuilder()
        b.flow(calendar[0], "A", 1_000, .deposit)
        b.trade(calendar[0], "A", "s", "X", .buy, 10, 20, fees: 1)
        b.trade(calendar[1], "A", "s", "X", .sell, 15, 22, fees: 3)
        b.trade(calendar[3], "A", "s", "X", .cover, 5, 19, fees: 0.5)
        b.closes("X", [(calendar[0], 20), (calendar[1], 21), (calendar[2], 20), (calendar[3], 19), (calendar[4], 18)])
        let v = try value(b.ledger, calendar: calendar)
        #expect(v.roundTrips.count == 2)
        let long = v.roundTrips[0], short = v.roundTrips[1]
        #expect(long.direction == .long && long.quantity == 10)
        #expect(abs(long.pnl - ((22 - 20) * 10 - 1 - 3 * 10 / 15)) < 1e-9)
        #expect(short.direction == .short && short.quantity == 5 && short.entryPrice == 22)
        #expect(abs(short.pnl - ((22 - 19) * 5 - 3 * 5 / 15 - 0.5)) < 1e-9)
        // NAV by hand: cash 1000 - 201 + 330 - 3 = 1126 on day 1, short 5 marked at 21.
        #expect(abs(v.total.nav[1] - (1_000 - 201 + 327 - 5 * 21)) < 1e-9)
        // Day 3 covers: cash 1126 - 95.5 = 1030.5, flat.
        #expect(abs(v.total.nav[4] - 1_030.5) < 1e-9)
        #expect(v.openLots.isEmpty)
    }

    /// BUY 8 while short 5: covers the 5, opens a long of 3 at the same price.
    @Test func buyBeyondTheShortFlipsToALong() throws {
        var b = BookBuilder()
        b.flow(calendar[0], "A", 1_000, .deposit)
        b.trade(calendar[0], "A", "s", "X", .short, 5, 20)
        b.trade(calendar[1], "A", "s", "X", .buy, 8, 18)
        b.closes("X", calendar.map { ($0, 18.0) })
        let v = try value(b.ledger, calendar: calendar)
        #expect(v.roundTrips.count == 1)
        #expect(v.roundTrips[0].direction == .short && abs(v.roundTrips[0].pnl - 10) < 1e-12)
        #expect(v.holdings.count == 1 && v.holdings[0].quantity == 3)
        #expect(v.openLots.count == 1 && v.openLots[0].direction == .long && v.openLots[0].entryPrice == 18)
        #expect(abs(v.total.nav.last! - (1_000 + 100 - 144 + 3 * 18)) < 1e-9)
    }
}
