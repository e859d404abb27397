import Testing
@testable import TearsheetValuation
import TearsheetCore

/// Sleeves funded from the account's cash (issue 17, item 1): a capital base gives them an own
/// return; the contributions do not depend on it and still sum to the book's return.
@Suite struct SleeveCapitalTests {
    let calendar = ["2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05"].map(BookBuilder.day)

    /// NAVAndReturnsTests' long book: 10,000 deposited to the account; trend buys 100 X at 50 from
    /// the account's cash. trend's NAV (its cumulative P&L): 95, -105, 192, 232; its daily P&L:
    /// 95, -200, 297, 40. The account's denominators: 10,000, 10,095, 9,895, 5,192.
    func book() -> Ledger {
        var b = BookBuilder()
        b.flow("2024-01-02", "A", 10_000, .deposit)
        b.trade("2024-01-02", "A", "trend", "X", .buy, 100, 50, fees: 5)
        b.trade("2024-01-04", "A", "trend", "X", .sell, 60, 52, fees: 3)
        b.flow("2024-01-05", "A", -5_000, .withdrawal)
        b.closes("X", [("2024-01-02", 51), ("2024-01-03", 49), ("2024-01-04", 52), ("2024-01-05", 53)])
        return b.ledger
    }
    let pnl: [Double] = [95, -200, 297, 40]
    let denominators: [Double] = [10_000, 10_095, 9_895, 5_192]

    func run(_ capital: SleeveCapital) throws -> Valuation {
        var o = ValuationOptions()
        o.sleeveCapital = ["trend": capital]
        return try value(book(), calendar: calendar, options: o)
    }

    @Test func fixedCapitalAmount() throws {
        let v = try run(.amount(5_000))
        let a = v.perAccount[0]
        #expect(a.ownReturn == [true, true])
        // B_t = 5,000 + NAV_{t-1}: 5,000, 5,095, 4,895, 5,192.
        let base: [Double] = [5_000, 5_095, 4_895, 5_192]
        #expect(closeAll(a.sleeveReturns[0], zip(pnl, base).map { $0 / $1 }, 1e-15))
        #expect(closeAll(a.contributions[0], zip(pnl, denominators).map { $0 / $1 }, 1e-15))
        for t in 0..<4 { #expect(abs(a.weights[0][t] * a.sleeveReturns[0][t] - a.contributions[0][t]) <= 1e-15) }
        #expect(closeAll(a.denominators, denominators, 1e-9))
        // Contributions still sum to the book's return.
        for t in 0..<4 { #expect(abs(a.contributions[0][t] + a.contributions[1][t] - a.portfolio[t]) <= 1e-15) }
        #expect(v.warnings.isEmpty)
    }

    @Test func allocationOfTheAccount() throws {
        let v = try run(.allocation(0.5))
        let a = v.perAccount[0]
        // B_t = 0.5 x D_t, so r = 2 x contribution.
        #expect(closeAll(a.sleeveReturns[0], zip(pnl, denominators).map { $0 / (0.5 * $1) }, 1e-15))
        #expect(closeAll(a.weights[0], [0.5, 0.5, 0.5, 0.5], 1e-15))
    }

    @Test func exhaustedCapitalIsAFindingNotAReturn() throws {
        // B = 100 + NAV_{t-1}: 100, 195, -5 (no return, a finding), 292.
        let v = try run(.amount(100))
        let a = v.perAccount[0]
        #expect(closeAll(a.sleeveReturns[0], [0.95, -200.0 / 195, 0, 40.0 / 292], 1e-15))
        let f = v.warnings.filter { $0.code == "sleeve-capital-exhausted" }
        #expect(f.count == 1)
        #expect(f.first?.message.contains("2024-01-04") == true)
    }
}
