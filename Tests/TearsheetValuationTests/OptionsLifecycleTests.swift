import Foundation
import Testing
@testable import TearsheetValuation
import TearsheetIngest
import TearsheetCore

/// The options lifecycle (EXPIRE, ASSIGN, EXERCISE and automatic expiry) read by `ingest` and
/// valued, against hand computations (docs/valuation.md, "The options lifecycle").
@Suite struct OptionsLifecycleTests {
    typealias C = CorporateActionTests
    /// Mon 2024-03-04 to Tue 2024-03-12; the options expire on Friday 2024-03-08.
    static let days = ["2024-03-04", "2024-03-05", "2024-03-06", "2024-03-07", "2024-03-08", "2024-03-11", "2024-03-12"]
    static var calendar: [Day] { days.map { Day(iso: $0)! } }

    static let instruments = """
        symbol,asset_class,multiplier,underlying,expiry,strike,right
        SPY240308P500,option,100,SPY,2024-03-08,500,P
        SPY240308C510,option,100,SPY,2024-03-08,510,C
        SPY240308P480,option,100,SPY,2024-03-08,480,P
        QQQ240308C430,option,100,QQQ,2024-03-08,430,C
        QQQ240308P450,option,100,QQQ,2024-03-08,450,P

        """

    static var prices: String {
        var s = "date,symbol,close\n"
        let spy = [505.0, 503, 500, 498, 495, 497, 498], qqq = [435.0, 436, 437, 438, 440, 441, 442]
        for (t, d) in days.enumerated() { s += "\(d),SPY,\(spy[t])\n\(d),QQQ,\(qqq[t])\n" }
        // Option marks on every held day but the expiry day (none is needed then).
        for (d, p) in zip(days.prefix(4), [3.0, 3.2, 3.5, 4.0]) { s += "\(d),SPY240308P500,\(p)\n" }
        for (d, p) in zip(days[1..<4], [1.5, 1.0, 0.4]) { s += "\(d),SPY240308C510,\(p)\n" }
        for (d, p) in zip(days.prefix(4), [6.0, 7.0, 8.0, 9.0]) { s += "\(d),QQQ240308C430,\(p)\n" }
        for (d, p) in zip(days[2..<4], [0.5, 0.3]) { s += "\(d),SPY240308P480,\(p)\n" }
        return s
    }

    /// A short put assigned (dated the Saturday after expiry, as statements do), a short call
    /// expiring worthless by itself, a long call in the money exercised by itself, a long put
    /// expired by an EXPIRE row, and the assigned shares sold: NAV, daily TWR and every round
    /// trip equal the hand valuation to 1e-9.
    @Test func lifecycleMatchesAHandValuation() throws {
        let trades = """
            trade_id,timestamp,account,strategy,symbol,side,quantity,price,fees
            T1,2024-03-04T10:00:00,A,wheel,SPY240308P500,SHORT,2,3.00,1.30
            T2,2024-03-04T10:05:00,A,wheel,QQQ240308C430,BUY,1,4.00,0
            T3,2024-03-05T11:00:00,A,wheel,SPY240308C510,SHORT,1,1.50,0
            T4,2024-03-06T12:00:00,A,wheel,SPY240308P480,BUY,1,0.50,0
            T5,2024-03-08,A,wheel,SPY240308P480,EXPIRE,1,,
            T6,2024-03-09,A,wheel,SPY240308P500,ASSIGN,2,,
            T7,2024-03-12T14:00:00,A,wheel,SPY,SELL,200,498,0

            """
        let dir = C.folder(["instruments.csv": Self.instruments, "trades.csv": trades, "prices.csv": Self.prices,
                            "cashflows.csv": "date,account,amount,type\n2024-03-04,A,100000,DEPOSIT\n"])
        let r = ingest(C.inputs(dir, ["instruments.csv", "trades.csv", "prices.csv", "cashflows.csv"]),
                       options: IngestOptions(calendar: Self.calendar))
        let ledger = try #require(r.ledger, "\(r.findings.items)")
        // The Saturday assignment is rolled, then booked on the expiry day; the two automatic
        // settlements are reported at the option's row of instruments.csv (lines 3 and 5).
        let codes = r.findings.items.map { $0.code }
        #expect(codes.contains("trade-rolled") && codes.contains("event-after-expiry"))
        #expect(r.findings.items.contains { $0.code == "option-auto-expired" && $0.line == 3 && $0.column == 5 && $0.file.hasSuffix("instruments.csv") && $0.severity == .info })
        #expect(r.findings.items.contains { $0.code == "option-auto-exercised" && $0.line == 5 && $0.severity == .info })
        #expect(!r.findings.items.contains { $0.code == "trade-after-last-price" || $0.code == "fill-far-from-close" })
        let v = try value(ledger, calendar: Self.calendar)
        // Cash by hand: 100000 + 2 x 100 x 3 - 1.30 - 100 x 4 = 100198.70; + 150 (T3); - 50 (T4);
        // on the expiry: 200 SPY bought at the strike 500, the QQQ call sold at its intrinsic 10
        // and 100 QQQ bought at the close 440; on the 12th 200 SPY sold at 498.
        let c0 = 100_000 + 600 - 1.30 - 400, c1 = c0 + 150, c2 = c1 - 50
        let c4 = c2 - 200 * 500 + 100 * 10 - 100 * 440, c6 = c4 + 200 * 498
        let nav = [c0 - 200 * 3.0 + 100 * 6,
                   c1 - 200 * 3.2 + 100 * 7 - 100 * 1.5,
                   c2 - 200 * 3.5 + 100 * 8 - 100 * 1.0 + 100 * 0.5,
                   c2 - 200 * 4.0 + 100 * 9 - 100 * 0.4 + 100 * 0.3,
                   c4 + 200 * 495 + 100 * 440,
                   c4 + 200 * 497 + 100 * 441,
                   c6 + 100 * 442]
        for t in nav.indices { #expect(abs(v.total.nav[t] - nav[t]) < 1e-9, "NAV on \(Self.days[t]): \(v.total.nav[t]) vs \(nav[t])") }
        var prev = 100_000.0
        for t in nav.indices {
            #expect(abs(v.total.portfolio[t] - (nav[t] / prev - 1)) < 1e-9)
            prev = nav[t]
        }
        // Round trips: the premium stays in the option's trip; the shares open at the strike.
        func trip(_ symbol: String) -> RoundTrip? { v.roundTrips.first { $0.symbol == symbol } }
        let expected: [(String, Double, Double)] = [("SPY240308P500", 200 * 3.0 - 1.30, 0), ("SPY240308C510", 150, 0),
                                                    ("QQQ240308C430", 600, 10), ("SPY240308P480", -50, 0), ("SPY", -400, 498)]
        #expect(v.roundTrips.count == expected.count)
        for (sym, pnl, exit) in expected {
            let t = try #require(trip(sym), "no trip of \(sym)")
            #expect(abs(t.pnl - pnl) < 1e-9, "\(sym) P&L \(t.pnl) vs \(pnl)")
            #expect(abs(t.exitPrice - exit) < 1e-12 && t.exitDay <= Day(iso: "2024-03-12")!)
        }
        #expect(trip("SPY").map { abs($0.entryPrice - 500) < 1e-12 && $0.entryDay == Day(iso: "2024-03-08") } == true)
        #expect(v.holdings.count == 1 && v.holdings.first.map { $0.symbol == "QQQ" && abs($0.quantity - 100) < 1e-12 } == true)
        #expect(v.openLots.first.map { abs($0.entryPrice - 440) < 1e-12 } == true)
    }

    /// An assigned call delivers the shares held (SELL at the strike); an exercised put with no
    /// shares opens a short at the strike (SHORT), in the same account and sleeve.
    @Test func assignedCallAndExercisedPutDeliverAtTheStrike() throws {
        let trades = """
            trade_id,timestamp,account,strategy,symbol,side,quantity,price,fees
            B1,2024-03-04T10:00:00,A,cc,SPY,BUY,100,505,0
            C1,2024-03-04T10:01:00,A,cc,SPY240308C510,SHORT,1,2,0
            P1,2024-03-04T10:02:00,A,hedge,QQQ240308P450,BUY,1,15,0
            C2,2024-03-07T15:00:00,A,cc,SPY240308C510,ASSIGN,1,,
            P2,2024-03-07T15:01:00,A,hedge,QQQ240308P450,EXERCISE,1,0,0.65

            """
        var prices = Self.prices
        for d in Self.days.prefix(4) { prices += "\(d),QQQ240308P450,15\n" }
        prices += Self.days.prefix(4).map { "\($0),SPY240308C510,2\n" }.joined()
        // Replace the C510 marks from the shared series: one close per day.
        prices = prices.split(separator: "\n").filter { !($0.contains("SPY240308C510,1") || $0.contains("SPY240308C510,0.4")) }.joined(separator: "\n") + "\n"
        let dir = C.folder(["instruments.csv": Self.instruments, "trades.csv": trades, "prices.csv": prices,
                            "cashflows.csv": "date,account,amount,type\n2024-03-04,A,100000,DEPOSIT\n"])
        let r = ingest(C.inputs(dir, ["instruments.csv", "trades.csv", "prices.csv", "cashflows.csv"]),
                       options: IngestOptions(calendar: Self.calendar))
        let ledger = try #require(r.ledger, "\(r.findings.items)")
        let legs = ledger.trades.tradeID.indices.filter { ledger.trades.tradeID[$0].hasSuffix(":underlying") }
        #expect(legs.map { ledger.trades.side[$0] } == [.sell, .short])
        #expect(legs.map { ledger.trades.price[$0] } == [510, 450])
        #expect(legs.map { ledger.strategies[ledger.trades.strategy[$0]] } == ["cc", "hedge"])
        let v = try value(ledger, calendar: Self.calendar)
        // Cash: 100000 - 50500 + 200 - 1500 = 48200; on the 7th +51000 (shares called away at 510)
        // + 45000 (100 QQQ sold short at 450) - 0.65. NAV on the 7th: cash - 100 x 438 (the short).
        let cash = 100_000.0 - 50_500 + 200 - 1_500 + 51_000 + 45_000 - 0.65
        #expect(abs(v.total.nav[3] - (cash - 100 * 438)) < 1e-9)
        #expect(abs(v.total.nav[6] - (cash - 100 * 442)) < 1e-9)
        func trip(_ symbol: String) -> RoundTrip? { v.roundTrips.first { $0.symbol == symbol } }
        #expect(trip("SPY").map { abs($0.pnl - 500) < 1e-9 } == true)
        #expect(trip("SPY240308C510").map { abs($0.pnl - 200) < 1e-9 } == true)
        #expect(trip("QQQ240308P450").map { abs($0.pnl - (-1_500 - 0.65)) < 1e-9 } == true)
        // No automatic settlement: both were closed before the expiry.
        #expect(!r.findings.items.contains { $0.code.hasPrefix("option-auto") })
    }

    /// A short put on AAPL sold before its 4:1 split of 2020-08-31 and assigned after it: the
    /// option is adjusted as the OCC adjusts it (units x 4, premium and marks / 4, strike 500 ->
    /// 125), so the premium's money is unchanged and the assignment delivers 400 shares at 125,
    /// the same 50,000 as 100 at 500. NAV equals the hand valuation to 1e-9.
    @Test func optionAcrossAnUnderlyingSplitIsAdjustedLikeTheShares() throws {
        let instruments = "symbol,asset_class,multiplier,underlying,expiry,strike,right\nAAPL200904P500,option,100,AAPL,2020-09-04,500,P\n"
        let days = C.aaplDays + ["2020-09-03", "2020-09-04"]
        let closes = C.aaplCloses + [120.88, 120.96]
        var prices = "date,symbol,close\n" + zip(days, closes).map { "\($0),AAPL,\($1)" }.joined(separator: "\n") + "\n"
        // Marks as the broker shows them: per old share before the ex-date, per new share from it.
        let marks = [6.0, 7.5, 8.0, 1.9, 1.2, 2.0, 4.2]
        for (d, m) in zip(days.prefix(7), marks) { prices += "\(d),AAPL200904P500,\(m)\n" }
        let trades = """
            trade_id,timestamp,account,strategy,symbol,side,quantity,price,fees
            P1,2020-08-26T10:00:00,ACC,income,AAPL200904P500,SHORT,1,6.2,0.65
            P2,2020-09-04T16:00:00,ACC,income,AAPL200904P500,ASSIGN,4,,

            """
        let calendar = days.map { Day(iso: $0)! }
        let dir = C.folder(["instruments.csv": instruments, "trades.csv": trades, "prices.csv": prices,
                            "cashflows.csv": "date,account,amount,type\n2020-08-26,ACC,100000,DEPOSIT\n",
                            "corporate_actions.csv": "date,symbol,type,ratio,new_symbol,cash,note\n2020-08-31,AAPL,SPLIT,4,,,4-for-1\n"])
        let r = ingest(C.inputs(dir, ["instruments.csv", "trades.csv", "prices.csv", "cashflows.csv", "corporate_actions.csv"]),
                       options: IngestOptions(calendar: calendar))
        #expect(!r.findings.hasErrors, "\(r.findings.items)")
        let ledger = try #require(r.ledger)
        let option = try #require(ledger.symbols.id(of: "AAPL200904P500"))
        #expect(ledger.instruments[option]?.strike == 125)
        let leg = try #require(ledger.trades.tradeID.indices.first { ledger.trades.tradeID[$0].hasSuffix(":underlying") })
        #expect(ledger.trades.quantity[leg] == 400 && ledger.trades.price[leg] == 125 && ledger.trades.side[leg] == .buy)
        let v = try value(ledger, calendar: calendar)
        // Cash after the sale: 100000 + 620 - 0.65. Before the ex-date the short is 100 units
        // marked per old share; from it 400 units marked per new share; on the expiry day the put
        // is assigned: 400 AAPL bought at 125 (-50000) and held at the close.
        let cash = 100_000 + 620 - 0.65
        let expected = [cash - 100 * 6, cash - 100 * 7.5, cash - 100 * 8, cash - 400 * 1.9, cash - 400 * 1.2,
                        cash - 400 * 2.0, cash - 400 * 4.2, cash - 50_000 + 400 * 120.96]
        for t in expected.indices { #expect(abs(v.total.nav[t] - expected[t]) < 1e-9, "NAV on \(days[t])") }
        let trip = try #require(v.roundTrips.first { $0.symbol == "AAPL200904P500" })
        #expect(abs(trip.pnl - (620 - 0.65)) < 1e-9)
    }

    /// Each misuse of a lifecycle row is an error at its file, line and column.
    @Test func misusedEventsAreErrorsWithFileAndLine() {
        let trades = """
            trade_id,timestamp,account,strategy,symbol,side,quantity,price
            T1,2024-03-04T10:00:00,A,s,SPY240308P500,BUY,1,3
            T2,2024-03-05,A,s,SPY,EXPIRE,1,
            T3,2024-03-05,A,s,SPY240308P500,ASSIGN,1,
            T4,2024-03-05,A,s,SPY240308P500,EXPIRE,1,
            T5,2024-03-05,A,s,SPY240308C510,EXERCISE,1,
            T6,2024-03-06,A,s,SPY240308P500,EXERCISE,2,
            T7,2024-03-06,A,s,SPY240308P500,EXPIRE,1,2.5
            T8,2024-03-06,A,s,SPY240308P500,TRANSFER,1,
            T9,2024-03-11,A,s,SPY240308C510,SHORT,1,0.1

            """
        let dir = C.folder(["instruments.csv": Self.instruments, "trades.csv": trades, "prices.csv": Self.prices])
        let r = ingest(C.inputs(dir, ["instruments.csv", "trades.csv", "prices.csv"]), options: IngestOptions(calendar: Self.calendar))
        func has(_ code: String, _ line: Int, _ column: Int) -> Bool {
            r.findings.items.contains { $0.code == code && $0.line == line && $0.column == column && $0.severity == .error && $0.file.hasSuffix("trades.csv") }
        }
        #expect(r.ledger == nil)
        #expect(has("event-not-option", 3, 6))
        #expect(has("assign-long-option", 4, 6))
        #expect(has("expire-before-expiry", 5, 2))
        #expect(has("event-without-position", 6, 6))
        #expect(has("event-exceeds-position", 7, 7))
        #expect(has("event-price", 8, 8))
        #expect(r.findings.items.contains { $0.code == "unknown-side" && $0.line == 9 && $0.message.contains("EXPIRE, ASSIGN, EXERCISE") })
        #expect(has("trade-after-expiry", 10, 2))
    }
}
