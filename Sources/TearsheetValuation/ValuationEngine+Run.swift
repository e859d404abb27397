import TearsheetCore

/// The daily loop and FIFO matching.
extension ValuationEngine {
    /// Runs the daily loop: flows at the start of the day, then trades in order, then marks.
    mutating func run() throws {
        let n = dayCount
        let sleeveCount = sleeveAccount.count
        var cash = [Double](repeating: 0, count: sleeveCount)
        var marketValue = [Double](repeating: 0, count: sleeveCount)
        var grossValue = marketValue
        /// Per sleeve: cost of its open lots, `sum entryPrice x signed quantity`.
        var basis = marketValue
        var unrealisedPrev = [Double](repeating: 0, count: accountCount)
        var unrealised = unrealisedPrev
        var gross = unrealisedPrev, net = unrealisedPrev
        var realised = unrealisedPrev, fees = unrealisedPrev, income = unrealisedPrev, external = unrealisedPrev
        let flows = ledger.cashFlows
        var added: [Int32] = [], next: [Int32] = []

        let owned = accountRange
        for t in 0..<n {
            for a in owned {
                unrealised[a] = 0; gross[a] = 0; net[a] = 0
                realised[a] = 0; fees[a] = 0; income[a] = 0; external[a] = 0
            }
            for k in flowBuckets.rows(of: t) {
                let i = flowBuckets.row(k)
                guard flowSleeve[i] >= 0 else { continue }   // another part's account
                let sl = Int(flowSleeve[i]), a = Int(flows.account[i]), amount = flows.amount[i]
                cash[sl] += amount
                switch flows.type[i] {
                case .deposit, .withdrawal:
                    sleeveFlow[sl * n + t] += amount
                    if startsDay(flow: i) { sleeveStartFlow[sl * n + t] += amount }
                    external[a] += amount
                case .dividend, .interest:
                    income[a] += amount
                case .fee:
                    fees[a] -= amount
                }
            }
            // Touch the head lot each trade of the day may close first: these loads are
            // independent, so their cache misses overlap here instead of stalling the matching
            // one at a time.
            var touched = 0.0
            for k in tradeBuckets.rows(of: t) {
                let i = tradeBuckets.row(k)
                guard owned.contains(Int(trades.account[i])) else { continue }
                let h = Int(lots.head[2 * tradePosition.position(of: i, in: trades) + (trades.side[i].sign > 0 ? 1 : 0)])
                if h >= 0 { touched += lots.lots[h].quantity }
            }
            prefetchSink = touched
            for k in tradeBuckets.rows(of: t) {
                let i = tradeBuckets.row(k)
                guard owned.contains(Int(trades.account[i])) else { continue }
                let p = tradePosition.position(of: i, in: trades), sl = Int(posSleeve[p]), a = Int(trades.account[i])
                let side = trades.side[i], q = trades.quantity[i], px = trades.price[i], fee = trades.fees[i]
                let dir = side.sign
                cash[sl] -= dir * q * px + fee
                fees[a] += fee
                // As brokers report it: the trade first closes lots on the other side (FIFO), and
                // the rest, if any, opens a lot on its own side (a flip through zero in one row).
                var rest = q
                if lots.head[2 * p + (dir > 0 ? 1 : 0)] >= 0 {
                    let before = state[p].basis
                    let (pnl, left) = close(trade: i, position: p, day: t)
                    realised[a] += pnl
                    basis[sl] += state[p].basis - before
                    rest = left
                }
                if rest > 0 {
                    lots.push(queue: 2 * p + (dir > 0 ? 0 : 1), quantity: rest, price: px, trade: Int32(i), day: Int32(t))
                    state[p].quantity += dir * rest
                    state[p].basis += dir * rest * px
                    basis[sl] += dir * rest * px
                }
                let isFlat = lots.isEmpty(position: p)
                state[p].flat = isFlat
                if isFlat { basis[sl] -= state[p].basis; state[p].quantity = 0; state[p].basis = 0 }
                slotQuantity[Int(slotOf[p])] = state[p].quantity
                if !state[p].inOpen { state[p].inOpen = true; added.append(Int32(p)) }
            }
            // Mark every open position. Two paths with the same sums in the same order (per sleeve,
            // positions in increasing id; a flat position has quantity 0 and adds exactly 0):
            // - dense: when every close of the day is fresh, no snapshot is due and most positions
            //   are open, scan each sleeve's positions in one sequential pass (no list upkeep);
            // - sparse: otherwise, walk yesterday's open list merged with today's new positions
            //   in id order, dropping the ones that went flat, checking stale and missing closes.
            for sl in 0..<sleeveCount { marketValue[sl] = 0 }
            for sl in 0..<sleeveCount { grossValue[sl] = 0 }
            let day = days[t], stamp = Int32(t), row = t * marks.width, rowFresh = marks.fresh[t]
            let hasSnapshots = !snapshotBuckets.rows(of: t).isEmpty
            if rowFresh && !hasSnapshots && 4 * (open.count + added.count) >= state.count {
                markDense(row: row, marketValue: &marketValue, grossValue: &grossValue)
            } else {
                if added.count > 1 { added.sort() }
                var i = 0, k = 0
                next.removeAll(keepingCapacity: true)
                while i < open.count || k < added.count {
                    let p: Int
                    if k >= added.count || (i < open.count && open[i] < added[k]) {
                        p = Int(open[i]); i += 1
                    } else {
                        p = Int(added[k]); k += 1
                    }
                    let ps = state[p]
                    if ps.flat { state[p].inOpen = false; continue }
                    let c = Int(ps.column)
                    if !rowFresh {
                        let closeSerial = marks.serial(t, c)
                        if closeSerial != day.serial {
                            guard closeSerial != .min else { throw missingPrice(position: p, day: day) }
                            marks.noteStale(column: c, dayIndex: stamp, day: day, closeSerial: closeSerial)
                        }
                    }
                    let mv = ps.quantity * marks.close(t, c)
                    let sl = Int(ps.sleeve)
                    marketValue[sl] += mv
                    grossValue[sl] += abs(mv)
                    next.append(Int32(p))
                }
                swap(&open, &next)
                added.removeAll(keepingCapacity: true)
            }
            if hasSnapshots { compareSnapshots(day: t) }
            // Account aggregates from the sleeves: U = market value - cost of the open lots.
            for sl in 0..<sleeveCount {
                let a = Int(sleeveAccount[sl])
                unrealised[a] += marketValue[sl] - basis[sl]
                gross[a] += grossValue[sl]
                net[a] += marketValue[sl]
            }
            for sl in 0..<sleeveCount { sleeveNAV[sl * n + t] = cash[sl] + marketValue[sl] }
            for a in owned {
                accountColumns[a].realised[t] = realised[a]
                accountColumns[a].unrealisedChange[t] = unrealised[a] - unrealisedPrev[a]
                accountColumns[a].fees[t] = fees[a]
                accountColumns[a].income[t] = income[a]
                accountColumns[a].externalFlows[t] = external[a]
                accountColumns[a].grossExposure[t] = gross[a]
                accountColumns[a].netExposure[t] = net[a]
                unrealisedPrev[a] = unrealised[a]
            }
        }
        // Days marked on the dense path leave the open list unpruned: merge and prune it once.
        if !added.isEmpty || open.contains(where: { state[Int($0)].flat }) {
            added.sort()
            var i = 0, k = 0
            next.removeAll(keepingCapacity: true)
            while i < open.count || k < added.count {
                let p: Int
                if k >= added.count || (i < open.count && open[i] < added[k]) {
                    p = Int(open[i]); i += 1
                } else {
                    p = Int(added[k]); k += 1
                }
                if state[p].flat { state[p].inOpen = false; continue }
                next.append(Int32(p))
            }
            swap(&open, &next)
        }
    }

    /// Sums `quantity x close` and its absolute value per sleeve over all of the sleeve's
    /// positions, in increasing id (the order of the sparse path), on a day whose closes are all fresh.
    /// Two sleeves are summed side by side: each sum keeps its own order (so the result is the
    /// same to the bit), but the two dependency chains of additions overlap in the CPU.
    private func markDense(row: Int, marketValue: inout [Double], grossValue: inout [Double]) {
        slotQuantity.withUnsafeBufferPointer { quantity in
            slotColumn.withUnsafeBufferPointer { column in
                marks.close.withUnsafeBufferPointer { close in
                    let closeRow = close.baseAddress! + row
                    let sleeves = sleeveStart.count - 1
                    var sl = 0
                    while sl < sleeves {
                        let a0 = sleeveStart[sl], a1 = sleeveStart[sl + 1]
                        var mvA = 0.0, grossA = 0.0
                        if sl + 1 < sleeves {
                            let b0 = a1, b1 = sleeveStart[sl + 2]
                            var mvB = 0.0, grossB = 0.0
                            let common = min(a1 - a0, b1 - b0)
                            for k in 0..<common {
                                let ma = quantity[a0 + k] * closeRow[Int(column[a0 + k])]
                                let mb = quantity[b0 + k] * closeRow[Int(column[b0 + k])]
                                mvA += ma; grossA += abs(ma)
                                mvB += mb; grossB += abs(mb)
                            }
                            for j in (a0 + common)..<a1 {
                                let m = quantity[j] * closeRow[Int(column[j])]
                                mvA += m; grossA += abs(m)
                            }
                            for j in (b0 + common)..<b1 {
                                let m = quantity[j] * closeRow[Int(column[j])]
                                mvB += m; grossB += abs(m)
                            }
                            marketValue[sl + 1] = mvB
                            grossValue[sl + 1] = grossB
                        } else {
                            for j in a0..<a1 {
                                let m = quantity[j] * closeRow[Int(column[j])]
                                mvA += m; grossA += abs(m)
                            }
                        }
                        marketValue[sl] = mvA
                        grossValue[sl] = grossA
                        sl += 2
                    }
                }
            }
        }
    }

    /// Matches trade `i` against the position's lots on the other side (long lots for a SELL or
    /// SHORT, short lots for a BUY or COVER), FIFO; records each matched piece and returns the
    /// realised P&L before fees and the quantity left to open on the trade's own side (0 unless
    /// the trade goes through zero). Fees are pro rata to quantity: each piece carries
    /// `fee x matched / q` of the trade's fee, the opened rest `fee / q` per unit.
    mutating func close(trade i: Int, position p: Int, day t: Int) -> (realised: Double, rest: Double) {
        let side = trades.side[i], q = trades.quantity[i], px = trades.price[i]
        let isShort = side.sign > 0
        let dir: Double = isShort ? -1 : 1
        let queue = 2 * p + (isShort ? 1 : 0)
        let tol = 1e-9 * q
        var remaining = q
        var realised = 0.0
        while remaining > tol {
            let h = Int(lots.head[queue])
            guard h >= 0 else { break }
            let lot = lots.lots[h]
            let lotQty = lot.quantity
            let matched: Double
            if lotQty <= remaining + tol {
                matched = lotQty
                lots.pop(queue: queue)
            } else {
                matched = remaining
                lots.lots[h].quantity = lotQty - matched
            }
            let entry = lot.price
            realised += dir * (px - entry) * matched
            state[p].basis -= dir * matched * entry
            state[p].quantity -= dir * matched
            trips.append(entry: lot.trade, exit: Int32(i), quantity: matched)
            remaining -= matched
        }
        return (realised, remaining > tol ? remaining : 0)
    }
}
