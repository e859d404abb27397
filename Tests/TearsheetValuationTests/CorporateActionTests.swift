import Foundation
import Testing
import PropertyBased
@testable import TearsheetValuation
import TearsheetIngest
import TearsheetCore

/// Books written as a broker states them (raw prices, a split, multipliers), read by `ingest`
/// and valued, against hand computations and against the same book restated by hand.
@Suite struct CorporateActionTests {
    /// AAPL around its 4:1 split of 2020-08-31, raw closes as traded (from the Alpha Vantage
    /// daily series: 506.09, 500.04, 499.23, then 129.04 on the ex-date, 134.18, 131.40).
    static let aaplDays = ["2020-08-26", "2020-08-27", "2020-08-28", "2020-08-31", "2020-09-01", "2020-09-02"]
    static let aaplCloses = [506.09, 500.04, 499.23, 129.04, 134.18, 131.40]
    static var calendar: [Day] { aaplDays.map { Day(iso: $0)! } }

    static func folder(_ files: [String: String]) -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tearsheet-ca-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files { try? Data(text.utf8).write(to: dir.appendingPathComponent(name)) }
        return dir
    }

    static func inputs(_ dir: URL, _ names: [String]) -> InputFiles {
        func p(_ n: String) -> String? { names.contains(n) ? dir.appendingPathComponent(n).path : nil }
        return InputFiles(trades: p("trades.csv"), positions: p("positions.csv"), cashFlows: p("cashflows.csv"),
                          prices: p("prices.csv"), corporateActions: p("corporate_actions.csv"), instruments: p("instruments.csv"))
    }

    static var aaplPrices: String {
        "date,symbol,close\n" + zip(aaplDays, aaplCloses).map { "\($0),AAPL,\($1)" }.joined(separator: "\n") + "\n"
    }

    static let aaplTrades = """
        trade_id,timestamp,account,strategy,symbol,side,quantity,price,fees
        T1,2020-08-26T10:00:00,ACC,core,AAPL,BUY,100,505,1
        T2,2020-09-01T11:00:00,ACC,core,AAPL,SELL,150,133.5,1

        """

    /// NAV, daily and total TWR and the round trip equal the hand computation to 1e-9.
    @Test func aaplSplitMatchesAHandValuation() throws {
        let dir = Self.folder(["trades.csv": Self.aaplTrades, "prices.csv": Self.aaplPrices,
                               "cashflows.csv": "date,account,amount,type\n2020-08-26,ACC,100000,DEPOSIT\n",
                               "corporate_actions.csv": "date,symbol,type,ratio,new_symbol,cash,note\n2020-08-31,AAPL,SPLIT,4,,,4-for-1\n"])
        let r = ingest(Self.inputs(dir, ["trades.csv", "prices.csv", "cashflows.csv", "corporate_actions.csv"]),
                       options: IngestOptions(calendar: Self.calendar))
        #expect(!r.findings.hasErrors, "\(r.findings.items)")
        let ledger = try #require(r.ledger)
        let v = try value(ledger, calendar: Self.calendar)
        // By hand: cash after the buy 100000 - 50500 - 1 = 49499; 100 shares before the ex-date,
        // 400 from it; the sale of 150 at 133.5 adds 20025 - 1.
        let cash1 = 100_000.0 - 100 * 505 - 1, cash2 = cash1 + 150 * 133.5 - 1
        let nav = [cash1 + 100 * 506.09, cash1 + 100 * 500.04, cash1 + 100 * 499.23, cash1 + 400 * 129.04,
                   cash2 + 250 * 134.18, cash2 + 250 * 131.40]
        for t in nav.indices { #expect(abs(v.total.nav[t] - nav[t]) < 1e-9, "NAV on \(Self.aaplDays[t])") }
        var prev = 100_000.0
        for t in nav.indices {
            let expected = t == 0 ? nav[0] / 100_000 - 1 : nav[t] / prev - 1
            #expect(abs(v.total.portfolio[t] - expected) < 1e-9)
            prev = nav[t]
        }
        let total = v.total.portfolio.reduce(1.0) { $0 * (1 + $1) } - 1
        #expect(abs(total - (nav[5] / 100_000 - 1)) < 1e-9)
        #expect(total > 0.02)   // not the -75% a missed split would show
        // One round trip across the split: 150 new shares from the lot bought at 505 / 4.
        #expect(v.roundTrips.count == 1)
        let trip = try #require(v.roundTrips.first)
        #expect(trip.entryDay == Day(iso: "2020-08-26") && trip.exitDay == Day(iso: "2020-09-01"))
        #expect(abs(trip.quantity - 150) < 1e-12 && abs(trip.entryPrice - 126.25) < 1e-12)
        #expect(abs(trip.pnl - ((133.5 - 126.25) * 150 - 1 * 150 / 400 - 1)) < 1e-9)
        #expect(trip.holdingDaysTrading == 4 && trip.holdingDaysCalendar == 6)
        #expect(v.holdings.first.map { abs($0.quantity - 250) < 1e-12 } == true)
        #expect(ledger.corporateActions.count == 1)
    }

    /// Without the SPLIT row the 4:1 drop is reported at the close's file and line, quoting the row:
    /// a warning, as the real ex-date close is 3.4% off the split-adjusted prior close (beyond the
    /// 2% of an error, within the 10% of a warning).
    @Test func aaplWithoutTheSplitRowIsAnErrorQuotingTheRow() {
        let dir = Self.folder(["trades.csv": Self.aaplTrades, "prices.csv": Self.aaplPrices])
        let r = ingest(Self.inputs(dir, ["trades.csv", "prices.csv"]), options: IngestOptions(calendar: Self.calendar))
        let f = r.findings.items.filter { $0.code == "split-like-move" }
        #expect(f.count == 1)
        #expect(f.first?.line == 5 && f.first?.column == 3 && f.first?.file.hasSuffix("prices.csv") == true)
        #expect(f.first?.message.contains("\"2020-08-31,AAPL,SPLIT,4,,,\"") == true)
        #expect(f.first?.severity == .warning)
    }

    /// With the real Alpha Vantage file (when ../shared is present): every split coefficient of
    /// AAPL's history, entered as SPLIT rows, leaves no split-like move in the raw closes.
    @Test func realAAPLHistoryWithItsSplitsHasNoSplitLikeMove() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/market-data/alphavantage-1999-2020/AAPL.csv").path
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return }
        var prices = "date,symbol,close\n", actions = "date,symbol,type,ratio\n", days: [Day] = []
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            guard f.count >= 9, let d = Day(iso: String(f[0])) else { continue }
            days.append(d)
            prices += "\(f[0]),AAPL,\(f[4])\n"
            if let c = Double(f[8]), c != 1 { actions += "\(f[0]),AAPL,SPLIT,\(f[8])\n" }
        }
        let first = days[0]
        let dir = Self.folder(["prices.csv": prices, "corporate_actions.csv": actions,
                               "trades.csv": "trade_id,timestamp,account,strategy,symbol,side,quantity,price\nT1,\(first),A,s,AAPL,BUY,10,80\n"])
        let raw = ingest(Self.inputs(dir, ["trades.csv", "prices.csv"]), options: IngestOptions(calendar: days))
        let withActions = ingest(Self.inputs(dir, ["trades.csv", "prices.csv", "corporate_actions.csv"]), options: IngestOptions(calendar: days))
        // Four splits (2000 2:1, 2005 2:1, 2014 7:1, 2020 4:1): the 2:1 and 4:1 are flagged raw (7:1 is
        // not a listed ratio); with the rows none is, and no error remains.
        let flagged = Set(raw.findings.items.filter { $0.code == "split-like-move" }.map { $0.message })
        for d in ["2000-06-21", "2005-02-28", "2020-08-31"] {
            #expect(flagged.contains { $0.contains("\"\(d),AAPL,SPLIT,") }, "split of \(d) not flagged")
        }
        let left = withActions.findings.items.filter { $0.code == "split-like-move" }
        for d in ["2000-06-21", "2005-02-28", "2020-08-31"] { #expect(!left.contains { $0.message.contains("\"\(d),") }) }
        #expect(!withActions.findings.hasErrors, "\(withActions.findings.errors)")
    }

    /// A snapshot-only book across the split: no implied purchase of the extra shares.
    @Test func snapshotBookAcrossASplitBuysNothing() throws {
        var positions = "date,account,strategy,symbol,quantity,price\n"
        for (t, d) in Self.aaplDays.enumerated() {
            positions += "\(d),ACC,core,AAPL,\(t < 3 ? 100 : 400),\(Self.aaplCloses[t])\n"
        }
        let dir = Self.folder(["positions.csv": positions, "prices.csv": Self.aaplPrices,
                               "corporate_actions.csv": "date,symbol,type,ratio\n2020-08-31,AAPL,SPLIT,4\n"])
        let r = ingest(Self.inputs(dir, ["positions.csv", "prices.csv", "corporate_actions.csv"]), options: IngestOptions(calendar: Self.calendar))
        let ledger = try #require(r.ledger, "\(r.findings.items)")
        let v = try value(ledger, calendar: Self.calendar)
        #expect(v.roundTrips.isEmpty)
        // Bought once (100 at 506.09, restated 400 at 126.5225): the NAV is that cost's P&L.
        #expect(abs(v.total.nav[5] - (-400 * 506.09 / 4 + 400 * 131.40)) < 1e-9)
    }

    /// SYMBOL_CHANGE: the lot bought as FB is sold as META in one round trip.
    @Test func symbolChangeContinuesTheLot() throws {
        let days = ["2022-06-07", "2022-06-08", "2022-06-09"]
        let dir = Self.folder([
            "trades.csv": "trade_id,timestamp,account,strategy,symbol,side,quantity,price\nT1,2022-06-07,A,s,FB,BUY,10,195\nT2,2022-06-09,A,s,META,SELL,10,190\n",
            "prices.csv": "date,symbol,close\n2022-06-07,FB,196\n2022-06-08,FB,197\n2022-06-09,META,189\n",
            "corporate_actions.csv": "date,symbol,type,ratio,new_symbol\n2022-06-09,FB,SYMBOL_CHANGE,,META\n"])
        let calendar = days.map { Day(iso: $0)! }
        let r = ingest(Self.inputs(dir, ["trades.csv", "prices.csv", "corporate_actions.csv"]), options: IngestOptions(calendar: calendar))
        let ledger = try #require(r.ledger, "\(r.findings.items)")
        let v = try value(ledger, calendar: calendar)
        #expect(v.roundTrips.count == 1 && v.roundTrips[0].symbol == "META")
        #expect(abs(v.roundTrips[0].pnl - (-50)) < 1e-12)
        #expect(abs(v.total.nav[1] - (-1950 + 1970)) < 1e-9)
    }

    /// A 1:10 reverse split of 105 shares leaves 10.5; with cash = 30 the half share is sold at 30.
    @Test func reverseSplitPaysCashInLieu() throws {
        let days = ["2024-03-01", "2024-03-04", "2024-03-05"]
        let dir = Self.folder([
            "trades.csv": "trade_id,timestamp,account,strategy,symbol,side,quantity,price\nT1,2024-03-01,A,s,X,BUY,105,3\n",
            "prices.csv": "date,symbol,close\n2024-03-01,X,3\n2024-03-04,X,30\n2024-03-05,X,31\n",
            "corporate_actions.csv": "date,symbol,type,ratio,new_symbol,cash\n2024-03-02,X,SPLIT,0.1,,30\n"])
        let calendar = days.map { Day(iso: $0)! }
        let r = ingest(Self.inputs(dir, ["trades.csv", "prices.csv", "corporate_actions.csv"]), options: IngestOptions(calendar: calendar))
        // The Saturday ex-date moves to Monday, with an informational finding.
        #expect(r.findings.items.contains { $0.code == "action-rolled" && $0.severity == .info })
        let ledger = try #require(r.ledger, "\(r.findings.items)")
        let v = try value(ledger, calendar: calendar)
        #expect(v.holdings.first.map { abs($0.quantity - 10) < 1e-12 } == true)
        #expect(v.roundTrips.count == 1 && abs(v.roundTrips[0].quantity - 0.5) < 1e-12 && abs(v.roundTrips[0].exitPrice - 30) < 1e-12)
        #expect(abs(v.total.nav[2] - (-315 + 0.5 * 30 + 10 * 31)) < 1e-9)
    }

    /// Property: a book with a SPLIT row equals the same book restated by hand (quantities x R,
    /// prices / R before the ex-date), in NAV, daily returns and round trips, to 1e-9.
    @Test func splitRowEqualsTheBookRestatedByHand() async {
        let ratios = [4.0, 2, 3, 0.5, 0.1, 7, 1.5]
        await propertyCheck(input: Gen.int(in: 0...1_000_000).array(of: 2...30), Gen.int(in: 0...6), Gen.int(in: 1...18)) { ops, ri, exIndex in
            let ratio = ratios[ri]
            let calendar = BookBuilder.weekdays(from: "2024-02-01", count: 20)
            let ex = calendar[exIndex]
            var raw = "trade_id,timestamp,account,strategy,symbol,side,quantity,price,fees\n"
            var restated = raw
            // Trades in day order; `held` is in post-split units, so a SELL never exceeds the long.
            var held = 0.0, n = 0
            for op in ops.sorted(by: { ($0 % 20, $0) < ($1 % 20, $1) }) {
                let day = calendar[op % 20]
                let f = day < ex ? ratio : 1
                var qty = Double(1 + (op / 20) % 50)
                var side = "BUY"
                if (op / 1000) % 3 == 0 && held / f >= 1 {
                    side = "SELL"
                    qty = min(qty, (held / f).rounded(.down))
                }
                held += (side == "BUY" ? 1 : -1) * qty * f
                let price = 10 + Double(op % 37) / 10, fee = Double(op % 5) / 4
                n += 1
                raw += "T\(n),\(day),A,s,X,\(side),\(qty),\(price),\(fee)\n"
                restated += "T\(n),\(day),A,s,X,\(side),\(qty * f),\(price / f),\(fee)\n"
            }
            var rawPrices = "date,symbol,close\n", handPrices = rawPrices
            for (t, d) in calendar.enumerated() {
                let close = 10 + Double((t * 37) % 23) / 7
                rawPrices += "\(d),X,\(d < ex ? close : close / ratio)\n"
                handPrices += "\(d),X,\(close / ratio)\n"
            }
            let a = Self.folder(["trades.csv": raw, "prices.csv": rawPrices,
                                 "cashflows.csv": "date,account,amount,type\n\(calendar[0]),A,100000,DEPOSIT\n",
                                 "corporate_actions.csv": "date,symbol,type,ratio\n\(ex),X,SPLIT,\(ratio)\n"])
            let b = Self.folder(["trades.csv": restated, "prices.csv": handPrices,
                                 "cashflows.csv": "date,account,amount,type\n\(calendar[0]),A,100000,DEPOSIT\n"])
            let ra = ingest(Self.inputs(a, ["trades.csv", "prices.csv", "cashflows.csv", "corporate_actions.csv"]), options: IngestOptions(calendar: calendar))
            let rb = ingest(Self.inputs(b, ["trades.csv", "prices.csv", "cashflows.csv"]), options: IngestOptions(calendar: calendar))
            guard let la = ra.ledger, let lb = rb.ledger else {
                Issue.record("ingest failed: \(ra.findings.errors) \(rb.findings.errors)")
                return
            }
            do {
                let va = try value(la, calendar: calendar), vb = try value(lb, calendar: calendar)
                #expect(va.days == vb.days)
                for t in va.days.indices {
                    #expect(abs(va.total.nav[t] - vb.total.nav[t]) <= 1e-9 * max(1, abs(vb.total.nav[t])))
                    #expect(abs(va.total.portfolio[t] - vb.total.portfolio[t]) <= 1e-9)
                }
                #expect(va.roundTrips.count == vb.roundTrips.count)
                for (x, y) in zip(va.roundTrips, vb.roundTrips) {
                    #expect(abs(x.pnl - y.pnl) <= 1e-9 * max(1, abs(y.pnl)) && abs(x.quantity - y.quantity) <= 1e-9 * y.quantity)
                    #expect(x.entryDay == y.entryDay && x.exitDay == y.exitDay)
                }
            } catch {
                Issue.record("valuation threw \(error)")
            }
        }
    }
}

/// Instruments with multipliers, intraday order and the traps of item 5 of issue 16.
@Suite struct InstrumentAndTrapTests {
    typealias C = CorporateActionTests
    static let days = ["2024-03-04", "2024-03-05", "2024-03-06"]
    static var calendar: [Day] { days.map { Day(iso: $0)! } }

    /// Property: an option of multiplier m traded in q contracts gives the same money as one of
    /// multiplier m x k traded in q / k contracts (NAV, returns, trip P&L), and as q x m units of
    /// a multiplier-1 symbol; a price of 0 closes it worthless.
    @Test func scalingMultiplierAndQuantityInverselyChangesNoMoney() async {
        await propertyCheck(input: Gen.int(in: 1...40), Gen.int(in: 1...8), Gen.int(in: 0...400)) { contracts, k, cents in
            let premium = 0.05 + Double(cents) / 100
            func book(_ multiplier: Double, _ q: Double) -> Valuation? {
                let dir = C.folder([
                    "instruments.csv": "symbol,asset_class,multiplier,underlying,expiry,strike,right\nSPY240308P500,option,\(multiplier),SPY,2024-03-08,500,P\n",
                    "trades.csv": "trade_id,timestamp,account,strategy,symbol,side,quantity,price,fees\nT1,2024-03-04T10:00,A,puts,SPY240308P500,SHORT,\(q),\(premium),1.3\nT2,2024-03-06T15:00,A,puts,SPY240308P500,COVER,\(q),0,0\n",
                    "prices.csv": "date,symbol,close\n2024-03-04,SPY240308P500,\(premium)\n2024-03-05,SPY240308P500,\(premium / 2)\n2024-03-06,SPY240308P500,0.01\n",
                    "cashflows.csv": "date,account,amount,type\n2024-03-04,A,50000,DEPOSIT\n"])
                let r = ingest(C.inputs(dir, ["instruments.csv", "trades.csv", "prices.csv", "cashflows.csv"]), options: IngestOptions(calendar: Self.calendar))
                guard let l = r.ledger else { Issue.record("\(r.findings.errors)"); return nil }
                return try? value(l, calendar: Self.calendar)
            }
            let q = Double(contracts * k)
            guard let a = book(100, q), let b = book(100 * Double(k), q / Double(k)) else { Issue.record("no valuation"); return }
            for t in a.days.indices {
                #expect(abs(a.total.nav[t] - b.total.nav[t]) <= 1e-9 * max(1, abs(a.total.nav[t])))
                #expect(abs(a.total.portfolio[t] - b.total.portfolio[t]) <= 1e-12)
            }
            // By hand: premium x 100 per contract received, bought back at 0.
            #expect(abs(a.total.nav[2] - (50_000 + q * 100 * premium - 1.3)) <= 1e-9 * 50_000)
            #expect(a.roundTrips.count == 1 && abs(a.roundTrips[0].pnl - (q * 100 * premium - 1.3)) <= 1e-9 * 50_000)
            #expect(abs(a.roundTrips[0].pnl - b.roundTrips[0].pnl) <= 1e-9 * 50_000)
        }
    }

    /// A price of 0 for a symbol that is not an option is an error; a multiplier column in
    /// trades.csv is an error pointing at instruments.csv.
    @Test func zeroPriceAndMoneyColumns() {
        let dir = C.folder([
            "trades.csv": "trade_id,timestamp,account,strategy,symbol,side,quantity,price,contract_size\nT1,2024-03-04,A,s,X,BUY,1,0,100\n",
            "prices.csv": "date,symbol,close\n2024-03-04,X,1\n"])
        let r = ingest(C.inputs(dir, ["trades.csv", "prices.csv"]), options: IngestOptions(calendar: Self.calendar))
        #expect(r.findings.items.contains { $0.code == "money-column" && $0.line == 1 && $0.column == 9 && $0.message.contains("instruments.csv") })
        let dir2 = C.folder(["trades.csv": "trade_id,timestamp,account,strategy,symbol,side,quantity,price\nT1,2024-03-04,A,s,X,BUY,1,0\n",
                             "prices.csv": "date,symbol,close\n2024-03-04,X,1\n"])
        let r2 = ingest(C.inputs(dir2, ["trades.csv", "prices.csv"]), options: IngestOptions(calendar: Self.calendar))
        #expect(r2.findings.items.contains { $0.code == "not-positive" && $0.line == 2 && $0.column == 8 })
    }

    /// Same-day lots in a file that is not time-sorted are matched by timestamp.
    @Test func intradayLotsAreMatchedByTimestamp() throws {
        let dir = C.folder([
            "trades.csv": """
                trade_id,timestamp,account,strategy,symbol,side,quantity,price
                T3,2024-03-04T15:00:00,A,s,X,SELL,10,12
                T1,2024-03-04T09:45:00,A,s,X,BUY,10,10
                T2,2024-03-04T10:30:00-05:00,A,s,X,BUY,10,11

                """,
            "prices.csv": "date,symbol,close\n2024-03-04,X,11\n2024-03-05,X,11\n2024-03-06,X,11\n"])
        var o = IngestOptions(calendar: Self.calendar)
        // File order (intraday_order = "file") refuses the SELL that comes before any BUY.
        o.intradayByTimestamp = false
        #expect(ingest(C.inputs(dir, ["trades.csv", "prices.csv"]), options: o).findings.items.contains { $0.code == "sell-without-position" && $0.line == 2 })
        o = IngestOptions(calendar: Self.calendar)
        #expect(o.intradayByTimestamp, "timestamp order is the default")
        let r = ingest(C.inputs(dir, ["trades.csv", "prices.csv"]), options: o)
        let l = try #require(r.ledger, "\(r.findings.items)")
        #expect(l.trades.tradeID == ["T1", "T2", "T3"])
        let v = try value(l, calendar: Self.calendar)
        #expect(v.roundTrips.count == 1 && v.roundTrips[0].entryPrice == 10 && abs(v.roundTrips[0].pnl - 20) < 1e-12)
    }

    /// A positive FEE is an error, a DIVIDEND on adjusted closes a warning, a far fill a warning, a
    /// Saturday dividend moves to Monday, a Saturday trade is an error unless rolled.
    @Test func trapsAreReportedWithFileAndLine() throws {
        let files = [
            "trades.csv": "trade_id,timestamp,account,strategy,symbol,side,quantity,price\nT1,2024-03-04,A,s,X,BUY,10,14\nT2,2024-03-02,A,s,X,BUY,1,10\n",
            "prices.csv": "date,symbol,close\n2024-03-04,X,10\n2024-03-05,X,10.1\n2024-03-06,X,10.2\n",
            "cashflows.csv": "date,account,amount,type,symbol\n2024-03-04,A,1000,DEPOSIT,\n2024-03-05,A,2500,FEE,\n2024-03-09,A,3,DIVIDEND,X\n"]
        let dir = C.folder(files)
        var o = IngestOptions(calendar: [Day(iso: "2024-03-01")!] + Self.calendar + [Day(iso: "2024-03-11")!])
        o.priceBasis = .adjusted
        let r = ingest(C.inputs(dir, ["trades.csv", "prices.csv", "cashflows.csv"]), options: o)
        func has(_ code: String, _ file: String, _ line: Int, _ sev: Severity) -> Bool {
            r.findings.items.contains { $0.code == code && $0.file.hasSuffix(file) && $0.line == line && $0.severity == sev }
        }
        #expect(has("flow-sign", "cashflows.csv", 3, .error))
        #expect(has("dividend-on-adjusted", "cashflows.csv", 4, .warning))
        #expect(has("flow-rolled", "cashflows.csv", 4, .info))
        #expect(has("fill-far-from-close", "trades.csv", 2, .warning))
        #expect(has("trade-non-trading-day", "trades.csv", 3, .error))
        o.rollNonTradingDays = true
        let rolled = ingest(C.inputs(dir, ["trades.csv", "prices.csv"]), options: o)
        #expect(rolled.findings.items.contains { $0.code == "trade-rolled" && $0.line == 3 })
        #expect(rolled.ledger?.trades.day == [Day(iso: "2024-03-04")!, Day(iso: "2024-03-04")!])
    }
}
