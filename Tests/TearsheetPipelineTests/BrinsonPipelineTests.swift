import Foundation
import Testing
import TearsheetAttribution
import TearsheetIngest
import TearsheetReport
import TearsheetValuation
import TearsheetCore
@testable import TearsheetPipeline

/// Brinson-Fachler from real books: the demo config through `BookRunner.run`, the join, and the
/// report section.
@Suite(.serialized) struct BrinsonPipelineTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let demo = root.appendingPathComponent("examples/demo")

    /// One run of the demo book, shared by the tests of this suite.
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

    @Test func demoSectorSegmentsSumToTheBookEveryDay() throws {
        let run = try Self.demoRun.get()
        let s = SectorSegments.compute(ledger: run.ledger, valuation: run.valuation)
        // Mean reversion shorts QQQ: its shorts are their own segment.
        #expect(s.segments == ["US Large Cap Blend", "US Large Cap Growth", "US Large Cap Growth (short)", "Cash"])
        #expect(s.reassignedDays == 0)
        let book = run.valuation.total
        for t in book.days.indices {
            let sum = s.segments.indices.reduce(0.0) { $0 + s.weights[$1][t] * s.returns[$1][t] }
            #expect(abs(sum - book.portfolio[t]) <= 1e-12, "day \(book.days[t])")
            let w = s.segments.indices.reduce(0.0) { $0 + s.weights[$1][t] }
            #expect(abs(w - 1) <= 1e-12)
        }
    }

    @Test func demoBrinsonTotalsEqualTheActiveReturn() throws {
        let run = try Self.demoRun.get()
        let bf = try #require(run.attribution.brinsonFachler)
        let seg = try #require(run.segments)
        // The segment benchmark's segments match the book's sectors; Cash has benchmark weight 0.
        #expect(seg.segments == ["US Large Cap Blend", "US Large Cap Growth", "US Large Cap Growth (short)", "Cash"])
        #expect(seg.benchmarkWeights[2].allSatisfy { $0 == 0 } && seg.benchmarkWeights[3].allSatisfy { $0 == 0 })
        #expect(seg.benchmarkWeights[0].allSatisfy { $0 == 0.6 } && seg.benchmarkWeights[1].allSatisfy { $0 == 0.4 })
        // Each side has one sign, so no segment return is extreme from longs and shorts offsetting.
        #expect(seg.portfolioReturns.allSatisfy { $0.allSatisfy { abs($0) < 0.25 } })
        // Not held: no selection or interaction from that segment on that day.
        for i in seg.segments.indices {
            for t in seg.days.indices where seg.portfolioWeights[i][t] == 0 {
                #expect(seg.portfolioReturns[i][t] == seg.benchmarkReturns[i][t])
            }
        }
        let effects = bf.allocation + bf.selection + bf.interaction
        #expect(abs(effects + bf.residual - bf.activeReturn) <= 1e-12)
        #expect(abs(bf.residual) <= 1e-12)
        #expect(abs(bf.segments.reduce(0.0) { $0 + $1.total } - effects) <= 1e-12)
        // R is the book's compounded time-weighted return; B the 60/40 SPY/QQQ daily mix.
        let book = run.valuation.total
        #expect(abs(bf.portfolioReturn - Stats.compound(book.portfolio)) <= 1e-9 * max(1, abs(bf.portfolioReturn)))
        let spy = run.benchmarks.first { $0.symbol == "SPY" }!.returns, qqq = run.benchmarks.first { $0.symbol == "QQQ" }!.returns
        let mix = book.days.enumerated().map { t, d in t == 0 ? 0 : 0.6 * (spy[d] ?? 0) + 0.4 * (qqq[d] ?? 0) }
        #expect(abs(bf.benchmarkReturn - Stats.compound(mix)) <= 1e-9 * max(1, abs(bf.benchmarkReturn)))
        #expect(abs(bf.activeReturn - (bf.portfolioReturn - bf.benchmarkReturn)) <= 1e-12)
        // The segment file is listed in the provenance with its hash.
        #expect(run.inputs.contains { $0.path == "segment_benchmark.csv" && $0.sha256.count == 64 })
    }

    @Test func demoReportHasTheSectionWithATotalRowEqualToTheActiveReturn() throws {
        let run = try Self.demoRun.get()
        let bf = try #require(run.attribution.brinsonFachler)
        let doc = ReportBuilder(run: run, generatedAt: GenerationTime(secondsSinceEpoch: 0)).build()
        #expect(doc.validate().isEmpty)
        let ids = doc.sections.map(\.id)
        let k = try #require(ids.firstIndex(of: "brinson-fachler"))
        #expect(ids[k - 1] == "benchmark-factors")
        guard case .table(let table) = doc.sections[k].blocks.first else {
            Issue.record("the section does not start with its table")
            return
        }
        #expect(table.rows.count == bf.segments.count + 1)
        let total = try #require(table.rows.last)
        #expect(total.first == .text("Total"))
        #expect(abs((total.last?.number ?? .nan) - bf.activeReturn) <= 1e-12)
        #expect(doc.sections[k].blocks.contains { if case .chart(let c) = $0 { return c.series.count == 3 } else { return false } })
    }

    @Test func withoutASegmentBenchmarkTheSectionIsANote() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tearsheet-bf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = "date,symbol,close\n2024-01-02,SPY,470\n2024-01-03,SPY,468\n"
        try Data(csv.utf8).write(to: dir.appendingPathComponent("prices.csv"))
        try Data("trade_id,timestamp,account,strategy,symbol,side,quantity,price,sector\nT1,2024-01-02,A,s,SPY,BUY,10,470,Broad\n".utf8)
            .write(to: dir.appendingPathComponent("trades.csv"))
        try Data("date,account,amount,type\n2024-01-02,A,10000,DEPOSIT\n".utf8).write(to: dir.appendingPathComponent("cashflows.csv"))
        let config = "name = \"t\"\nbenchmarks = [\"SPY\", \"QQQ\"]\n[inputs]\ntrades = \"trades.csv\"\ncashflows = \"cashflows.csv\"\nprices = \"prices.csv\"\n"
        try Data(config.utf8).write(to: dir.appendingPathComponent("tearsheet.toml"))
        let run = try BookRunner.run(BookRunRequest(configPath: dir.appendingPathComponent("tearsheet.toml").path,
                                                    benchmarksDir: Self.root.appendingPathComponent("benchmarks-data").path))
        #expect(run.attribution.brinsonFachler == nil && run.segments == nil)
        let doc = ReportBuilder(run: run, generatedAt: GenerationTime(secondsSinceEpoch: 0)).build()
        let section = try #require(doc.sections.first { $0.id == "brinson-fachler" })
        #expect(section.blocks.count == 1)
        if case .note = section.blocks[0] {} else { Issue.record("expected a note") }
    }

    @Test func joinGivesOneSidedSegmentsWeightZeroAndRejectsMissingDays() throws {
        let days = [Day(iso: "2024-01-02")!, Day(iso: "2024-01-03")!]
        let p = SectorSegments(days: days, segments: ["Tech", "Cash"], weights: [[0.7, 0.8], [0.3, 0.2]],
                               returns: [[0.01, 0.02], [0, 0]], contributions: [[0.007, 0.016], [0, 0]], reassignedDays: 0)
        let b = SegmentBenchmark(days: [Day(iso: "2024-01-01")!] + days, segments: ["Energy", "Tech"],
                                 weights: [[0.5, 0.5, 0.4], [0.5, 0.5, 0.6]], returns: [[0.1, 0.03, -0.01], [0.2, 0.01, 0.02]], rowCount: 6)
        let j = try BookRunner.joinSegments(portfolio: p, benchmark: b, file: "seg.csv")
        #expect(j.segments == ["Tech", "Cash", "Energy"])
        #expect(j.portfolioWeights == [[0.7, 0.8], [0.3, 0.2], [0, 0]])
        #expect(j.benchmarkWeights == [[0.5, 0.6], [0, 0], [0.5, 0.4]])
        #expect(j.benchmarkReturns == [[0.01, 0.02], [0, 0], [0.03, -0.01]])
        // A side with weight 0 takes the other side's return: Energy (not held) and Cash (not in the benchmark).
        #expect(j.portfolioReturns == [[0.01, 0.02], [0, 0], [0.03, -0.01]])

        let short = SegmentBenchmark(days: [days[0]], segments: ["Tech"], weights: [[1]], returns: [[0.01]], rowCount: 1)
        #expect(throws: TearsheetError.self) { try BookRunner.joinSegments(portfolio: p, benchmark: short, file: "seg.csv") }
    }
}
