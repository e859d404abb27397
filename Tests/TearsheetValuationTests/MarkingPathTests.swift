import Testing
import TearsheetValuation
import TearsheetCore

/// The daily mark has two paths (a dense pass over every position of each sleeve on days whose
/// closes are all fresh, and the open-list walk otherwise); both must give the same sums, bit for
/// bit, since they add the same terms in the same order.
@Suite struct MarkingPathTests {
    /// A seeded book over `days` trading days: 3 sleeves x 6 symbols, positions opened, added to,
    /// partly and fully closed. `gapDays`: days on which symbol Z (traded and closed on day 0)
    /// has no close, which sends that day down the open-list path without changing any mark.
    func book(days n: Int, gapDays: Set<Int>) -> (Ledger, [Day]) {
        let cal = BookBuilder.weekdays(from: "2024-01-02", count: n)
        var b = BookBuilder()
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Double {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(seed >> 11) / Double(1 << 53)
        }
        let symbols = ["A", "B", "C", "D", "E", "F"]
        var price: [String: [(Day, Double)]] = [:]
        for s in symbols {
            var p = 50 + 100 * next()
            price[s] = cal.map { d in p *= 1 + 0.03 * (next() - 0.5); return (d, (p * 100).rounded() / 100) }
        }
        for (k, sleeve) in ["s1", "s2", "s3"].enumerated() {
            b.flow(cal[0], "ACC", 1_000_000, .deposit, strategy: sleeve)
            var held: [String: Double] = [:]
            for t in 0..<n {
                for s in symbols where next() < 0.3 {
                    let px = price[s]![t].1
                    let q = held[s] ?? 0
                    if q > 0 && next() < 0.5 {
                        let sell = next() < 0.5 ? q : (q / 2).rounded(.down)
                        if sell > 0 { b.trade(cal[t], "ACC", sleeve, s, .sell, sell, px, fees: 0.37); held[s] = q - sell }
                    } else {
                        let buy = Double(1 + Int(next() * 40) + k)
                        b.trade(cal[t], "ACC", sleeve, s, .buy, buy, px, fees: 0.11)
                        held[s] = q + buy
                    }
                }
            }
        }
        b.trade(cal[0], "ACC", "s1", "Z", .buy, 7, 20)
        b.trade(cal[0], "ACC", "s1", "Z", .sell, 7, 21)
        for s in symbols { b.closes(s, price[s]!) }
        b.closes("Z", cal.indices.filter { !gapDays.contains($0) }.map { (cal[$0], 20.0) })
        return (b.ledger, cal)
    }

    @Test func denseAndOpenListMarksAgreeExactly() throws {
        let (fresh, cal) = book(days: 40, gapDays: [])
        for gap in [1, 7, 20, 39] {
            let (gapped, _) = book(days: 40, gapDays: [gap])
            let a = try value(fresh, calendar: cal)
            let b = try value(gapped, calendar: cal)
            #expect(a.total.nav == b.total.nav, "NAV differs with the open-list path on day \(gap)")
            #expect(a.totalBreakdown.grossExposure == b.totalBreakdown.grossExposure)
            #expect(a.totalBreakdown.netExposure == b.totalBreakdown.netExposure)
            #expect(a.totalBreakdown.unrealisedChange == b.totalBreakdown.unrealisedChange)
            #expect(a.perAccount == b.perAccount)
            #expect(a.holdings == b.holdings)
            #expect(b.warnings.allSatisfy { $0.code != "stale-price" }, "Z is flat, so its gap is never used")
        }
    }

    @Test func alternatingPathsMatchTheDenseBook() throws {
        // A gap on every other day alternates the two paths day by day.
        let (fresh, cal) = book(days: 30, gapDays: [])
        let (gapped, _) = book(days: 30, gapDays: Set(stride(from: 1, to: 30, by: 2)))
        let a = try value(fresh, calendar: cal)
        let b = try value(gapped, calendar: cal)
        #expect(a.roundTrips.count > 20 && a.holdings.count > 3)
        #expect(a.totalBreakdown.grossExposure.filter { $0 > 0 }.count >= 29)
        #expect(a.total.nav == b.total.nav)
        #expect(a.totalBreakdown == b.totalBreakdown)
        #expect(a.roundTrips == b.roundTrips)
        #expect(a.openLots == b.openLots)
    }
}
