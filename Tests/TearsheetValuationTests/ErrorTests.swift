import Testing
@testable import TearsheetValuation
import TearsheetCore

/// Every error valuation throws, and the reconciliation check itself.
@Suite struct ErrorTests {
    let calendar = BookBuilder.weekdays(from: "2024-01-02", count: 4)

    @Test func heldSymbolWithoutAnyCloseIsAnInputError() {
        var b = BookBuilder()
        b.trade(calendar[1], "A", "s", "X", .buy, 10, 5)
        b.closes("X", [(calendar[2], 5.0)])
        #expect(throws: TearsheetError.invalidInput([Finding(
            file: "prices.csv", line: 0, column: 0, severity: .error, code: "missing-price",
            message: "no close for X on or before 2024-01-03, but A/s/X is held that day")])) {
            try value(b.ledger, calendar: calendar)
        }
    }

    @Test func positionOpenedAndClosedTheSameDayNeedsNoPrice() throws {
        var b = BookBuilder()
        b.flow(calendar[0], "A", 100, .deposit)
        b.trade(calendar[0], "A", "s", "X", .buy, 10, 5, fees: 1)
        b.trade(calendar[0], "A", "s", "X", .sell, 10, 6, fees: 1)
        let v = try value(b.ledger, calendar: calendar)
        #expect(closeAll(v.total.nav, [108, 108, 108, 108]))
        #expect(v.roundTrips.count == 1 && v.roundTrips[0].holdingDaysTrading == 0)
        #expect(close(v.roundTrips[0].pnl, 8))
    }

    @Test func eventsOffTheCalendarAreInputErrors() {
        var b = BookBuilder()
        b.trade("2024-01-06", "A", "s", "X", .buy, 10, 5)   // a Saturday
        b.flow("2023-12-29", "A", 100, .deposit)           // before the calendar
        b.closes("X", calendar.map { ($0, 5.0) })
        #expect {
            try value(b.ledger, calendar: calendar)
        } throws: { error in
            guard case TearsheetError.invalidInput(let findings) = error else { return false }
            return findings.map(\.code) == ["day-not-in-calendar", "day-not-in-calendar"]
                && findings.map(\.file) == ["trades.csv", "cashflows.csv"]
                && findings.map(\.line) == [2, 3]
        }
    }

    @Test func findingsNameTheFilesTheCallerGives() {
        var b = BookBuilder()
        b.trade("2024-01-06", "A", "s", "X", .buy, 10, 5)
        let files = InputFileNames(trades: "book/trades-2024.csv")
        #expect {
            try value(b.ledger, calendar: calendar, options: ValuationOptions(files: files))
        } throws: { error in
            guard case TearsheetError.invalidInput(let findings) = error else { return false }
            return findings.map(\.description) == ["book/trades-2024.csv:2:0: error: trade on 2024-01-06 is not a trading day of the calendar"]
        }
    }

    @Test func unsortedCalendarIsAnInternalFailure() {
        var b = BookBuilder()
        b.flow(calendar[0], "A", 100, .deposit)
        #expect(throws: TearsheetError.internalFailure("the trading calendar is not strictly increasing at 2024-01-02")) {
            try value(b.ledger, calendar: [calendar[1], calendar[0]])
        }
    }

    @Test func reconciliationPassesWithinTheTolerance() throws {
        var c = DailyBreakdown(zeros: 2)
        c.externalFlows = [1_000_000, 0]
        c.realised = [0, 100]
        try Reconciliation.check(nav: [1_000_000, 1_000_100.5], columns: c, days: Array(calendar[0...1]),
                                 account: "A", tolerance: 1e-6)
    }

    @Test func reconciliationFailureNamesTheDayAndTheAccount() {
        var c = DailyBreakdown(zeros: 3)
        c.externalFlows = [1_000, 0, 0]
        c.unrealisedChange = [0, 10, 5]
        #expect {
            try Reconciliation.check(nav: [1_000, 1_010, 1_015.01], columns: c, days: Array(calendar[0...2]),
                                     account: "A", tolerance: 1e-6)
        } throws: { error in
            guard case TearsheetError.reconciliation(let day, let account, let difference, let tolerance) = error
            else { return false }
            return day == calendar[2] && account == "A" && close(difference, 0.01, 1e-9)
                && close(tolerance, 1e-6 * 1_015.01)
        }
    }

    @Test func reconciliationRejectsNonFiniteValues() {
        var c = DailyBreakdown(zeros: 1)
        c.externalFlows = [1]
        #expect(throws: TearsheetError.self) {
            try Reconciliation.check(nav: [.nan], columns: c, days: [calendar[0]], account: "A", tolerance: 1e-6)
        }
    }
}
