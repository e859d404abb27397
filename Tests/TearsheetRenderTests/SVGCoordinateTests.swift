import Testing
import TearsheetReport
@testable import TearsheetRender
import TearsheetCore

/// `SVGChart.f`'s integer fast path spells every coordinate exactly as `NumberText.fixed(_, decimals: 2)`.
@Suite struct SVGCoordinateTests {
    @Test func fastPathMatchesTheExactDecimalPath() {
        var rng = TestRandom(seed: 7)
        for _ in 0..<20_000 {
            let magnitude = [1.0, 10, 760, 1e4, 1e7][Int(rng.next() % 5)]
            let v = (rng.unit() * 2 - 1) * magnitude
            #expect(SVGChart.f(v) == NumberText.fixed(v, decimals: 2), "value \(v)")
            #expect(bytes(v) == SVGChart.f(v), "value \(v)")
        }
    }

    /// The byte writer that paths use spells what `f` spells.
    func bytes(_ v: Double) -> String {
        var out: [UInt8] = []
        SVGChart.appendCoordinate(v, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test func tiesZeroAndRange() {
        for v in [0.0, -0.0, -0.004, 0.005, 0.015, 0.285, 1.005, 2.675, -2.675, 12.345, 99.995, -0.001, 1e14, 1e16, -3.5e13, 690.125, 9_999_999_999_999.99] {
            #expect(SVGChart.f(v) == NumberText.fixed(v, decimals: 2), "value \(v)")
            #expect(bytes(v) == SVGChart.f(v), "value \(v)")
        }
    }
}
