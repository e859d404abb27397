import TearsheetAttribution
import TearsheetValuation
import TearsheetCore

/// Brinson-Fachler sector attribution: the section that shows `AttributionResult.brinsonFachler`.
extension ReportBuilder {
    /// Per segment: average start-of-day weights (portfolio and benchmark, arithmetic mean over the
    /// period's days), compounded segment returns, and the linked allocation, selection and
    /// interaction effects; a total row whose effects add up to the active return `R - B`.
    /// Without a segment benchmark in the config the section holds only a note.
    func brinsonSection() -> ReportSection {
        let id = "brinson-fachler", title = "Sector attribution (Brinson-Fachler)"
        guard let bf = a.brinsonFachler, let seg = run.segments else {
            return ReportSection(id: id, title: title, blocks: [.note(ReportNote(
                "Not computed: the config names no segment benchmark ([inputs] segment_benchmark = \"segment_benchmark.csv\", columns date, segment, weight, return)."))])
        }
        let lo = days.first ?? Day(serial: 0), hi = days.last ?? Day(serial: 0)
        let idx = seg.days.indices.filter { seg.days[$0] >= lo && seg.days[$0] <= hi }
        func mean(_ xs: [Double]) -> Double? {
            idx.isEmpty ? nil : Stats.sum(idx.lazy.map { xs[$0] }) / Double(idx.count)
        }
        /// Compounded over the days the side holds the segment (weight not 0).
        func compounded(_ xs: [Double], _ ws: [Double]) -> Double? {
            let held = idx.filter { ws[$0] != 0 }
            return held.isEmpty ? nil : Stats.compound(held.map { xs[$0] })
        }
        let cols = [ReportColumn("Segment", .text), ReportColumn("Portfolio weight (avg)", .percent),
                    ReportColumn("Benchmark weight (avg)", .percent), ReportColumn("Portfolio return (held days)", .percent),
                    ReportColumn("Benchmark return (held days)", .percent), ReportColumn("Allocation", .percent),
                    ReportColumn("Selection", .percent), ReportColumn("Interaction", .percent), ReportColumn("Total", .percent)]
        var rows: [[Cell]] = []
        for (i, s) in bf.segments.enumerated() {
            rows.append([.text(s.name), Self.pct(mean(seg.portfolioWeights[i]), .neutral),
                         Self.pct(mean(seg.benchmarkWeights[i]), .neutral),
                         Self.pct(compounded(seg.portfolioReturns[i], seg.portfolioWeights[i]), .higherIsBetter, reason: "not held"),
                         Self.pct(compounded(seg.benchmarkReturns[i], seg.benchmarkWeights[i]), .higherIsBetter, reason: "not in the benchmark"),
                         Self.pct(s.allocation), Self.pct(s.selection), Self.pct(s.interaction), Self.pct(s.total)])
        }
        let sumP = Stats.sum(seg.portfolioWeights.map { mean($0) ?? 0 }), sumB = Stats.sum(seg.benchmarkWeights.map { mean($0) ?? 0 })
        rows.append([.text("Total"), Self.pct(sumP, .neutral), Self.pct(sumB, .neutral),
                     Self.pct(bf.portfolioReturn), Self.pct(bf.benchmarkReturn), Self.pct(bf.allocation),
                     Self.pct(bf.selection), Self.pct(bf.interaction), Self.pct(bf.allocation + bf.selection + bf.interaction + bf.residual)])
        let names = bf.segments.map(\.name)
        let chart = ReportChart(id: "brinson-effects", title: "Allocation, selection and interaction by segment", kind: .bar,
                                x: .categories(names),
                                series: [ChartSeries(name: "Allocation", values: bf.segments.map { $0.allocation }),
                                         ChartSeries(name: "Selection", values: bf.segments.map { $0.selection }),
                                         ChartSeries(name: "Interaction", values: bf.segments.map { $0.interaction })],
                                unit: .percent)
        let method = bf.linking == .carino ? "Carino" : "Menchero"
        let effects = bf.allocation + bf.selection + bf.interaction
        let footnote = "Allocation + selection + interaction = \(Self.fixed(effects)); with the linking residual \(Self.fixed(bf.residual)) "
            + "this is the active return R - B = \(Self.fixed(bf.portfolioReturn)) - \(Self.fixed(bf.benchmarkReturn)) = \(Self.fixed(bf.activeReturn))."
        var blocks: [ReportBlock] = [
            .table(ReportTable(id: "brinson-segments", title: "Effects by segment", columns: cols, rows: rows, footnote: footnote)),
            .chart(chart),
        ]
        if bf.residual != 0 && abs(bf.residual) > 1e-9 {
            blocks.append(.note(ReportNote("The segment weights of some days do not sum to 1 on both sides (days without capital); the gap is the linking residual above.", isWarning: true)))
        }
        return ReportSection(id: id, title: title,
                             intro: "Daily Brinson-Fachler effects per sector segment against the segment benchmark: allocation (w_p - w_b)(r_b - B), selection w_b(r_p - r_b), interaction (w_p - w_b)(r_p - r_b); linked over the period with the \(method) method so that they add up to the active return. Portfolio weights are start-of-day weights on the book's time-weighted-return denominator; positions without a sector are 'Unclassified' and all cash, income and fees are 'Cash'. Segment returns are the daily returns compounded over the days each side holds the segment, shown for reference; on a day one side does not hold a segment its return is the other side's, so that segment's effect that day is all allocation.",
                             blocks: blocks)
    }
}
