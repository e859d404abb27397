import TOMLKit
import TearsheetCore

/// `[strategies.NAME]`: the capital base of a strategy sleeve that trades from its account's cash
/// (issue 17, item 1; docs/valuation.md "Sleeve capital").
///
/// - `capital = AMOUNT`: a fixed amount (> 0) per account holding the sleeve;
/// - `allocation = FRACTION`: a fraction (0 < f <= 1) of the account's capital, rebalanced daily.
/// One of the two per strategy.
public struct StrategyCapital: Sendable, Equatable {
    public var capital: Double?
    public var allocation: Double?

    public init(capital: Double? = nil, allocation: Double? = nil) {
        self.capital = capital
        self.allocation = allocation
    }
}

extension ConfigLoader {
    mutating func strategies(_ root: TOMLTable, into c: inout BookConfig) {
        guard let t = table(root, "strategies") else { return }
        for name in t.keys.sorted() {
            let prefix = "strategies." + name
            guard let s = t[name]?.table else {
                error(prefix, "config-bad-type", "expected a table [\(prefix)] with capital = AMOUNT or allocation = FRACTION")
                continue
            }
            known(s, prefix, ["capital", "allocation"])
            var entry = StrategyCapital()
            if let v = s["capital"] {
                if let d = number(v), d > 0 { entry.capital = d }
                else { error(prefix + ".capital", "config-bad-value", "expected an amount > 0 in the base currency, e.g. 1000000") }
            }
            if let v = s["allocation"] {
                if let d = number(v), d > 0, d <= 1 { entry.allocation = d }
                else { error(prefix + ".allocation", "config-bad-value", "expected a fraction of the account's capital, 0 < f <= 1, e.g. 0.25") }
            }
            if entry.capital != nil && entry.allocation != nil {
                error(prefix, "config-bad-value", "give either capital or allocation, not both")
            } else if entry.capital != nil || entry.allocation != nil {
                c.strategyCapital[name] = entry
            }
        }
    }
}
