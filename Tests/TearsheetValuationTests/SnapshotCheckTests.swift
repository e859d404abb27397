import Testing
import TearsheetValuation
import TearsheetCore

/// When trades and snapshots are both given, holdings come from the trades and every snapshot
/// disagreement is a warning.
@Suite struct SnapshotCheckTests {
    let calendar = BookBuilder.weekdays(from: "2024-01-02", count: 3)

    @Test func agreeingSnapshotsRaiseNothing() throws {
        var b = BookBuilder()
        b.trade(calendar[0], "A", "s", "X", .buy, 10, 5)
        b.snapshot("2024-01-02", "A", "s", "X", 10, 5)
        b.snapshot("2024-01-03", "A", "s", "X", 10, 6)
        b.closes("X", calendar.map { ($0, 5.0) })
        let v = try value(b.ledger, calendar: calendar)
        #expect(!v.warnings.contains { $0.code == "position-mismatch" })
    }

    @Test func eachDisagreementIsAWarningWithItsLine() throws {
        var b = BookBuilder()
        b.trade(calendar[0], "A", "s", "X", .buy, 10, 5)                 // line 2
        b.trade(calendar[0], "A", "s", "Y", .buy, 3, 7)                  // line 3
        b.snapshot("2024-01-03", "A", "s", "X", 12, 5)                   // line 4: quantity differs
        b.snapshot("2024-01-03", "A", "s", "Z", 1, 9)                    // line 5: never traded
        b.closes("X", calendar.map { ($0, 5.0) })
        b.closes("Y", calendar.map { ($0, 7.0) })
        let v = try value(b.ledger, calendar: calendar)
        let found = v.warnings.filter { $0.code == "position-mismatch" }
        #expect(found.map(\.line) == [4, 5, 0])
        #expect(found[0].message == "the snapshot of 2024-01-03 gives 12.0 for A/s/X, the trades give 10.0")
        #expect(found[2].message == "A/s/Y holds 3.0 on 2024-01-03 per the trades, but the snapshot of that day does not list it")
        // Holdings stay those of the trades.
        #expect(v.holdings.map(\.quantity) == [10, 3])
    }

    @Test func aSnapshotBeforeTheFirstTradeStartsTheValuation() throws {
        var b = BookBuilder()
        b.snapshot("2024-01-02", "A", "s", "X", 5, 5)
        b.flow(calendar[1], "A", 100, .deposit)
        b.trade(calendar[1], "A", "s", "X", .buy, 5, 5)
        b.closes("X", calendar.map { ($0, 5.0) })
        let v = try value(b.ledger, calendar: calendar)
        #expect(v.days == calendar)
        #expect(v.warnings.map(\.code).contains("position-mismatch"))
    }
}
