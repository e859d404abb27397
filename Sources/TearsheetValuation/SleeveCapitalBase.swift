import TearsheetCore

/// Own returns of strategy sleeves funded from their account's cash (issue 17, item 1).
///
/// A sleeve that trades out of the account's cash has a NAV equal to its cumulative P&L, so
/// `P&L / NAV_{t-1}` is noise (-100%, thousands of percent of volatility). Such a sleeve gets a
/// return only from a capital base: `SleeveCapital.amount(K)`: `B_t = K + NAV_{s,t-1} + S_{s,t}`;
/// `.allocation(f)`: `B_t = f x D_t` (rebalanced daily to a fraction of the account's capital).
/// Its return is `P&L_{s,t} / B_t`, its weight `B_t / D_t` (so `c = w x r` still holds and the
/// contributions, which do not depend on the base, still sum to the book's return); the unused
/// part of the base is the account's cash and earns nothing in the sleeve. A base at or below
/// zero gives no return that day (0) and a `sleeve-capital-exhausted` finding. Without a base, a
/// strategy sleeve with no flows of its own has no own return (`ownReturn` false, returns 0).
enum SleeveCapitalBase {
    /// Applies the bases to `book` (an account, or the whole book with `accounts` copies of each
    /// amount); `sleeves` are the series the book was built from, `strategy[k]` false for the
    /// unallocated cash sleeve.
    static func apply(to book: inout BookReturns, sleeves: [SleeveSeries], isStrategy: [Bool], accounts: [Int],
                      capital: [String: SleeveCapital], bookName: String, file: String) -> [Finding] {
        let n = book.days.count
        var own = [Bool](repeating: true, count: sleeves.count)
        var findings: [Finding] = []
        for (k, s) in sleeves.enumerated() where isStrategy[k] {
            guard let cap = capital[s.name] else {
                if s.flows.allSatisfy({ $0 == 0 }) {
                    own[k] = false
                    book.sleeveReturns[k] = [Double](repeating: 0, count: n)
                }
                continue
            }
            var exhausted: Int? = nil
            for t in 0..<n {
                let d = book.denominators.isEmpty ? 0 : book.denominators[t]
                let base: Double
                switch cap {
                case .amount(let amount): base = amount * Double(accounts[k]) + (t > 0 ? s.nav[t - 1] : 0) + s.startFlows[t]
                case .allocation(let f): base = f * d
                }
                let pnl = s.nav[t] - (t > 0 ? s.nav[t - 1] : 0) - s.flows[t]
                if base > 0 {
                    book.sleeveReturns[k][t] = pnl / base
                    book.weights[k][t] = d > 0 ? base / d : 0
                } else {
                    book.sleeveReturns[k][t] = 0
                    book.weights[k][t] = 0
                    if exhausted == nil { exhausted = t }
                }
            }
            if let t = exhausted {
                findings.append(Finding(file: file, line: 0, column: 0, severity: .warning, code: "sleeve-capital-exhausted",
                                        message: "sleeve \(s.name) of \(bookName) has no capital left on \(book.days[t]) "
                                            + "(its base, capital plus cumulative P&L, is at or below 0): no own return is "
                                            + "computed on such days; raise [strategies.\(s.name)] capital"))
            }
        }
        book.ownReturn = own
        return findings
    }
}
