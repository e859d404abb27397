import TearsheetAttribution
import TearsheetIngest
import TearsheetMetrics
import TearsheetValuation
import TearsheetCore

extension BookRunner {
    /// The config's `[[composites]]` computed over the valuation's accounts.
    ///
    /// Each composite takes its accounts' daily NAV and time-weighted returns (`Valuation.perAccount`),
    /// the whole book's NAV for its share of assets, the daily returns of its benchmarks (the
    /// book's, or the subset the composite names) and the primary benchmark's trading days as the
    /// calendar that tells whether the valued period covers a month fully.
    /// - Throws: `TearsheetError.config` naming the line of a composite's `accounts` key when it
    ///   lists an account the ledger does not hold (every such account of every composite at once).
    /// - Parameter grossOfFees: each account's daily FEE flows as positive costs (aligned with
    ///   `valuation.accounts` and its days): the composites are computed on the accounts'
    ///   gross-of-fees returns (`GrossOfFees.returns`) instead of their own (net) ones.
    public static func composites(config: BookConfig, valuation: Valuation, benchmarks: [Benchmark],
                                  grossOfFees fees: [[Double]]? = nil) throws(TearsheetError) -> [CompositeResult] {
        var problems: [String] = []
        var resolved: [(BookConfig.CompositeDefinition, [Int])] = []
        for def in config.composites {
            switch def.accounts {
            case .all:
                resolved.append((def, Array(valuation.accounts.indices)))
            case .named(let names):
                var indices: [Int] = []
                for n in names {
                    if let i = valuation.accounts.firstIndex(of: n) { indices.append(i) } else {
                        problems.append("line \(def.accountsLine): key 'composites.accounts' of composite \"\(def.name)\": unknown account '\(n)'; "
                                        + "the book's accounts are \(valuation.accounts.joined(separator: ", "))")
                    }
                }
                resolved.append((def, indices))
            }
        }
        guard problems.isEmpty else { throw .config(file: config.file, message: problems.joined(separator: "\n")) }
        return resolved.map { def, indices in
            let symbols = def.benchmarks ?? benchmarks.map(\.symbol)
            let named = symbols.compactMap { s in benchmarks.first { $0.symbol == s } }.map { NamedReturns($0.symbol, $0.returns) }
            var options = CompositeOptions()
            options.minAccountsForDispersion = def.minAccountsForDispersion
            let series: [BookReturns] = indices.map { i in
                var r = valuation.perAccount[i]
                if let fees, i < fees.count,
                   let gross = GrossOfFees.returns(net: r.portfolio, nav: r.nav, flows: r.flows, fees: fees[i],
                                                   flowsAtStartOfDay: valuation.flowTiming == .startOfDay,
                                                   denominators: r.denominators.count == r.days.count ? r.denominators : nil) {
                    r.portfolio = gross
                }
                return r
            }
            return Composite.compute(name: def.name, accounts: indices.map { valuation.accounts[$0] },
                                     series: series, book: valuation.total,
                                     benchmarks: named, calendar: benchmarks.first?.closes.days, options: options)
        }
    }
}
