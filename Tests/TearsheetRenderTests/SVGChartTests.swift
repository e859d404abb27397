import Testing
@testable import TearsheetRender
import TearsheetCore
import TearsheetReport

@Suite struct SVGChartTests {
    let doc = SampleDocuments.realistic()

    func chart(_ id: String) -> ReportChart { doc.allCharts.first { $0.id == id }! }

    @Test func everyKindIsAccessibleAndDeterministic() {
        for c in doc.allCharts {
            let a = SVGChart().render(c), b = SVGChart().render(c)
            #expect(a == b)
            #expect(a.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
            #expect(a.contains("role=\"img\""))
            #expect(a.contains("<title id=\"chart-\(c.id)-title\">"))
            #expect(!a.contains("nan") && !a.contains("inf"))
            #expect(a.hasSuffix("</svg>\n"))
        }
    }

    @Test func lineChartHasOnePathPerSeriesAndYearTicks() {
        let svg = SVGChart().render(chart("equity"))
        #expect(TestSupport.count("<path ", in: svg) == 3)
        #expect(svg.contains(">2022</text>") && svg.contains(">2023</text>"))
        #expect(svg.contains("log scale"))
    }

    @Test func gapsBreakTheLine() {
        let c = ReportChart(id: "g", title: "Gaps", kind: .line, x: .categories(["a", "b", "c", "d"]),
                            series: [ChartSeries(name: "s", values: [1, 2, nil, 3])], unit: .ratio)
        let svg = SVGChart().render(c)
        let path = svg.split(separator: "\n").first { $0.hasPrefix("<path") }!
        #expect(TestSupport.count("M", in: String(path)) == 2)
    }

    @Test func negativeBarsHangBelowZero() {
        let svg = SVGChart().render(chart("regimes"))
        #expect(TestSupport.count("<rect x=", in: svg) >= 6 + 1)
        #expect(svg.contains("Bear: -12.00%"))
    }

    @Test func heatmapHasACellPerValueAndALegend() {
        let c = chart("monthly-heatmap")
        let svg = SVGChart().render(c)
        let values = c.series.reduce(0) { $0 + $1.values.compactMap { $0 }.count }
        #expect(TestSupport.count("<title>", in: svg) == values)
        #expect(svg.contains("<g class=\"legend\">"))
    }

    @Test func niceTicksAreRound() {
        let s = NiceScale(min: -0.034, max: 0.121)
        #expect(s.ticks.first! <= -0.034 && s.ticks.last! >= 0.121)
        #expect(s.ticks.count <= 10)
        let step = s.ticks[1] - s.ticks[0]
        #expect(abs(step - 0.05) < 1e-12 || abs(step - 0.025) < 1e-12 || abs(step - 0.02) < 1e-12)
        #expect(abs(SVGChart.ln(10) - 2.302585092994046) < 1e-12)
    }

    @Test func textIsEscaped() {
        let svg = SVGChart().render(chart("contributions"))
        #expect(!svg.contains("<script"))
        #expect(svg.contains("&lt;script&gt;"))
    }
}

@Suite struct SVGDecimationTests {
    @Test func longSeriesKeepExtremesInFewerPoints() {
        var rng = SampleDocuments.LCG(state: 3)
        let n = 6300
        let points: [(Double, Double)] = (0..<n).map { i in (70 + Double(i) / Double(n) * 670, rng.next() * 200) }
        let d = SVGChart.decimated(points)
        #expect(d.count < n / 2)
        #expect(d.count <= 670 * 4 + 4)
        #expect(d.map(\.1).min() == points.map(\.1).min())
        #expect(d.map(\.1).max() == points.map(\.1).max())
        #expect(d.first! == points.first! && d.last! == points.last!)
        #expect(zip(d, d.dropFirst()).allSatisfy { $0.0 <= $1.0 })
    }

    @Test func gapsSurviveDecimation() {
        var points: [(Double, Double)] = (0..<2000).map { (Double($0) / 4, Double($0 % 7)) }
        points[1000] = (.nan, .nan)
        let d = SVGChart.decimated(points)
        #expect(d.filter { $0.0.isNaN }.count == 1)
        #expect(TestSupport.count("M", in: SVGChart.path(d, closeToY: nil)) == 2)
        #expect(TestSupport.count("Z", in: SVGChart.path(d, closeToY: 0)) == 2)
    }
}
