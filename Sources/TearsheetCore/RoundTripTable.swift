/// The closed FIFO round trips of a valuation, in the order they were closed, in columns.
///
/// A round trip is stored as the rows of its entry and exit trades and its matched quantity (16
/// bytes), not as a `RoundTrip` value (over 80 bytes): at ten million trades that is the
/// difference between about 150 MB and 750 MB, the largest output of a valuation. Everything else
/// is read back from the trade table the trips were matched on, which the table shares with the
/// ledger (copy-on-write arrays, no copy): account, strategy and symbol (both trades are of the
/// same position), prices, days, fees, and the direction, which is the exit's (a BUY or COVER
/// closes short lots). `self[i]` builds the `RoundTrip` with the same
/// arithmetic, in the same order, that valuation used when it stored the values, so every field is
/// bit-identical to that (`RoundTripTableTests`):
///
/// - `fees = (entryFees / entryQuantity) x q + exitFees x (q / exitQuantity)`: each trade's fee
///   pro rata to the matched quantity (the lot's fee per unit is its opening trade's fee over that
///   trade's whole quantity, also for the rest of a trade that went through zero);
/// - `pnl = d x (exitPrice - entryPrice) x q - fees`, `d` = +1 long, -1 short;
/// - `returnPct = pnl / (entryPrice x q)`, 0 when the entry's money is 0 (an option bought at 0);
/// - holding days in trading days are the distance between the two days in the valued calendar.
public struct RoundTripTable: RandomAccessCollection, Sendable, Equatable {
    /// The trades the trips were matched on (the ledger's, or the trades implied by snapshots).
    private let trades: TradeTable
    /// The names behind the trade table's ids.
    private let accounts: Interner
    private let strategies: Interner
    private let symbols: Interner
    /// Index of each valued day in the calendar, by day serial from `dayBase`.
    private let dayBase: Int32
    private let dayOrdinal: [Int32]
    @usableFromInline var entryRow: [Int32] = []
    @usableFromInline var exitRow: [Int32] = []
    @usableFromInline var matched: [Double] = []

    /// An empty table.
    public init() {
        trades = TradeTable()
        accounts = Interner(); strategies = Interner(); symbols = Interner()
        dayBase = 0
        dayOrdinal = []
    }

    /// A table to append to: trips of `trades`, whose ids name entries of `accounts`,
    /// `strategies` and `symbols`; `days` are the valued trading days (strictly increasing),
    /// `expected` a guess of the number of trips (capacity reserved).
    public init(trades: TradeTable, accounts: Interner, strategies: Interner, symbols: Interner, days: [Day], expected: Int = 0) {
        self.trades = trades
        self.accounts = accounts
        self.strategies = strategies
        self.symbols = symbols
        if let first = days.first, let last = days.last {
            dayBase = first.serial
            var ordinal = [Int32](repeating: -1, count: Int(last.serial - first.serial) + 1)
            for (i, d) in days.enumerated() { ordinal[Int(d.serial - first.serial)] = Int32(i) }
            dayOrdinal = ordinal
        } else {
            dayBase = 0
            dayOrdinal = []
        }
        entryRow.reserveCapacity(expected)
        exitRow.reserveCapacity(expected)
        matched.reserveCapacity(expected)
    }

    /// Records a trip: `quantity` of the lot opened by trade row `entry`, closed by trade row `exit`
    /// (of the same account, strategy and symbol).
    @inlinable
    public mutating func append(entry: Int32, exit: Int32, quantity: Double) {
        entryRow.append(entry)
        exitRow.append(exit)
        matched.append(quantity)
    }

    /// The trips of `parts` (tables over the same trade table and days, each in the order its
    /// trips were closed) in the order one valuation of all their accounts closes them: by the
    /// exit's day, then its row (a day's trades are valued in row order), the trips of one exit in
    /// their own order (a trade is valued in one part only).
    public static func merged(_ parts: [RoundTripTable]) -> RoundTripTable {
        guard parts.count > 1 else { return parts.first ?? RoundTripTable() }
        var out = parts[0]
        let total = parts.reduce(0) { $0 + $1.count }
        out.entryRow = []; out.exitRow = []; out.matched = []
        out.entryRow.reserveCapacity(total); out.exitRow.reserveCapacity(total); out.matched.reserveCapacity(total)
        // Each part's columns taken out once: the loop reads arrays, not the parts.
        let exits = parts.map(\.exitRow), entries = parts.map(\.entryRow), quantities = parts.map(\.matched)
        let day = out.trades.day
        var next = [Int](repeating: 0, count: parts.count)
        func key(_ k: Int) -> (Int32, Int32) {
            let row = exits[k][next[k]]
            return (day[Int(row)].serial, row)
        }
        while true {
            var pick = -1
            for k in parts.indices where next[k] < exits[k].count {
                if pick < 0 || key(k) < key(pick) { pick = k }
            }
            guard pick >= 0 else { break }
            let row = exits[pick][next[pick]]
            while next[pick] < exits[pick].count && exits[pick][next[pick]] == row {
                let i = next[pick]
                out.append(entry: entries[pick][i], exit: row, quantity: quantities[pick][i])
                next[pick] += 1
            }
        }
        return out
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { matched.count }

    /// The fees of `quantity` units of the lot opened by row `entry`, closed by row `exit`.
    @inline(__always)
    public static func fees(_ trades: TradeTable, entry: Int, exit: Int, quantity q: Double) -> Double {
        trades.fees[entry] / trades.quantity[entry] * q + trades.fees[exit] * (q / trades.quantity[exit])
    }

    public subscript(i: Int) -> RoundTrip {
        let e = Int(entryRow[i]), x = Int(exitRow[i]), q = matched[i]
        let isShort = trades.side[x].sign > 0
        let entry = trades.price[e], exit = trades.price[x]
        let fees = Self.fees(trades, entry: e, exit: x, quantity: q)
        let dir: Double = isShort ? -1 : 1
        let pnl = dir * (exit - entry) * q - fees
        let entryDay = trades.day[e], exitDay = trades.day[x]
        return RoundTrip(account: accounts[trades.account[x]], strategy: strategies[trades.strategy[x]],
                         symbol: symbols[trades.symbol[x]], direction: isShort ? .short : .long,
                         entryDay: entryDay, exitDay: exitDay, quantity: q, entryPrice: entry, exitPrice: exit,
                         fees: fees, pnl: pnl, returnPct: entry * q > 0 ? pnl / (entry * q) : 0,
                         holdingDaysTrading: Int(ordinal(exitDay) - ordinal(entryDay)),
                         holdingDaysCalendar: entryDay.days(to: exitDay))
    }

    /// Strategy name of trip `i`, without building the trip.
    public func strategy(_ i: Int) -> String { strategies[trades.strategy[Int(exitRow[i])]] }

    @inline(__always)
    private func ordinal(_ d: Day) -> Int32 { dayOrdinal[Int(d.serial - dayBase)] }

    /// Equal when they list the same trips (every field of each, in order).
    public static func == (l: RoundTripTable, r: RoundTripTable) -> Bool {
        l.count == r.count && l.indices.allSatisfy { l[$0] == r[$0] }
    }
}
