import Foundation
import Testing
import TearsheetDemo
import TearsheetReport
import TearsheetCore
import TearsheetPipeline

/// The soak run's random books (`RandomBook`): deterministic per seed, valid (the pipeline runs
/// them without an error finding), and the seeds the soak found bugs with, kept as regressions.
@Suite("Random books")
struct RandomBookTests {
    static let calendar: [Day]? = {
        guard let root = repositoryRoot() else { return nil }
        return try? SeriesFile.load(root.appendingPathComponent("benchmarks-data/SPY.csv")).days
    }()

    static func write(_ seed: UInt64) throws -> (URL, RandomBook.Summary) {
        let cal = try #require(calendar)
        let root = try #require(repositoryRoot())
        let folder = temporaryFolder("random-\(seed)")
        let s = try RandomBook.write(seed: seed, calendar: cal, to: folder,
                                     benchmarksDir: root.appendingPathComponent("benchmarks-data").path)
        return (folder, s)
    }

    @Test("The same seed writes the same bytes; another seed another book")
    func deterministic() throws {
        let (a, sa) = try Self.write(17)
        let (b, sb) = try Self.write(17)
        let (c, _) = try Self.write(18)
        defer { for f in [a, b, c] { try? FileManager.default.removeItem(at: f) } }
        #expect(sa == sb)
        for name in RandomBook.fileNames {
            let x = try Data(contentsOf: a.appendingPathComponent(name))
            #expect(x == (try Data(contentsOf: b.appendingPathComponent(name))), "\(name) differs between two runs of seed 17")
        }
        #expect(try Data(contentsOf: a.appendingPathComponent("trades.csv")) != Data(contentsOf: c.appendingPathComponent("trades.csv")))
    }

    @Test("Seeds 1-200 cover every size class, one-day books, shorts, late funding and full withdrawals")
    func coverage() throws {
        let cal = try #require(Self.calendar)
        let usable = cal.drop { $0 < RandomBook.earliestStart }.count
        let shapes = (UInt64(1)...200).map { RandomBook.shape(seed: $0, usableDays: usable) }
        #expect(shapes.contains { $0.days == 1 })
        #expect(shapes.contains { $0.targetTrades == 1 })
        #expect(shapes.contains { $0.targetTrades >= 15_000 })
        #expect(shapes.contains { $0.days >= 2_000 })
        #expect(Set(shapes.map(\.accounts)) == [1, 2, 3, 4])
        #expect(Set(shapes.map(\.strategies)) == [1, 2, 3, 4, 5, 6])
        #expect(Set(shapes.map(\.flowTiming)) == ["start-of-day", "end-of-day"])
        #expect(shapes.allSatisfy { $0.startIndex >= 0 && $0.startIndex + $0.days <= usable })
    }

    /// Seeds of small books (fast in a debug build) that between them have every feature.
    static let sampleSeeds: [UInt64] = {
        guard let cal = calendar else { return [] }
        let usable = cal.drop { $0 < RandomBook.earliestStart }.count
        return Array((UInt64(1)...60).filter { RandomBook.shape(seed: $0, usableDays: usable).targetTrades <= 600 }.prefix(12))
    }()

    @Test("Generated books run through the pipeline with no error finding; contributions sum to the return",
          arguments: sampleSeeds)
    func valid(_ seed: UInt64) throws {
        let (folder, summary) = try Self.write(seed)
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try BookRunner.run(BookRunRequest(configPath: folder.appendingPathComponent("tearsheet.toml").path))
        #expect(run.warnings.allSatisfy { $0.severity != .error })
        // Only the warnings the generator means to cause.
        let expected: Set<String> = ["stale-price", "no-capital", "benchmark-missing-day", "benchmark-gap"]
        #expect(Set(run.warnings.map(\.code)).isSubset(of: expected), "seed \(seed): \(run.warnings.map(\.code))")
        let t = run.valuation.total
        #expect(t.days.first == summary.firstDay)
        for i in t.days.indices {
            let sum = t.contributions.reduce(0) { $0 + $1[i] }
            #expect(abs(sum - t.portfolio[i]) <= 1e-9, "seed \(seed), \(t.days[i])")
        }
        #expect(run.valuation.roundTrips.count <= summary.trades)
    }

    // MARK: - Hostile books through the whole pipeline

    /// Writes a tiny book (trades, flows, closes of one symbol) on SPY trading days and builds its report.
    static func report(trades: String, flows: String, closes: [(String, String)]) throws -> ReportDocument {
        let root = try #require(repositoryRoot())
        let folder = temporaryFolder("hostile")
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = """
        name = "Hostile"
        benchmarks = ["SPY", "QQQ"]
        benchmarks_dir = "\(root.appendingPathComponent("benchmarks-data").path)"
        [inputs]
        trades = "trades.csv"
        cashflows = "cashflows.csv"
        prices = "prices.csv"

        """
        let prices = "date,symbol,close\n" + closes.map { "\($0.0),X,\($0.1)\n" }.joined()
        for (name, text) in [("tearsheet.toml", config), ("trades.csv", "trade_id,timestamp,account,strategy,symbol,side,quantity,price,fees\n" + trades),
                             ("cashflows.csv", "date,account,amount,type,strategy\n" + flows), ("prices.csv", prices)] {
            try Data(text.utf8).write(to: folder.appendingPathComponent(name))
        }
        let run = try BookRunner.run(BookRunRequest(configPath: folder.appendingPathComponent("tearsheet.toml").path))
        let doc = ReportBuilder(run: run, generatedAt: GenerationTime(secondsSinceEpoch: 1_700_000_000)).build()
        #expect(doc.validate().isEmpty)
        return doc
    }

    static func notes(_ doc: ReportDocument, section: String) -> [ReportNote] {
        doc.sections.first { $0.id == section }?.blocks.compactMap { if case .note(let n) = $0 { return n } else { return nil } } ?? []
    }

    @Test("A book whose NAV goes to zero by trading: the summary says \"Total loss on DATE\" and compounding stops")
    func totalLossReport() throws {
        let doc = try Self.report(
            trades: "t1,2024-03-11,A,s,X,BUY,100,100,0\nt2,2024-03-12,A,s,X,SELL,100,0.05,5\n",
            flows: "2024-03-11,A,10000,DEPOSIT,s\n",
            closes: [("2024-03-11", "100"), ("2024-03-12", "0.05"), ("2024-03-13", "0.05"), ("2024-03-14", "0.05"), ("2024-03-15", "0.05")])
        let warning = try #require(Self.notes(doc, section: "summary").first)
        #expect(warning.isWarning)
        #expect(warning.text.hasPrefix("Total loss on 2024-03-12: the book lost all of its capital."))
        #expect(warning.text.contains("3 later trading days"))
        // The growth-of-1 curve stays at 0 after the loss.
        let chart = doc.sections.first { $0.id == "summary" }?.blocks.compactMap { if case .chart(let c) = $0 { return c } else { return nil } }.first
        let growth = try #require(chart?.series.first?.values)
        #expect(growth.dropFirst().allSatisfy { $0 == 0 })
    }

    @Test("A one-day book reports without a crash, and without a total-loss note")
    func oneDayReport() throws {
        let doc = try Self.report(trades: "t1,2024-03-11,A,s,X,BUY,10,100,1\n", flows: "2024-03-11,A,5000,DEPOSIT,s\n",
                                  closes: [("2024-03-11", "101")])
        #expect(Self.notes(doc, section: "summary").allSatisfy { !$0.text.contains("Total loss") })
        #expect(doc.sections.contains { $0.id == "metrics" })
    }
}
