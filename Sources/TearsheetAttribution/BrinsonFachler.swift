import TearsheetCore

/// Daily per-segment (sector) weights and returns of the portfolio and of a segment benchmark.
///
/// `x[i][t]` is segment i on day t. Portfolio weights are start-of-day weights of the book's NAV
/// (a segment the portfolio does not hold has weight 0 and any return); benchmark weights and returns
/// come from the segment benchmark file.
public struct SegmentReturns: Sendable, Equatable {
    public var days: [Day]
    public var segments: [String]
    public var portfolioWeights: [[Double]]
    public var portfolioReturns: [[Double]]
    public var benchmarkWeights: [[Double]]
    public var benchmarkReturns: [[Double]]

    public init(days: [Day], segments: [String], portfolioWeights: [[Double]], portfolioReturns: [[Double]],
                benchmarkWeights: [[Double]], benchmarkReturns: [[Double]]) {
        self.days = days
        self.segments = segments
        self.portfolioWeights = portfolioWeights
        self.portfolioReturns = portfolioReturns
        self.benchmarkWeights = benchmarkWeights
        self.benchmarkReturns = benchmarkReturns
    }
}

/// Linked Brinson-Fachler effects of one segment.
public struct BrinsonSegment: Sendable, Equatable {
    public var name: String
    public var allocation: Double
    public var selection: Double
    public var interaction: Double
    /// `allocation + selection + interaction`.
    public var total: Double
}

/// Brinson-Fachler attribution over a period.
public struct BrinsonFachlerResult: Sendable, Equatable {
    public var segments: [BrinsonSegment]
    public var allocation: Double
    public var selection: Double
    public var interaction: Double
    /// Compounded `R_t = sum_i wp_i rp_i` and `B_t = sum_i wb_i rb_i`.
    public var portfolioReturn: Double
    public var benchmarkReturn: Double
    /// `R - B`; equals `allocation + selection + interaction + residual`.
    public var activeReturn: Double
    /// Linked daily gap from weights that do not sum to the same total (zero when both sum to 1).
    public var residual: Double
    public var linking: LinkingMethod
}

/// Brinson-Fachler (1985) sector attribution, linked over time.
///
/// Each day t, with `B_t = sum_i wb_i rb_i`:
/// allocation `A_i = (wp_i - wb_i)(rb_i - B_t)`, selection `S_i = wb_i (rp_i - rb_i)`,
/// interaction `I_i = (wp_i - wb_i)(rp_i - rb_i)`; `sum_i (A_i + S_i + I_i) = R_t - B_t` when the
/// weights each sum to 1. The daily effects are linked with the configured method (Carino by default)
/// so that over the period they add up to `R - B` of the compounded returns.
/// Reference: Brinson and Fachler, "Measuring Non-US Equity Portfolio Performance", J. Portfolio
/// Management 11(3), 1985; Bacon, "Practical Portfolio Performance Measurement and Attribution", ch. 5 and 8.
public enum BrinsonFachler {
    /// - Throws: `TearsheetError.internalFailure` when the arrays are not segments x days, and
    ///   `TearsheetError.config` when the period holds no days.
    public static func attribute(_ x: SegmentReturns, period: ClosedRange<Day>? = nil,
                                 method: LinkingMethod = .carino) throws -> BrinsonFachlerResult {
        let n = x.days.count, m = x.segments.count
        for rows in [x.portfolioWeights, x.portfolioReturns, x.benchmarkWeights, x.benchmarkReturns] {
            guard rows.count == m, rows.allSatisfy({ $0.count == n }) else {
                throw TearsheetError.internalFailure("segment returns: arrays are not \(m) segments x \(n) days")
            }
        }
        let idx = (0..<n).filter { t in period.map { $0.contains(x.days[t]) } ?? true }
        guard !idx.isEmpty else {
            throw TearsheetError.config(file: "tearsheet.toml", message: "the period holds no segment days")
        }
        var R = [Double](repeating: 0, count: n), B = R
        for t in 0..<n {
            R[t] = Stats.sum((0..<m).lazy.map { x.portfolioWeights[$0][t] * x.portfolioReturns[$0][t] })
            B[t] = Stats.sum((0..<m).lazy.map { x.benchmarkWeights[$0][t] * x.benchmarkReturns[$0][t] })
        }
        // parts: allocation rows 0..<m, selection m..<2m, interaction 2m..<3m.
        var parts = [[Double]](repeating: [Double](repeating: 0, count: n), count: 3 * m)
        for i in 0..<m {
            for t in 0..<n {
                let dw = x.portfolioWeights[i][t] - x.benchmarkWeights[i][t]
                let dr = x.portfolioReturns[i][t] - x.benchmarkReturns[i][t]
                parts[i][t] = dw * (x.benchmarkReturns[i][t] - B[t])
                parts[m + i][t] = x.benchmarkWeights[i][t] * dr
                parts[2 * m + i][t] = dw * dr
            }
        }
        let linked = Linking.link(parts: parts, portfolio: R, benchmark: B, days: idx, method: method)
        let segs = (0..<m).map { i in
            BrinsonSegment(name: x.segments[i], allocation: linked.parts[i], selection: linked.parts[m + i],
                           interaction: linked.parts[2 * m + i],
                           total: linked.parts[i] + linked.parts[m + i] + linked.parts[2 * m + i])
        }
        return BrinsonFachlerResult(
            segments: segs,
            allocation: Stats.sum(linked.parts[0..<m]), selection: Stats.sum(linked.parts[m..<(2 * m)]),
            interaction: Stats.sum(linked.parts[(2 * m)...]),
            portfolioReturn: Stats.compound(idx.map { R[$0] }), benchmarkReturn: Stats.compound(idx.map { B[$0] }),
            activeReturn: linked.total, residual: linked.residual, linking: linked.method)
    }
}
