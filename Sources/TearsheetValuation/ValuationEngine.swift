import TearsheetCore

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
    /// The accounts this engine values (ids in `ledger.accounts`): all of them, or one contiguous
    /// range when the book is valued in parts on several threads (`value`, "Accounts in parallel").
    /// Rows of other accounts are skipped wherever rows are visited.
    let accountRange: Range<Int>

    // Rows bucketed by day.
    let tradeBuckets: DayBuckets
    /// Snapshots checked against the trades (only when both are given).
    let snapshotBuckets: DayBuckets
    /// Position of each snapshot row, -1 when the trades never touch it.
    let snapshotPosition: [Int32]
    let flowBuckets: DayBuckets
    let flowSleeve: [Int32]
    let tradePosition: TradePositions

    // Sleeves.
    let sleeveAccount: [Int32]
    /// Strategy id of a sleeve, -1 for unallocated cash.
    let sleeveStrategy: [Int32]
    // Positions.
    let posAccount: [Int32]
    let posStrategy: [Int32]
    let posSymbol: [Int32]
    let posSleeve: [Int32]
    /// Positions grouped by sleeve, in increasing id within a sleeve:
    /// `sleevePositions[sleeveStart[sl]..<sleeveStart[sl + 1]]` (the dense marking path).
    let sleevePositions: [Int32]
    let sleeveStart: [Int]
    /// Slot of each position in `sleevePositions`; the dense path reads `slotQuantity` and
    /// `slotColumn` sequentially (kept equal to `state[p].quantity` after every trade).
    let slotOf: [Int32]
    var slotQuantity: [Double]
    let slotColumn: [Int32]

    var marks: PriceMarks
    var lots: LotBook
    var trips: RoundTripTable
    var warnings: [Finding] = []
    /// Receives the sum of the lots touched ahead of matching (keeps those loads alive).
    var prefetchSink = 0.0

    // Outputs of the loop (flat, [row * dayCount + t]).
    var sleeveNAV: [Double]
    var sleeveFlow: [Double]
    /// The part of `sleeveFlow` arriving at the start of the day (see `resolveFlowTiming`).
    var sleeveStartFlow: [Double]
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
    /// The open lots and holdings after the run, when a part of a book listed them on its own
    /// thread (`valueInParts`); `nil`: `result` lists them.
    var closing: (lots: [OpenLot], holdings: [Holding])? = nil

    /// - Parameters:
    ///   - accounts: the accounts to value (all when `nil`).
    ///   - marks: the price marks another part of the same book built (shared, not rebuilt).
    init(ledger: Ledger, calendar: [Day], options: ValuationOptions, accounts: Range<Int>? = nil, marks shared: PriceMarks? = nil) throws {
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
        for d in positions.day { see(d) }
        for d in ledger.cashFlows.day { see(d) }
        let end = options.endDay ?? calendar.last
        var valued: [Day] = []
        if let first, let end { valued = calendar.filter { $0 >= first && $0 <= end } }
        let di = DayIndex(days: valued)
        dayIndex = di
        dayCount = valued.count
        accountCount = ledger.accounts.count
        let owned = accounts ?? 0..<ledger.accounts.count
        accountRange = owned

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
        for i in 0..<trades.count where tradeDays[i] >= 0 && owned.contains(Int(trades.account[i])) {
            used[Int(trades.account[i]) * width + Int(trades.strategy[i]) + 1] = true
        }
        let flows = ledger.cashFlows
        var flowStrategy = flows.strategy
        for i in 0..<flows.count where flowDays[i] >= 0 && owned.contains(Int(flows.account[i])) {
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
        for i in 0..<flows.count where flowDays[i] >= 0 && owned.contains(Int(flows.account[i])) {
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
        var tPos = [Int32](repeating: -1, count: dense ? 0 : trades.count)
        var book = LotBook(expectedLots: min(trades.count, 1 << 16))
        for k in 0..<tradeBuckets.count {
            let i = tradeBuckets.row(k)
            let a = Int(trades.account[i]), s = Int(trades.strategy[i]), y = Int(trades.symbol[i])
            // Columns in order of first trade over every row, so the parts of a book share them.
            if columnOf[y] < 0 { columnOf[y] = Int32(columnSymbols.count); columnSymbols.append(Int32(y)) }
            guard owned.contains(a) else { continue }
            let key = (a * strategyCount + s) * symbolCount + y
            var p = dense ? denseTable[key] : (sparse[key] ?? -1)
            if p < 0 {
                p = Int32(pA.count)
                if dense { denseTable[key] = p } else { sparse[key] = p }
                pA.append(Int32(a)); pS.append(Int32(s)); pY.append(Int32(y))
                pSl.append(sleeveOf[a * width + s + 1])
                pC.append(columnOf[y])
                book.addPosition()
            }
            if !dense { tPos[i] = p }
        }
        posAccount = pA; posStrategy = pS; posSymbol = pY; posSleeve = pSl
        // Counting sort of positions by sleeve (stable, so ids stay increasing in each sleeve).
        var sStart = [Int](repeating: 0, count: sAccount.count + 1)
        for sl in pSl { sStart[Int(sl) + 1] += 1 }
        for sl in 0..<sAccount.count { sStart[sl + 1] += sStart[sl] }
        var sFill = sStart
        var sPositions = [Int32](repeating: 0, count: pSl.count)
        for (p, sl) in pSl.enumerated() {
            sPositions[sFill[Int(sl)]] = Int32(p)
            sFill[Int(sl)] += 1
        }
        sleevePositions = sPositions
        sleeveStart = sStart
        var slots = [Int32](repeating: 0, count: pSl.count)
        for (j, p) in sPositions.enumerated() { slots[Int(p)] = Int32(j) }
        slotOf = slots
        slotQuantity = [Double](repeating: 0, count: pSl.count)
        slotColumn = sPositions.map { pC[Int($0)] }
        tradePosition = dense
            ? TradePositions(dense: denseTable, strategyCount: strategyCount, symbolCount: symbolCount)
            : TradePositions(perTrade: tPos)
        var sPos = [Int32](repeating: -1, count: checked.count)
        for i in 0..<checked.count {
            let key = (Int(checked.account[i]) * strategyCount + Int(checked.strategy[i])) * symbolCount + Int(checked.symbol[i])
            sPos[i] = dense ? denseTable[key] : (sparse[key] ?? -1)
        }
        snapshotPosition = sPos
        lots = book
        trips = RoundTripTable(trades: trades, accounts: ledger.accounts, strategies: ledger.strategies, symbols: ledger.symbols,
                               days: valued, expected: trades.count)
        marks = shared ?? PriceMarks(symbols: columnSymbols, days: valued, prices: ledger.prices, overrides: overrides,
                                     denseCellLimit: options.denseMarkCellLimit)

        sleeveNAV = [Double](repeating: 0, count: sAccount.count * dayCount)
        sleeveFlow = sleeveNAV
        sleeveStartFlow = sleeveNAV
        let days = dayCount
        accountColumns = (0..<ledger.accounts.count).map { owned.contains($0) ? DailyBreakdown(zeros: days) : DailyBreakdown(zeros: 0) }
        state = pA.indices.map { PositionState(column: pC[$0], sleeve: pSl[$0], account: pA[$0]) }
    }
}

/// The position of each trade row: read through the (account, strategy, symbol) table when the
/// book is small enough for a dense one (no per-trade array: 40 MB at ten million trades), else
/// one entry per trade.
struct TradePositions: Sendable {
    private let table: [Int32]
    private let perTrade: [Int32]
    private let strategyCount: Int
    private let symbolCount: Int

    init(dense table: [Int32], strategyCount: Int, symbolCount: Int) {
        self.table = table
        perTrade = []
        self.strategyCount = strategyCount
        self.symbolCount = symbolCount
    }

    init(perTrade: [Int32]) {
        table = []
        self.perTrade = perTrade
        strategyCount = 0
        symbolCount = 0
    }

    @inline(__always)
    func position(of i: Int, in trades: TradeTable) -> Int {
        if !perTrade.isEmpty { return Int(perTrade[i]) }
        return Int(table[(Int(trades.account[i]) * strategyCount + Int(trades.strategy[i])) * symbolCount + Int(trades.symbol[i])])
    }
}
