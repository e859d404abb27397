/// The daily valuation loop over dense arrays indexed by interned ids. Built and run once by
/// `value(_:calendar:options:)`.
///
/// Ids: a *sleeve* is an (account, strategy) pair, strategy -1 being the account's unallocated
/// cash; a *position* is an (account, strategy, symbol) triple owned by one sleeve. Only positions
/// with open lots are visited on a day (the open list), so flat history costs nothing.
struct ValuationEngine {
    let ledger: Ledger
    let options: ValuationOptions
    let trades: TradeTable
    let dayIndex: DayIndex
    var days: [Day] { dayIndex.days }
    let dayCount: Int
    let accountCount: Int

    // Rows bucketed by day.
    let tradeBuckets: DayBuckets
    /// Snapshots checked against the trades (only when both are given).
    let snapshotBuckets: DayBuckets
    /// Position of each snapshot row, -1 when the trades never touch it.
    let snapshotPosition: [Int32]
    let flowBuckets: DayBuckets
    let flowSleeve: [Int32]
    let tradeSleeve: [Int32]
    let tradePosition: [Int32]

    // Sleeves.
    let sleeveAccount: [Int32]
    /// Strategy id of a sleeve, -1 for unallocated cash.
    let sleeveStrategy: [Int32]
    // Positions.
    let posAccount: [Int32]
    let posStrategy: [Int32]
    let posSymbol: [Int32]
    let posSleeve: [Int32]

    var marks: PriceMarks
    var lots: LotBook
    var trips: RoundTripColumns
    var warnings: [Finding] = []

    // Outputs of the loop (flat, [row * dayCount + t]).
    var sleeveNAV: [Double]
    var sleeveFlow: [Double]
    var accountColumns: [DailyBreakdown]
    // State at the end of the run.
    /// Hot per-position state, packed so the daily mark reads one cache line per position.
    struct PositionState: Sendable {
        /// Signed open quantity.
        var quantity: Double = 0
        /// Cost of the open lots: `sum entryPrice x signed quantity`.
        var basis: Double = 0
        /// Column of the position's symbol in the price matrix.
        var column: Int32
        var sleeve: Int32
        var account: Int32
        /// No open lots after the day's trades.
        var flat = false
        var inOpen = false
    }
    var state: [PositionState]
    /// Positions with open lots after the last marked day, in increasing id order.
    var open: [Int32] = []

    init(ledger: Ledger, calendar: [Day], options: ValuationOptions) throws {
        self.ledger = ledger
        self.options = options
        for i in calendar.indices.dropFirst() where !(calendar[i - 1] < calendar[i]) {
            throw TearsheetError.internalFailure("the trading calendar is not strictly increasing at \(calendar[i])")
        }
        let positions = ledger.positions ?? PositionTable()
        let snapshotsOnly = ledger.trades.count == 0 && positions.count > 0

        // The valued days: first event day through the last calendar day (or endDay).
        var first: Day? = nil
        func see(_ d: Day) { if first == nil || d < first! { first = d } }
        for d in ledger.trades.day { see(d) }
        if snapshotsOnly { for d in positions.day { see(d) } }
        for d in ledger.cashFlows.day { see(d) }
        let end = options.endDay ?? calendar.last
        var valued: [Day] = []
        if let first, let end { valued = calendar.filter { $0 >= first && $0 <= end } }
        let di = DayIndex(days: valued)
        dayIndex = di
        dayCount = valued.count
        accountCount = ledger.accounts.count

        // Day of each row; a day outside the calendar is an input error, a day after endDay is cut.
        var findings: [Finding] = []
        func dayRows(_ rowDays: [Day], lines: [Int32], file: String, what: String) -> [Int32] {
            var out = [Int32](repeating: -1, count: rowDays.count)
            for i in rowDays.indices {
                let d = rowDays[i]
                if let e = options.endDay, d > e { continue }
                let k = di.index(of: d)
                if k < 0 {
                    if findings.count < 200 {
                        findings.append(Finding(file: file, line: Int(lines[i]), column: 0, severity: .error,
                                                code: "day-not-in-calendar",
                                                message: "\(what) on \(d) is not a trading day of the calendar"))
                    }
                } else {
                    out[i] = Int32(k)
                }
            }
            return out
        }
        var overrides: [Int32: DatedSeries] = [:]
        if snapshotsOnly {
            let rowDays = dayRows(positions.day, lines: positions.line, file: options.files.positions, what: "position snapshot")
            if findings.isEmpty {
                (trades, overrides) = ImpliedTrades.from(positions, dayIndex: di, dayOfRow: rowDays,
                                                         prices: ledger.prices)
            } else {
                trades = TradeTable()
            }
        } else {
            trades = ledger.trades
        }
        let tradeDays = dayRows(trades.day, lines: trades.line, file: options.files.trades, what: "trade")
        let flowDays = dayRows(ledger.cashFlows.day, lines: ledger.cashFlows.line, file: options.files.cashFlows, what: "cash flow")
        let checked = snapshotsOnly ? PositionTable() : positions
        let snapshotDays = dayRows(checked.day, lines: checked.line, file: options.files.positions, what: "position snapshot")
        snapshotBuckets = DayBuckets(dayOf: snapshotDays, dayCount: dayCount)
        if !findings.isEmpty { throw TearsheetError.invalidInput(findings) }
        tradeBuckets = DayBuckets(dayOf: tradeDays, dayCount: dayCount)
        flowBuckets = DayBuckets(dayOf: flowDays, dayCount: dayCount)

        // Sleeves: dense (account, strategy + 1) table, ids assigned in account then strategy
        // order with the unallocated cash last, so every output is deterministic.
        let strategyCount = ledger.strategies.count
        let width = strategyCount + 1
        let cashStrategy = ledger.strategies.id(of: options.cashSleeveName) ?? -1
        var used = [Bool](repeating: false, count: accountCount * width)
        for i in 0..<trades.count where tradeDays[i] >= 0 {
            used[Int(trades.account[i]) * width + Int(trades.strategy[i]) + 1] = true
        }
        let flows = ledger.cashFlows
        var flowStrategy = flows.strategy
        for i in 0..<flows.count where flowDays[i] >= 0 {
            if flowStrategy[i] < 0 { flowStrategy[i] = cashStrategy }
            used[Int(flows.account[i]) * width + Int(flowStrategy[i]) + 1] = true
        }
        var sleeveOf = [Int32](repeating: -1, count: accountCount * width)
        var sAccount: [Int32] = [], sStrategy: [Int32] = []
        for a in 0..<accountCount {
            for s in Array(0..<strategyCount) + [-1] where used[a * width + s + 1] {
                sleeveOf[a * width + s + 1] = Int32(sAccount.count)
                sAccount.append(Int32(a)); sStrategy.append(Int32(s))
            }
        }
        sleeveAccount = sAccount
        sleeveStrategy = sStrategy
        var fSleeve = [Int32](repeating: -1, count: flows.count)
        for i in 0..<flows.count where flowDays[i] >= 0 {
            fSleeve[i] = sleeveOf[Int(flows.account[i]) * width + Int(flowStrategy[i]) + 1]
        }
        flowSleeve = fSleeve

        // Positions, numbered in order of first trade.
        let symbolCount = ledger.symbols.count
        let dense = accountCount * strategyCount * symbolCount <= 1 << 22
        var denseTable = [Int32](repeating: -1, count: dense ? accountCount * strategyCount * symbolCount : 0)
        var sparse: [Int: Int32] = [:]
        var pA: [Int32] = [], pS: [Int32] = [], pY: [Int32] = [], pSl: [Int32] = [], pC: [Int32] = []
        var columnOf = [Int32](repeating: -1, count: symbolCount), columnSymbols: [Int32] = []
        var tPos = [Int32](repeating: -1, count: trades.count)
        var tSleeve = [Int32](repeating: -1, count: trades.count)
        var book = LotBook(expectedLots: trades.count)
        for k in 0..<tradeBuckets.order.count {
            let i = Int(tradeBuckets.order[k])
            let a = Int(trades.account[i]), s = Int(trades.strategy[i]), y = Int(trades.symbol[i])
            let key = (a * strategyCount + s) * symbolCount + y
            var p = dense ? denseTable[key] : (sparse[key] ?? -1)
            if p < 0 {
                p = Int32(pA.count)
                if dense { denseTable[key] = p } else { sparse[key] = p }
                pA.append(Int32(a)); pS.append(Int32(s)); pY.append(Int32(y))
                pSl.append(sleeveOf[a * width + s + 1])
                if columnOf[y] < 0 { columnOf[y] = Int32(columnSymbols.count); columnSymbols.append(Int32(y)) }
                pC.append(columnOf[y])
                book.addPosition()
            }
            tPos[i] = p
            tSleeve[i] = sleeveOf[a * width + s + 1]
        }
        posAccount = pA; posStrategy = pS; posSymbol = pY; posSleeve = pSl
        tradePosition = tPos
        tradeSleeve = tSleeve
        var sPos = [Int32](repeating: -1, count: checked.count)
        for i in 0..<checked.count {
            let key = (Int(checked.account[i]) * strategyCount + Int(checked.strategy[i])) * symbolCount + Int(checked.symbol[i])
            sPos[i] = dense ? denseTable[key] : (sparse[key] ?? -1)
        }
        snapshotPosition = sPos
        lots = book
        trips = RoundTripColumns(capacity: trades.count / 2)
        marks = PriceMarks(symbols: columnSymbols, days: valued, prices: ledger.prices, overrides: overrides)

        sleeveNAV = [Double](repeating: 0, count: sAccount.count * dayCount)
        sleeveFlow = sleeveNAV
        accountColumns = Array(repeating: DailyBreakdown(zeros: dayCount), count: accountCount)
        state = pA.indices.map { PositionState(column: pC[$0], sleeve: pSl[$0], account: pA[$0]) }
    }

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

        for t in 0..<n {
            for a in 0..<accountCount {
                unrealised[a] = 0; gross[a] = 0; net[a] = 0
                realised[a] = 0; fees[a] = 0; income[a] = 0; external[a] = 0
            }
            for k in flowBuckets.rows(of: t) {
                let i = Int(flowBuckets.order[k])
                let sl = Int(flowSleeve[i]), a = Int(flows.account[i]), amount = flows.amount[i]
                cash[sl] += amount
                switch flows.type[i] {
                case .deposit, .withdrawal:
                    sleeveFlow[sl * n + t] += amount
                    external[a] += amount
                case .dividend, .interest:
                    income[a] += amount
                case .fee:
                    fees[a] -= amount
                }
            }
            for k in tradeBuckets.rows(of: t) {
                let i = Int(tradeBuckets.order[k])
                let p = Int(tradePosition[i]), sl = Int(tradeSleeve[i]), a = Int(trades.account[i])
                let side = trades.side[i], q = trades.quantity[i], px = trades.price[i], fee = trades.fees[i]
                cash[sl] -= side.sign * q * px + fee
                fees[a] += fee
                switch side {
                case .buy, .short:
                    let dir: Double = side == .buy ? 1 : -1
                    lots.push(queue: 2 * p + (side == .short ? 1 : 0), quantity: q, price: px,
                              feePerUnit: fee / q, day: Int32(t))
                    state[p].quantity += dir * q
                    state[p].basis += dir * q * px
                    basis[sl] += dir * q * px
                case .sell, .cover:
                    let before = state[p].basis
                    realised[a] += try close(trade: i, position: p, day: t)
                    basis[sl] += state[p].basis - before
                }
                let isFlat = lots.isEmpty(position: p)
                state[p].flat = isFlat
                if isFlat { basis[sl] -= state[p].basis; state[p].quantity = 0; state[p].basis = 0 }
                if !state[p].inOpen { state[p].inOpen = true; added.append(Int32(p)) }
            }
            // Mark every open position, walking yesterday's open list merged with today's new
            // positions in id order (sequential memory), dropping the ones that went flat.
            for sl in 0..<sleeveCount { marketValue[sl] = 0 }
            for sl in 0..<sleeveCount { grossValue[sl] = 0 }
            let day = days[t], stamp = Int32(t), row = t * marks.width, rowFresh = marks.fresh[t]
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
                    let closeSerial = marks.serial[row + c]
                    if closeSerial != day.serial {
                        guard closeSerial != .min else { throw missingPrice(position: p, day: day) }
                        marks.noteStale(column: c, dayIndex: stamp, day: day, closeSerial: closeSerial)
                    }
                }
                let mv = ps.quantity * marks.close[row + c]
                let sl = Int(ps.sleeve)
                marketValue[sl] += mv
                grossValue[sl] += abs(mv)
                next.append(Int32(p))
            }
            swap(&open, &next)
            if !snapshotBuckets.rows(of: t).isEmpty { compareSnapshots(day: t) }
            // Account aggregates from the sleeves: U = market value - cost of the open lots.
            for sl in 0..<sleeveCount {
                let a = Int(sleeveAccount[sl])
                unrealised[a] += marketValue[sl] - basis[sl]
                gross[a] += grossValue[sl]
                net[a] += marketValue[sl]
            }
            added.removeAll(keepingCapacity: true)
            for sl in 0..<sleeveCount { sleeveNAV[sl * n + t] = cash[sl] + marketValue[sl] }
            for a in 0..<accountCount {
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
    }

    /// Matches a SELL (long lots) or COVER (short lots) against the position's lots, FIFO;
    /// records each matched piece and returns the realised P&L before fees.
    private mutating func close(trade i: Int, position p: Int, day t: Int) throws -> Double {
        let side = trades.side[i], q = trades.quantity[i], px = trades.price[i], fee = trades.fees[i]
        let isShort = side == .cover
        let dir: Double = isShort ? -1 : 1
        let queue = 2 * p + (isShort ? 1 : 0)
        let tol = 1e-9 * q
        var remaining = q
        var realised = 0.0
        while remaining > tol {
            let h = Int(lots.head[queue])
            guard h >= 0 else { throw overclose(trade: i, position: p, open: q - remaining) }
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
            trips.append(position: Int32(p), isShort: isShort, entryDay: lot.day, exitDay: Int32(t),
                         quantity: matched, entryPrice: entry, exitPrice: px,
                         fees: lot.feePerUnit * matched + fee * (matched / q))
            remaining -= matched
        }
        return realised
    }

    /// Compares the day's snapshot rows with the holdings built from the trades: a quantity that
    /// differs, or a position held per the trades that the snapshot does not list, is a warning
    /// (`position-mismatch`); the trades stay the source of truth.
    private mutating func compareSnapshots(day t: Int) {
        let ps = ledger.positions ?? PositionTable()
        var listed = Set<Int32>()
        for k in snapshotBuckets.rows(of: t) {
            let i = Int(snapshotBuckets.order[k]), p = snapshotPosition[i]
            let held = p >= 0 ? state[Int(p)].quantity : 0
            if p >= 0 { listed.insert(p) }
            let q = ps.quantity[i]
            if abs(held - q) > 1e-9 * max(1, abs(q)) {
                let name = "\(ledger.accounts[ps.account[i]])/\(ledger.strategies[ps.strategy[i]])/\(ledger.symbols[ps.symbol[i]])"
                mismatch(line: Int(ps.line[i]), "the snapshot of \(days[t]) gives \(q) for \(name), the trades give \(held)")
            }
        }
        for p in open where !listed.contains(p) {
            mismatch(line: 0, "\(describe(position: Int(p))) holds \(state[Int(p)].quantity) on \(days[t]) per the trades, "
                + "but the snapshot of that day does not list it")
        }
    }

    private mutating func mismatch(line: Int, _ message: String) {
        let cap = 100
        let count = warnings.lazy.filter { $0.code == "position-mismatch" }.count
        if count < cap {
            warnings.append(Finding(file: options.files.positions, line: line, column: 0, severity: .warning,
                                    code: "position-mismatch", message: message))
        } else if count == cap {
            warnings.append(Finding(file: options.files.positions, line: 0, column: 0, severity: .warning, code: "position-mismatch",
                                    message: "more snapshot disagreements follow; only the first \(cap) are listed"))
        }
    }

    private func describe(position p: Int) -> String {
        "\(ledger.accounts[posAccount[p]])/\(ledger.strategies[posStrategy[p]])/\(ledger.symbols[posSymbol[p]])"
    }

    private func overclose(trade i: Int, position p: Int, open: Double) -> TearsheetError {
        .internalFailure("\(trades.side[i]) of \(trades.quantity[i]) \(describe(position: p)) on \(trades.day[i]) "
            + "(trade \(trades.tradeID[i]), line \(trades.line[i])) exceeds the open "
            + "\(trades.side[i] == .cover ? "short" : "long") quantity \(open); ingest should have rejected it")
    }

    private func missingPrice(position p: Int, day: Day) -> TearsheetError {
        let symbol = ledger.symbols[posSymbol[p]]
        return .invalidInput([Finding(
            file: options.files.prices, line: 0, column: 0, severity: .error, code: "missing-price",
            message: "no close for \(symbol) on or before \(day), but \(describe(position: p)) is held that day")])
    }
}
