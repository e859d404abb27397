import TearsheetCore

/// The demo's segment benchmark for Brinson-Fachler attribution, built from SPY and QQQ only.
///
/// Convention: two segments named like the demo's sectors (`DemoBook.sector(of:)`), SPY as
/// "US Large Cap Blend" and QQQ as "US Large Cap Growth", with fixed weights
/// `segmentBenchmarkWeights` (60/40) every day; each segment's daily return is its ETF's close
/// over the previous close, minus 1. The first day of the calendar has no earlier close in the
/// book and gets return 0 (the book is funded at that day's close).

extension DemoBook {
    /// Fixed benchmark weights of the SPY and QQQ segments; they sum to 1.
    public static let segmentBenchmarkWeights: (spy: Double, qqq: Double) = (0.6, 0.4)

    /// `segment_benchmark.csv`: `date,segment,weight,return`, two rows a day.
    public func segmentBenchmarkCSV() -> String {
        var out = "date,segment,weight,return\n"
        let w = Self.segmentBenchmarkWeights
        let spyName = Self.sector(of: "SPY"), qqqName = Self.sector(of: "QQQ")
        for (i, day) in calendar.enumerated() {
            let d = day.description
            let rs = i == 0 ? 0 : spy[i] / spy[i - 1] - 1
            let rq = i == 0 ? 0 : qqq[i] / qqq[i - 1] - 1
            out += d + "," + spyName + "," + w.spy.description + "," + rs.description + "\n"
            out += d + "," + qqqName + "," + w.qqq.description + "," + rq.description + "\n"
        }
        return out
    }
}
