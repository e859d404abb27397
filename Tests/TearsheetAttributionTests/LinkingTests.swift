import Testing
import PropertyBased
@testable import TearsheetAttribution
import TearsheetCore

/// Linking against the formulas as published in the PortfolioAttribution R package documentation
/// (`Carino.Rd`: A'_t = A_t k_t / k, k_t = (log(1+Rp_t) - log(1+Rb_t)) / (Rp_t - Rb_t),
/// k = (log(1+Rp) - log(1+Rb)) / (Rp - Rb); `Menchero.Rd`: M = (Rp - Rb) / (T((1+Rp)^(1/T) - (1+Rb)^(1/T))),
/// a_t = (Rp - Rb - M sum(d)) / sum(d^2) d_t), as in Bacon, "Practical Portfolio Performance
/// Measurement and Attribution" (2nd ed., 2008), chapter 8. Bacon's own published four-quarter example
/// (Tables 8.1-8.3) is checked in `BrinsonFachlerTests.baconTable8LinkedCarinoAndMenchero`.
///
/// Two periods, by hand: r = (10%, -5%), b = (5%, 2%), so R = 1.10 x 0.95 - 1 = 4.5%,
/// B = 1.05 x 1.02 - 1 = 7.1%, R - B = -2.6%. Two effects per period, e1 = (3%, -4%) and
/// e2 = (2%, -3%), summing to d = (5%, -7%).
/// Carino: k_1 = ln(1.10/1.05)/0.05 = 0.930400312697858, k_2 = ln(0.95/1.02)/(-0.07) = 1.01565602405329,
/// k = ln(1.045/1.071)/(-0.026) = 0.945227155724515; e1' = (0.03 k_1 - 0.04 k_2)/k = -0.0134509800149049,
/// e2' = (0.02 k_1 - 0.03 k_2)/k = -0.0125490199850951; e1' + e2' = -0.026.
/// Menchero: M = -0.026 / (2 (sqrt(1.045) - sqrt(1.071))) = 1.02857185682633,
/// alpha = (-0.026 - M (-0.02)) / 0.0074 x d = (-0.0366794788072546, 0.0513512703301565),
/// e1' = -0.0134401537456872, e2' = -0.0125598462543131.
@Suite struct LinkingTests {
    let r = [0.10, -0.05], b = [0.05, 0.02]
    let effects = [[0.03, -0.04], [0.02, -0.03]]

    @Test func carinoWorkedExample() {
        let (beta, used) = Linking.coefficients(portfolio: r, benchmark: b, method: .carino)
        #expect(used == .carino)
        #expect(abs(beta[0] - 0.9304003126978577 / 0.9452271557245151) < 1e-14)
        #expect(abs(beta[1] - 1.01565602405329 / 0.9452271557245151) < 1e-14)
        let linked = Linking.link(parts: effects, portfolio: r, benchmark: b, days: [0, 1], method: .carino)
        #expect(abs(linked.parts[0] - -0.013450980014904908) < 1e-15)
        #expect(abs(linked.parts[1] - -0.0125490199850951) < 1e-15)
        #expect(abs(linked.total - -0.026) < 1e-15)
        #expect(abs(linked.parts[0] + linked.parts[1] + linked.residual - linked.total) < 1e-15)
    }

    @Test func mencheroWorkedExample() {
        let (beta, used) = Linking.coefficients(portfolio: r, benchmark: b, method: .menchero)
        #expect(used == .menchero)
        #expect(abs(beta[0] - 0.9918923780190732) < 1e-14)
        #expect(abs(beta[1] - 1.0799231271564842) < 1e-14)
        let linked = Linking.link(parts: effects, portfolio: r, benchmark: b, days: [0, 1], method: .menchero)
        #expect(abs(linked.parts[0] - -0.013440153745687178) < 1e-15)
        #expect(abs(linked.parts[1] - -0.012559846254313063) < 1e-15)
        #expect(abs(linked.parts[0] + linked.parts[1] - -0.026) < 1e-15)
    }

    @Test func equalPortfolioAndBenchmarkUsesTheLimit() {
        // r == b every day: Carino k_t = 1/(1+r_t), k = 1/(1+R); every effect links to ~0.
        let rr = [0.01, -0.02, 0.03]
        let (beta, _) = Linking.coefficients(portfolio: rr, benchmark: rr, method: .carino)
        let R = 1.01 * 0.98 * 1.03 - 1
        #expect(abs(beta[0] - (1 / 1.01) / (1 / (1 + R))) < 1e-14)
        let (mb, _) = Linking.coefficients(portfolio: rr, benchmark: rr, method: .menchero)
        #expect(mb.allSatisfy { $0.isFinite })
    }

    @Test func carinoFallsBackToMencheroOnTotalLoss() {
        let linked = Linking.link(parts: [[-1.0, 0.0], [0.0, 0.0]], portfolio: [-1.0, 0.0], benchmark: nil,
                                  days: [0, 1], method: .carino)
        #expect(linked.method == .menchero)
        #expect(abs(linked.parts[0] + linked.parts[1] - -1.0) < 1e-12)
    }

    @Test func bothMethodsAddUpOnRandomSeries() async {
        await propertyCheck(input: Gen.double(in: -0.2...0.2).array(of: 1...80), Gen.int(in: 0...1000)) { rs, seed in
            var g = SplitMix(seed: seed)
            let bs = rs.map { _ in Double.random(in: -0.1...0.1, using: &g) }
            // Three effects per day summing to r_t - b_t.
            var parts = [[Double]](repeating: [Double](repeating: 0, count: rs.count), count: 3)
            for t in 0..<rs.count {
                let a = Double.random(in: -0.05...0.05, using: &g), c = Double.random(in: -0.05...0.05, using: &g)
                parts[0][t] = a; parts[1][t] = c; parts[2][t] = rs[t] - bs[t] - a - c
            }
            for method in LinkingMethod.allCases {
                for bench in [bs, nil] as [[Double]?] {
                    var ps = parts
                    if bench == nil { for t in 0..<rs.count { ps[2][t] = rs[t] - ps[0][t] - ps[1][t] } }
                    let l = Linking.link(parts: ps, portfolio: rs, benchmark: bench, days: Array(0..<rs.count), method: method)
                    let expected = Stats.compound(rs) - (bench.map { Stats.compound($0) } ?? 0)
                    #expect(abs(l.total - expected) < 1e-15)
                    #expect(abs(Stats.sum(l.parts) + l.residual - expected) < 1e-12)
                    #expect(abs(l.residual) < 1e-12)
                }
            }
        }
    }
}
