import TearsheetCore
import TearsheetValuation

/// Every position at the end of the valuation's last day, one line per account and symbol (the
/// sleeves' positions in it summed), with its cost and unrealised P&L from the open FIFO lots,
/// and the cash that makes up the rest of the NAV.
///
/// Identity (checked): `cash + sum(marketValue) == nav` to the cent, where `cash` is computed
/// independently from the ledger (every cash flow, less every trade's money and fees, through the
/// last valued day) and `nav` is the valuation's. `difference` is `nav - (cash + sum)`, shown by
/// the report (never folded into a line) when it exceeds half a cent.
/// Per line: `unrealised == marketValue - cost` (cost = sum of entry price x signed quantity of the
/// open lots, before fees; the lots are marked at the same close as the position).
public struct HoldingsStatement: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        public var account: String
        public var symbol: String
        /// From `instruments.csv`; `equity` for a symbol it does not list (the ledger's convention).
        public var assetClass: AssetClass
        /// Units per contract (1 unless `instruments.csv` says otherwise).
        public var multiplier: Double
        /// Signed units (shares, or contracts x multiplier); negative for a short.
        public var units: Double
        /// The close the position is marked at.
        public var price: Double
        /// Day of that close: earlier than the last valued day when the price is stale.
        public var priceDay: Day
        /// `units x price`.
        public var marketValue: Double
        /// Entry price x signed quantity of the open lots, before fees.
        public var cost: Double
        /// `marketValue - cost`.
        public var unrealised: Double
        /// Entry fees of the open lots not yet matched by an exit.
        public var openFees: Double

        /// Contracts for a multiplier above 1, else units.
        public var quantity: Double { units / multiplier }
    }

    /// The last valued day.
    public var day: Day
    /// Sorted by asset class (`AssetClass.allCases` order), account, symbol.
    public var lines: [Line]
    /// Cash from the ledger (see the type's documentation); `nil` when the book gives position
    /// snapshots without trades (its cash is implied by the valuation, not in the ledger).
    public var cash: Double?
    public var nav: Double
    /// `nav - (cash + sum of market values)`; 0 when `cash` is `nil`.
    public var difference: Double

    /// Whether the lines and the cash add up to the NAV to the cent.
    public var reconciles: Bool { abs(difference) < 0.005 }
    public var marketValue: Double { Stats.sum(lines.map(\.marketValue)) }

    /// The holdings of `valuation`'s last day for the `ledger` it was valued from; `nil` without a valued day.
    public static func compute(valuation: Valuation, ledger: Ledger) -> HoldingsStatement? {
        guard let day = valuation.days.last, let nav = valuation.total.nav.last else { return nil }
        struct Key: Hashable { var account: String, symbol: String }
        var lines: [Key: Line] = [:]
        let symbolID = Dictionary(ledger.symbols.names.enumerated().map { ($0.element, Int32($0.offset)) }, uniquingKeysWith: { a, _ in a })
        func instrument(_ symbol: String) -> Instrument? { symbolID[symbol].flatMap { ledger.instruments[$0] } }
        for h in valuation.holdings where h.quantity != 0 {
            let key = Key(account: h.account, symbol: h.symbol)
            let inst = instrument(h.symbol)
            var line = lines[key] ?? Line(account: h.account, symbol: h.symbol, assetClass: inst?.assetClass ?? .equity,
                                          multiplier: inst?.multiplier ?? 1, units: 0, price: h.close, priceDay: h.closeDay,
                                          marketValue: 0, cost: 0, unrealised: 0, openFees: 0)
            line.units += h.quantity
            line.marketValue += h.marketValue
            lines[key] = line
        }
        for lot in valuation.openLots {
            let key = Key(account: lot.account, symbol: lot.symbol)
            guard var line = lines[key] else { continue }
            line.cost += (lot.direction == .short ? -1 : 1) * lot.entryPrice * lot.quantity
            line.unrealised += lot.unrealised
            line.openFees += lot.entryFees
            lines[key] = line
        }
        let order = Dictionary(AssetClass.allCases.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { a, _ in a })
        let sorted = lines.values.sorted { (order[$0.assetClass]!, $0.account, $0.symbol) < (order[$1.assetClass]!, $1.account, $1.symbol) }
        let cash = ledgerCash(ledger, through: day)
        let difference = cash.map { nav - ($0 + Stats.sum(sorted.map(\.marketValue))) } ?? 0
        return HoldingsStatement(day: day, lines: sorted, cash: cash, nav: nav, difference: difference)
    }

    /// Cash of the ledger at the end of `day`: every cash flow (deposits, withdrawals, income,
    /// fees) less every trade's money (`side.sign x quantity x price`) and fees, dated on or
    /// before it; `nil` for a book of snapshots without trades.
    public static func ledgerCash(_ ledger: Ledger, through day: Day) -> Double? {
        if ledger.trades.count == 0, let p = ledger.positions, p.count > 0 { return nil }
        var parts: [Double] = []
        let c = ledger.cashFlows
        for i in 0..<c.count where c.day[i] <= day { parts.append(c.amount[i]) }
        let t = ledger.trades
        for i in 0..<t.count where t.day[i] <= day {
            parts.append(-t.side[i].sign * t.quantity[i] * t.price[i])
            parts.append(-t.fees[i])
        }
        return Stats.sum(parts)
    }
}
