import Foundation
import Testing
@testable import TearsheetDemo
import TearsheetCore
import TearsheetPipeline
import TearsheetReport

/// The options-income book through the whole pipeline, checked against computations done here
/// from the generated rows (not the pipeline's code).
@Suite struct OptionsIncomePipelineTests {
    typealias Book = OptionsIncomeBook

    /// The written book's run, made once.
    static let run: Result<BookRun, Error> = Result {
        let book = try OptionsIncomeFixture.book.get()
        let folder = temporaryFolder("options-run")
        defer { try? FileManager.default.removeItem(at: folder) }
        try book.write(to: folder)
        return try BookRunner.run(BookRunRequest(configPath: folder.appendingPathComponent("tearsheet.toml").path))
    }

    @Test func validatesWithOnlyTheExpectedInformationalFindings() throws {
        let run = try Self.run.get()
        #expect(run.warnings.allSatisfy { $0.severity != .error })
        let codes = Set(run.warnings.map(\.code))
        #expect(codes == ["option-auto-expired", "option-auto-exercised"], "\(run.warnings.prefix(5).map(\.description))")
        let book = try OptionsIncomeFixture.book.get()
        #expect(run.warnings.count == book.settlements.filter(\.automatic).count)
    }

    /// NAV every day = cash (flows, premiums x 100 x contracts, fees, deliveries at the strike) +
    /// units x close, ACME's shares x 4 from the ex-date, options at their marks.
    @Test func navEqualsAnIndependentReplay() throws {
        let book = try OptionsIncomeFixture.book.get()
        let run = try Self.run.get()
        let nav = run.valuation.total.nav
        #expect(run.valuation.days == book.calendar)
        let bySymbol = Dictionary(uniqueKeysWithValues: book.options.map { ($0.symbol, $0) })
        var marks: [String: Double] = [:]
        var m = 0
        var cash = 0.0
        var units: [String: Double] = [:]
        var f = 0, t = 0
        for (i, day) in book.calendar.enumerated() {
            if day == book.calendar.first(where: { $0 >= Book.splitDate }) { units["ACME", default: 0] *= 4 }
            while f < book.cashFlows.count && book.cashFlows[f].day == day { cash += Double(book.cashFlows[f].amountCents) / 100; f += 1 }
            while t < book.trades.count && book.trades[t].day == day {
                let x = book.trades[t]; t += 1
                let mult = bySymbol[x.symbol] == nil ? 1.0 : 100.0
                let px = Double(x.priceCents ?? 0) / 100, q = Double(x.quantity) * mult, fee = Double(x.feeCents) / 100
                switch x.action {
                case .buy, .cover: cash -= q * px + fee; units[x.symbol, default: 0] += q
                case .sell, .short: cash += q * px - fee; units[x.symbol, default: 0] -= q
                case .expire: units[x.symbol] = 0; cash -= fee
                case .assign, .exercise:
                    let o = try #require(bySymbol[x.symbol])
                    units[x.symbol] = 0
                    let buys = (o.right == .put) == (x.action == .assign)
                    units[o.underlying, default: 0] += buys ? q : -q
                    cash += (buys ? -q : q) * Double(o.strike) - fee
                }
            }
            for s in book.settlements where s.automatic && s.option.expiry == day {
                units[s.option.symbol] = 0
                guard s.outcome != .worthless else { continue }
                let q = Double(s.contracts) * 100, buys = (s.option.right == .put) == (s.outcome == .assigned)
                units[s.option.underlying, default: 0] += buys ? q : -q
                cash += (buys ? -q : q) * Double(s.option.strike)
            }
            while m < book.optionMarks.count && book.optionMarks[m].day == day {
                marks[book.optionMarks[m].symbol] = book.optionMarks[m].close; m += 1
            }
            var value = cash
            for (symbol, q) in units where q != 0 {
                let close: Double
                switch symbol {
                case "SPY": close = book.spy[i]
                case "QQQ": close = book.qqq[i]
                case "ACME": close = book.acme[i]
                default: close = try #require(marks[symbol], "\(symbol) held on \(day) without a mark")
                }
                value += q * close
            }
            #expect(abs(nav[i] - value) <= 1e-6 * max(1, abs(value)), "\(day): pipeline \(nav[i]) vs replay \(value)")
        }
    }

    /// The first week by hand: deposits + premiums x 100 x contracts - fees - the cost of any
    /// assignment, plus the assigned shares at Friday's close.
    @Test func firstWeekByHand() throws {
        let book = try OptionsIncomeFixture.book.get()
        let run = try Self.run.get()
        let friday = try #require(book.calendar.firstIndex { $0.weekStart != book.calendar[0].weekStart }) - 1
        let week = book.trades.filter { $0.day <= book.calendar[friday] }
        let sold = week.filter { $0.action == .short }
        #expect(sold.count == 2)
        let deposits = book.cashFlows.filter { $0.day == book.calendar[0] }.map { Double($0.amountCents) / 100 }.reduce(0, +)
        #expect(deposits == 2_300_000)
        var cash = deposits, shares = 0.0
        for s in sold { cash += Double(s.quantity) * 100 * Double(s.priceCents ?? 0) / 100 - Double(s.quantity) * 0.65 }
        for a in week where a.action == .assign {
            let o = try #require(book.options.first { $0.symbol == a.symbol })
            cash -= Double(a.quantity) * 100 * Double(o.strike)
            shares += Double(a.quantity) * 100 * (o.underlying == "SPY" ? book.spy[friday] : book.qqq[friday])
        }
        #expect(abs(run.valuation.total.nav[friday] - (cash + shares)) <= 1e-6)
    }

    /// One round trip of ACME spans the 4:1 split: 4 x the shares bought, P&L = proceeds - cost - fees.
    @Test func splitRoundTripByHand() throws {
        let book = try OptionsIncomeFixture.book.get()
        let run = try Self.run.get()
        let trips = run.valuation.roundTrips.filter { $0.symbol == Book.stockSymbol }
        #expect(trips.count == 1)
        let trip = try #require(trips.first)
        let buy = try #require(book.trades.first { $0.symbol == Book.stockSymbol && $0.action == .buy })
        let sell = try #require(book.trades.first { $0.symbol == Book.stockSymbol && $0.action == .sell })
        let proceeds = Double(sell.quantity) * Double(sell.priceCents ?? 0) / 100
        let cost = Double(buy.quantity) * Double(buy.priceCents ?? 0) / 100
        let pnl = proceeds - cost - Double(buy.feeCents + sell.feeCents) / 100
        #expect(trip.quantity == Double(buy.quantity * 4))
        #expect(trip.entryDay == buy.day && trip.exitDay == sell.day)
        #expect(abs(trip.pnl - pnl) <= 1e-6)
        #expect(abs(trip.entryPrice - Double(buy.priceCents ?? 0) / 400) <= 1e-9)
    }

    /// The protocol's labels are a classification of the week-type attribution; the labels' log
    /// returns add up to the book's, and each label's sleeve contributions to its return.
    @Test func weekTypeAttributionListsTheProtocolLabels() throws {
        let run = try Self.run.get()
        let user = try #require(run.attribution.weekTypes.first { Set($0.groups.map(\.label)) == Set(Book.weekTypes) },
                                "\(run.attribution.weekTypes.map { ($0.name, $0.groups.map(\.label)) })")
        #expect(user.isPartition)
        let logs = user.groups.compactMap(\.logReturn)
        #expect(logs.count == user.groups.count)
        #expect(abs(logs.reduce(0, +) - log1p(run.attribution.totalReturn)) <= 1e-9)
        for g in user.groups {
            let sum = g.sleeves.map(\.contribution).reduce(0, +) + g.residual
            #expect(abs(sum - g.totalReturn) <= 1e-9, "\(g.label)")
        }
        #expect(user.groups.map(\.days).reduce(0, +) == run.valuation.days.count)
    }
}
