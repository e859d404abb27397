import Testing
@testable import TearsheetDemo
import TearsheetCore

/// Checks shared by the tests of the committed book and of books with other seeds and periods.
enum DemoInvariants {
    struct Key: Hashable { var account: String, strategy: String, symbol: String }

    /// Replays the trades: no oversell, no overcover, no flip, and every day's snapshot equals the
    /// cumulative trades exactly (no missing, extra or zero rows) at the day's close. Returns the
    /// number of partial exits (a SELL or COVER smaller than the position).
    @discardableResult
    static func expectConsistentReplay(_ book: DemoBook) -> Int {
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
        return partialExits
    }

    /// Recomputes every sleeve's cash from flows and trades: it never goes below zero at a close.
    static func expectNoNegativeCash(_ book: DemoBook) {
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
}
