import Foundation
import Testing
import TearsheetCore
import TearsheetIngest
import TearsheetValuation
import TearsheetAttribution

/// Issue 16's "done when": one book written as a broker states it, with everything at once (raw
/// AAPL closes across the 4:1 split of 2020-08-31, options with multiplier 100 expiring worthless
/// by themselves, assigned across the split, assigned by a Saturday-dated row and exercised
/// early, a flip in one trade, weekend-dated flows, intraday lots listed out of time order), read
/// by `ingest` and valued, against an independent valuation of the same book restated by hand
/// (post-split units, every lifecycle row written as the plain trade it stands for): NAV, daily
/// and total TWR, daily and Carino-linked sleeve contributions and round-trip P&L, to 1e-9.
@Suite struct BrokerBookIndependentTests {
    static let days = ["2020-08-24", "2020-08-25", "2020-08-26", "2020-08-27", "2020-08-28", "2020-08-31",
                       "2020-09-01", "2020-09-02", "2020-09-03", "2020-09-04", "2020-09-08"]
    /// Raw AAPL closes (the split on 2020-08-31) and made-up SPY closes.
    static let aapl = [503.43, 499.30, 506.09, 500.04, 499.23, 129.04, 134.18, 131.40, 120.88, 120.96, 112.82]
    static let spy = [343.0, 344.0, 346.0, 347.5, 350.5, 349.3, 352.6, 357.7, 345.4, 342.6, 333.2]
    /// Option marks as the broker shows them: the AAPL put per old share before the ex-date.
    static let aaplPut: [String: Double] = ["2020-08-26": 6.0, "2020-08-27": 7.5, "2020-08-28": 8.0, "2020-08-31": 1.9,
                                            "2020-09-01": 1.2, "2020-09-02": 2.0, "2020-09-03": 4.2]
    static let spyPut345: [String: Double] = ["2020-08-24": 3.1, "2020-08-25": 2.9, "2020-08-26": 2.4, "2020-08-27": 2.0,
                                              "2020-08-28": 1.5, "2020-08-31": 1.6, "2020-09-01": 1.1, "2020-09-02": 0.6, "2020-09-03": 2.5]
    static let spyPut340: [String: Double] = ["2020-08-25": 1.0, "2020-08-26": 0.5, "2020-08-27": 0.2]
    static let spyCall355: [String: Double] = ["2020-08-31": 2.0, "2020-09-01": 2.6]

    static let instruments = """
        symbol,asset_class,multiplier,underlying,expiry,strike,right
        SPY200904P345,option,100,SPY,2020-09-04,345,P
        SPY200828P340,option,100,SPY,2020-08-28,340,P
        SPY200904C355,option,100,SPY,2020-09-04,355,C
        AAPL200904P500,option,100,AAPL,2020-09-04,500,P

        """
    /// File order is not time order on 08-24 (T2 at 09:45 is listed after T1 at 10:00).
    static let trades = """
        trade_id,timestamp,account,strategy,symbol,side,quantity,price,fees
        T1,2020-08-24T10:00:00,A,core,AAPL,BUY,100,503,1
        T2,2020-08-24T09:45:00,A,core,AAPL,BUY,50,502,1
        O1,2020-08-24T10:30:00,A,income,SPY200904P345,SHORT,2,3.2,1.30
        O2,2020-08-25T10:00:00,A,income,SPY200828P340,SHORT,1,1.1,0.65
        O3,2020-08-26T10:00:00,A,income,AAPL200904P500,SHORT,1,6.2,0.65
        O4,2020-08-31T10:00:00,A,income,SPY200904C355,BUY,1,1.9,0.65
        T3,2020-09-01T11:00:00,A,core,AAPL,SELL,300,133.5,1
        O5,2020-09-02T11:00:00,A,income,SPY200904C355,EXERCISE,1,,
        T4,2020-09-02T15:00:00,A,core,AAPL,SELL,700,131.0,2
        O6,2020-09-04T16:00:00,A,income,AAPL200904P500,ASSIGN,4,,
        T5,2020-09-04T12:00:00,A,core,AAPL,COVER,400,121.5,1
        O7,2020-09-05T09:00:00,A,income,SPY200904P345,ASSIGN,2,,
        T6,2020-09-08T10:00:00,A,income,SPY,SELL,300,334.0,1
        T7,2020-09-08T10:30:00,A,income,AAPL,SELL,400,113.0,1

        """
    static let cashflows = """
        date,account,amount,type,strategy
        2020-08-24,A,100000,DEPOSIT,core
        2020-08-29,A,60000,DEPOSIT,income
        2020-08-30,A,-25,FEE,
        2020-09-05,A,-10000,WITHDRAWAL,

        """

    static var prices: String {
        var s = "date,symbol,close\n"
        for (t, d) in days.enumerated() { s += "\(d),AAPL,\(aapl[t])\n\(d),SPY,\(spy[t])\n" }
        for (name, marks) in [("AAPL200904P500", aaplPut), ("SPY200904P345", spyPut345), ("SPY200828P340", spyPut340), ("SPY200904C355", spyCall355)] {
            for d in marks.keys.sorted() { s += "\(d),\(name),\(marks[d]!)\n" }
        }
        return s
    }

    // MARK: - The independent valuation

    /// One plain trade of the book restated by hand: units after the split, signed (+ buys).
    struct Fill { var day: Int; var sleeve: String; var symbol: String; var units: Double; var price: Double; var fees: Double }

    /// Every row restated by hand (post-split units and prices; lifecycle rows as the trades
    /// docs/valuation.md says they stand for), in time order within each day.
    static let fills: [Fill] = [
        // 08-24: T2 (09:45) before T1 (10:00); 4:1 restated: 200 @ 125.5 and 400 @ 125.75.
        Fill(day: 0, sleeve: "core", symbol: "AAPL", units: 200, price: 125.5, fees: 1),
        Fill(day: 0, sleeve: "core", symbol: "AAPL", units: 400, price: 125.75, fees: 1),
        Fill(day: 0, sleeve: "income", symbol: "SPY200904P345", units: -200, price: 3.2, fees: 1.30),
        Fill(day: 1, sleeve: "income", symbol: "SPY200828P340", units: -100, price: 1.1, fees: 0.65),
        // The AAPL put sold before the split: 100 units at 6.2 become 400 at 1.55 (strike 125).
        Fill(day: 2, sleeve: "income", symbol: "AAPL200904P500", units: -400, price: 1.55, fees: 0.65),
        // 08-28: the 340 put, open at its expiry's close with SPY at 350.5, expires worthless.
        Fill(day: 4, sleeve: "income", symbol: "SPY200828P340", units: 100, price: 0, fees: 0),
        Fill(day: 5, sleeve: "income", symbol: "SPY200904C355", units: 100, price: 1.9, fees: 0.65),
        Fill(day: 6, sleeve: "core", symbol: "AAPL", units: -300, price: 133.5, fees: 1),
        // 09-02: the call exercised early: closed at 0, 100 SPY bought at 355.
        Fill(day: 7, sleeve: "income", symbol: "SPY200904C355", units: -100, price: 0, fees: 0),
        Fill(day: 7, sleeve: "income", symbol: "SPY", units: 100, price: 355, fees: 0),
        // The flip: 300 long sold, 400 sold short, in one row (fees pro rata by quantity).
        Fill(day: 7, sleeve: "core", symbol: "AAPL", units: -300, price: 131.0, fees: 2.0 * 300 / 700),
        Fill(day: 7, sleeve: "core", symbol: "AAPL", units: -400, price: 131.0, fees: 2.0 * 400 / 700),
        Fill(day: 9, sleeve: "core", symbol: "AAPL", units: 400, price: 121.5, fees: 1),
        // 09-04: the AAPL put assigned: 4 adjusted contracts, 400 AAPL at the adjusted strike 125.
        Fill(day: 9, sleeve: "income", symbol: "AAPL200904P500", units: 400, price: 0, fees: 0),
        Fill(day: 9, sleeve: "income", symbol: "AAPL", units: 400, price: 125, fees: 0),
        // The Saturday ASSIGN of the 345 puts, booked at the expiry day's close: 200 SPY at 345.
        Fill(day: 9, sleeve: "income", symbol: "SPY200904P345", units: 200, price: 0, fees: 0),
        Fill(day: 9, sleeve: "income", symbol: "SPY", units: 200, price: 345, fees: 0),
        Fill(day: 10, sleeve: "income", symbol: "SPY", units: -300, price: 334.0, fees: 1),
        Fill(day: 10, sleeve: "income", symbol: "AAPL", units: -400, price: 113.0, fees: 1),
    ]

    /// External flows by day and sleeve (the Saturday deposit on Monday, the Saturday withdrawal
    /// on Tuesday after Labor Day) and the FEE flow (performance, not external) of Sunday 08-30.
    static let external: [(day: Int, sleeve: String, amount: Double)] = [(0, "core", 100_000), (5, "income", 60_000), (10, "cash", -10_000)]
    static let feeFlows: [(day: Int, sleeve: String, amount: Double)] = [(5, "cash", -25)]

    /// The close used on day `t` (post-split units): AAPL before the ex-date / 4, option marks
    /// per unit (the AAPL put before the ex-date / 4).
    static func close(_ symbol: String, _ t: Int) -> Double? {
        let d = days[t]
        switch symbol {
        case "AAPL": return t < 5 ? aapl[t] / 4 : aapl[t]
        case "SPY": return spy[t]
        case "AAPL200904P500": return aaplPut[d].map { t < 5 ? $0 / 4 : $0 }
        case "SPY200904P345": return spyPut345[d]
        case "SPY200828P340": return spyPut340[d]
        case "SPY200904C355": return spyCall355[d]
        default: return nil
        }
    }

    static let sleeves = ["cash", "core", "income"]

    /// NAV per sleeve per day.
    static func sleeveNAV() -> [[Double]] {
        var cash = [String: Double](), units = [String: [String: Double]]()
        var nav = [[Double]](repeating: [Double](repeating: 0, count: days.count), count: sleeves.count)
        for t in days.indices {
            for f in external where f.day == t { cash[f.sleeve, default: 0] += f.amount }
            for f in feeFlows where f.day == t { cash[f.sleeve, default: 0] += f.amount }
            for f in fills where f.day == t {
                cash[f.sleeve, default: 0] -= f.units * f.price + f.fees
                units[f.sleeve, default: [:]][f.symbol, default: 0] += f.units
            }
            for (k, s) in sleeves.enumerated() {
                var v = cash[s] ?? 0
                for (symbol, q) in units[s] ?? [:] where abs(q) > 1e-12 { v += q * close(symbol, t)! }
                nav[k][t] = v
            }
        }
        return nav
    }

    @Test func everythingAtOnceEqualsTheIndependentValuation() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tearsheet-broker-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = ["instruments.csv": Self.instruments, "trades.csv": Self.trades, "cashflows.csv": Self.cashflows,
                     "prices.csv": Self.prices, "corporate_actions.csv": "date,symbol,type,ratio,new_symbol,cash,note\n2020-08-31,AAPL,SPLIT,4,,,4-for-1\n"]
        for (name, text) in files { try Data(text.utf8).write(to: dir.appendingPathComponent(name)) }
        func p(_ n: String) -> String { dir.appendingPathComponent(n).path }
        let calendar = Self.days.map { Day(iso: $0)! }
        let read = ingest(InputFiles(trades: p("trades.csv"), cashFlows: p("cashflows.csv"), prices: p("prices.csv"),
                                  corporateActions: p("corporate_actions.csv"), instruments: p("instruments.csv")),
                       options: IngestOptions(calendar: calendar))
        #expect(!read.findings.hasErrors, "\(read.findings.items)")
        #expect(read.findings.warningCount == 0, "\(read.findings.warnings)")
        // What the tool did by rule is on record, each at its row.
        let info = Set(read.findings.items.filter { $0.severity == .info }.map { "\($0.code)@\($0.file.split(separator: "/").last!):\($0.line)" })
        #expect(info == ["flow-rolled@cashflows.csv:3", "flow-rolled@cashflows.csv:4", "flow-rolled@cashflows.csv:5",
                         "trade-rolled@trades.csv:13", "event-after-expiry@trades.csv:13", "option-auto-expired@instruments.csv:3"], "\(info)")
        let ledger = try #require(read.ledger)
        let v = try value(ledger, calendar: calendar)

        // NAV, book and sleeves.
        let nav = Self.sleeveNAV()
        let bookNAV = Self.days.indices.map { t in nav.reduce(0) { $0 + $1[t] } }
        for t in Self.days.indices { #expect(abs(v.total.nav[t] - bookNAV[t]) < 1e-9, "NAV on \(Self.days[t])") }
        let names = v.total.sleeves.map { String($0.split(separator: "/").last!) }
        #expect(Set(names) == Set(Self.sleeves), "\(v.total.sleeves)")
        for (k, s) in Self.sleeves.enumerated() {
            let j = try #require(names.firstIndex(of: s))
            for t in Self.days.indices { #expect(abs(v.total.sleeveNAV[j][t] - nav[k][t]) < 1e-9, "\(s) NAV on \(Self.days[t])") }
        }

        // Daily TWR (flows at the start of the day), daily contributions, total and linked.
        var r = [Double](), c = [[Double]](repeating: [], count: Self.sleeves.count)
        for t in Self.days.indices {
            let flows = Self.external.filter { $0.day == t }
            let f = flows.reduce(0) { $0 + $1.amount }
            let prev = t == 0 ? 0 : bookNAV[t - 1]
            let d = prev + f
            r.append((bookNAV[t] - prev - f) / d)
            for (k, s) in Self.sleeves.enumerated() {
                let fs = flows.filter { $0.sleeve == s }.reduce(0) { $0 + $1.amount }
                c[k].append((nav[k][t] - (t == 0 ? 0 : nav[k][t - 1]) - fs) / d)
            }
        }
        for t in Self.days.indices {
            #expect(abs(v.total.portfolio[t] - r[t]) < 1e-9, "TWR on \(Self.days[t])")
            for (k, s) in Self.sleeves.enumerated() {
                let j = names.firstIndex(of: s)!
                #expect(abs(v.total.contributions[j][t] - c[k][t]) < 1e-9, "\(s) contribution on \(Self.days[t])")
            }
        }
        let total = r.reduce(1) { $0 * (1 + $1) } - 1
        #expect(abs((v.total.portfolio.reduce(1) { $0 * (1 + $1) } - 1) - total) < 1e-9)
        // Carino: k_t = ln(1 + r_t) / r_t, K = ln(1 + R) / R, linked c_s = sum_t c_st k_t / K.
        let kt = r.map { $0 == 0 ? 1 : log1p($0) / $0 }, kk = log1p(total) / total
        let linked = try Linking.linked(parts: v.total.contributions, portfolio: v.total.portfolio, method: .carino)
        #expect(linked.method == .carino)
        for (k, s) in Self.sleeves.enumerated() {
            var sum = 0.0
            for t in kt.indices { sum += c[k][t] * kt[t] }
            let expected = sum / kk
            #expect(abs(linked.parts[names.firstIndex(of: s)!] - expected) < 1e-9, "\(s) linked contribution")
        }
        #expect(abs(linked.parts.reduce(0, +) + linked.residual - total) < 1e-12)

        // Round trips: every position is closed by the end, so each (sleeve, symbol)'s trips add up
        // to its net cash; the FIFO order follows the timestamps; the flip is two trips.
        #expect(v.openLots.isEmpty)
        for s in Self.sleeves {
            for symbol in Set(Self.fills.filter { $0.sleeve == s }.map(\.symbol)) {
                let net = Self.fills.filter { $0.sleeve == s && $0.symbol == symbol }.reduce(0) { $0 - $1.units * $1.price - $1.fees }
                let trips = v.roundTrips.filter { $0.strategy == s && $0.symbol == symbol }.reduce(0) { $0 + $1.pnl }
                #expect(abs(trips - net) < 1e-9, "\(s) \(symbol): trips \(trips), net cash \(net)")
            }
        }
        let aaplCore = v.roundTrips.filter { $0.strategy == "core" && $0.symbol == "AAPL" }
        #expect(aaplCore.first.map { $0.entryPrice == 125.5 && $0.entryDay == calendar[0] && $0.quantity == 200 } == true, "\(aaplCore)")
        let short = try #require(aaplCore.first { $0.direction == .short })
        #expect(short.quantity == 400 && short.entryPrice == 131 && short.exitPrice == 121.5 && short.entryDay == calendar[7])
        #expect(abs(short.pnl - (400 * (131 - 121.5) - 2.0 * 400 / 700 - 1)) < 1e-9)
        // The AAPL put's trip keeps its premium across the split: 620 less its fee.
        let put = try #require(v.roundTrips.first { $0.symbol == "AAPL200904P500" })
        #expect(abs(put.pnl - (620 - 0.65)) < 1e-9)
    }
}
