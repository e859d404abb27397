import Testing
@testable import TearsheetReport
import TearsheetCore

@Suite struct CellFormatterTests {
    let f = CellFormatter()

    @Test func percentRoundsAsWrittenWithoutNegativeZero() {
        #expect(f.string(.percent(0.012345)) == "1.23%")
        #expect(f.string(.percent(0.0245)) == "2.45%")
        #expect(f.string(.percent(0.01005)) == "1.01%")
        #expect(f.string(.percent(-0.5)) == "-50.00%")
        #expect(f.string(.percent(-0.00001)) == "0.00%")
        #expect(f.string(.percent(0)) == "0.00%")
        #expect(f.string(.percent(1)) == "100.00%")
        #expect(f.string(.percent(12.3456)) == "1,234.56%")
        #expect(CellFormatter(signedPercent: true).string(.percent(0.01)) == "+1.00%")
        #expect(CellFormatter(signedPercent: true).string(.percent(0.00001)) == "0.00%")
        #expect(CellFormatter(signedPercent: true).string(.percent(-0.01)) == "-1.00%")
    }

    @Test func currencyHasThousandsSeparators() {
        #expect(f.string(.currency(-1_234_567.891)) == "-1,234,567.89")
        #expect(f.string(.currency(999.995)) == "1,000.00")
        #expect(f.string(.currency(0.004)) == "0.00")
        #expect(f.string(.currency(-0.004)) == "0.00")
        #expect(f.string(.currency(1e16)) == "10,000,000,000,000,000.00")
        #expect(f.string(.currency(100)) == "100.00")
    }

    @Test func otherKinds() {
        #expect(f.string(.ratio(1.005)) == "1.01")
        #expect(f.string(.ratio(-0.004)) == "0.00")
        #expect(f.string(.decimal(1e-7)) == "0.0000")
        #expect(f.string(.decimal(-2.34567)) == "-2.3457")
        #expect(f.string(.integer(-1_234_567)) == "-1,234,567")
        #expect(f.string(.integer(Int.min)) == "-9,223,372,036,854,775,808")
        #expect(f.string(.date(Day(iso: "2024-02-29")!)) == "2024-02-29")
        #expect(f.string(.text("as is")) == "as is")
        #expect(f.string(.empty(reason: "n/a")) == "—")
    }

    @Test func axisLabels() {
        #expect(f.axisLabel(0.05, unit: .percent, decimals: 0) == "5%")
        #expect(f.axisLabel(0, unit: .percent, decimals: 1) == "0.0%")
        #expect(f.axisLabel(0.1, unit: .percent, decimals: 0) == "10%")
        #expect(f.axisLabel(0.001, unit: .percent, decimals: 1) == "0.1%")
        #expect(f.axisLabel(-0.125, unit: .percent, decimals: 1) == "-12.5%")
        #expect(f.axisLabel(1_500_000, unit: .currency, decimals: 0) == "1,500,000")
        #expect(f.axisLabel(1.25, unit: .ratio, decimals: 2) == "1.25")
    }

    @Test func fixedMatchesRoundingOfTheShortestText() {
        // Against a reference: round the shortest decimal text half away from zero.
        var state: UInt64 = 99
        for _ in 0..<3000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let v = (Double(state >> 11) / Double(1 << 53) - 0.5) * 2000
            let text = NumberText.fixed(v, decimals: 2)
            let back = Double(text)!
            #expect(abs(back - v) <= 0.005 + 1e-9, "\(v) -> \(text)")
            #expect(!text.hasPrefix("-0.00") || back != 0)
        }
    }

    @Test func plainNeverUsesExponents() {
        #expect(NumberText.plain(1e-5) == "0.00001")
        #expect(NumberText.plain(-1.5e-7) == "-0.00000015")
        #expect(NumberText.plain(1e16) == "10000000000000000")
        #expect(NumberText.plain(2.0) == "2")
        #expect(NumberText.plain(-0.0) == "0")
        #expect(NumberText.plain(123.456) == "123.456")
        #expect(NumberText.plain(.nan) == "")
        #expect(Double(NumberText.plain(Double.leastNonzeroMagnitude)) == Double.leastNonzeroMagnitude)
        #expect(Double(NumberText.plain(Double.greatestFiniteMagnitude)) == Double.greatestFiniteMagnitude)
    }

    /// The fast path (Swift's description without an exponent) writes what the general path
    /// writes, and both read back exactly: random bit patterns, every binade, and the edges of the
    /// description's exponent-free range (1e-4 and 2^53).
    @Test func plainFastPathMatchesTheGeneralPath() {
        var values: [Double] = [1e-4, -1e-4, 0.00009999999999999999, 9007199254740992, 9007199254740991, 9007199254740994,
                                0.1, 100, 1e15, 123_456.5, -2.5, 1, -1]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<20_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            values.append(Double(bitPattern: state))
            let scale = Double(sign: .plus, exponent: Int(state >> 58) - 30, significand: 1)
            values.append((Double(state >> 11) / Double(1 << 53) - 0.5) * scale)
        }
        for v in values where v.isFinite {
            let text = NumberText.plain(v)
            #expect(text == NumberText.plainFromDigits(v), "\(v)")
            #expect(Double(text) == v, "\(v) -> \(text)")
            #expect(!text.contains("e") && !text.hasSuffix(".0"), "\(v) -> \(text)")
        }
    }
}

@Suite struct ModelTests {
    @Test func nonFiniteNumbersBecomeEmptyCells() {
        #expect(Cell.number(.nan, kind: .percent) == .empty(reason: "not a finite number"))
        #expect(Cell.number(nil, kind: .ratio, reason: "fewer than 2 returns") == .empty(reason: "fewer than 2 returns"))
        #expect(Cell.number(0.1, kind: .percent, polarity: .higherIsBetter) == .percent(0.1, .higherIsBetter))
    }

    @Test func toneFollowsPolarity() {
        #expect(Cell.percent(0.1, .higherIsBetter).tone == 1)
        #expect(Cell.percent(0.1, .lowerIsBetter).tone == -1)
        #expect(Cell.percent(-0.1, .lowerIsBetter).tone == 1)
        #expect(Cell.percent(-0.1, .neutral).tone == 0)
        #expect(Cell.text("x").tone == 0)
    }

    @Test func generationTimeFromSourceDateEpoch() throws {
        let t = try GenerationTime.fromEnvironment(["SOURCE_DATE_EPOCH": "1700000000"], now: 5)
        #expect(t.iso8601 == "2023-11-14T22:13:20Z")
        #expect(try GenerationTime.fromEnvironment([:], now: 86_399).iso8601 == "1970-01-01T23:59:59Z")
        #expect(throws: ReportModelError.invalidSourceDateEpoch("soon")) {
            try GenerationTime.fromEnvironment(["SOURCE_DATE_EPOCH": "soon"], now: 0)
        }
    }

    @Test func validateFindsBrokenInvariants() {
        let p = ReportPeriod(start: Day(iso: "2024-01-02")!, end: Day(iso: "2024-01-03")!)
        let g = GenerationTime(secondsSinceEpoch: 0)
        let bad = ReportTable(id: "Bad Id", title: "t", columns: [ReportColumn("a", .text)], rows: [[.text("x"), .text("y")]])
        let chart = ReportChart(id: "c", title: "c", kind: .line, x: .categories(["a", "b"]), series: [ChartSeries(name: "s", values: [1])], unit: .ratio)
        let doc = ReportDocument(title: "t", period: p, generatedAt: g,
                                 provenance: Provenance(toolVersion: "0", configText: "", inputs: [], benchmarks: [], period: p, generatedAt: g),
                                 sections: [ReportSection(id: "s", title: "s", blocks: [.table(bad), .chart(chart), .chart(chart)])])
        let problems = doc.validate()
        #expect(problems.contains("table id 'Bad Id' must be lowercase letters, digits, '-' or '_'"))
        #expect(problems.contains("table 'Bad Id' row 1 has 2 cells for 1 columns"))
        #expect(problems.contains("duplicate chart id 'c'"))
        #expect(problems.contains("chart 'c' series 's' has 1 values for 2 x positions"))
    }
}
