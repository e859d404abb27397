import TearsheetCore

/// The book's daily start-of-day weight and return per sector segment: the portfolio side of a
/// Brinson-Fachler attribution.
///
/// `weights[i][t]` and `returns[i][t]` are segment `i` on day `t` of `days` (the valuation's days).
/// Segments: every sector named in the trades or snapshots (sorted by name), then
/// `SectorSegments.unclassified` when a traded symbol has no sector, then `SectorSegments.cash`.
/// Short positions form their own segment per sector, named with `shortSuffix` right after the
/// sector's long segment: netting longs and shorts would leave a base near zero on days they offset.
public struct SectorSegments: Sendable, Equatable {
    /// Segment of positions whose symbol carries no sector.
    public static let unclassified = "Unclassified"
    /// Segment of all cash: unallocated and sleeve cash, income and fees.
    public static let cash = "Cash"
    /// Appended to a sector's name for the segment of its short positions.
    public static let shortSuffix = " (short)"

    public var days: [Day]
    public var segments: [String]
    /// Start-of-day weight on the book's TWR denominator; each day's weights sum to 1 (0 on days
    /// without capital).
    public var weights: [[Double]]
    /// The segment's own return on its start-of-day base.
    public var returns: [[Double]]
    /// `contributions[i][t] = P&L_{i,t} / D_t`; each day they sum to the book's return.
    public var contributions: [[Double]]
    /// Segment-days whose base was (numerically) zero while they made a P&L; that P&L was moved to
    /// the day's segment with the largest base so the day still sums (see `compute`).
    public var reassignedDays: Int

    public init(days: [Day], segments: [String], weights: [[Double]], returns: [[Double]],
                contributions: [[Double]], reassignedDays: Int) {
        self.days = days
        self.segments = segments
        self.weights = weights
        self.returns = returns
        self.contributions = contributions
        self.reassignedDays = reassignedDays
    }

    /// Sector segments of a valued book.
    ///
    /// Formula: for segment `i` on day `t`, with `MV` the end-of-day market value of its positions
    /// (signed quantity x the same forward-filled close valuation marks with) and `T_{i,t}` the net
    /// cash traded into it that day (`sum sign x quantity x price`, BUY/COVER +, SELL/SHORT -):
    /// `P&L_{i,t} = MV_{i,t} - MV_{i,t-1} - T_{i,t}`. Trades that open exposure (BUY, SHORT) count
    /// at the start of the day and trades that reduce it (SELL, COVER) at the end, so with
    /// `O_{i,t}` the opening part of `T_{i,t}` the base is `b_{i,t} = MV_{i,t-1} + O_{i,t}`: a sector
    /// sold out at the close keeps its previous value as its base (its return is the move into the
    /// sale price), and a short has a negative base (negative weight, the asset's return).
    /// Cash: `P&L = income - fees` (DIVIDEND, INTEREST and FEE flows, trade fees), base
    /// `cash_{t-1} + F_t - sum_i O_{i,t}` with `cash = NAV - sum_i MV_i` and `F_t` the external flows
    /// (start-of-day timing; with end-of-day timing `F_t` is left out of the base); it is negative
    /// on a day whose purchases are paid from the same day's sales.
    /// Weight `w = b / D_t`, return `r = P&L / b`, contribution `c = P&L / D_t`, where `D_t` is the
    /// book's TWR denominator (`NAV_{t-1} + F_t`, or `NAV_{t-1}` at end of day).
    /// Properties: the bases sum to `D_t`, so weights sum to 1, and `sum_i c_{i,t}` equals the
    /// book's return `r_t` up to rounding (the sector P&Ls plus the cash P&L are the NAV change
    /// less flows).
    /// Undefined: on a day with `D_t <= 0` the book's return is 0 and so are every weight and
    /// return. A segment whose base is within `1e-9 x D_t` of zero but which made a P&L (a sector
    /// bought and sold within the day, fees on a fully invested day) cannot carry a return; its P&L
    /// is added to the segment with the largest absolute base that day (counted in
    /// `reassignedDays`), so each day still sums exactly.
    /// Cost: O(days x open symbols + trades + flows + closes of the traded symbols).
    /// Reference: Bacon, "Practical Portfolio Performance Measurement and Attribution", ch. 5.
    public static func compute(ledger: Ledger, valuation: Valuation) -> SectorSegments {
        let days = valuation.days, n = days.count
        let index = DayIndex(days: days)
        let book = valuation.total

        // Trades as valuation saw them: the ledger's, or those implied by snapshots.
        var trades = ledger.trades
        var overrides: [Int32: DatedSeries] = [:]
        if trades.count == 0, let positions = ledger.positions, positions.count > 0 {
            let dayOf = positions.day.map { Int32(index.index(of: $0)) }
            (trades, overrides) = ImpliedTrades.from(positions, dayIndex: index, dayOfRow: dayOf, prices: ledger.prices)
        }

        // Sector of each symbol: the last non-empty sector of its trades, else of its snapshots.
        let symbolCount = ledger.symbols.count
        var sectorName = [String](repeating: "", count: symbolCount)
        for i in 0..<ledger.trades.count where !ledger.trades.sector.isEmpty(at: i) {
            sectorName[Int(ledger.trades.symbol[i])] = ledger.trades.sector[i]
        }
        if let ps = ledger.positions {
            for i in 0..<ps.count where !ps.sector.isEmpty(at: i) && sectorName[Int(ps.symbol[i])].isEmpty {
                sectorName[Int(ps.symbol[i])] = ps.sector[i]
            }
        }
        let tradeDays = trades.day.map { Int32(index.index(of: $0)) }
        // Long and short sides of a symbol are separate segments: BUY/SELL move its long lots,
        // SHORT/COVER its short lots (valuation never flips a lot), so each side's base has one sign.
        var bought = [Bool](repeating: false, count: symbolCount), shorted = bought
        for i in 0..<trades.count where tradeDays[i] >= 0 {
            let y = Int(trades.symbol[i])
            if trades.side[i] == .buy || trades.side[i] == .sell { bought[y] = true } else { shorted[y] = true }
        }
        func name(_ y: Int) -> String { sectorName[y].isEmpty ? unclassified : sectorName[y] }
        let longNames = Set((0..<symbolCount).filter { bought[$0] }.map(name))
        let shortNames = Set((0..<symbolCount).filter { shorted[$0] }.map(name))
        var segments: [String] = []
        let ordered = longNames.union(shortNames).filter { $0 != unclassified }.sorted()
            + (longNames.union(shortNames).contains(unclassified) ? [unclassified] : [])
        for sector in ordered {
            if longNames.contains(sector) { segments.append(sector) }
            if shortNames.contains(sector) { segments.append(sector + shortSuffix) }
        }
        // A sector a user happens to call "Cash" must not merge with the book's cash; a sector
        // called "X (short)" merges with X's shorts (one segment per name).
        var seen = Set<String>()
        segments = segments.filter { seen.insert($0).inserted }
        segments.append(seen.contains(cash) ? cash + " (book)" : cash)
        let cashSegment = segments.count - 1
        let position = Dictionary(segments.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { a, _ in a })
        var longSegment = [Int32](repeating: -1, count: symbolCount), shortSegment = longSegment
        for y in 0..<symbolCount {
            if bought[y] { longSegment[y] = Int32(position[name(y)]!) }
            if shorted[y] { shortSegment[y] = Int32(position[name(y) + shortSuffix]!) }
        }
        let m = segments.count

        // Per-segment daily traded cash and the cash segment's P&L (income - fees).
        var tradedIn = [Double](repeating: 0, count: m * n)
        var opened = [Double](repeating: 0, count: m * n)
        var cashPnL = [Double](repeating: 0, count: n)
        let tradeBuckets = DayBuckets(dayOf: tradeDays, dayCount: n)
        let flows = ledger.cashFlows
        for i in 0..<flows.count {
            let t = index.index(of: flows.day[i])
            guard t >= 0 else { continue }
            if !flows.type[i].isExternal { cashPnL[t] += flows.amount[i] }
        }

        // Daily marks of the open symbols, each through its own cursor (forward fill).
        var closes: [Int32: DatedSeries] = [:]
        var cursor = [Int](repeating: -1, count: symbolCount)
        var longQuantity = [Double](repeating: 0, count: symbolCount)
        /// Open short quantity, positive.
        var shortQuantity = longQuantity
        var isOpen = [Bool](repeating: false, count: symbolCount)
        var open: [Int32] = []
        var marketValue = [Double](repeating: 0, count: m * n)

        for t in 0..<n {
            for k in tradeBuckets.rows(of: t) {
                let i = tradeBuckets.row(k)
                let y = Int(trades.symbol[i])
                let side = trades.side[i], q = trades.quantity[i]
                let amount = side.sign * q * trades.price[i]
                let isLong = side == .buy || side == .sell
                let g = Int(isLong ? longSegment[y] : shortSegment[y])
                tradedIn[g * n + t] += amount
                if side == .buy || side == .short { opened[g * n + t] += amount }
                cashPnL[t] -= trades.fees[i]
                switch side {
                case .buy: longQuantity[y] += q
                case .sell: longQuantity[y] -= q
                case .short: shortQuantity[y] += q
                case .cover: shortQuantity[y] -= q
                }
                if !isOpen[y] {
                    isOpen[y] = true
                    open.append(Int32(y))
                    if closes[Int32(y)] == nil {
                        var s = ledger.prices.series[Int32(y)] ?? DatedSeries()
                        if let extra = overrides[Int32(y)] { s = PriceMarks.merge(s, preferring: extra) }
                        closes[Int32(y)] = s
                    }
                }
            }
            let serial = days[t].serial
            var w = 0
            for k in open.indices {
                let y = Int(open[k])
                let series = closes[Int32(y)]!
                var c = cursor[y]
                while c + 1 < series.count && series.days[c + 1].serial <= serial { c += 1 }
                cursor[y] = c
                // Valuation treats a position as flat when its lots are used up; quantities that
                // only cancel to rounding are flat here too.
                if abs(longQuantity[y]) <= 1e-9 { longQuantity[y] = 0 }
                if abs(shortQuantity[y]) <= 1e-9 { shortQuantity[y] = 0 }
                if longQuantity[y] == 0 && shortQuantity[y] == 0 {
                    isOpen[y] = false
                    continue
                }
                if c >= 0 {
                    let close = series.values[c]
                    if longQuantity[y] != 0 { marketValue[Int(longSegment[y]) * n + t] += longQuantity[y] * close }
                    if shortQuantity[y] != 0 { marketValue[Int(shortSegment[y]) * n + t] -= shortQuantity[y] * close }
                }
                open[w] = open[k]; w += 1
            }
            open.removeLast(open.count - w)
        }

        // Bases, weights, returns and contributions on the book's denominator.
        let zeros = [Double](repeating: 0, count: n)
        var weights = Array(repeating: zeros, count: m), returns = weights, contributions = weights
        var reassigned = 0
        var base = [Double](repeating: 0, count: m), pnl = base
        for t in 0..<n {
            let navPrev = t == 0 ? 0 : book.nav[t - 1]
            let flow = book.flows[t]
            let denom = valuation.flowTiming == .startOfDay ? navPrev + flow : navPrev
            guard denom > 0 else { continue }
            var invested = 0.0, openedTotal = 0.0
            for i in 0..<m where i != cashSegment {
                let prev = t == 0 ? 0 : marketValue[i * n + t - 1]
                invested += prev
                openedTotal += opened[i * n + t]
                base[i] = prev + opened[i * n + t]
                pnl[i] = marketValue[i * n + t] - prev - tradedIn[i * n + t]
            }
            base[cashSegment] = navPrev - invested + (valuation.flowTiming == .startOfDay ? flow : 0) - openedTotal
            pnl[cashSegment] = cashPnL[t]
            var largest = 0
            for i in 1..<m where abs(base[i]) > abs(base[largest]) { largest = i }
            let tiny = 1e-9 * denom
            for i in 0..<m where i != largest && abs(base[i]) <= tiny && pnl[i] != 0 {
                pnl[largest] += pnl[i]
                pnl[i] = 0
                reassigned += 1
            }
            for i in 0..<m {
                weights[i][t] = base[i] / denom
                contributions[i][t] = pnl[i] / denom
                returns[i][t] = abs(base[i]) > tiny ? pnl[i] / base[i] : 0
            }
        }
        return SectorSegments(days: days, segments: segments, weights: weights, returns: returns,
                              contributions: contributions, reassignedDays: reassigned)
    }
}
