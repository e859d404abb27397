import Foundation
import Testing
@testable import TearsheetDemo
import TearsheetCore

/// Invariants of the bundled example book and the golden check of `examples/demo/`.
@Suite struct DemoBookTests {

    func book() throws -> DemoBook { try DemoFixture.book.get() }

    @Test func committedFilesMatchTheGenerator() throws {
        let book = try book()
        let root = try #require(repositoryRoot())
        let folder = root.appendingPathComponent("examples/demo")
        if ProcessInfo.processInfo.environment["TEARSHEET_RECORD"] == "1" {
            try book.write(to: folder)
        }
        // Regenerate into a temporary folder through the public writer, then compare bytes.
        let temp = temporaryFolder("golden")
        defer { try? FileManager.default.removeItem(at: temp) }
        try book.write(to: temp)
        for name in DemoBook.fileNames {
            let golden = try? Data(contentsOf: folder.appendingPathComponent(name))
            let fresh = try Data(contentsOf: temp.appendingPathComponent(name))
            #expect(golden != nil, "missing examples/demo/\(name); record with TEARSHEET_RECORD=1")
            #expect(golden == fresh, "examples/demo/\(name) differs from the generator; re-record with TEARSHEET_RECORD=1 only on purpose")
        }
    }

    /// Within a day, a sleeve's timed trades never go back in time in booking (file) order, so
    /// the default `intraday_order = "timestamp"` replays the book exactly as it was booked.
    @Test func timesFollowTheBookingOrderWithinADay() throws {
        let book = try book()
        var last: [String: String] = [:]
        var timed = 0
        for t in book.trades where t.timestamp.count > 10 {
            let key = "\(t.day) \(t.account) \(t.strategy)"
            // Same day, same offset: the text order of HH:MM:SS is the time order.
            if let prev = last[key] { #expect(prev <= t.timestamp, "\(key): \(t.timestamp) before \(prev)") }
            last[key] = t.timestamp
            timed += 1
        }
        #expect(timed > 100)
    }

    @Test func generationIsDeterministic() throws {
        let root = try #require(repositoryRoot())
        let spy = try SeriesFile.load(root.appendingPathComponent("benchmarks-data/SPY.csv"))
        let qqq = try SeriesFile.load(root.appendingPathComponent("benchmarks-data/QQQ.csv"))
        let again = try DemoBook.generate(spy: spy, qqq: qqq)
        #expect(again == (try book()))
        var other = DemoBook.standard
        other.seed = 1
        #expect(try DemoBook.generate(spy: spy, qqq: qqq, parameters: other).trades != (try book()).trades)
    }

    @Test func sizeAndShape() throws {
        let book = try book()
        let first = try #require(book.calendar.first), last = try #require(book.calendar.last)
        #expect(first.description == "2014-01-02")
        #expect(last.description == "2026-07-31")
        #expect(first.adding(months: 120) <= last, "at least 10 years")
        #expect(book.trades.count >= 2_000)
        #expect(Set(book.trades.map(\.strategy)) == ["trend", "rotation", "meanrev"])
        #expect(Set(book.cashFlows.map(\.strategy)) == ["", "trend", "rotation", "meanrev", "cash"])
        #expect(Set(book.trades.map(\.account)) == Set(DemoBook.accounts))
        #expect(Set(book.cashFlows.map(\.account)) == Set(DemoBook.accounts))
        #expect(Set(book.trades.map(\.symbol)) == ["SPY", "QQQ"])
        #expect(Set(book.trades.map(\.side)) == Set(Side.allCases))
        let types = Set(book.cashFlows.map(\.type))
        #expect(types == [.deposit, .withdrawal, .interest, .fee])
        // Some withdrawals come out of sleeves, some out of unallocated cash.
        let withdrawals = book.cashFlows.filter { $0.type == .withdrawal }
        #expect(withdrawals.contains { $0.strategy.isEmpty } && withdrawals.contains { !$0.strategy.isEmpty })
    }

    @Test func tradeIdsAreUniqueAndTradesChronological() throws {
        let book = try book()
        #expect(Set(book.trades.map(\.id)).count == book.trades.count)
        #expect(zip(book.trades, book.trades.dropFirst()).allSatisfy { $0.day <= $1.day })
        #expect(zip(book.cashFlows, book.cashFlows.dropFirst()).allSatisfy { $0.day <= $1.day })
    }

    @Test func everyDateIsATradingDay() throws {
        let book = try book()
        let days = Set(book.calendar)
        #expect(book.trades.allSatisfy { days.contains($0.day) })
        #expect(book.cashFlows.allSatisfy { days.contains($0.day) })
        #expect(book.positions.allSatisfy { days.contains($0.day) })
        #expect(book.calendar.allSatisfy { !$0.isWeekend })
    }

    @Test func timestampsUseBothFormsWithTheRightOffset() throws {
        let book = try book()
        var dateOnly = 0, withOffset = 0
        for t in book.trades {
            #expect(t.timestamp.hasPrefix(t.day.description))
            if t.timestamp.count == 10 {
                dateOnly += 1
            } else {
                withOffset += 1
                #expect(t.timestamp.count == 25)
                #expect(t.timestamp.hasSuffix(TextFormat.newYorkOffset(t.day)))
            }
        }
        #expect(dateOnly > 0 && withOffset > 0)
        #expect(book.trades.contains { $0.timestamp.hasSuffix("-05:00") } && book.trades.contains { $0.timestamp.hasSuffix("-04:00") })
    }

    @Test func feesFollowTheCommissionSchedule() throws {
        for t in try book().trades {
            #expect(t.quantity > 0 && t.priceCents > 0)
            #expect(t.feeCents == max(100, (t.quantity + 1) / 2), "trade \(t.id)")
        }
    }

    @Test func snapshotsEqualCumulativeTradesAndNothingIsOversold() throws {
        let partialExits = DemoInvariants.expectConsistentReplay(try book())
        #expect(partialExits > 100, "partial exits split lots")
    }

    @Test func noSleeveCashGoesNegative() throws {
        DemoInvariants.expectNoNegativeCash(try book())
    }

    /// Other seeds and periods (the 2008 crisis, a short book) keep every invariant.
    @Test(arguments: [(UInt64(1), "2007-01-03", "2012-12-31"), (UInt64(2), "2019-06-03", "2021-06-30"),
                      (UInt64(3), "2000-01-03", "2003-12-31")])
    func invariantsHoldForOtherSeedsAndPeriods(seed: UInt64, start: String, end: String) throws {
        let root = try #require(repositoryRoot())
        var p = DemoBook.standard
        p.seed = seed
        p.start = try #require(Day(iso: start))
        p.end = try #require(Day(iso: end))
        let book = try DemoBook.generate(benchmarksFolder: root.appendingPathComponent("benchmarks-data"), parameters: p)
        #expect(book.calendar.first.map { $0 >= p.start } == true && book.calendar.last.map { $0 <= p.end } == true)
        #expect(!book.trades.isEmpty)
        #expect(Set(book.trades.map(\.id)).count == book.trades.count)
        let days = Set(book.calendar)
        #expect(book.cashFlows.allSatisfy { days.contains($0.day) })
        _ = DemoInvariants.expectConsistentReplay(book)
        DemoInvariants.expectNoNegativeCash(book)
    }

    /// Sanity of the simulated performance: each account's daily time-weighted return (flows at
    /// the start of the day, r = NAV_t / (NAV_{t-1} + F_t) - 1, DESIGN.md section 3) stays within
    /// what a book of SPY and QQQ at no more than 100% gross can do, and the whole period compounds
    /// to a plausible multiple. Catches sizing or cash-accounting bugs the replay tests cannot see.
    @Test func accountReturnsArePlausible() throws {
        let book = try book()
        for account in DemoBook.accounts {
            var cash: Int64 = 0
            var t = 0, f = 0, p = 0
            var previousNAV = 0.0, growth = 1.0, worst = 0.0, best = 0.0
            for day in book.calendar {
                var external: Int64 = 0
                while f < book.cashFlows.count && book.cashFlows[f].day == day {
                    let x = book.cashFlows[f]
                    if x.account == account {
                        cash += x.amountCents
                        if x.type.isExternal { external += x.amountCents }
                    }
                    f += 1
                }
                while t < book.trades.count && book.trades[t].day == day {
                    let x = book.trades[t]
                    if x.account == account {
                        let value = x.quantity * x.priceCents
                        cash += (x.side == .buy || x.side == .cover) ? -value - x.feeCents : value - x.feeCents
                    }
                    t += 1
                }
                var marketValue = 0.0
                while p < book.positions.count && book.positions[p].day == day {
                    if book.positions[p].account == account { marketValue += book.positions[p].marketValue }
                    p += 1
                }
                let nav = Double(cash) / 100 + marketValue
                let base = previousNAV + Double(external) / 100
                #expect(base > 0 && nav > 0, "\(account) on \(day)")
                let r = nav / base - 1
                worst = min(worst, r); best = max(best, r)
                growth *= 1 + r
                previousNAV = nav
            }
            // SPY's worst day in the period was about -11% (2020-03-16), QQQ's about -12%.
            #expect(worst > -0.13 && best < 0.13, "\(account): daily returns \(worst) .. \(best)")
            #expect(growth > 1.2 && growth < 8, "\(account): growth of 1 = \(growth)")
        }
    }

    @Test func cashSleevesHoldNoSecuritiesAndEarnMonthlyInterest() throws {
        let book = try book()
        #expect(!book.trades.contains { $0.strategy == "cash" })
        let interest = book.cashFlows.filter { $0.type == .interest }
        #expect(interest.allSatisfy { $0.strategy == "cash" && $0.amountCents > 0 })
        // One credit per cash sleeve per month: 3 sleeves x 151 months (Jan 2014 .. Jul 2026).
        #expect(interest.count == 3 * 151)
    }

    @Test func readmeStatesTheBookAsGenerated() throws {
        let book = try book()
        let root = try #require(repositoryRoot())
        let readme = try String(contentsOf: root.appendingPathComponent("examples/demo/README.md"), encoding: .utf8)
        #expect(readme.contains("\(book.trades.count) trades"))
        #expect(readme.contains("\(book.positions.count) position rows"))
        #expect(readme.contains("\(book.cashFlows.count) cash flows"))
        #expect(readme.contains("\(book.calendar.count) trading days"))
    }

    @Test func writtenFilesHaveTheSchemaColumns() throws {
        let book = try book()
        let header = { (text: String) in String(text.prefix { $0 != "\n" }) }
        #expect(header(book.tradesCSV()) == "trade_id,timestamp,account,strategy,symbol,side,quantity,price,fees,currency,sector")
        #expect(header(book.positionsCSV()) == "date,account,strategy,symbol,quantity,price,market_value,sector")
        #expect(header(book.cashFlowsCSV()) == "date,account,amount,type,strategy")
        #expect(header(book.pricesCSV()) == "date,symbol,close")
        for row in csvRows(book.positionsCSV()) {
            let q = try #require(Double(row[4])), p = try #require(Double(row[5])), mv = try #require(Double(row[6]))
            #expect(q * p == mv)
        }
        #expect(csvRows(book.tradesCSV()).allSatisfy { $0.count == 11 && $0[9] == "USD" })
        #expect(csvRows(book.pricesCSV()).count == 2 * book.calendar.count)
    }

    @Test func tooLittleHistoryIsATypedError() throws {
        let days = (0..<50).map { Day(serial: 16_000 + Int32($0)) }.filter { !$0.isWeekend }
        let s = DatedSeries(days: days, values: days.map { _ in 100 })
        var p = DemoBook.standard
        p.start = days[0]; p.end = days[days.count - 1]
        #expect(throws: DemoError.self) { try DemoBook.generate(spy: s, qqq: s, parameters: p) }
    }
}
