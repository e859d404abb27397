import Foundation
import Testing
import TearsheetAttribution
import TearsheetIngest
import TearsheetReport
import TearsheetValuation
import TearsheetCore
@testable import TearsheetPipeline

/// The demo book's `[[composites]]` through `BookRunner.run` and the report section.
@Suite(.serialized) struct CompositePipelineTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let demo = root.appendingPathComponent("examples/demo")

    static let demoRun: Result<BookRun, TearsheetError> = {
        do {
            return .success(try BookRunner.run(BookRunRequest(
                configPath: demo.appendingPathComponent("tearsheet.toml").path,
                benchmarksDir: root.appendingPathComponent("benchmarks-data").path)))
        } catch let e as TearsheetError {
            return .failure(e)
        } catch {
            return .failure(.internalFailure("\(error)"))
        }
    }()

    @Test func demoCompositeHoldsEveryAccountFromItsFirstFullMonth() throws {
        let run = try Self.demoRun.get()
        let c = try #require(run.composites.first)
        #expect(run.composites.count == 1)
        #expect(c.name == "All mandates" && c.accounts == run.valuation.accounts && c.benchmarks == ["SPY", "QQQ"])
        // Funded on 2014-01-02: January has no beginning value, February is the first full month.
        #expect(c.months.first?.month == YearMonth(year: 2014, month: 1))
        #expect(c.months.first?.members.isEmpty == true)
        #expect(c.months.dropFirst().allSatisfy { $0.members.count == 3 })
        let book = run.valuation.total
        for m in c.months.dropFirst() {
            // Every account is a member, so the composite's assets are the book's NAV at the month's close.
            let t = try #require(book.days.firstIndex(of: m.lastDay))
            #expect(abs(m.assets - book.nav[t]) <= 1e-6 * book.nav[t])
            #expect(abs(m.bookAssets - book.nav[t]) <= 1e-6 * book.nav[t])
            let aw = try #require(m.assetWeighted.value)
            #expect(try #require(m.low) - 1e-15 <= aw && aw <= (try #require(m.high)) + 1e-15)
        }
    }

    /// SPY's 3-year figure against monthly returns taken from month-end closes, not from compounded days.
    @Test func demoBenchmarkExPostStandardDeviationFromMonthEndCloses() throws {
        let run = try Self.demoRun.get()
        let c = try #require(run.composites.first)
        let spy = try #require(run.benchmarks.first { $0.symbol == "SPY" }).closes
        var monthEnds: [Double] = []
        for y in 2016...2019 { for mo in 1...12 where y > 2016 || mo == 12 {
            let end = try #require(Day(year: y, month: mo, day: Day.daysInMonth(year: y, month: mo)))
            let i = try #require(spy.indexOnOrBefore(end))
            monthEnds.append(spy.values[i])
        } }
        let monthly = (1..<monthEnds.count).map { monthEnds[$0] / monthEnds[$0 - 1] - 1 }
        #expect(monthly.count == 36)
        let mean = monthly.reduce(0, +) / 36
        let sd = (monthly.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 36).squareRoot() * 12.0.squareRoot()
        let y2019 = try #require(c.years.first { $0.year == 2019 })
        let got = try #require(y2019.benchmarkExPostStdDev[0].value)
        #expect(abs(got - sd) <= 1e-10)
        #expect(y2019.exPostStdDev.value != nil)
        // 2014 to 2016 hold fewer than 36 composite months (February 2014 is the first).
        #expect(c.years.first { $0.year == 2016 }?.exPostStdDev.value == nil)
        #expect(c.years.first { $0.year == 2017 }?.exPostStdDev.value != nil)
    }

    @Test func reportSectionHasTheAnnualMonthlyAndMemberTables() throws {
        let run = try Self.demoRun.get()
        let doc = ReportBuilder(run: run, generatedAt: GenerationTime(secondsSinceEpoch: 1_700_000_000)).build()
        #expect(doc.validate().isEmpty)
        let s = try #require(doc.sections.first { $0.id == "composite-all-mandates" })
        #expect(s.tables.map(\.id) == ["composite-all-mandates-annual", "composite-all-mandates-monthly", "composite-all-mandates-members"])
        let annual = s.tables[0]
        // The demo book has FEE flows: the composite net of fees, then gross of fees.
        #expect(annual.columns.map(\.header).prefix(6) == ["Year", "Months", "Composite return (net of fees)",
                                                            "Composite return (gross of fees)", "SPY return", "QQQ return"])
        #expect(annual.rows.first?.first == .text("2014 (Feb-Dec)"))
        #expect(annual.rows.count == 13)
        let c = try #require(run.composites.first)
        #expect(annual.rows[5][2] == .percent(try #require(c.years[5].compositeReturn.value), .higherIsBetter))
        let gross = try #require(run.grossComposites.first)
        let grossYear = try #require(gross.years[5].compositeReturn.value)
        #expect(annual.rows[5][3] == .percent(grossYear, .higherIsBetter))
        // Fees only ever cost: gross of fees is at least the net return, year by year.
        for (g, n) in zip(gross.years, c.years) {
            if let gv = g.compositeReturn.value, let nv = n.compositeReturn.value { #expect(gv >= nv - 1e-15) }
        }
        #expect(zip(gross.years, c.years).contains { ($0.compositeReturn.value ?? 0) > ($1.compositeReturn.value ?? 0) })
        let monthly = s.tables[1]
        #expect(monthly.rows.count == c.months.count)
        #expect(monthly.rows[0][3] == .empty(reason: "no account held capital through the whole month"))
        // The composite sits before the daily series.
        let ids = doc.sections.map(\.id)
        #expect(ids.firstIndex(of: "composite-all-mandates")! + 1 == ids.firstIndex(of: "daily")!)
    }

    @Test func aCompositeMayShowSomeOfTheBooksBenchmarks() throws {
        let run = try Self.demoRun.get()
        var config = run.config
        config.composites = [BookConfig.CompositeDefinition(name: "QQQ only", accounts: .all, benchmarks: ["QQQ"])]
        let c = try #require(try BookRunner.composites(config: config, valuation: run.valuation, benchmarks: run.benchmarks).first)
        let all = try #require(run.composites.first)
        #expect(c.benchmarks == ["QQQ"] && c.accounts == all.accounts)
        #expect(c.months.map(\.assetWeighted) == all.months.map(\.assetWeighted))
        #expect(c.months.map(\.benchmarkReturns) == all.months.map { [$0.benchmarkReturns[1]] })
        #expect(c.years.map(\.benchmarkExPostStdDev) == all.years.map { [$0.benchmarkExPostStdDev[1]] })
        // GIPS's default minimum of six: three accounts show no annual dispersion.
        #expect(c.years.allSatisfy { $0.dispersion.value == nil && $0.dispersion.reason?.hasPrefix("not meaningful: 3 accounts") == true })
    }

    @Test func anUnknownAccountIsAConfigErrorOnItsLine() throws {
        let run = try Self.demoRun.get()
        var config = run.config
        config.composites = [BookConfig.CompositeDefinition(name: "Typo", accounts: .named(["PENSION-001", "PENSON-001"]), accountsLine: 42)]
        #expect(throws: TearsheetError.config(file: config.file, message: "line 42: key 'composites.accounts' of composite \"Typo\": unknown account 'PENSON-001'; the book's accounts are \(run.valuation.accounts.joined(separator: ", "))")) {
            _ = try BookRunner.composites(config: config, valuation: run.valuation, benchmarks: run.benchmarks)
        }
    }
}
