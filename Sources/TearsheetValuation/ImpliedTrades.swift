import TearsheetCore

/// Trades implied by end-of-day position snapshots, for books given as snapshots only.
///
/// Convention: an account's snapshot day lists every position that account holds that day; a
/// position missing from a day on which its account has rows is flat, and an account without rows
/// on a day keeps its positions (carried forward to its own next snapshot, marked at the closes).
/// A change of quantity between consecutive snapshot days of its account is an implied trade on
/// the later day at that day's snapshot price (for a position that vanished: the price table's
/// close that day, else its last snapshot price), with no fees. A change from
/// long to short (or back) is split into a closing and an opening trade, so FIFO never flips.
enum ImpliedTrades {
    /// The implied trades and, per symbol, the snapshot prices to mark with.
    static func from(_ positions: PositionTable, dayIndex: DayIndex, dayOfRow: [Int32],
                     prices: PriceTable) -> (TradeTable, [Int32: DatedSeries]) {
        let buckets = DayBuckets(dayOf: dayOfRow, dayCount: dayIndex.days.count)
        var trades = TradeTable()
        var snapshotPrices: [Int32: DatedSeries] = [:]
        struct Key: Hashable, Comparable {
            var a: Int32, s: Int32, y: Int32
            static func < (l: Key, r: Key) -> Bool { (l.a, l.s, l.y) < (r.a, r.s, r.y) }
        }
        var held: [Key: (qty: Double, price: Double)] = [:]
        var sector: [Key: String] = [:]
        for d in 0..<dayIndex.days.count {
            let rows = buckets.rows(of: d)
            if rows.isEmpty { continue }
            let day = dayIndex.days[d]
            var today: [Key: (qty: Double, price: Double, line: Int32)] = [:]
            for k in rows {
                let i = buckets.row(k)
                let key = Key(a: positions.account[i], s: positions.strategy[i], y: positions.symbol[i])
                let prior = today[key]?.qty ?? 0
                today[key] = (prior + positions.quantity[i], positions.price[i], positions.line[i])
                if !positions.sector[i].isEmpty { sector[key] = positions.sector[i] }
                if snapshotPrices[key.y]?.days.last != day {
                    snapshotPrices[key.y, default: DatedSeries()].days.append(day)
                    snapshotPrices[key.y, default: DatedSeries()].values.append(positions.price[i])
                }
            }
            // Only the accounts that report on this day: another account's positions carry
            // forward to its own next snapshot (accounts may report at different frequencies).
            let reporting = Set(today.keys.map(\.a))
            let keys = Set(held.keys.filter { reporting.contains($0.a) }).union(today.keys).sorted()
            for key in keys {
                let before = held[key]?.qty ?? 0
                let after = today[key]?.qty ?? 0
                let price: Double
                if let t = today[key] {
                    price = t.price
                } else if let close = prices.series[key.y]?[day] {
                    price = close
                } else {
                    price = held[key]?.price ?? 0
                }
                let line = today[key]?.line ?? 0
                func emit(_ side: Side, _ q: Double) {
                    guard q > 0 else { return }
                    trades.tradeID.append("snapshot:\(day):\(line)")
                    trades.day.append(day); trades.account.append(key.a); trades.strategy.append(key.s)
                    trades.symbol.append(key.y); trades.side.append(side); trades.quantity.append(q)
                    trades.price.append(price); trades.fees.append(0); trades.line.append(line)
                    trades.sector.append(sector[key] ?? "")
                }
                let tol = 1e-9 * max(1, abs(before), abs(after))
                if abs(after - before) > tol {
                    if before >= 0 && after >= 0 {
                        after > before ? emit(.buy, after - before) : emit(.sell, before - after)
                    } else if before <= 0 && after <= 0 {
                        after < before ? emit(.short, before - after) : emit(.cover, after - before)
                    } else if before > 0 {
                        emit(.sell, before); emit(.short, -after)
                    } else {
                        emit(.cover, -before); emit(.buy, after)
                    }
                }
                if abs(after) > tol { held[key] = (after, price) } else { held[key] = nil }
            }
        }
        return (trades, snapshotPrices)
    }
}
