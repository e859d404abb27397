import Testing
import PropertyBased
@testable import TearsheetValuation
import TearsheetCore

/// Sector segments: hand-computed weights and returns, and the identity that each day's segment
/// contributions sum to the book's return.
@Suite struct SectorSegmentsTests {

    /// Two sectors bought on day 1 (with fees), part of one sold and an unclassified symbol bought
    /// on day 3, a FEE and a DIVIDEND flow on day 4. Numbers worked by hand in the comments.
    func twoSectorBook() throws -> (Ledger, Valuation) {
        var b = BookBuilder()
        let days = BookBuilder.weekdays(from: "2024-01-02", count: 4)
        b.flow(days[0], "A", 10_000, .deposit)
        b.trade(days[0], "A", "s1", "AAA", .buy, 50, 100, fees: 5, sector: "Tech")
        b.trade(days[0], "A", "s1", "BBB", .buy, 100, 20, fees: 2, sector: "Energy")
        b.trade(days[2], "A", "s1", "AAA", .sell, 20, 106, fees: 1, sector: "Tech")
        b.trade(days[2], "A", "s1", "CCC", .buy, 10, 50)
        b.flow(days[3], "A", -3, .fee)
        b.flow(days[3], "A", 4, .dividend)
        b.closes("AAA", zip(days, [100, 110, 105, 108]).map { ($0, $1) })
        b.closes("BBB", zip(days, [21, 20, 22, 22]).map { ($0, $1) })
        b.closes("CCC", [(days[2], 52), (days[3], 49)])
        let v = try value(b.ledger, calendar: days)
        return (b.ledger, v)
    }

    @Test func handComputedTwoSectorBook() throws {
        let (ledger, v) = try twoSectorBook()
        let s = SectorSegments.compute(ledger: ledger, valuation: v)
        #expect(s.segments == ["Energy", "Tech", "Unclassified", "Cash"])
        #expect(s.reassignedDays == 0)
        // NAV: 10093, 10493, 10482, 10543; denominators 10000, 10093, 10493, 10482.
        #expect(closeAll(v.total.nav, [10_093, 10_493, 10_482, 10_543], 1e-9))
        let D = [10_000.0, 10_093, 10_493, 10_482]
        // Bases [segment][day] (purchases at the start of the day, the day-3 sale at its end):
        // Energy 2000, 2100, 2000, 2200; Tech 5000, 5000, 5500, 3150; Unclassified 0, 0, 500, 520;
        // Cash 10000-7000, 2993, 2993-500, 4612.
        let bases: [[Double]] = [[2000, 2100, 2000, 2200], [5000, 5000, 5500, 3150], [0, 0, 500, 520], [3000, 2993, 2493, 4612]]
        // P&L: Energy 100, -100, 200, 0; Tech 0, 500, -230, 90; Unclassified 0, 0, 20, -30;
        // Cash -7 (fees), 0, -1 (fee), +1 (dividend 4 - fee 3).
        let pnl: [[Double]] = [[100, -100, 200, 0], [0, 500, -230, 90], [0, 0, 20, -30], [-7, 0, -1, 1]]
        for i in 0..<4 {
            for t in 0..<4 {
                #expect(close(s.weights[i][t], bases[i][t] / D[t]), "weight \(s.segments[i]) day \(t)")
                #expect(close(s.contributions[i][t], pnl[i][t] / D[t]), "contribution \(s.segments[i]) day \(t)")
                let r = bases[i][t] == 0 ? 0 : pnl[i][t] / bases[i][t]
                #expect(close(s.returns[i][t], r), "return \(s.segments[i]) day \(t)")
            }
        }
        assertSumsToBook(s, v)
    }

    @Test func fullyInvestedDayMovesTheFeeToTheLargestSegment() throws {
        var b = BookBuilder()
        let days = BookBuilder.weekdays(from: "2024-01-02", count: 2)
        b.flow(days[0], "A", 1000, .deposit)
        b.trade(days[0], "A", "s1", "X", .buy, 10, 99.9, fees: 1, sector: "Tech")
        b.closes("X", [(days[0], 100), (days[1], 101)])
        let v = try value(b.ledger, calendar: days)
        let s = SectorSegments.compute(ledger: b.ledger, valuation: v)
        #expect(s.segments == ["Tech", "Cash"])
        // Cash base 1000 - 999 = 1 is not degenerate: the fee stays in Cash.
        #expect(s.reassignedDays == 0)
        #expect(close(s.contributions[1][0], -1.0 / 1000))

        var c = BookBuilder()
        c.flow(days[0], "A", 1000, .deposit)
        c.trade(days[0], "A", "s1", "X", .buy, 10, 100, fees: 1, sector: "Tech")
        c.closes("X", [(days[0], 100), (days[1], 101)])
        let w = try value(c.ledger, calendar: days)
        let z = SectorSegments.compute(ledger: c.ledger, valuation: w)
        // Cash base 1000 - 1000 = 0 with a P&L of -1: moved to Tech, whose base is the whole book.
        #expect(z.reassignedDays == 1)
        #expect(close(z.weights[0][0], 1) && close(z.weights[1][0], 0))
        #expect(close(z.returns[0][0], -1.0 / 1000) && z.returns[1][0] == 0)
        assertSumsToBook(z, w)
    }

    @Test func shortsAreTheirOwnSegmentWithTheAssetsReturn() throws {
        var b = BookBuilder()
        let days = BookBuilder.weekdays(from: "2024-01-02", count: 2)
        b.flow(days[0], "A", 10_000, .deposit)
        b.trade(days[0], "A", "s1", "X", .short, 10, 100, sector: "Tech")
        b.trade(days[0], "A", "s1", "Y", .buy, 10, 100, sector: "Tech")
        b.closes("X", [(days[0], 100), (days[1], 98)])
        b.closes("Y", [(days[0], 100), (days[1], 101)])
        let v = try value(b.ledger, calendar: days)
        let s = SectorSegments.compute(ledger: b.ledger, valuation: v)
        #expect(s.segments == ["Tech", "Tech (short)", "Cash"])
        // Day 2: net Tech exposure is 0, but each side has a base of 1000 (long) and -1000 (short).
        #expect(close(s.weights[0][1], 1000.0 / 10_000) && close(s.returns[0][1], 0.01))
        #expect(close(s.weights[1][1], -1000.0 / 10_000) && close(s.returns[1][1], -0.02))
        #expect(close(s.weights[2][1], 1.0) && s.returns[2][1] == 0)
        assertSumsToBook(s, v)
    }

    @Test func aSectorNamedCashStaysApartFromTheBooksCash() throws {
        var b = BookBuilder()
        let days = BookBuilder.weekdays(from: "2024-01-02", count: 2)
        b.flow(days[0], "A", 1000, .deposit)
        b.trade(days[0], "A", "s1", "MMF", .buy, 5, 100, sector: "Cash")
        b.closes("MMF", [(days[0], 100), (days[1], 100.01)])
        let v = try value(b.ledger, calendar: days)
        let s = SectorSegments.compute(ledger: b.ledger, valuation: v)
        #expect(s.segments == ["Cash", "Cash (book)"])
        assertSumsToBook(s, v)
    }

    @Test func snapshotOnlyBookUsesImpliedTrades() throws {
        var b = BookBuilder()
        let days = BookBuilder.weekdays(from: "2024-01-02", count: 3)
        b.flow(days[0], "A", 5000, .deposit, strategy: "s1")
        b.snapshot("2024-01-02", "A", "s1", "X", 10, 100, sector: "Tech")
        b.snapshot("2024-01-03", "A", "s1", "X", 10, 104, sector: "Tech")
        b.snapshot("2024-01-03", "A", "s1", "Y", 5, 40)
        b.snapshot("2024-01-04", "A", "s1", "Y", 5, 38)
        let v = try value(b.ledger, calendar: days)
        let s = SectorSegments.compute(ledger: b.ledger, valuation: v)
        #expect(s.segments == ["Tech", "Unclassified", "Cash"])
        assertSumsToBook(s, v)
    }

    @Test func randomBooksSumToTheBookEveryDay() async {
        await propertyCheck(input: Gen.int(in: 0...100_000).array(of: 1...120),
                            Gen.double(in: -0.04...0.04).array(of: 1...90)) { ops, moves in
            for timing in FlowTiming.allCases {
                var ledger = RandomBookPropertyTests.book(ops: ops, moves: moves, externalFlows: true)
                // X0 and X1 get sectors, X2 stays unclassified.
                for i in 0..<ledger.trades.count {
                    let name = ledger.symbols[ledger.trades.symbol[i]]
                    ledger.trades.sector[i] = name == "X2" ? "" : "Sector " + name
                }
                let hasShorts = ledger.trades.side.contains(.short)
                let v: Valuation
                do { v = try value(ledger, calendar: RandomBookPropertyTests.calendar, options: ValuationOptions(flowTiming: timing)) } catch {
                    Issue.record("valuation threw \(error)")
                    return
                }
                let s = SectorSegments.compute(ledger: ledger, valuation: v)
                #expect(s.segments.contains { $0.hasSuffix(SectorSegments.shortSuffix) } == hasShorts)
                #expect(s.segments.last == SectorSegments.cash)
                for t in v.days.indices {
                    let sum = s.segments.indices.reduce(0.0) { $0 + s.contributions[$1][t] }
                    #expect(abs(sum - v.total.portfolio[t]) <= 1e-12, "\(timing) day \(v.days[t])")
                    let weights = s.segments.indices.reduce(0.0) { $0 + s.weights[$1][t] }
                    let hasCapital = (timing == .startOfDay ? (t == 0 ? 0 : v.total.nav[t - 1]) + v.total.flows[t] : (t == 0 ? 0 : v.total.nav[t - 1])) > 0
                    #expect(abs(weights - (hasCapital ? 1 : 0)) <= 1e-12)
                }
            }
        }
    }

    func assertSumsToBook(_ s: SectorSegments, _ v: Valuation, sourceLocation: SourceLocation = #_sourceLocation) {
        for t in v.days.indices {
            let sum = s.segments.indices.reduce(0.0) { $0 + s.contributions[$1][t] }
            let wr = s.segments.indices.reduce(0.0) { $0 + s.weights[$1][t] * s.returns[$1][t] }
            let weights = s.segments.indices.reduce(0.0) { $0 + s.weights[$1][t] }
            #expect(abs(sum - v.total.portfolio[t]) <= 1e-12, "day \(v.days[t])", sourceLocation: sourceLocation)
            #expect(abs(wr - v.total.portfolio[t]) <= 1e-12, "w x r on day \(v.days[t])", sourceLocation: sourceLocation)
            #expect(abs(weights - 1) <= 1e-12, "weights on day \(v.days[t])", sourceLocation: sourceLocation)
        }
    }
}
