import TearsheetCore

/// Checking position snapshots against the holdings built from the trades.
extension ValuationEngine {
    /// Compares the day's snapshot rows with the holdings built from the trades: a quantity that
    /// differs, or a position held per the trades that the snapshot does not list, is a warning
    /// (`position-mismatch`); the trades stay the source of truth.
    mutating func compareSnapshots(day t: Int) {
        let ps = ledger.positions ?? PositionTable()
        var listed = Set<Int32>()
        for k in snapshotBuckets.rows(of: t) {
            let i = snapshotBuckets.row(k), p = snapshotPosition[i]
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
}
