import Foundation
import Testing
import TearsheetValuation
import TearsheetCore

/// Valuation on books whose capital vanishes: NAV to zero by trading, a loss beyond the capital
/// (a short squeeze), a single day, constant prices. Returns after the capital is gone are not
/// defined: the valuation reports them as 0 with a `no-capital` warning, never as inf or NaN.
@Suite("Valuation numerical robustness")
struct ValuationNumericalRobustnessTests {
    /// Paths of every non-finite `Double` reachable in `value`, by reflection.
    static func nonFinite(_ value: Any, path: String = "valuation", depth: Int = 0) -> [String] {
        if let d = value as? Double { return d.isFinite ? [] : ["\(path) = \(d)"] }
        guard depth < 10 else { return [] }
        let m = Mirror(reflecting: value)
        if m.displayStyle == .optional {
            return m.children.first.map { nonFinite($0.value, path: path, depth: depth + 1) } ?? []
        }
        var out: [String] = []
        for (i, child) in m.children.enumerated() {
            out += nonFinite(child.value, path: path + "." + (child.label ?? String(i)), depth: depth + 1)
            if out.count > 10 { break }
        }
        return out
    }

    let calendar = BookBuilder.weekdays(from: "2024-01-02", count: 5)

    @Test("NAV to zero by trading: -100% that day, then no capital (0 with a warning), nothing infinite")
    func navToZeroByTrading() throws {
        var b = BookBuilder()
        b.flow(calendar[0], "A", 10_000, .deposit, strategy: "s")
        b.trade(calendar[0], "A", "s", "X", .buy, 100, 100)
        // The price collapses; the position is sold for 5 and the fee takes the last 5.
        b.trade(calendar[1], "A", "s", "X", .sell, 100, 0.05, fees: 5)
        b.closes("X", calendar.enumerated().map { ($0.element, $0.offset == 0 ? 100 : 0.05) })
        let v = try value(b.ledger, calendar: calendar)
        #expect(Self.nonFinite(v) == [])
        let t = v.total
        #expect(t.nav[1] == 0)
        #expect(t.portfolio[1] == -1)
        #expect(t.portfolio[2...].allSatisfy { $0 == 0 })
        #expect(t.contributions[0][1] == -1)
        #expect(v.warnings.contains { $0.code == "no-capital" })
        #expect(v.roundTrips.count == 1 && v.roundTrips[0].returnPct < -0.99)
    }

    @Test("A loss beyond the capital (short squeeze): the day's return is floored at -100% with a warning, later days have no capital")
    func lossBeyondCapital() throws {
        var b = BookBuilder()
        b.flow(calendar[0], "A", 1_000, .deposit, strategy: "s")
        b.trade(calendar[0], "A", "s", "X", .short, 10, 100)
        b.closes("X", calendar.enumerated().map { ($0.element, $0.offset == 0 ? 100 : 300) })
        let v = try value(b.ledger, calendar: calendar)
        #expect(Self.nonFinite(v) == [])
        // NAV: 1000 on day 0, 2000 - 3000 = -1000 from day 1.
        #expect(v.total.nav[1] == -1_000)
        // The computed return is -2000 / 1000 = -200%: floored at -100% (loss-beyond-capital), the
        // contributions scaled so they still sum to it.
        #expect(v.total.portfolio[1] == -1)
        #expect(v.warnings.contains { $0.code == "loss-beyond-capital" && $0.message.contains("-200.0%") })
        #expect(abs(v.total.contributions.reduce(0.0) { $0 + $1[1] } - -1) <= 1e-12)
        #expect(v.total.portfolio[2...].allSatisfy { $0 == 0 })
        #expect(v.warnings.contains { $0.code == "no-capital" })
    }

    @Test("A one-day book: defined return, contributions sum")
    func singleDay() throws {
        var b = BookBuilder()
        b.flow(calendar[0], "A", 5_000, .deposit, strategy: "s")
        b.trade(calendar[0], "A", "s", "X", .buy, 10, 100, fees: 1)
        b.closes("X", [(calendar[0], 101)])
        let v = try value(b.ledger, calendar: [calendar[0]])
        #expect(Self.nonFinite(v) == [])
        #expect(v.days.count == 1)
        #expect(abs(v.total.portfolio[0] - 9.0 / 5_000) <= 1e-15)
        let sum = v.total.contributions.reduce(0) { $0 + $1[0] }
        #expect(abs(sum - v.total.portfolio[0]) <= 1e-15)
    }

    @Test("Constant prices: zero returns, zero unrealised P&L, fees the only P&L")
    func constantPrices() throws {
        var b = BookBuilder()
        b.flow(calendar[0], "A", 5_000, .deposit, strategy: "s")
        b.trade(calendar[0], "A", "s", "X", .buy, 10, 100)
        b.trade(calendar[2], "A", "s", "X", .sell, 10, 100)
        b.closes("X", calendar.map { ($0, 100) })
        let v = try value(b.ledger, calendar: calendar)
        #expect(Self.nonFinite(v) == [])
        #expect(v.total.portfolio.allSatisfy { $0 == 0 })
        #expect(v.totalBreakdown.unrealisedChange.allSatisfy { $0 == 0 })
    }

    @Test("Tiny capital: a 1-cent base with a 1-cent P&L gives a finite return")
    func tinyCapital() throws {
        var b = BookBuilder()
        b.flow(calendar[0], "A", 0.01, .deposit, strategy: "s")
        b.flow(calendar[1], "A", 0.01, .interest, strategy: "s")
        let v = try value(b.ledger, calendar: calendar)
        #expect(Self.nonFinite(v) == [])
        #expect(abs(v.total.portfolio[1] - 1) <= 1e-12)
    }
}
