import Testing
import PropertyBased
import TearsheetValuation
import TearsheetCore

/// Identities that hold for every book: random trades that never oversell, random flows,
/// prices with gaps.
@Suite struct RandomBookPropertyTests {
    static let accounts = ["A0", "A1"]
    static let strategies = ["s0", "s1", "s2"]
    static let symbols = ["X0", "X1", "X2"]
    static let calendar = BookBuilder.weekdays(from: "2024-01-02", count: 30)

    /// Builds a book from generated numbers: `ops` decide the events, `moves` the prices.
    /// With `externalFlows == false` the only deposits are the opening ones on day 0.
    static func book(ops: [Int], moves: [Double], externalFlows: Bool) -> Ledger {
        var b = BookBuilder()
        let cal = calendar
        // Prices: a random walk per symbol; a close is missing on some days (stale marks).
        var closes: [[Double?]] = []
        for (k, symbol) in symbols.enumerated() {
            var p = 50.0 + 25.0 * Double(k), series: [(Day, Double)] = [], column: [Double?] = []
            for t in cal.indices {
                let m = moves[(t * symbols.count + k) % moves.count]
                p *= 1 + m
                if t > 0 && Int(abs(m) * 1e6) % 7 == 0 { column.append(nil); continue }
                series.append((cal[t], p))
                column.append(p)
            }
            b.closes(symbol, series)
            closes.append(column)
        }
        for a in accounts { b.flow(cal[0], a, 100_000, .deposit) }
        // Events, in day order so holdings can be tracked and sells never exceed them.
        struct Event { var day: Int, code: Int }
        let events = ops.enumerated().map { Event(day: $0.element % cal.count, code: $0.element / cal.count + $0.offset) }
            .sorted { ($0.day, $0.code) < ($1.day, $1.code) }
        var long: [String: Double] = [:], short: [String: Double] = [:]
        for e in events {
            let c = e.code
            let account = accounts[c % 2], strategy = strategies[(c / 2) % 3], symbol = symbols[(c / 6) % 3]
            let kind = (c / 18) % 8
            let day = cal[e.day]
            if kind == 7 {
                let amount = Double(c % 997) + 1
                switch (c / 144) % 5 {
                case 0 where externalFlows:
                    b.flow(day, account, amount * 10, .deposit, strategy: c % 3 == 0 ? nil : strategy)
                case 1 where externalFlows:
                    b.flow(day, account, -amount * 3, .withdrawal, strategy: c % 3 == 0 ? nil : strategy)
                case 2: b.flow(day, account, amount / 10, .dividend, strategy: strategy)
                case 3: b.flow(day, account, amount / 100, .interest)
                default: b.flow(day, account, -amount / 100, .fee, strategy: strategy)
                }
                continue
            }
            let key = "\(account)/\(strategy)/\(symbol)"
            let k = symbols.firstIndex(of: symbol)!
            let ref = closes[k][e.day] ?? (50.0 + 25.0 * Double(k))
            let price = ref * (1 + Double(c % 11 - 5) / 1_000)
            let quantity = Double(c % 50 + 1) + Double(c % 4) / 4
            let fees = Double(c % 5) * 0.37
            switch kind {
            case 0, 1, 2:
                b.trade(day, account, strategy, symbol, .buy, quantity, price, fees: fees)
                long[key, default: 0] += quantity
            case 3, 4:
                let held = long[key, default: 0]
                guard held > 0 else { continue }
                // Sometimes the whole position, sometimes a part that splits a lot.
                let q = c % 3 == 0 ? held : min(held, quantity)
                b.trade(day, account, strategy, symbol, .sell, q, price, fees: fees)
                long[key] = held - q
            case 5:
                b.trade(day, account, strategy, symbol, .short, quantity, price, fees: fees)
                short[key, default: 0] += quantity
            default:
                let held = short[key, default: 0]
                guard held > 0 else { continue }
                let q = c % 3 == 0 ? held : min(held, quantity)
                b.trade(day, account, strategy, symbol, .cover, q, price, fees: fees)
                short[key] = held - q
            }
        }
        return b.ledger
    }

    static func checkContributions(_ r: BookReturns) {
        for t in r.days.indices {
            let sum = r.contributions.reduce(0.0) { $0 + $1[t] }
            #expect(abs(sum - r.portfolio[t]) <= 1e-12, "contributions \(sum) vs return \(r.portfolio[t]) on \(r.days[t])")
        }
    }

    @Test func reconciliationAndContributionsHoldForRandomBooks() async {
        await propertyCheck(input: Gen.int(in: 0...100_000).array(of: 1...120),
                            Gen.double(in: -0.04...0.04).array(of: 1...90)) { ops, moves in
            for timing in FlowTiming.allCases {
                let ledger = Self.book(ops: ops, moves: moves, externalFlows: true)
                let v: Valuation
                do { v = try value(ledger, calendar: Self.calendar, options: ValuationOptions(flowTiming: timing)) } catch {
                    Issue.record("valuation threw \(error)")
                    return
                }
                // The identity, recomputed from the outputs for every account and the book.
                for (book, split) in zip(v.perAccount + [v.total], v.accountBreakdown + [v.totalBreakdown]) {
                    let pnl = split.pnl
                    for t in book.days.indices {
                        let change = book.nav[t] - (t == 0 ? 0 : book.nav[t - 1]) - book.flows[t]
                        #expect(abs(change - pnl[t]) <= 1e-6 * max(1, abs(book.nav[t])))
                        #expect(book.flows[t] == split.externalFlows[t])
                    }
                    Self.checkContributions(book)
                }
                // Realised P&L is exactly what the round trips carry before their fees.
                let realised = v.totalBreakdown.realised.reduce(0, +)
                let fromTrips = v.roundTrips.reduce(0.0) { $0 + $1.pnl + $1.fees }
                #expect(abs(realised - fromTrips) <= 1e-6 * max(1, abs(realised)))
                // Open lots carry the rest of the book's unrealised P&L.
                let unrealised = v.totalBreakdown.unrealisedChange.reduce(0, +)
                let fromLots = v.openLots.reduce(0.0) { $0 + $1.unrealised }
                #expect(abs(unrealised - fromLots) <= 1e-6 * max(1, abs(unrealised)))
                #expect(v.roundTrips.allSatisfy { $0.quantity > 0 && $0.holdingDaysTrading >= 0 })
            }
        }
    }

    /// The marks searched per symbol (the layout of books too wide for the dense matrix, issue 18)
    /// value every random book exactly as the dense matrix does.
    @Test func marksByColumnValueLikeTheDenseMatrix() async {
        await propertyCheck(input: Gen.int(in: 0...100_000).array(of: 1...120),
                            Gen.double(in: -0.04...0.04).array(of: 1...90)) { ops, moves in
            let ledger = Self.book(ops: ops, moves: moves, externalFlows: true)
            var byColumn = ValuationOptions()
            byColumn.denseMarkCellLimit = 0
            let a = try? value(ledger, calendar: Self.calendar, options: ValuationOptions())
            let b = try? value(ledger, calendar: Self.calendar, options: byColumn)
            #expect(a == b)
            #expect(a != nil)
        }
    }

    @Test func chainedReturnsEqualTheNAVRatioWithoutFlows() async {
        await propertyCheck(input: Gen.int(in: 0...100_000).array(of: 1...120),
                            Gen.double(in: -0.04...0.04).array(of: 1...90)) { ops, moves in
            let ledger = Self.book(ops: ops, moves: moves, externalFlows: false)
            do {
                // Start of day: the opening deposit earns day 0, so prod(1 + r) = NAV_T / F_0.
                let start = try value(ledger, calendar: Self.calendar)
                for book in start.perAccount + [start.total] {
                    let chained = book.portfolio.reduce(1.0) { $0 * (1 + $1) }
                    let expected = book.nav[book.nav.count - 1] / book.flows[0]
                    #expect(abs(chained - expected) <= 1e-9 * abs(expected))
                }
                // End of day: day 0 has no capital; prod over t >= 1 of (1 + r) = NAV_T / NAV_0.
                let end = try value(ledger, calendar: Self.calendar, options: ValuationOptions(flowTiming: .endOfDay))
                for book in end.perAccount + [end.total] {
                    #expect(book.portfolio[0] == 0)
                    let chained = book.portfolio.dropFirst().reduce(1.0) { $0 * (1 + $1) }
                    let expected = book.nav[book.nav.count - 1] / book.nav[0]
                    #expect(abs(chained - expected) <= 1e-9 * abs(expected))
                }
            } catch {
                Issue.record("valuation threw \(error)")
            }
        }
    }

    /// A snapshot-only book is valued through its implied trades (hand-computed).
    @Test func snapshotsOnlyBookValuesLikeItsImpliedTrades() throws {
        let cal = Self.calendar
        var b = BookBuilder()
        b.snapshot("2024-01-02", "A", "s", "X", 10, 100, sector: "Energy")
        b.snapshot("2024-01-03", "A", "s", "X", 15, 102)
        b.snapshot("2024-01-04", "A", "s", "Y", 5, 50)
        b.closes("X", [(cal[2], 101)])
        let v = try value(b.ledger, calendar: Array(cal[0...3]))
        // Implied: BUY 10 @ 100, BUY 5 @ 102, SELL 15 @ 101 (price table), BUY 5 Y @ 50.
        #expect(closeAll(v.total.nav, [0, 20, 5, 5], 1e-9))
        #expect(closeAll(v.totalBreakdown.realised, [0, 0, 5, 0], 1e-9))
        #expect(v.roundTrips.map(\.quantity) == [10, 5])
        #expect(v.holdings.map(\.symbol) == ["Y"])
        #expect(v.holdings.first?.closeDay == cal[2])
        // Y has no close on day 4 after its snapshot: a stale mark, not an error.
        #expect(v.warnings.contains { $0.code == "stale-price" })
    }
}
