import Testing
import PropertyBased
@testable import TearsheetAttribution

@Suite struct BrinsonFachlerTests {
    /// One period, three countries, by hand (the layout of Bacon's chapter 5 examples):
    /// portfolio weights 40/30/30%, returns 20/-5/6% -> R = 8.3%; benchmark weights 40/20/40%,
    /// returns 10/-4/8% -> B = 6.4%; R - B = 1.9%.
    /// Allocation (wp - wb)(rb - B): 0, 0.1 x (-10.4%) = -1.04%, -0.1 x 1.6% = -0.16% -> -1.2%.
    /// Selection wb (rp - rb): 0.4 x 10% = 4%, 0.2 x -1% = -0.2%, 0.4 x -2% = -0.8% -> 3.0%.
    /// Interaction (wp - wb)(rp - rb): 0, 0.1 x -1% = -0.1%, -0.1 x -2% = 0.2% -> 0.1%.
    @Test func singlePeriodByHand() throws {
        let x = SegmentReturns(days: [day("2024-01-02")], segments: ["UK", "Japan", "US"],
                               portfolioWeights: [[0.4], [0.3], [0.3]], portfolioReturns: [[0.20], [-0.05], [0.06]],
                               benchmarkWeights: [[0.4], [0.2], [0.4]], benchmarkReturns: [[0.10], [-0.04], [0.08]])
        for method in LinkingMethod.allCases {
            let r = try BrinsonFachler.attribute(x, method: method)
            #expect(abs(r.portfolioReturn - 0.083) < 1e-15)
            #expect(abs(r.benchmarkReturn - 0.064) < 1e-15)
            #expect(abs(r.allocation - -0.012) < 1e-15)
            #expect(abs(r.selection - 0.030) < 1e-15)
            #expect(abs(r.interaction - 0.001) < 1e-15)
            #expect(abs(r.segments[1].allocation - -0.0104) < 1e-15)
            #expect(abs(r.segments[2].interaction - 0.002) < 1e-15)
            #expect(abs(r.allocation + r.selection + r.interaction - r.activeReturn) < 1e-15)
        }
    }

    @Test func linkedEffectsAddUpToTheActiveReturn() async {
        await propertyCheck(input: Gen.int(in: 0...1_000_000), Gen.int(in: 1...120), Gen.int(in: 1...6)) { seed, n, m in
            var g = SplitMix(seed: seed)
            func weights() -> [[Double]] {
                var w = (0..<m).map { _ in (0..<n).map { _ in Double.random(in: 0...1, using: &g) } }
                for t in 0..<n {
                    let s = (0..<m).reduce(0) { $0 + w[$1][t] }
                    for i in 0..<m { w[i][t] /= s }
                }
                return w
            }
            func returns() -> [[Double]] { (0..<m).map { _ in (0..<n).map { _ in Double.random(in: -0.05...0.05, using: &g) } } }
            let x = SegmentReturns(days: weekdays(from: day("2024-01-01"), count: n), segments: (0..<m).map { "s\($0)" },
                                   portfolioWeights: weights(), portfolioReturns: returns(),
                                   benchmarkWeights: weights(), benchmarkReturns: returns())
            for method in LinkingMethod.allCases {
                guard let r = try? BrinsonFachler.attribute(x, method: method) else { Issue.record("failed"); return }
                #expect(abs(r.activeReturn - (r.portfolioReturn - r.benchmarkReturn)) < 1e-15)
                #expect(abs(r.allocation + r.selection + r.interaction - r.activeReturn) < 1e-12)
                #expect(abs(r.residual) < 1e-12)
                #expect(abs(Stats.sum(r.segments.map(\.total)) - r.activeReturn) < 1e-12)
            }
        }
    }

    @Test func runsInsideTheFullAttribution() throws {
        let ds = weekdays(from: day("2024-01-01"), count: 4)
        let book = makeBook(days: ds, sleeves: ["a"], weights: [[1, 1, 1, 1]], returns: [[0.01, 0.02, -0.01, 0.0]])
        let x = SegmentReturns(days: ds, segments: ["Tech", "Energy"],
                               portfolioWeights: [[0.6, 0.6, 0.5, 0.5], [0.4, 0.4, 0.5, 0.5]],
                               portfolioReturns: [[0.01, 0.03, -0.02, 0.01], [0.01, 0.005, 0.0, -0.01]],
                               benchmarkWeights: [[0.5, 0.5, 0.5, 0.5], [0.5, 0.5, 0.5, 0.5]],
                               benchmarkReturns: [[0.02, 0.01, -0.01, 0.0], [0.0, 0.0, 0.01, 0.0]])
        let res = try Attribution.run(book: book, benchmarks: [makeBenchmark("SPY", days: ds, returns: [0, 0.01, 0, 0])],
                                      period: ds[1]...ds[3], segments: x)
        let bf = try #require(res.brinsonFachler)
        #expect(abs(bf.allocation + bf.selection + bf.interaction - bf.activeReturn) < 1e-15)
        // Days 2-4 only: R_t = 0.02, -0.01, 0; B_t = 0.005, 0, 0.
        #expect(abs(bf.portfolioReturn - (1.02 * 0.99 - 1)) < 1e-15)
        #expect(abs(bf.benchmarkReturn - 0.005) < 1e-15)
        #expect(res.json().contains("\"brinson_fachler\":{"))
    }
}
