import Testing
@testable import TearsheetReport
import TearsheetCore
import TearsheetMetrics

/// Issue 19, item 5: amounts carry their currency, day counts their unit, no raw float or
/// Markdown syntax reaches a report.
@Suite struct PresentationTests {
    let f = CellFormatter()

    @Test func dayCountsAreWholeDaysWithTheirUnit() {
        #expect(f.string(.days(12)) == "12 days")
        #expect(f.string(.days(3.7692)) == "4 days")
        #expect(f.string(.days(1)) == "1 day")
        #expect(f.string(.days(0.4)) == "0 days")
        #expect(f.string(.days(1_234.5)) == "1,235 days")
        #expect(Cell.number(3.5, kind: .days) == .days(3.5))
    }

    @Test func tinyRemaindersPrintAsZero() {
        #expect(NumberText.snapped(-1.04e-17) == 0)
        #expect(NumberText.snapped(2e-9) == 2e-9)
        #expect(NumberText.snapped(5e-4, scale: 1e6) == 0)
        #expect(ReportBuilder.fixed(-2.0486432736313125e-16) == "0.0000%")
        #expect(ReportBuilder.fixed(2.081379) == "208.1379%")
    }

    @Test func markdownSyntaxBecomesPlainText() {
        #expect(MarkdownText.plain("QuantStats 0.0.86 `worst`; **note**") == "QuantStats 0.0.86 worst; note")
        #expect(MarkdownText.plain("r_t * w_t") == "r_t * w_t")
    }

    @Test func currencyGoesOnAmountColumnsAndMixedRowsLabels() {
        let mixed = ReportTable(id: "t", title: "T", columns: [ReportColumn("Item", .text), ReportColumn("Value", .text)],
                                rows: [[.text("NAV"), .currency(5)], [.text("Days"), .integer(3)], [.text("Fees (USD)"), .currency(1)]])
        let amounts = ReportTable(id: "u", title: "U", columns: [ReportColumn("Name", .text), ReportColumn("Market value", .currency),
                                                                 ReportColumn("Weight", .percent)],
                                  rows: [[.text("SPY"), .currency(1), .percent(0.5)], [.text("QQQ"), .empty(reason: nil), .percent(0.5)]])
        let chart = ReportChart(id: "c", title: "NAV", kind: .line, x: .categories(["a"]), series: [ChartSeries(name: "x", values: [1])], unit: .currency)
        let out = CurrencyLabels.apply([ReportSection(id: "s", title: "S", blocks: [.table(mixed), .table(amounts), .chart(chart)])], code: "USD")
        let t = out[0].tables
        #expect(t[0].columns.map(\.header) == ["Item", "Value"])
        #expect(t[0].rows.map { $0[0] } == [.text("NAV (USD)"), .text("Days"), .text("Fees (USD)")])
        #expect(t[1].columns.map(\.header) == ["Name", "Market value (USD)", "Weight"])
        #expect(t[1].rows[0][0] == .text("SPY"))
        #expect(out[0].charts[0].title == "NAV (USD)")
    }

    @Test func theConfigEchoOfAnAccountLeavesOutTheOthers() {
        let text = """
        name = "Book"
        [inputs]
        trades = "trades.csv"

        # Strategy capital
        [strategies.trend]
        capital = 100
        [strategies.other]
        capital = 5

        # A composite of every mandate
        [[composites]]
        name = "All"
        accounts = ["ACC-1", "ACC-10", "ACC-2"]
        [report]
        title = "Report for ACC-10 and friends"
        accounts = "each"
        """
        let echo = ConfigEcho.forAccount(text, account: "ACC-1", otherAccounts: ["ACC-10", "ACC-2"], strategies: ["trend"], includeBookSections: false)
        #expect(!echo.contains("ACC-10") && !echo.contains("ACC-2") && !echo.contains("name = \"All\"") && !echo.contains("# A composite"))
        #expect(echo.contains("[strategies.trend]\ncapital = 100") && !echo.contains("[strategies.other]"))
        #expect(echo.contains("accounts = \"each\"") && echo.contains("trades = \"trades.csv\""))
        #expect(echo.contains("# Left out: 1 [[composites]] table"))
        #expect(echo.contains("1 [strategies.*] table") && echo.contains("1 line naming another account"))
        #expect(ConfigEcho.mentions("a ACC-1, b", "ACC-1") && !ConfigEcho.mentions("ACC-10", "ACC-1") && !ConfigEcho.mentions("XACC-1", "ACC-1"))
        let kept = ConfigEcho.forAccount(text, account: "ACC-1", otherAccounts: ["ACC-10", "ACC-2"], strategies: ["trend"], includeBookSections: true)
        #expect(kept.contains("[[composites]]") && kept.contains("ACC-10"))
    }

    @Test func histogramBinsSplitAtZeroAndCountEveryValue() {
        let bins = Histogram.bins([-0.031, -0.004, 0, 0.004, 0.012, 0.0199, .nan])
        #expect(bins.map(\.count).reduce(0, +) == 6)
        #expect(abs((bins.first?.lower ?? 0) + 0.035) < 1e-12 && abs((bins.last?.upper ?? 0) - 0.02) < 1e-12)
        // 0 opens a bin: the losses and gains never share one.
        #expect(bins.contains { $0.lower == 0 && $0.count == 2 } && bins.contains { $0.upper == 0 && $0.count == 1 })
        #expect(Histogram.bins([]).isEmpty)
        #expect(Histogram.bins((0..<100).map { Double($0) / 10 }).count <= 24)
    }
}
