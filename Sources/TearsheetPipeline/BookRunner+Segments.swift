import TearsheetAttribution
import TearsheetCore
import TearsheetIngest
import TearsheetReport
import TearsheetValuation

/// Brinson-Fachler inputs: the book's sector segments joined with the segment benchmark file.
extension BookRunner {
    /// The segment returns of a run, or `nil` when the config names no `segment_benchmark`.
    ///
    /// - Returns: the joined segments and the file's provenance entry.
    /// - Throws: `TearsheetError.invalidInput` with the file's findings (bad rows, weights that do
    ///   not sum to 1, duplicates) or when it misses valued days of the book.
    static func segmentReturns(config: BookConfig, ledger: Ledger,
                               valuation: Valuation) throws -> (SegmentReturns, ProvenanceInput)? {
        guard let path = config.inputs.segmentBenchmark else { return nil }
        var findings = Findings()
        guard let benchmark = SegmentBenchmarkFile.read(path: path, findings: &findings, policy: config.ingestOptions.pathPolicy), !findings.hasErrors else {
            throw TearsheetError.invalidInput(findings.items)
        }
        let portfolio = SectorSegments.compute(ledger: ledger, valuation: valuation)
        let joined = try joinSegments(portfolio: portfolio, benchmark: benchmark, file: path)
        let input = ProvenanceInput(path: relative(path, to: config.folder),
                                    sha256: benchmark.sha256.isEmpty ? try sha256(ofFile: path) : benchmark.sha256,
                                    rows: benchmark.rowCount)
        return (joined, input)
    }

    /// Joins the book's sector segments with a segment benchmark by day and segment name.
    ///
    /// Convention: the days are the book's valued days; the segments are the book's (in its order)
    /// followed by the benchmark's segments the book never held. A segment on one side only has
    /// weight 0 on the other, so the portfolio's weights and the benchmark's weights each still sum
    /// to 1 and the Brinson-Fachler effects add up to the active return. Where a side's weight is 0
    /// on a day (a segment not held, or not in the benchmark), that side's return is set to the
    /// other side's (Bacon's neutral return): no selection or interaction can come from a segment
    /// one side does not hold, so its whole effect is allocation. Both sides' daily totals are
    /// unchanged, as the return is multiplied by a weight of 0.
    /// - Throws: `TearsheetError.invalidInput` naming `file` when a valued day of the book has no
    ///   rows in the benchmark (days of the benchmark outside the book are ignored).
    public static func joinSegments(portfolio: SectorSegments, benchmark: SegmentBenchmark,
                                    file: String) throws -> SegmentReturns {
        let n = portfolio.days.count
        var segments = portfolio.segments
        let held = Set(segments)
        for s in benchmark.segments where !held.contains(s) { segments.append(s) }
        let bIndex = Dictionary(uniqueKeysWithValues: benchmark.segments.enumerated().map { ($0.element, $0.offset) })
        let zeros = [Double](repeating: 0, count: n)
        var pw = Array(repeating: zeros, count: segments.count), pr = pw, bw = pw, br = pw
        for i in portfolio.segments.indices {
            pw[i] = portfolio.weights[i]
            pr[i] = portfolio.returns[i]
        }
        var missing: [Day] = []
        var k = 0
        for t in 0..<n {
            let day = portfolio.days[t]
            while k < benchmark.days.count && benchmark.days[k] < day { k += 1 }
            guard k < benchmark.days.count, benchmark.days[k] == day else { missing.append(day); continue }
            for (i, name) in segments.enumerated() {
                guard let j = bIndex[name] else { continue }
                bw[i][t] = benchmark.weights[j][k]
                br[i][t] = benchmark.returns[j][k]
            }
        }
        for i in segments.indices {
            for t in 0..<n {
                if pw[i][t] == 0 { pr[i][t] = br[i][t] } else if bw[i][t] == 0 { br[i][t] = pr[i][t] }
            }
        }
        if let first = missing.first {
            throw TearsheetError.invalidInput([Finding(
                file: file, line: 0, column: 0, severity: .error, code: "segment-benchmark-missing-days",
                message: "\(missing.count) valued day(s) of the book have no rows, the first \(first); expected every trading day from \(portfolio.days[0]) to \(portfolio.days[n - 1])")])
        }
        return SegmentReturns(days: portfolio.days, segments: segments, portfolioWeights: pw, portfolioReturns: pr,
                              benchmarkWeights: bw, benchmarkReturns: br)
    }
}
