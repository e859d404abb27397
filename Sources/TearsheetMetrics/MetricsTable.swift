import TearsheetCore

/// One row of the terminal table of `tearsheet metrics`: the portfolio beside each benchmark.
public struct MetricsTableRow: Sendable, Equatable {
    public var id: String
    public var name: String
    public var unit: MetricUnit
    public var polarity: Polarity
    /// Formatted portfolio value ("" for a relative metric, "-" when undefined).
    public var portfolio: String
    /// One formatted cell per benchmark: its own value for a series metric, the portfolio
    /// against it for a relative metric.
    public var benchmarks: [String]
}

/// Terminal formatting of a `MetricsResult` (the report model formats on its own).
public enum MetricsTable {
    /// Rows for every series metric, then every relative metric, then the all-trades statistics.
    public static func rows(_ r: MetricsResult) -> [MetricsTableRow] {
        var rows: [MetricsTableRow] = []
        for (i, d) in MetricRegistry.series.enumerated() {
            rows.append(MetricsTableRow(id: d.id, name: d.name, unit: d.unit, polarity: d.polarity,
                                        portfolio: format(r.portfolio.values[i], d.unit),
                                        benchmarks: r.benchmarks.map { format($0.values[i], d.unit) }))
        }
        for (i, d) in MetricRegistry.relative.enumerated() {
            rows.append(MetricsTableRow(id: d.id, name: d.name, unit: d.unit, polarity: d.polarity, portfolio: "",
                                        benchmarks: r.relative.map { format($0.values[i], d.unit) }))
        }
        if let all = r.trades?.first {
            for (i, d) in MetricRegistry.trades.enumerated() {
                rows.append(MetricsTableRow(id: d.id, name: d.name, unit: d.unit, polarity: d.polarity,
                                            portfolio: format(all.values[i], d.unit), benchmarks: r.benchmarks.map { _ in "" }))
            }
        }
        return rows
    }

    /// The rows as aligned plain text with a header (`Metric`, `Portfolio`, then the symbols).
    public static func render(_ r: MetricsResult) -> String {
        let header = ["Metric", "Portfolio"] + r.benchmarks.map(\.name)
        let body = rows(r).map { [$0.name, $0.portfolio] + $0.benchmarks }
        let all = [header] + body
        var widths = [Int](repeating: 0, count: header.count)
        for row in all { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        return all.map { row in
            row.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                return i == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    /// percent: 2 decimals and "%"; ratio: 2 decimals; days and count: whole numbers (1 decimal
    /// when fractional); currency: 2 decimals with thousands separators; undefined: "-".
    public static func format(_ v: MetricValue, _ unit: MetricUnit) -> String {
        guard case .value(let x) = v else { return "-" }
        switch unit {
        case .percent: return fixed(x * 100, 2) + "%"
        case .ratio: return fixed(x, 2)
        case .days, .count: return x == x.rounded() ? fixed(x, 0) : fixed(x, 1)
        case .currency: return grouped(fixed(x, 2))
        }
    }

    /// Fixed-point text with `digits` decimals, rounding half away from zero; no Foundation.
    public static func fixed(_ x: Double, _ digits: Int) -> String {
        guard x.isFinite else { return "-" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(x) * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9e15 else { return x.description }
        let n = Int64(scaled)
        let p = Int64(scale)
        let intPart = n / p, frac = n % p
        var s = (x < 0 && n != 0 ? "-" : "") + String(intPart)
        if digits > 0 {
            let f = String(frac)
            s += "." + String(repeating: "0", count: digits - f.count) + f
        }
        return s
    }

    static func grouped(_ s: String) -> String {
        let neg = s.hasPrefix("-")
        let body = neg ? String(s.dropFirst()) : s
        let parts = body.split(separator: ".", maxSplits: 1)
        let digits = Array(parts[0])
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (neg ? "-" : "") + out + (parts.count > 1 ? "." + parts[1] : "")
    }
}
