import Testing
import PropertyBased
@testable import TearsheetAttribution
import TearsheetCore

@Suite struct BrinsonFachlerTests {
    /// One period, three countries, by hand (the first quarter of Bacon (2008), Table 8.1):
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

    /// Published worked example: Bacon, "Practical Portfolio Performance Measurement and Attribution"
    /// (2nd ed., 2008), Table 8.1 (four quarters, UK / Japanese / US equities, Brinson-Fachler), linked in
    /// Table 8.2 (Carino) and Table 8.3 (Menchero); figures as reproduced to 4 decimals in the
    /// test suite of the PortfolioAttribution R package ("Examples for linking approaches from ... Bacon"). Bacon's "selection" there
    /// includes interaction, i.e. `wp (rp - rb)` = our selection + interaction.
    /// Quarter returns: R_t = 8.3%, -3.4%, -5%, 4.5% -> R = 3.8593%; B_t = 6.4%, -4.6%, -12.5%, 2% -> B = -9.4063%.
    @Test func baconTable8LinkedCarinoAndMenchero() throws {
        let x = SegmentReturns(
            days: [day("2016-03-31"), day("2016-06-30"), day("2016-09-30"), day("2016-12-30")],
            segments: ["UK", "Japan", "US"],
            portfolioWeights: [[0.4, 0.7, 0.3, 0.3], [0.3, 0.2, 0.5, 0.5], [0.3, 0.1, 0.2, 0.2]],
            portfolioReturns: [[0.2, -0.05, -0.2, 0.1], [-0.05, 0.03, 0.08, -0.07], [0.06, -0.05, -0.15, 0.25]],
            benchmarkWeights: [[0.4, 0.4, 0.5, 0.4], [0.2, 0.3, 0.4, 0.4], [0.4, 0.3, 0.1, 0.2]],
            benchmarkReturns: [[0.1, -0.07, -0.25, 0.05], [-0.04, 0.04, 0.05, -0.05], [0.08, -0.1, -0.2, 0.1]])
        let published: [(LinkingMethod, allocation: [Double], selection: [Double], totals: (Double, Double))] = [
            (.carino, [0.0165, -0.006, 0.0015], [0.0804, 0.0018, 0.0385], (0.012, 0.1207)),
            (.menchero, [0.0156, -0.0078, 0.0014], [0.0838, 0.0005, 0.0391], (0.0092, 0.1234)),
        ]
        for (method, allocation, selection, totals) in published {
            let r = try BrinsonFachler.attribute(x, method: method)
            #expect(abs(r.portfolioReturn - 0.0385932095) < 1e-10)
            #expect(abs(r.benchmarkReturn - -0.09406252) < 1e-10)
            for i in 0..<3 {
                #expect(abs(r.segments[i].allocation - allocation[i]) < 1e-4)
                #expect(abs(r.segments[i].selection + r.segments[i].interaction - selection[i]) < 1e-4)
            }
            #expect(abs(r.allocation - totals.0) < 1e-4)
            #expect(abs(r.selection + r.interaction - totals.1) < 1e-4)
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
        #expect(try res.json().contains("\"brinson_fachler\" : {"))
    }
}
