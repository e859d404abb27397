import Foundation
import Testing
@testable import TearsheetIngest
import TearsheetCore

@Suite struct BenchmarkTests {
    @Test func returnSeriesBecomesAnIndexFromTheWeekdayBefore() {
        let r = DatedSeries(days: [Day(iso: "2024-01-08")!, Day(iso: "2024-01-09")!], values: [0.1, -0.5])
        let i = SeriesFile.index(fromReturns: r)
        #expect(i.days.map(\.description) == ["2024-01-05", "2024-01-08", "2024-01-09"])
        #expect(i.values[0] == 1)
        #expect(abs(i.values[1] - 1.1) < 1e-15)
        #expect(abs(i.values[2] - 0.55) < 1e-15)
    }

    @Test func storeLoadsAndListsWithProvenance() {
        let d = Fixtures.tempDir()
        _ = Fixtures.write("# source: Test vendor\ndate,adj_close\n2024-01-02,10\n2024-01-03,11\n", name: "SPY.csv", in: d)
        _ = Fixtures.write("date,return\n2024-01-03,0.1\n", name: "QQQ.csv", in: d)
        let store = BenchmarkStore(directory: d.path)
        let (b, f) = store.load(["SPY", "QQQ"], bookRange: Day(iso: "2024-01-02")!...Day(iso: "2024-01-03")!)
        #expect(b.map(\.symbol) == ["SPY", "QQQ"])
        #expect(b[0].source == "Test vendor")
        #expect(b[1].closes.values.count == 2)
        #expect(f.errorCount == 0)
        let list = store.list()
        #expect(list.map(\.symbol) == ["QQQ", "SPY"])
        #expect(list[1].rows == 2 && list[1].first == Day(iso: "2024-01-02"))
    }

    @Test func gapsAreWarnings() {
        let d = Fixtures.tempDir()
        _ = Fixtures.write("date,close\n2024-01-02,10\n2024-01-03,11\n2024-01-12,12\n", name: "SPY.csv", in: d)
        let (b, f) = BenchmarkStore(directory: d.path).load(["SPY"])
        #expect(b.count == 1)
        #expect(f.warnings.map(\.code) == ["benchmark-gap"])
    }

    @Test func missingBenchmarkIsAnError() {
        let (b, f) = BenchmarkStore(directory: Fixtures.tempDir().path).load(["SPY"])
        #expect(b.isEmpty)
        #expect(f.errors.map(\.code) == ["missing-benchmark"])
    }

    /// issue 18: a `--source` note with a line break stays on the `# source:` line, escaped, and
    /// the file reads back.
    @Test func aSourceNoteWithALineBreakIsEscapedAndTheFileReadsBack() throws {
        let today = Day(iso: "2026-01-05")!
        let yahoo = "Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-02,1,1,1,1,10,100\n"
        let (out, findings) = BenchmarkImporter.convert(bytes: Array(yahoo.utf8), sourceName: "/x/SPY.csv", importDate: today,
                                                        note: "Yahoo\nretrieved\r\n2026\u{2028}\u{1B}[2J")
        #expect(findings.items.isEmpty)
        let text = try #require(out?.text)
        #expect(text.hasPrefix("# source: SPY.csv (Yahoo\\u{A}retrieved\\u{D}\\u{A}2026\\u{2028}\\u{1B}[2J)\n# format: yahoo\n"), "\(text)")
        var bytes = Array(text.utf8)
        var f = Findings()
        let back = SeriesFile.read(bytes: &bytes, file: "SPY.csv", accept: [.adjustedClose, .close], findings: &f)
        #expect(!f.hasErrors, "\(f.lines)")
        #expect(back?.series.values == [10.0])
        #expect(back?.comments.first?.contains("\\u{A}retrieved") == true)
    }

    @Test func importsYahooStooqAndReturns() throws {
        let today = Day(iso: "2026-01-05")!
        let yahoo = "Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-03,1,1,1,1,10.5,100\n2024-01-02,1,1,1,1,10,100\n"
        let (y, yf) = BenchmarkImporter.convert(bytes: Array(yahoo.utf8), sourceName: "/x/SPY.csv", importDate: today, note: "Yahoo")
        #expect(yf.items.isEmpty)
        #expect(y?.format == .yahoo)
        #expect(y?.text == """
            # source: SPY.csv (Yahoo)
            # format: yahoo
            # rows: 2
            # first: 2024-01-02
            # last: 2024-01-03
            # imported: 2026-01-05
            date,adj_close
            2024-01-02,10.0
            2024-01-03,10.5

            """)
        let stooq = "Date,Open,High,Low,Close,Volume\n2024-01-02,1,1,1,7,100\n"
        #expect(BenchmarkImporter.convert(bytes: Array(stooq.utf8), sourceName: "s", importDate: today).output?.format == .stooq)
        let ret = "date,return\n2024-01-02,0.5\n"
        let r = BenchmarkImporter.convert(bytes: Array(ret.utf8), sourceName: "r", importDate: today).output
        #expect(r?.format == .returns)
        #expect(r?.rows == 2)
        #expect(r?.first == Day(iso: "2024-01-01"))
        // The canonical text reads back through the store.
        let d = Fixtures.tempDir()
        let src = Fixtures.write(yahoo, name: "export.csv", in: d)
        let out = try BenchmarkImporter.importFile(path: src, symbol: "SPY", directory: d.appendingPathComponent("bench").path, importDate: today)
        #expect(out.output.rows == 2)
        let (b, f) = BenchmarkStore(directory: d.appendingPathComponent("bench").path).load(["SPY"])
        #expect(f.items.isEmpty)
        #expect(b.first?.closes.values == [10, 10.5])
        #expect(b.first?.source == "export.csv")
    }

    @Test func defaultDirectoryPrefersEnvironmentThenWalksUp() throws {
        #expect(BenchmarkStore.defaultDirectory(environment: ["TEARSHEET_BENCHMARKS": "/x/y"], currentDirectory: "/") == "/x/y")
        let root = Fixtures.tempDir()
        let deep = root.appendingPathComponent("a/b/c")
        try FileManager.default.createDirectory(at: deep, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("benchmarks-data"), withIntermediateDirectories: true)
        let found = BenchmarkStore.defaultDirectory(environment: [:], currentDirectory: deep.path, executableFolder: "/")
        #expect(found == root.appendingPathComponent("benchmarks-data").path)
    }
}
