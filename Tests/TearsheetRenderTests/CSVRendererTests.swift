import Testing
@testable import TearsheetRender
import TearsheetCore
import TearsheetReport

@Suite struct CSVRendererTests {
    @Test func quotingFollowsRFC4180() {
        #expect(CSVRenderer.field("plain") == "plain")
        #expect(CSVRenderer.field("a,b") == "\"a,b\"")
        #expect(CSVRenderer.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVRenderer.field("two\nlines") == "\"two\nlines\"")
    }

    @Test func formulaPrefixesAreNeutralised() {
        for t in ["=1+1", "+cmd", "-2", "@SUM(A1)", "\tx"] {
            #expect(CSVRenderer.text(.text(t)) == "'" + t)
        }
        #expect(CSVRenderer.text(.text("Momentum")) == "Momentum")
        // Negative numbers are numbers, not text: never prefixed.
        #expect(CSVRenderer.text(.percent(-0.5)) == "-0.5")
    }

    @Test func numbersArePlainAndFullPrecision() {
        #expect(CSVRenderer.text(.percent(0.1 + 0.2)) == "0.30000000000000004")
        #expect(CSVRenderer.text(.decimal(1e-7)) == "0.0000001")
        #expect(CSVRenderer.text(.currency(1e16)) == "10000000000000000")
        #expect(CSVRenderer.text(.currency(1_234_567.891)) == "1234567.891")
        #expect(CSVRenderer.text(.date(Day(iso: "2024-02-29")!)) == "2024-02-29")
        #expect(CSVRenderer.text(.empty(reason: "n/a")) == "")
    }

    @Test func plainDecimalsReadBackExactly() {
        var rng = SampleDocuments.LCG(state: 7)
        for _ in 0..<5000 {
            let exponent = Int(rng.next() * 40) - 20
            var v = (rng.next() - 0.5) * 2
            for _ in 0..<abs(exponent) { v = exponent < 0 ? v / 10 : v * 10 }
            let text = NumberText.plain(v)
            #expect(!text.contains("e"), "exponent in \(text)")
            #expect(Double(text) == v, "\(text) does not read back as \(v)")
        }
    }

    @Test func dailySeriesIsWrittenInFull() {
        let doc = SampleDocuments.realistic(years: 2)
        let files = CSVRenderer().files(for: doc)
        let daily = files.first { $0.path == "csv/daily-series.csv" }
        #expect(daily != nil)
        let lines = daily?.contents.split(separator: "\r\n") ?? []
        #expect(lines.count == 2 * 252 + 1)
        #expect(lines.first?.hasPrefix("Date,NAV,Return,SPY,QQQ,Drawdown,Momentum") == true)
        // The strategy named like a script is text in a header: kept verbatim (CSV is not HTML).
        #expect(lines.first?.contains("<script>alert(1)</script>") == true)
    }
}
