import TearsheetValuation
import TearsheetCore

/// Builds small ledgers programmatically, the way ingestion would fill them.
struct BookBuilder {
    var ledger = Ledger()
    private var nextLine: Int32 = 2

    static func day(_ iso: String) -> Day {
        guard let d = Day(iso: iso) else { preconditionFailure("bad test date \(iso)") }
        return d
    }

    /// Weekdays from `first`, `count` of them.
    static func weekdays(from first: String, count: Int) -> [Day] {
        var out: [Day] = [], d = day(first)
        while out.count < count {
            if !d.isWeekend { out.append(d) }
            d = d.adding(days: 1)
        }
        return out
    }

    mutating func trade(_ day: String, _ account: String, _ strategy: String, _ symbol: String,
                        _ side: Side, _ quantity: Double, _ price: Double, fees: Double = 0, sector: String = "") {
        trade(BookBuilder.day(day), account, strategy, symbol, side, quantity, price, fees: fees, sector: sector)
    }

    mutating func trade(_ day: Day, _ account: String, _ strategy: String, _ symbol: String,
                        _ side: Side, _ quantity: Double, _ price: Double, fees: Double = 0, sector: String = "") {
        var t = ledger.trades
        t.tradeID.append("T\(nextLine)")
        t.day.append(day)
        t.account.append(ledger.accounts.intern(account))
        t.strategy.append(ledger.strategies.intern(strategy))
        t.symbol.append(ledger.symbols.intern(symbol))
        t.side.append(side)
        t.quantity.append(quantity)
        t.price.append(price)
        t.fees.append(fees)
        t.line.append(nextLine)
        t.sector.append(sector)
        ledger.trades = t
        nextLine += 1
    }

    mutating func flow(_ day: String, _ account: String, _ amount: Double, _ type: CashFlowType,
                       strategy: String? = nil) {
        flow(BookBuilder.day(day), account, amount, type, strategy: strategy)
    }

    mutating func flow(_ day: Day, _ account: String, _ amount: Double, _ type: CashFlowType,
                       strategy: String? = nil) {
        ledger.cashFlows.day.append(day)
        ledger.cashFlows.account.append(ledger.accounts.intern(account))
        ledger.cashFlows.amount.append(amount)
        ledger.cashFlows.type.append(type)
        ledger.cashFlows.strategy.append(strategy.map { ledger.strategies.intern($0) } ?? -1)
        ledger.cashFlows.line.append(nextLine)
        nextLine += 1
    }

    mutating func closes(_ symbol: String, _ points: [(String, Double)]) {
        closes(symbol, points.map { (BookBuilder.day($0.0), $0.1) })
    }

    mutating func closes(_ symbol: String, _ points: [(Day, Double)]) {
        let id = ledger.symbols.intern(symbol)
        ledger.prices.series[id] = DatedSeries(days: points.map(\.0), values: points.map(\.1))
    }

    mutating func snapshot(_ day: String, _ account: String, _ strategy: String, _ symbol: String,
                           _ quantity: Double, _ price: Double, sector: String = "") {
        var p = ledger.positions ?? PositionTable()
        p.day.append(BookBuilder.day(day))
        p.account.append(ledger.accounts.intern(account))
        p.strategy.append(ledger.strategies.intern(strategy))
        p.symbol.append(ledger.symbols.intern(symbol))
        p.quantity.append(quantity)
        p.price.append(price)
        p.sector.append(sector)
        p.line.append(nextLine)
        ledger.positions = p
        nextLine += 1
    }
}

/// `|a - b| <= tolerance`, with a readable failure.
func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-12) -> Bool { abs(a - b) <= tolerance }

func closeAll(_ a: [Double], _ b: [Double], _ tolerance: Double = 1e-12) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance }
}

extension BookReturns {
    func sleeve(_ name: String) -> Int? { sleeves.firstIndex(of: name) }
}
