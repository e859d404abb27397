import Foundation
import Testing
@testable import TearsheetDemo

/// Invariants of the bundled example book and the golden check of `examples/demo/`.
@Suite struct DemoBookTests {
    struct Key: Hashable { var account: String, strategy: String, symbol: String }

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

    @Test func generationIsDeterministic() throws {
        let root = try #require(repositoryRoot())
        let spy = try SeriesFile.load(root.appendingPathComponent("benchmarks-data/SPY.csv"))
        let qqq = try SeriesFile.load(root.appendingPathComponent("benchmarks-data/QQQ.csv"))
        let again = try DemoBook.generate(spy: spy, qqq: qqq)
        #expect(again == (try book()))
        var other = DemoBook.Parameters.standard
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

    /// Replays the trades: no oversell, no overcover, no flip, and every day's snapshot equals the
    /// cumulative trades exactly (no missing, extra or zero rows), with market_value = q x price.
    @Test func snapshotsEqualCumulativeTradesAndNothingIsOversold() throws {
        let book = try book()
        var held: [Key: Int64] = [:]
        var next = 0
        var partialExits = 0
        var positionsByDay: [Day: [Key: (Int64, Double)]] = [:]
        for p in book.positions {
            let k = Key(account: p.account, strategy: p.strategy, symbol: p.symbol)
            #expect(positionsByDay[p.day, default: [:]][k] == nil, "duplicate snapshot row")
            positionsByDay[p.day, default: [:]][k] = (p.quantity, p.close)
        }
        for (i, day) in book.calendar.enumerated() {
            while next < book.trades.count && book.trades[next].day == day {
                let t = book.trades[next]
                let k = Key(account: t.account, strategy: t.strategy, symbol: t.symbol)
                let before = held[k, default: 0]
                switch t.side {
                case .buy: #expect(before >= 0, "BUY against a short: \(t.id)")
                case .sell:
                    #expect(before >= t.quantity, "oversell: \(t.id)")
                    if t.quantity < before { partialExits += 1 }
                case .short: #expect(before <= 0, "SHORT against a long: \(t.id)")
                case .cover:
                    #expect(-before >= t.quantity, "overcover: \(t.id)")
                    if t.quantity < -before { partialExits += 1 }
                }
                held[k] = before + (t.side == .buy || t.side == .cover ? t.quantity : -t.quantity)
                next += 1
            }
            let snapshot = positionsByDay[day] ?? [:]
            let open = held.filter { $0.value != 0 }
            #expect(snapshot.count == open.count, "snapshot on \(day)")
            for (k, q) in open {
                let row = snapshot[k]
                #expect(row?.0 == q, "snapshot \(k) on \(day)")
                let close = k.symbol == "SPY" ? book.spy[i] : book.qqq[i]
                #expect(row?.1 == close)
            }
        }
        #expect(next == book.trades.count)
        #expect(partialExits > 100, "partial exits split lots")
    }

    /// Recomputes every sleeve's cash from flows and trades: it never goes below zero at a close.
    @Test func noSleeveCashGoesNegative() throws {
        let book = try book()
        struct Sleeve: Hashable { var account: String, strategy: String }
        var cash: [Sleeve: Int64] = [:]
        var t = 0, f = 0
        for day in book.calendar {
            while f < book.cashFlows.count && book.cashFlows[f].day == day {
                cash[Sleeve(account: book.cashFlows[f].account, strategy: book.cashFlows[f].strategy), default: 0] += book.cashFlows[f].amountCents
                f += 1
            }
            while t < book.trades.count && book.trades[t].day == day {
                let x = book.trades[t]
                let value = x.quantity * x.priceCents
                let delta = (x.side == .buy || x.side == .cover) ? -value - x.feeCents : value - x.feeCents
                cash[Sleeve(account: x.account, strategy: x.strategy), default: 0] += delta
                t += 1
            }
            for (s, c) in cash { #expect(c >= 0, "\(s) cash \(c) cents on \(day)") }
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
        var p = DemoBook.Parameters.standard
        p.start = days[0]; p.end = days[days.count - 1]
        #expect(throws: DemoError.self) { try DemoBook.generate(spy: s, qqq: s, parameters: p) }
    }
}
