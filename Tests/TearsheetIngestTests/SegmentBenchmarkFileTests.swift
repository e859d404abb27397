import Testing
@testable import TearsheetIngest
import TearsheetCore

/// `segment_benchmark.csv`: dense weights and returns, and the located findings of bad files.
@Suite struct SegmentBenchmarkFileTests {
    func read(_ text: String) -> (SegmentBenchmark?, [Finding]) {
        var findings = Findings()
        var bytes = Array(text.utf8)
        let out = SegmentBenchmarkFile.read(bytes: &bytes, file: "seg.csv", findings: &findings)
        return (out, findings.items)
    }

    @Test func readsADenseTableInAnyRowOrder() throws {
        let (b, f) = read("""
        date,segment,weight,return
        2024-01-03,Tech,0.5,0.02
        2024-01-02,Tech,0.6,0.01
        2024-01-02,Energy,0.4,-0.005
        2024-01-03,Energy,0.25,0
        2024-01-03,Cash,0.25,0.0001

        """)
        #expect(f.isEmpty)
        let s = try #require(b)
        #expect(s.days.map(\.description) == ["2024-01-02", "2024-01-03"])
        #expect(s.segments == ["Tech", "Energy", "Cash"])
        #expect(s.weights == [[0.6, 0.5], [0.4, 0.25], [0, 0.25]])
        #expect(s.returns == [[0.01, 0.02], [-0.005, 0], [0, 0.0001]])
        #expect(s.rowCount == 5)
    }

    @Test func weightsThatDoNotSumToOneAreLocated() {
        let (b, f) = read("""
        date,segment,weight,return
        2024-01-02,Tech,0.6,0.01
        2024-01-02,Energy,0.3,0.01
        2024-01-03,Tech,0.6,0.01
        2024-01-03,Energy,0.4000005,0.01

        """)
        #expect(b == nil)
        #expect(f.map(\.code) == ["weights-not-one"])
        #expect(f.first?.file == "seg.csv" && f.first?.line == 2 && f.first?.column == 3)
        #expect(f.first?.message.contains("2024-01-02") == true)
    }

    @Test func badDateAndBadReturnAreLocated() {
        let (b, f) = read("""
        date,segment,weight,return
        2024-02-30,Tech,1,0.01
        2024-01-03,Tech,1,-1
        2024-01-04,Tech,1,x

        """)
        #expect(b == nil)
        #expect(f.map(\.code) == ["impossible-date", "return-below-minus-one", "bad-number"])
        #expect(f.map(\.line) == [2, 3, 4])
        #expect(f.map(\.column) == [1, 4, 4])
    }

    @Test func duplicateSegmentOfADayIsAnError() {
        let (b, f) = read("""
        date,segment,weight,return
        2024-01-02,Tech,0.5,0.01
        2024-01-02,Tech,0.5,0.01

        """)
        #expect(b == nil)
        #expect(f.map(\.code) == ["duplicate-segment", "weights-not-one"])
        #expect(f.first?.line == 3 && f.first?.column == 2)
    }

    @Test func missingColumnIsAnError() {
        let (b, f) = read("date,segment,weight\n2024-01-02,Tech,1\n")
        #expect(b == nil)
        #expect(!f.isEmpty && f.allSatisfy { $0.severity == .error })
    }

    @Test func configResolvesTheSegmentBenchmarkKey() throws {
        let dir = Fixtures.tempDir()
        _ = Fixtures.write("trade_id,timestamp,account,strategy,symbol,side,quantity,price\n", name: "trades.csv", in: dir)
        _ = Fixtures.write("date,segment,weight,return\n", name: "seg.csv", in: dir)
        let config = Fixtures.write("""
        name = "x"
        [inputs]
        trades = "trades.csv"
        segment_benchmark = "seg.csv"

        """, name: "tearsheet.toml", in: dir)
        let c = try BookConfig.loadOrThrow(path: config)
        #expect(c.inputs.segmentBenchmark?.hasSuffix("/seg.csv") == true)

        let outside = Fixtures.write("""
        name = "x"
        [inputs]
        trades = "trades.csv"
        segment_benchmark = "../elsewhere.csv"

        """, name: "tearsheet.toml", in: dir)
        #expect(throws: TearsheetError.self) { try BookConfig.loadOrThrow(path: outside) }
    }
}
