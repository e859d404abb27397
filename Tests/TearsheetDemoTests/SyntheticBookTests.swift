import Foundation
import Testing
@testable import TearsheetDemo
import TearsheetCore

@Suite struct SyntheticBookTests {
    static let small = SyntheticBook.Parameters(trades: 20_000, symbols: 25, years: 2, accounts: 3, strategies: 2,
                                                seed: 9, sleeveDeposit: 2_000_000)

    @Test func weekdayCalendarCoversTheYears() throws {
        let start = try #require(Day(iso: "2016-01-04"))
        let days = SyntheticBook.weekdayCalendar(start: start, years: 10)
        #expect(days.first == start)
        #expect(days.allSatisfy { !$0.isWeekend })
        #expect(zip(days, days.dropFirst()).allSatisfy { $0 < $1 })
        let last = try #require(days.last)
        #expect(last < start.adding(months: 120) && last >= start.adding(months: 120).adding(days: -3))
        #expect((2600...2612).contains(days.count))
    }

    @Test func writesAValidBook() throws {
        let folder = temporaryFolder("synthetic")
        defer { try? FileManager.default.removeItem(at: folder) }
        let p = SyntheticBookTests.small
        let summary = try SyntheticBook.write(p, to: folder)
        let read = { (name: String) in try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8) }
        for name in SyntheticBook.fileNames {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path), "\(name)")
        }

        // Calendar and SYNTH.csv.
        let synth = csvRows(try read("SYNTH.csv"))
        #expect(synth.map { $0[0] } == summary.calendar.map(\.description))
        #expect(synth.allSatisfy { Double($0[1]).map { $0 > 0 && $0.isFinite } == true })
        #expect(try read("SYNTH.csv").hasPrefix("date,adj_close\n"))

        // Prices: one row per day and symbol, positive cents.
        let priceRows = csvRows(try read("prices.csv"))
        #expect(priceRows.count == summary.calendar.count * p.symbols)
        #expect(priceRows.count == summary.priceRows)
        var close: [String: Double] = [:]
        for r in priceRows {
            let c = try #require(Double(r[2]))
            #expect(c >= 1)
            close[r[0] + "|" + r[1]] = c
        }

        // Flows: one deposit per sleeve on the first day.
        let flows = csvRows(try read("cashflows.csv"))
        #expect(flows.count == p.accounts * p.strategies)
        #expect(flows.allSatisfy { $0[0] == summary.calendar[0].description && $0[3] == "DEPOSIT" && !$0[4].isEmpty })

        // Trades: count, unique ids, day order, valid sides, prices at the close, cash never negative.
        let trades = csvRows(try read("trades.csv"))
        #expect(trades.count == p.trades && summary.tradeRows == p.trades)
        #expect(Set(trades.map { $0[0] }).count == trades.count)
        var held: [String: Int64] = [:]
        var cash: [String: Int64] = [:]
        for f in flows { cash[f[1] + "|" + f[4]] = Int64((Double(f[2])! * 100).rounded()) }
        var lastDate = ""
        var sides: Set<String> = []
        var withOffset = 0
        for t in trades {
            #expect(t.count == 11)
            let date = String(t[1].prefix(10))
            #expect(date >= lastDate)
            lastDate = date
            if t[1].count > 10 {
                withOffset += 1
                let day = try #require(Day(iso: date))
                #expect(t[1].hasSuffix(TextFormat.newYorkOffset(day)))
            }
            let key = t[2] + "|" + t[3] + "|" + t[4]
            let q = try #require(Int64(t[6]))
            #expect(q > 0)
            #expect(Double(t[7]) == close[date + "|" + t[4]])
            let pxCents = Int64((Double(t[7])! * 100).rounded()), fee = Int64((Double(t[8])! * 100).rounded())
            #expect(fee == max(100, (q + 1) / 2))
            let before = held[key, default: 0]
            sides.insert(t[5])
            switch t[5] {
            case "BUY": #expect(before >= 0); held[key] = before + q
            case "SELL": #expect(before >= q, "oversell \(t[0])"); held[key] = before - q
            case "SHORT": #expect(before <= 0); held[key] = before - q
            case "COVER": #expect(-before >= q, "overcover \(t[0])"); held[key] = before + q
            default: Issue.record("bad side \(t[5])")
            }
            let sleeve = t[2] + "|" + t[3]
            cash[sleeve, default: 0] += (t[5] == "BUY" || t[5] == "COVER") ? -(q * pxCents) - fee : q * pxCents - fee
            #expect(cash[sleeve, default: 0] >= 0, "sleeve \(sleeve) cash after \(t[0])")
            #expect(t[9] == "USD")
        }
        #expect(sides == ["BUY", "SELL", "SHORT", "COVER"])
        #expect(withOffset == (p.trades + 7) / 8)
    }

    @Test func sameSeedSameBytesOtherSeedOtherBytes() throws {
        let a = temporaryFolder("synthA"), b = temporaryFolder("synthB"), c = temporaryFolder("synthC")
        defer { for f in [a, b, c] { try? FileManager.default.removeItem(at: f) } }
        var p = SyntheticBookTests.small
        p.trades = 3_000
        _ = try SyntheticBook.write(p, to: a)
        _ = try SyntheticBook.write(p, to: b)
        p.seed += 1
        _ = try SyntheticBook.write(p, to: c)
        for name in ["trades.csv", "prices.csv", "SYNTH.csv"] {
            let x = try Data(contentsOf: a.appendingPathComponent(name))
            #expect(x == (try Data(contentsOf: b.appendingPathComponent(name))))
            #expect(x != (try Data(contentsOf: c.appendingPathComponent(name))))
        }
    }

    @Test func summaryCountsBytes() throws {
        let folder = temporaryFolder("synthBytes")
        defer { try? FileManager.default.removeItem(at: folder) }
        var p = SyntheticBookTests.small
        p.trades = 500
        let summary = try SyntheticBook.write(p, to: folder)
        var total = 0
        for name in SyntheticBook.fileNames {
            total += try Data(contentsOf: folder.appendingPathComponent(name)).count
        }
        #expect(summary.bytes == total)
    }

    @Test func rejectsBadParameters() {
        var p = SyntheticBookTests.small
        p.symbols = 0
        let folder = temporaryFolder("bad")
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: DemoError.badParameter("trades >= 0 and symbols, years, accounts, strategies, sleeve deposit > 0 are required")) {
            try SyntheticBook.write(p, to: folder)
        }
    }
}
