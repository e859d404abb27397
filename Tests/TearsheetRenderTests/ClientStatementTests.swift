import Foundation
import Testing
import TearsheetIngest
@testable import TearsheetReport
@testable import TearsheetRender
import TearsheetCore
import TearsheetPipeline

/// The client profile on the small fixed book (Fixtures/small-book, Q1 2024, one account): its
/// default period (the latest full month, March 2024), every new section against figures worked
/// out by hand from trades.csv and cashflows.csv, the section list and its ordering, the golden
/// Markdown, and the PDF read back with poppler.
@Suite struct ClientStatementTests {
    static let config = BookReportGoldenTests.book.appendingPathComponent("tearsheet.toml").path
    static let generated = GenerationTime(secondsSinceEpoch: 1_700_000_000)

    func run(profile: BookConfig.Report.Profile = .client, config: String = Self.config, period: ReportingPeriod? = nil) throws -> BookRun {
        var request = BookRunRequest(configPath: config, benchmarksDir: BookReportGoldenTests.benchmarks.path, period: period)
        request.profile = profile
        // As `BookReportSet.write` runs a report: the profile's default period applied to the loaded book.
        let book = try BookRunner.load(request)
        return try BookRunner.analyse(BookRunner.withProfile(book, book.config.report.profile), account: nil)
    }

    func document(_ run: BookRun) -> ReportDocument { ReportBuilder(run: run, generatedAt: Self.generated).build() }

    func table(_ doc: ReportDocument, _ id: String) throws -> ReportTable { try #require(doc.allTables.first { $0.id == id }) }

    @Test func clientProfileCoversTheLatestFullMonthWithItsSections() throws {
        let r = try run()
        // The book's last valued day is 2024-03-28 (29 March was Good Friday); the next trading day is in April.
        #expect(r.reportingPeriod == Day(iso: "2024-03-01")!...Day(iso: "2024-03-28")!)
        let doc = document(r)
        #expect(doc.validate().isEmpty)
        #expect(doc.sections.map(\.id) == ["cover", "performance-periods", "growth", "holdings", "transactions", "income-fees",
                                          "change-in-value", "disclosures"])
        #expect(doc.title == "Statement for account ACC-1" || doc.title == "Statement: Small fixed book")
    }

    /// Hand-checked: SPY 100 + 50 - 120 = 30 left (the 50 bought at 483.51, FIFO), QQQ 80 - 30 = 50
    /// (bought at 397.25); cash = deposits 125,000 - 2,000 + 12.50 interest - 25 fee - 30,624.90
    /// net of the nine trades' money - 11.25 of commissions = 92,351.35; closes of 2024-03-28.
    @Test func holdingsAddUpToTheNAV() throws {
        let r = try run()
        let h = try #require(HoldingsStatement.compute(valuation: r.valuation, ledger: r.ledger))
        #expect(h.day == Day(iso: "2024-03-28")!)
        #expect(h.lines.map(\.symbol) == ["QQQ", "SPY"])
        let qqq = h.lines[0], spy = h.lines[1]
        #expect(spy.units == 30 && qqq.units == 50)
        #expect(abs(spy.cost - 30 * 483.51) < 1e-9 && abs(qqq.cost - 50 * 397.25) < 1e-9)
        #expect(abs(spy.marketValue - 30 * 509.3302917480469) < 1e-9)
        #expect(abs(spy.unrealised - (spy.marketValue - spy.cost)) < 1e-9)
        #expect(abs(try #require(h.cash) - 92_351.35) < 1e-6)
        #expect(h.reconciles)
        let nav = try #require(r.valuation.total.nav.last)
        #expect(abs(h.cash! + h.marketValue - nav) < 0.005)
        // The table's total line is the NAV, to the cent.
        let t = try table(document(r), "holdings")
        let total = try #require(t.rows.last)
        #expect(total[0] == .text("Total (NAV)"))
        #expect(abs((total[3].number ?? .nan) - r.valuation.total.nav.last!) < 0.005)
        #expect(t.rows.contains { $0[0] == .text("Cash") && abs(($0[3].number ?? .nan) - 92_351.35) < 1e-6 })
    }

    /// March holds T8 (BUY 40 SPY at 499.73) and T9 (SELL 40 at 499.87): two trades, as the period statement counts them.
    @Test func transactionsAreTheTradesOfThePeriod() throws {
        let r = try run()
        let t = try table(document(r), "transactions")
        let trades = t.rows.dropLast()
        #expect(trades.count == 2)
        #expect(trades.count == r.periodStatement?.trades)
        #expect(trades.map { $0[2] } == [.text("BUY"), .text("SELL")])
        #expect(abs((trades.first?[5].number ?? .nan) - -19_989.2) < 1e-9)   // 40 x 499.73 paid
        #expect(abs((trades.first?[7].number ?? .nan) - -19_990.45) < 1e-9)  // and 1.25 of fees
        #expect(t.rows.last?[0] == .text("Total (2 trades)"))
        // A whole-history client statement lists all nine trades.
        let all = try table(document(try run(period: ReportingPeriod(from: nil, to: nil))), "transactions")
        #expect(all.rows.count == 10)
        #expect(try table(document(try run(period: ReportingPeriod(from: nil, to: nil))), "transactions-flows").rows.count == 5)
    }

    /// March: no flow in or out, the 25 FEE of 2024-03-21 and 2 x 1.25 of commissions; the change in value reconciles to the cent.
    @Test func incomeFeesAndChangeInValueReconcile() throws {
        let r = try run()
        let doc = document(r)
        let totals = try table(doc, "income-fees-totals")
        func value(_ label: String) -> Double? { totals.rows.first { $0[0] == .text(label) }?[1].number }
        #expect(value("Total income") == 0)
        #expect(value("Trade commissions (2 trades)") == -2.5)
        #expect(value("Total fees") == -27.5)
        let s = try #require(r.periodStatement)
        #expect(abs(s.fees - 27.5) < 1e-9)
        let c = try table(doc, "change-in-value")
        let amounts = c.rows.map { $0[1].number ?? .nan }
        // opening + deposits + withdrawals + income + fees + gain = closing, and the difference row is that gap.
        #expect(abs(amounts[0] + amounts[1] + amounts[2] + amounts[3] + amounts[4] + amounts[5] - amounts[6]) < 0.005)
        #expect(abs(amounts[7]) < 0.005)
        #expect(abs(amounts[6] - r.valuation.total.nav.last!) < 1e-9)
        #expect(!doc.sections.flatMap(\.blocks).contains { if case .note(let n) = $0 { return n.isWarning } else { return false } })
    }

    @Test func performanceShowsTimeAndMoneyWeightedReturnsBesideTheBenchmarks() throws {
        let r = try run()
        let t = try table(document(r), "performance-periods")
        #expect(t.columns.map(\.header) == ["Window", "From", "Time-weighted", "Time-weighted, gross of fees", "Money-weighted (XIRR)", "SPY", "QQQ"])
        // The period is the month to date: the MTD row says so, with the period's own figures, and no row repeats it.
        #expect(!t.rows.contains { $0[0] == .text("Period") })
        let mtd = try #require(t.rows.first)
        #expect(mtd[0] == .text("MTD (this statement)"))
        #expect(abs((mtd[2].number ?? .nan) - (try #require(r.periodAttribution)).totalReturn) < 1e-12)
        #expect(abs((mtd[4].number ?? .nan) - (try #require(r.periodMoneyWeighted?.xirrPeriod.double))) < 1e-12)
        // A period that is no trailing window gets its own row.
        let feb = try table(document(try run(period: ReportingPeriod.parse("2024-01-15..2024-02-20"))), "performance-periods")
        #expect(feb.rows.first?[0] == .text("Period"))
        // Under a year nothing is annualised.
        #expect(t.rows.contains { $0[0] == .text("ITD (cumulative, under a year)") })
    }

    @Test func sectionsChooseAndOrderTheReport() throws {
        let tmp = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(tmp) }
        let fm = FileManager.default
        for f in ["trades.csv", "cashflows.csv", "prices.csv"] {
            try fm.copyItem(at: BookReportGoldenTests.book.appendingPathComponent(f), to: tmp.appendingPathComponent(f))
        }
        let base = try String(contentsOfFile: Self.config, encoding: .utf8)
        let config = tmp.appendingPathComponent("tearsheet.toml").path
        // The [report] table is not the last table of the file: the key goes in it.
        let text = base.replacingOccurrences(of: "[report]\n", with: "[report]\nsections = [\"holdings\", \"summary\", \"change-in-value\"]\n")
        try text.write(toFile: config, atomically: true, encoding: .utf8)
        #expect(document(try run(profile: .full, config: config)).sections.map(\.id) == ["holdings", "summary", "change-in-value"])
        #expect(document(try run(profile: .client, config: config)).sections.map(\.id) == ["holdings", "summary", "change-in-value"])
        // The full profile is today's report with the holdings, transactions and income sections after stress.
        let full = document(try run(profile: .full))
        #expect(full.sections.map(\.id) == ["summary", "metrics", "returns", "drawdowns", "strategy-attribution", "period-attribution",
                                           "regime-attribution", "week-type-attribution", "benchmark-factors", "brinson-fachler", "trades", "risk", "stress",
                                           "holdings", "transactions", "income-fees", "daily", "data-quality", "methodology"])
    }

    @Test func unknownSectionIsALocatedConfigError() throws {
        let tmp = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(tmp) }
        try "trade_id,timestamp,account,strategy,symbol,side,quantity,price\n".write(to: tmp.appendingPathComponent("trades.csv"), atomically: true, encoding: .utf8)
        let path = tmp.appendingPathComponent("tearsheet.toml").path
        try "name = \"x\"\n[inputs]\ntrades = \"trades.csv\"\n[report]\nprofile = \"client\"\nsections = [\"cover\", \"holding\"]\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let (config, findings) = BookConfig.load(path: path)
        #expect(config == nil)
        #expect(findings.errors.map(\.description) == [
            "\(path):6:1: error: key 'report.sections': unknown section \"holding\"; expected ids from: reporting-period, summary, metrics, returns, drawdowns, strategy-attribution, period-attribution, regime-attribution, week-type-attribution, benchmark-factors, brinson-fachler, trades, risk, stress, holdings, transactions, income-fees, composites, daily, data-quality, methodology, cover, performance-periods, growth, change-in-value, disclosures",
        ])
    }

    /// Every id the config accepts is one the builder knows, and the full profile builds each of them.
    @Test func configSectionIDsAreTheBuildersIDs() throws {
        let r = try run(profile: .full)
        let builder = ReportBuilder(run: r, generatedAt: Self.generated)
        for id in BookConfig.Report.sectionIDs where !["reporting-period", "composites"].contains(id) {
            #expect(builder.sections(for: id).map(\.id) == [id], "section \(id)")
        }
    }

    @Test func clientMarkdownMatchesItsGolden() throws {
        let doc = document(try run())
        let md = try MarkdownRenderer().files(for: doc, templates: try TemplateSet.load(bundled: TestSupport.bundledTemplates))
        try TestSupport.assertGolden(md[0].contents, "small-book-client/report.md")
        for f in CSVRenderer().files(for: doc) where f.path.hasPrefix("csv/holdings") || f.path.hasPrefix("csv/transactions") || f.path.hasPrefix("csv/change") {
            try TestSupport.assertGolden(f.contents, "small-book-client/" + f.path)
        }
    }

    @Test(.enabled(if: Poppler.available, "poppler-utils (pdftotext, pdfinfo) is not installed; bash scripts/setup installs it"))
    func clientPDFHoldsTheStatementInAtMostSixPages() throws {
        let tmp = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(tmp) }
        let doc = document(try run())
        let bytes = try PDFRenderer().render(doc)
        #expect(bytes == (try PDFRenderer().render(doc)), "two renders of one document differ")
        let url = tmp.appendingPathComponent("statement.pdf")
        try Data(bytes).write(to: url)
        let pages = try Poppler.pageCount(url)
        #expect(pages >= 2 && pages <= 6, "\(pages) pages")
        let text = try Poppler.text(url).lowercased()
        for needle in ["spy", "qqq", "499.73", "time-weighted", "money-weighted", "risk-free rate", "change in value", "total (nav)", "disclosures"] {
            #expect(text.contains(needle), "the PDF's text lacks \(needle)")
        }
    }

    /// An options book (the hand-valued lifecycle of OptionsLifecycleTests): on 2024-03-07 the
    /// holdings show contracts with their multiplier and money in units (2 short puts at 4.00 =
    /// -800); the transactions name EXPIRE, ASSIGN, the automatic settlements and the deliveries.
    @Test func optionsShowContractsAndLifecycleEvents() throws {
        let tmp = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(tmp) }
        let days = ["2024-03-04", "2024-03-05", "2024-03-06", "2024-03-07", "2024-03-08", "2024-03-11", "2024-03-12"]
        var prices = "date,symbol,close\n"
        let spy = [505.0, 503, 500, 498, 495, 497, 498], qqq = [435.0, 436, 437, 438, 440, 441, 442]
        for (t, d) in days.enumerated() { prices += "\(d),SPY,\(spy[t])\n\(d),QQQ,\(qqq[t])\n" }
        for (d, p) in zip(days.prefix(4), [3.0, 3.2, 3.5, 4.0]) { prices += "\(d),SPY240308P500,\(p)\n" }
        for (d, p) in zip(days[1..<4], [1.5, 1.0, 0.4]) { prices += "\(d),SPY240308C510,\(p)\n" }
        for (d, p) in zip(days.prefix(4), [6.0, 7.0, 8.0, 9.0]) { prices += "\(d),QQQ240308C430,\(p)\n" }
        for (d, p) in zip(days[2..<4], [0.5, 0.3]) { prices += "\(d),SPY240308P480,\(p)\n" }
        let files = [
            "instruments.csv": """
                symbol,asset_class,multiplier,underlying,expiry,strike,right
                SPY240308P500,option,100,SPY,2024-03-08,500,P
                SPY240308C510,option,100,SPY,2024-03-08,510,C
                SPY240308P480,option,100,SPY,2024-03-08,480,P
                QQQ240308C430,option,100,QQQ,2024-03-08,430,C

                """,
            "trades.csv": """
                trade_id,timestamp,account,strategy,symbol,side,quantity,price,fees
                T1,2024-03-04T10:00:00,A,wheel,SPY240308P500,SHORT,2,3.00,1.30
                T2,2024-03-04T10:05:00,A,wheel,QQQ240308C430,BUY,1,4.00,0
                T3,2024-03-05T11:00:00,A,wheel,SPY240308C510,SHORT,1,1.50,0
                T4,2024-03-06T12:00:00,A,wheel,SPY240308P480,BUY,1,0.50,0
                T5,2024-03-08,A,wheel,SPY240308P480,EXPIRE,1,,
                T6,2024-03-08,A,wheel,SPY240308P500,ASSIGN,2,,
                T7,2024-03-12T14:00:00,A,wheel,SPY,SELL,200,498,0

                """,
            "prices.csv": prices,
            "cashflows.csv": "date,account,amount,type\n2024-03-04,A,100000,DEPOSIT\n",
            "tearsheet.toml": """
                name = "Options book"
                [inputs]
                trades = "trades.csv"
                cashflows = "cashflows.csv"
                prices = "prices.csv"
                instruments = "instruments.csv"
                [report]
                profile = "client"

                """,
        ]
        for (name, text) in files { try text.write(to: tmp.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        let config = tmp.appendingPathComponent("tearsheet.toml").path
        // No full month: the statement covers the whole history (2024-03-04 to 2024-03-12).
        let whole = try run(config: config)
        #expect(whole.reportingPeriod == nil)
        let t = try table(document(whole), "transactions")
        #expect(t.rows.count == 12)
        #expect(t.rows.dropLast().map { $0[2] } == [
            "SHORT", "BUY", "SHORT", "BUY", "EXPIRE", "ASSIGN", "BUY (delivery)", "EXERCISE (at expiry)", "BUY (delivery)", "EXPIRE (at expiry)", "SELL",
        ].map(Cell.text))
        #expect(t.rows[0][3] == .integer(2, .neutral))          // contracts, not units
        #expect(abs((t.rows[0][5].number ?? .nan) - 600) < 1e-9)  // 2 x 100 x 3.00 received
        // Holdings on 2024-03-07: every option still open, in contracts, money in units.
        let held = try run(config: config, period: ReportingPeriod(from: nil, to: Day(iso: "2024-03-07")))
        let doc = document(held)
        let h = try table(doc, "holdings")
        #expect(h.columns.map(\.header) == ["Symbol", "Quantity", "Multiplier", "Price", "Market value (USD)", "Weight", "Cost (USD)", "Unrealised P&L (USD)"])
        let put = try #require(h.rows.first { $0[0] == .text("SPY240308P500") })
        #expect(put[1] == .integer(-2, .neutral) && put[2].number == 100)
        #expect(abs((put[4].number ?? .nan) - -800) < 1e-9 && abs((put[6].number ?? .nan) - -600) < 1e-9)
        #expect(abs((put[7].number ?? .nan) - -200) < 1e-9)
        #expect(h.rows.contains { $0[0] == .text("Total options") })
        // Cash 100,000 + 600 - 1.30 - 400 + 150 - 50 = 100,298.70; NAV 100,388.70 (as valued by hand).
        let cash = try #require(h.rows.first { $0[0] == .text("Cash") })
        #expect(abs((cash[4].number ?? .nan) - 100_298.70) < 1e-6)
        let total = try #require(h.rows.last)
        #expect(abs((total[4].number ?? .nan) - 100_388.70) < 1e-6)
        #expect(!doc.sections.flatMap(\.blocks).contains { if case .note(let n) = $0 { return n.isWarning } else { return false } })
    }
}
