import TearsheetAttribution
import TearsheetCore

/// Builds a book from start-of-day weights and sleeve returns: contributions = w x r and the
/// portfolio return is their sum, as valuation guarantees.
func makeBook(days: [Day], sleeves: [String], weights: [[Double]], returns: [[Double]], nav: [Double] = []) -> BookReturns {
    let n = days.count
    var contributions = weights
    var portfolio = [Double](repeating: 0, count: n)
    for s in 0..<sleeves.count {
        for t in 0..<n {
            contributions[s][t] = weights[s][t] * returns[s][t]
            portfolio[t] += contributions[s][t]
        }
    }
    return BookReturns(days: days, nav: nav, flows: [Double](repeating: 0, count: n), portfolio: portfolio,
                       sleeves: sleeves, weights: weights, sleeveReturns: returns, contributions: contributions,
                       sleeveNAV: [])
}

/// A benchmark from daily returns on `days`, with a base close of 100 on the day before the first.
func makeBenchmark(_ symbol: String, days: [Day], returns: [Double]) -> Benchmark {
    var closes = [100.0]
    var ds = [days[0].adding(days: -1)]
    while ds[0].isWeekend { ds[0] = ds[0].adding(days: -1) }
    for (d, r) in zip(days, returns) { closes.append(closes.last! * (1 + r)); ds.append(d) }
    return Benchmark(symbol: symbol, closes: DatedSeries(days: ds, values: closes), source: "test")
}

/// Weekdays from `start` (inclusive), `count` of them, skipping `holidays`.
func weekdays(from start: Day, count: Int, skipping holidays: Set<Day> = []) -> [Day] {
    var out: [Day] = []
    var d = start
    while out.count < count {
        if !d.isWeekend && !holidays.contains(d) { out.append(d) }
        d = d.adding(days: 1)
    }
    return out
}

func day(_ s: String) -> Day { Day(iso: s)! }

/// SplitMix64: a tiny seeded generator so property tests can build whole books from one seed.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: Int) { state = UInt64(truncatingIfNeeded: seed) &* 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A random book: `sleeves` sleeves (the last one cash-like), weights that drift with returns and sum
/// to 1, some sleeves starting late or pausing (zero weight), and two random benchmarks.
func randomBook(seed: Int, sleeves S: Int, days n: Int) -> (BookReturns, [Benchmark]) {
    var g = SplitMix(seed: seed)
    let days = weekdays(from: day("2019-12-30"), count: n)
    var values = (0..<S).map { _ in Double.random(in: 0.5...2, using: &g) }
    let start = (0..<S).map { s in s == 0 ? 0 : Int.random(in: 0..<max(1, n / 2), using: &g) }
    var w = [[Double]](repeating: [Double](repeating: 0, count: n), count: S)
    var r = w
    for t in 0..<n {
        let live = (0..<S).filter { start[$0] <= t && !(t % 17 == 5 && $0 == S - 1 && S > 1) }
        let total = live.reduce(0) { $0 + values[$1] }
        for s in live {
            w[s][t] = values[s] / total
            r[s][t] = s == S - 1 ? 0.0001 : Double.random(in: -0.04...0.04, using: &g)
            values[s] *= 1 + r[s][t]
        }
    }
    let names = (0..<S).map { "sleeve-\($0)" }
    let book = makeBook(days: days, sleeves: names, weights: w, returns: r)
    let b1 = (0..<n).map { _ in Double.random(in: -0.03...0.03, using: &g) }
    let b2 = b1.map { $0 * 1.2 + Double.random(in: -0.01...0.01, using: &g) }
    return (book, [makeBenchmark("SPY", days: days, returns: b1), makeBenchmark("QQQ", days: days, returns: b2)])
}
