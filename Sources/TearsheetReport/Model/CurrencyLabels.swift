/// Names the base currency once wherever amounts are labelled, so no amount appears without its
/// currency and no value is cluttered with it (one rule for every format):
/// - a table column whose cells are amounts (`CellKind.currency`, or every non-empty cell a
///   `.currency`) gets the code in its header: `Market value (USD)`;
/// - in a table of mixed rows (`Item | Value`), a row holding an amount in a column that is not
///   an amount column gets the code in its label, the row's first cell: `NAV (USD)`;
/// - a chart in currency units gets it in its title.
/// A header or label that already names the code is left alone.
public enum CurrencyLabels {
    public static func apply(_ sections: [ReportSection], code: String) -> [ReportSection] {
        guard !code.isEmpty else { return sections }
        let tag = " (\(code))"
        return sections.map { s in
            var s = s
            s.blocks = s.blocks.map { b in
                switch b {
                case .table(let t): return .table(label(t, code: code, tag: tag))
                case .chart(var c):
                    if c.unit == .currency && !c.title.contains(code) { c.title += tag }
                    return .chart(c)
                case .note: return b
                }
            }
            return s
        }
    }

    static func label(_ t: ReportTable, code: String, tag: String) -> ReportTable {
        var t = t
        var amountColumn = [Bool](repeating: false, count: t.columns.count)
        for (j, col) in t.columns.enumerated() {
            var any = false, all = true
            for r in t.rows where j < r.count {
                switch r[j] {
                case .currency: any = true
                case .empty: break
                default: all = false
                }
            }
            amountColumn[j] = col.kind == .currency ? all : (any && all)
            if amountColumn[j] && !col.header.contains(code) { t.columns[j].header += tag }
        }
        for i in t.rows.indices {
            let r = t.rows[i]
            guard r.count > 1, case .text(let label) = r[0], !label.contains(code) else { continue }
            if r.indices.dropFirst().contains(where: { j in !amountColumn[j] && { if case .currency = r[j] { return true } else { return false } }() }) {
                t.rows[i][0] = .text(label + tag)
            }
        }
        return t
    }
}
