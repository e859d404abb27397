import Testing
import TearsheetValuation
import TearsheetCore

/// FIFO matching of long lots across several partial exits, and lots owned by sleeves.
@Suite struct RoundTripTests {
    /// Thursday 2024-01-04 to Tuesday 2024-01-09: a weekend inside.
    let calendar = BookBuilder.weekdays(from: "2024-01-04", count: 4)

    @Test func partialExitsWalkTheLotsInOrder() throws {
        var b = BookBuilder()
        b.flow(calendar[0], "A", 1_000, .deposit)
        b.trade(calendar[0], "A", "s", "X", .buy, 10, 10, fees: 1)
        b.trade(calendar[1], "A", "s", "X", .buy, 10, 12, fees: 2)
        b.trade(calendar[2], "A", "s", "X", .sell, 5, 15, fees: 0.5)
        b.trade(calendar[3], "A", "s", "X", .sell, 10, 14, fees: 1)
        b.closes("X", calendar.map { ($0, 14.0) })
        let v = try value(b.ledger, calendar: calendar)
        let trips = v.roundTrips
        #expect(trips.count == 3)
        // 5 of lot 1 at 10 -> 15: fees 0.5 + 0.5; 5 of lot 1 at 10 -> 14: fees 0.5 + 0.5;
        // 5 of lot 2 at 12 -> 14: fees 1 + 0.5.
        #expect(trips.map(\.entryPrice) == [10, 10, 12])
        #expect(trips.map(\.exitPrice) == [15, 14, 14])
        #expect(trips.map(\.quantity) == [5, 5, 5])
        #expect(trips.map(\.entryDay) == [calendar[0], calendar[0], calendar[1]])
        #expect(trips.map(\.holdingDaysTrading) == [2, 3, 2])
        #expect(trips.map(\.holdingDaysCalendar) == [4, 5, 4])
        let expectedPnL: [Double] = [24, 19, 8.5]
        let expectedReturn: [Double] = [24.0 / 50, 19.0 / 50, 8.5 / 60]
        #expect(closeAll(trips.map(\.fees), [1, 1, 1.5]))
        #expect(closeAll(trips.map(\.pnl), expectedPnL))
        #expect(closeAll(trips.map(\.returnPct), expectedReturn))
        #expect(v.openLots.count == 1)
        #expect(v.openLots[0].entryPrice == 12 && close(v.openLots[0].quantity, 5) && close(v.openLots[0].entryFees, 1))
        // Realised before fees equals the trips' P&L plus their fees.
        #expect(close(v.totalBreakdown.realised.reduce(0, +), 25 + 20 + 10, 1e-9))
    }

    @Test func twoSleevesOfOneAccountOwnTheirLots() throws {
        var b = BookBuilder()
        b.flow(calendar[0], "A", 1_000, .deposit)
        b.trade(calendar[0], "A", "trend", "X", .buy, 10, 10)
        b.trade(calendar[1], "A", "swing", "X", .buy, 10, 20)
        b.trade(calendar[2], "A", "swing", "X", .sell, 10, 21)
        b.closes("X", calendar.map { ($0, 20.0) })
        let v = try value(b.ledger, calendar: calendar)
        // The swing sale matches the swing lot at 20, not the older trend lot at 10.
        #expect(v.roundTrips.count == 1)
        #expect(v.roundTrips[0].strategy == "swing" && v.roundTrips[0].entryPrice == 20)
        #expect(v.openLots.map(\.strategy) == ["trend"])
        #expect(v.holdings.map(\.strategy) == ["trend"])
    }

    /// Lots fully matched free their slot for later lots of any position (the lot book holds the
    /// lots open at one time): reused slots keep each queue's FIFO order, and the trips read their
    /// fees back from the opening and closing trades exactly as the lots carried them.
    @Test func freedLotSlotsAreReusedWithoutMixingQueues() throws {
        var b = BookBuilder()
        b.flow(calendar[0], "A", 10_000, .deposit)
        b.trade(calendar[0], "A", "s", "X", .buy, 10, 10, fees: 3)     // lot X1
        b.trade(calendar[0], "A", "s", "X", .sell, 10, 11, fees: 1)    // X1 matched: its slot is free
        b.trade(calendar[1], "A", "s", "Y", .buy, 4, 50, fees: 0.7)    // Y1 takes X1's slot
        b.trade(calendar[1], "A", "s", "X", .buy, 3, 12, fees: 0.3)    // X2
        b.trade(calendar[2], "A", "s", "X", .buy, 7, 13, fees: 0.9)    // X3
        b.trade(calendar[2], "A", "s", "Y", .sell, 6, 52, fees: 0.6)   // closes Y1 (4), flips short 2
        b.trade(calendar[3], "A", "s", "X", .sell, 5, 14, fees: 0.5)   // X2 (3) then 2 of X3
        b.trade(calendar[3], "A", "s", "Y", .cover, 2, 51, fees: 0.2)  // closes the short rest
        b.closes("X", calendar.map { ($0, 14.0) })
        b.closes("Y", calendar.map { ($0, 51.0) })
        let v = try value(b.ledger, calendar: calendar)
        let trips = Array(v.roundTrips)
        #expect(trips.map(\.symbol) == ["X", "Y", "X", "X", "Y"])
        #expect(trips.map(\.entryPrice) == [10, 50, 12, 13, 52])
        #expect(trips.map(\.exitPrice) == [11, 52, 14, 14, 51])
        #expect(trips.map(\.quantity) == [10, 4, 3, 2, 2])
        #expect(trips.map(\.direction) == [.long, .long, .long, .long, .short])
        // Each trade's fee pro rata: the rest of the flip carries 0.6 / 6 per unit.
        let fees: [Double] = [3.0 / 10 * 10 + 1 * (10.0 / 10), 0.7 / 4 * 4 + 0.6 * (4.0 / 6),
                              0.3 / 3 * 3 + 0.5 * (3.0 / 5), 0.9 / 7 * 2 + 0.5 * (2.0 / 5), 0.6 / 6 * 2 + 0.2 * (2.0 / 2)]
        #expect(trips.map(\.fees) == fees)
        #expect(trips.map(\.pnl) == [(11.0 - 10) * 10 - fees[0], (52.0 - 50) * 4 - fees[1], (14.0 - 12) * 3 - fees[2],
                                     (14.0 - 13) * 2 - fees[3], -1 * (51.0 - 52) * 2 - fees[4]])
        #expect(trips.map(\.holdingDaysTrading) == [0, 1, 2, 1, 1])
        // Left open: 5 of X3, with 5/7 of its fee.
        #expect(v.openLots.count == 1)
        #expect(v.openLots[0].symbol == "X" && v.openLots[0].quantity == 5 && v.openLots[0].entryPrice == 13)
        #expect(v.openLots[0].entryFees == 0.9 / 7 * 5)
    }
}
