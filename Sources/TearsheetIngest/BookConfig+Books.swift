import TOMLKit
import TearsheetCore

/// The keys of broker books (issue 16): how closes are stated and how far the tool bends dates.
///
/// - `price_basis = "raw" | "adjusted"`: closes as traded (default; splits need `SPLIT` rows in
///   `corporate_actions.csv`) or split- and dividend-adjusted (then a `DIVIDEND` flow is a warning).
/// - `fill_tolerance = 0.2`: a fill further than this fraction from its day's close is a warning.
/// - `roll_non_trading_days = true`: trades dated on a weekend or holiday move to the next
///   trading day instead of being errors (cash flows and corporate actions always move).
/// - `intraday_order = "timestamp" | "file"`: the order of trades within a day (default timestamp).
extension ConfigLoader {
    static let brokerBookKeys = ["price_basis", "fill_tolerance", "roll_non_trading_days", "intraday_order"]

    mutating func brokerBooks(_ root: TOMLTable, into c: inout BookConfig) {
        if let v = string(root, "price_basis") {
            if let b = PriceBasis(rawValue: v) { c.priceBasis = b }
            else { error("price_basis", "config-bad-value", "\"\(v)\"; expected \"raw\" (as traded) or \"adjusted\" (split- and dividend-adjusted)") }
        }
        if let v = root["fill_tolerance"] {
            if let d = number(v), d > 0, d <= 10 { c.fillTolerance = d }
            else { error("fill_tolerance", "config-bad-value", "expected a fraction > 0, e.g. 0.2 for 20% away from the close") }
        }
        if let v = string(root, "intraday_order") {
            if v == "timestamp" || v == "file" { c.intradayByTimestamp = v == "timestamp" }
            else { error("intraday_order", "config-bad-value", "\"\(v)\"; expected \"timestamp\" (match lots within a day by time) or \"file\" (file order)") }
        }
        if let v = root["roll_non_trading_days"] {
            if let b = v.bool { c.rollNonTradingDays = b }
            else { error("roll_non_trading_days", "config-bad-type", "expected true or false") }
        }
    }
}

extension BookConfig {
    /// Copies the broker-book settings into ingest options.
    func brokerBookOptions(_ o: inout IngestOptions) {
        o.priceBasis = priceBasis
        o.fillTolerance = fillTolerance
        o.rollNonTradingDays = rollNonTradingDays
        o.intradayByTimestamp = intradayByTimestamp
    }
}
