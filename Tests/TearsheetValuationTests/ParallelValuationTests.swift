import Testing
import PropertyBased
@testable import TearsheetValuation
import TearsheetCore

/// Accounts valued in parallel (issue 20): a book valued in parts on several threads equals, to
/// the bit (`==` on every field of the valuation), the same book valued by one engine.
@Suite struct ParallelValuationTests {
    static let calendar = BookBuilder.weekdays(from: "2024-01-02", count: 40)
    static let accounts = ["A1", "A2", "A3", "A4", "A5"]
    static let strategies = ["trend", "carry", "value"]
    static let symbols = ["X", "Y", "Z", "W"]

    /// A random book of five accounts over 40 days, with a close every day for every symbol (a
    /// stale mark sends a book to one thread), buys and sells within holdings, shorts and covers,
    /// flips through zero, deposits to sleeves and to the account, withdrawals, dividends and fees.
    static func book(ops: [Int], moves: [Double]) -> Ledger {
        var b = BookBuilder()
        let cal = calendar
        var closes: [[Double]] = []
        for (k, symbol) in symbols.enumerated() {
            var p = 40.0 + 15.0 * Double(k), column: [Double] = []
            for t in cal.indices {
                p *= 1 + moves[(t * symbols.count + k) % moves.count]
                column.append(p)
            }
            b.closes(symbol, Array(zip(cal, column)))
            closes.append(column)
        }
        for a in accounts { b.flow(cal[0], a, 50_000, .deposit) }
        var held: [String: Double] = [:]
        for (n, op) in ops.enumerated() {
            let t = (op / 7 + n) % cal.count
            let account = accounts[op % accounts.count], strategy = strategies[(op / 5) % 3], k = (op / 15) % symbols.count
            let key = "\(account)/\(strategy)/\(symbols[k])", q = Double(1 + op % 40), price = closes[k][t]
            let h = held[key, default: 0]
            switch (op / 60) % 9 {
            case 0, 1, 2:
                b.trade(cal[t], account, strategy, symbols[k], h < 0 ? .cover : .buy, h < 0 ? min(q, -h) : q, price, fees: Double(op % 3))
                held[key] = h < 0 ? h + min(q, -h) : h + q
            case 3, 4:
                if h > 0 {
                    // A sell larger than the holding flips the position short in one row.
                    b.trade(cal[t], account, strategy, symbols[k], .sell, q, price, fees: 0.5)
                    held[key] = h - q
                    if h - q < 0 { held[key] = h - q }
                } else {
                    b.trade(cal[t], account, strategy, symbols[k], .short, q, price, fees: 0.25)
                    held[key] = h - q
                }
            case 5:
                b.flow(cal[t], account, Double(500 + op % 900), .deposit, strategy: op % 2 == 0 ? strategy : nil)
            case 6:
                b.flow(cal[t], account, -Double(100 + op % 300), .withdrawal)
            case 7:
                b.flow(cal[t], account, Double(1 + op % 20), .dividend, strategy: strategy)
            default:
                b.flow(cal[t], account, Double(1 + op % 10), .fee)
            }
        }
        return b.ledger
    }

    static func options(threads: Int) -> ValuationOptions {
        var o = ValuationOptions()
        o.parallelism = threads
        o.parallelThreshold = 0
        return o
    }

    @Test func partsOnSeveralThreadsEqualOneEngine() async {
        await propertyCheck(input: Gen.int(in: 0...10_000).array(of: 20...160),
                            Gen.double(in: -0.03...0.03).array(of: 7...40)) { ops, moves in
            let ledger = Self.book(ops: ops, moves: moves)
            let one = try? value(ledger, calendar: Self.calendar, options: Self.options(threads: 1))
            for threads in [2, 3, 5] {
                let parts = valueInParts(ledger, calendar: Self.calendar, options: Self.options(threads: threads))
                if let one, let parts { #expect(parts == one, "threads \(threads): \(Self.difference(parts, one))") }
                // The public entry gives the one-engine valuation whatever the threads.
                let viaValue = try? value(ledger, calendar: Self.calendar, options: Self.options(threads: threads))
                #expect(viaValue == one, "threads \(threads), through value")
            }
        }
    }

    /// The parts path is taken (not only the fallback to one thread): a fixed book of five
    /// accounts with trades on every day is valued in parts and equals one engine.
    @Test func aCleanBookIsValuedInParts() throws {
        var state: UInt64 = 2_026_120_6
        let ops = (0..<600).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % 10_000)
        }
        let ledger = Self.book(ops: ops, moves: [0.01, -0.004, 0.007, -0.012, 0.003, 0.002, -0.006])
        let one = try value(ledger, calendar: Self.calendar, options: Self.options(threads: 1))
        let parts = try #require(valueInParts(ledger, calendar: Self.calendar, options: Self.options(threads: 2)))
        #expect(parts == one, "\(Self.difference(parts, one))")
        #expect(parts.accounts == Self.accounts && parts.roundTrips.count > 50 && Set(parts.roundTrips.map(\.account)).count == 5,
                "\(parts.roundTrips.count) round trips")
        // Bit for bit, field by field, where a difference would show first.
        #expect(parts.total.nav == one.total.nav && parts.total.portfolio == one.total.portfolio)
        #expect(Array(parts.roundTrips) == Array(one.roundTrips))
        #expect(parts.openLots == one.openLots && parts.holdings == one.holdings)
    }

    /// An account closed by a same-day withdrawal (sold out, the proceeds wired the same day: the
    /// full-withdrawal rule moves the withdrawal to the end of the day), a deposit booked to the
    /// account rather than a strategy, and a short, each in its own part: the parts equal one engine.
    @Test func anAccountClosedByASameDayWithdrawalIsValuedAlikeInParts() throws {
        let cal = Self.calendar
        var b = BookBuilder()
        for (k, s) in ["X", "Y"].enumerated() {
            b.closes(s, cal.indices.map { (cal[$0], 50 + Double(k) * 10 + Double($0 % 5)) })
        }
        b.flow(cal[0], "A1", 10_000, .deposit)
        b.flow(cal[0], "A2", 10_000, .deposit, strategy: "carry")
        b.flow(cal[0], "A3", 1_000, .deposit, strategy: "trend")
        b.trade(cal[0], "A1", "trend", "X", .buy, 20, 50, fees: 1)
        b.trade(cal[2], "A1", "trend", "X", .sell, 5, 52, fees: 1)
        b.trade(cal[1], "A2", "carry", "Y", .short, 30, 61, fees: 2)
        b.trade(cal[6], "A2", "carry", "Y", .cover, 10, 61, fees: 2)
        b.flow(cal[4], "A2", 2_500, .deposit)
        b.trade(cal[0], "A3", "trend", "X", .buy, 10, 50)
        b.trade(cal[3], "A3", "trend", "X", .sell, 10, 53)
        b.flow(cal[3], "A3", -1_030, .withdrawal)
        let ledger = b.ledger
        let one = try value(ledger, calendar: cal, options: Self.options(threads: 1))
        let parts = try #require(valueInParts(ledger, calendar: cal, options: Self.options(threads: 3)))
        #expect(parts == one, "\(Self.difference(parts, one))")
        // The closing account's day is a return on the capital it started the day with:
        // NAV 1,020 (cash 500 + 10 X at 52), sold at 53, the 1,030 wired at the end of the day.
        let a3 = try #require(one.accounts.firstIndex(of: "A3"))
        #expect(parts.perAccount[a3].portfolio[3] == one.perAccount[a3].portfolio[3])
        #expect(abs(one.perAccount[a3].portfolio[3] - 10.0 / 1_020) < 1e-12)
    }

    /// The first field where two valuations differ, for a short failure message.
    static func difference(_ a: Valuation, _ b: Valuation) -> String {
        if a.days != b.days { return "days" }
        if a.accounts != b.accounts { return "accounts" }
        if a.total != b.total { return "total" }
        if a.perAccount != b.perAccount { return "perAccount" }
        if a.totalBreakdown != b.totalBreakdown { return "totalBreakdown" }
        if a.accountBreakdown != b.accountBreakdown { return "accountBreakdown" }
        if a.roundTrips != b.roundTrips { return "roundTrips \(a.roundTrips.count) vs \(b.roundTrips.count)" }
        if a.openLots != b.openLots { return "openLots" }
        if a.holdings != b.holdings { return "holdings" }
        if a.warnings != b.warnings { return "warnings \(a.warnings.map(\.code)) vs \(b.warnings.map(\.code))" }
        return a == b ? "none" : "strategies or flow timing"
    }
}
