import Testing
import PropertyBased
import TearsheetValuation
import TearsheetCore

/// Snapshot-only books: random daily snapshots (positions appear, grow, shrink, flip from long
/// to short, vanish) always reconcile, and the final holdings are the last snapshot.
@Suite struct SnapshotBookPropertyTests {
    static let calendar = BookBuilder.weekdays(from: "2024-03-01", count: 15)

    @Test func snapshotBooksReconcileAndEndOnTheLastSnapshot() async {
        await propertyCheck(input: Gen.int(in: 0...10_000).array(of: 15 * 12)) { codes in
            let cal = Self.calendar
            var b = BookBuilder()
            let keys = [("A", "s"), ("A", "t"), ("B", "s")].flatMap { k in ["X", "Y", "Z", "W"].map { (k.0, k.1, $0) } }
            for (n, symbol) in ["X", "Y", "Z", "W"].enumerated() {
                b.closes(symbol, cal.enumerated().map { ($0.element, 20.0 + Double(n) + Double(($0.offset * 7 + n) % 5)) })
            }
            b.flow(cal[0], "A", 10_000, .deposit)
            b.flow(cal[0], "B", 10_000, .deposit)
            // Per account: the positions of its last snapshot day (an account without rows on a
            // day keeps its positions; one with rows holds exactly what they list).
            var lastByAccount: [String: [String: Double]] = [:]
            for t in cal.indices where codes[t * 12] % 4 != 0 || t == 0 {
                var today: [String: [String: Double]] = [:]
                for (k, key) in keys.enumerated() {
                    let c = codes[t * 12 + k]
                    if c % 3 == 0 { continue }                      // not listed: flat if its account reports
                    let q = Double(c % 21 - 10)
                    let iso = cal[t].description
                    b.snapshot(iso, key.0, key.1, key.2, q, 20 + Double(c % 50) / 10)
                    today[key.0, default: [:]]["\(key.0)/\(key.1)/\(key.2)"] = q
                }
                for (account, rows) in today { lastByAccount[account] = rows.filter { $0.value != 0 } }
            }
            let last = lastByAccount.values.reduce(into: [String: Double]()) { $0.merge($1) { a, _ in a } }
            do {
                let v = try value(b.ledger, calendar: cal)
                let held = Dictionary(uniqueKeysWithValues: v.holdings.map { ("\($0.account)/\($0.strategy)/\($0.symbol)", $0.quantity) })
                #expect(held == last)
                for book in v.perAccount + [v.total] {
                    for t in book.days.indices {
                        let sum = book.contributions.reduce(0.0) { $0 + $1[t] }
                        #expect(abs(sum - book.portfolio[t]) <= 1e-12)
                    }
                }
                #expect(v.totalBreakdown.fees.allSatisfy { $0 == 0 })
            } catch {
                Issue.record("valuation threw \(error)")
            }
        }
    }
}
