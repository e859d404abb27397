import Testing
@testable import TearsheetAttribution
import TearsheetCore

@Suite struct FactorTests {
    let x1: [Double] = saw(60, step: 7, modulus: 11, scale: 0.01)
    let x2: [Double] = saw(60, step: 5, modulus: 13, scale: 0.01)

    @Test func exactLinearRelationIsRecovered() throws {
        let y: [Double] = x1.map { (x: Double) -> Double in 0.0002 + 1.5 * x }
        let m = try #require(BenchmarkFactors.fit(y, on: [x1], symbols: ["SPY"], periodsPerYear: 252, linking: .carino))
        #expect(abs(m.alpha - 0.0002) < 1e-15)
        #expect(abs(m.alphaAnnualized - 0.0504) < 1e-13)
        #expect(abs(m.betas[0] - 1.5) < 1e-13)
        #expect(abs(m.rSquared! - 1) < 1e-12)
        #expect(abs(m.betaReturn + m.residualReturn - Stats.compound(y)) < 1e-14)
    }

    @Test func singleRegressorMatchesTextbookFormulas() throws {
        let noise = saw(60, step: 3, modulus: 7, scale: 0.002)
        var y = [Double](repeating: 0, count: 60)
        for t in 0..<60 { y[t] = 0.0003 + 0.8 * x1[t] + noise[t] }
        let m = try #require(BenchmarkFactors.fit(y, on: [x1], symbols: ["SPY"], periodsPerYear: 252, linking: .carino))
        let n = 60.0
        let mx: Double = Stats.sum(x1) / n, my: Double = Stats.sum(y) / n
        var sxx = 0.0, sxy = 0.0
        for t in 0..<60 { sxx += (x1[t] - mx) * (x1[t] - mx); sxy += (x1[t] - mx) * (y[t] - my) }
        let b: Double = sxy / sxx
        let a: Double = my - b * mx
        var ssr = 0.0, sst = 0.0
        for t in 0..<60 { ssr += pow2(y[t] - a - b * x1[t]); sst += pow2(y[t] - my) }
        let s2: Double = ssr / (n - 2)
        let seB: Double = (s2 / sxx).squareRoot()
        let seA: Double = (s2 * (1 / n + mx * mx / sxx)).squareRoot()
        #expect(abs(m.betas[0] - b) < 1e-12)
        #expect(abs(m.alpha - a) < 1e-15)
        #expect(abs(m.betaStandardErrors[0]! - seB) < 1e-12)
        #expect(abs(m.alphaStandardError! - seA) < 1e-14)
        #expect(abs(m.betaTStats[0]! - b / seB) < 1e-9)
        #expect(abs(m.rSquared! - (1 - ssr / sst)) < 1e-12)
    }

    @Test func jointRegressionResidualsAreOrthogonal() throws {
        let noise = saw(60, step: 3, modulus: 7, scale: 0.003)
        var y = [Double](repeating: 0, count: 60)
        for t in 0..<60 { y[t] = 0.0001 + 0.5 * x1[t] + 0.7 * x2[t] + noise[t] }
        let m = try #require(BenchmarkFactors.fit(y, on: [x1, x2], symbols: ["SPY", "QQQ"], periodsPerYear: 252, linking: .menchero))
        var e = [Double](repeating: 0, count: 60), e1 = e, e2 = e
        for t in 0..<60 {
            e[t] = y[t] - m.alpha - m.betas[0] * x1[t] - m.betas[1] * x2[t]
            e1[t] = e[t] * x1[t]; e2[t] = e[t] * x2[t]
        }
        #expect(abs(Stats.sum(e)) < 1e-15)
        #expect(abs(Stats.sum(e1)) < 1e-16)
        #expect(abs(Stats.sum(e2)) < 1e-16)
        #expect(abs(m.betaReturn + m.residualReturn - Stats.compound(y)) < 1e-14)
        #expect(abs(Stats.sum(m.betaReturnBySymbol) - m.betaReturn) < 1e-15)
        #expect(m.name == "SPY+QQQ")
    }

    @Test func identicalRegressorsAreSingular() {
        #expect(BenchmarkFactors.fit(x1, on: [x1, x1], symbols: ["A", "B"], periodsPerYear: 252, linking: .carino) == nil)
    }
}

func pow2(_ x: Double) -> Double { x * x }

/// A deterministic zig-zag series: `scale * ((t * step) % modulus - modulus / 2) / (modulus / 2)`.
func saw(_ n: Int, step: Int, modulus: Int, scale: Double) -> [Double] {
    var out = [Double](repeating: 0, count: n)
    let half = modulus / 2
    for t in 0..<n { out[t] = scale * Double((t * step) % modulus - half) / Double(half) }
    return out
}
