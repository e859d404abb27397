import Foundation
import Testing
import TearsheetDemo
import TearsheetReport

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
}
