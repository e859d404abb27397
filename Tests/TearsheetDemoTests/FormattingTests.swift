import Foundation
import Testing
@testable import TearsheetDemo
import TearsheetCore

@Suite struct FormattingTests {
    @Test func centsAreExactWithTwoDecimals() {
        #expect(TextFormat.cents(0) == "0.00")
        #expect(TextFormat.cents(5) == "0.05")
        #expect(TextFormat.cents(-5) == "-0.05")
        #expect(TextFormat.cents(100) == "1.00")
        #expect(TextFormat.cents(-123_456) == "-1234.56")
        #expect(TextFormat.cents(Int64.max) == "92233720368547758.07")
    }

    @Test func roundingToCentsIsHalfAwayFromZero() {
        #expect(TextFormat.roundToCents(1.005) == 100)  // 1.005 is just below the half in binary
        #expect(TextFormat.roundToCents(0.125) == 13)
        #expect(TextFormat.roundToCents(-0.125) == -13)
        #expect(TextFormat.roundToCents(741.6900024414062) == 74169)
    }

    @Test func closesRoundTripAsShortestText() {
        let text = "741.6900024414062"
        let value = Double(text)
        #expect(value.map(TextFormat.close) == text)
    }

    @Test(arguments: [
        ("2024-03-08", "-05:00"), ("2024-03-11", "-04:00"), ("2024-11-01", "-04:00"), ("2024-11-04", "-05:00"),
        ("2014-03-07", "-05:00"), ("2014-03-10", "-04:00"), ("2014-10-31", "-04:00"), ("2014-11-03", "-05:00"),
        ("2026-01-02", "-05:00"), ("2026-07-31", "-04:00"),
    ])
    func newYorkOffsets(day: String, offset: String) throws {
        let d = try #require(Day(iso: day))
        #expect(TextFormat.newYorkOffset(d) == offset)
    }

    @Test func secondSundayOfMarchAndFirstOfNovember() {
        #expect(TextFormat.nthSunday(2, year: 2024, month: 3)?.description == "2024-03-10")
        #expect(TextFormat.nthSunday(1, year: 2024, month: 11)?.description == "2024-11-03")
        #expect(TextFormat.nthSunday(2, year: 2015, month: 3)?.description == "2015-03-08")
        #expect(TextFormat.nthSunday(1, year: 2020, month: 11)?.description == "2020-11-01")
    }

    @Test func timestampsCarryTheOffset() throws {
        let d = try #require(Day(iso: "2024-07-15"))
        #expect(TextFormat.newYorkTimestamp(d, secondsAfterMidnight: 15 * 3600 + 58 * 60 + 7) == "2024-07-15T15:58:07-04:00")
    }

    @Test func splitMixMatchesTheReferenceStream() {
        // Reference outputs of Vigna's splitmix64.c seeded with 0.
        var g = SplitMix64(seed: 0)
        #expect(g.next() == 0xE220_A839_7B1D_CDAF)
        #expect(g.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(g.next() == 0x06C4_5D18_8009_454F)
    }

    @Test func boundedDrawsStayInRange() {
        var g = SplitMix64(seed: 7)
        for _ in 0..<10_000 {
            let x = g.below(13)
            #expect((0..<13).contains(x))
            let u = g.unit()
            #expect(u >= 0 && u < 1)
            #expect((5...9).contains(g.int(in: 5...9)))
        }
        #expect(g.below(0) == 0)
    }

    @Test func chunkedWriterFormatsAcrossFlushes() throws {
        let folder = temporaryFolder("writer")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("out.txt")
        var w = try ChunkedFileWriter(url: url, capacity: 8)
        var expected = ""
        for v: Int64 in [0, 7, 10, 99, 100, -1, -100_001, Int64.max, Int64.min + 1] {
            w.int(v); w.byte(44); w.cents(v); w.byte(10)
            expected += String(v) + "," + TextFormat.cents(v) + "\n"
            try w.flushIfFull()
        }
        try w.close()
        let written = try String(contentsOf: url, encoding: .utf8)
        #expect(written == expected)
        #expect(w.bytesWritten == expected.utf8.count)
    }

    @Test func seriesFileRejectsBadRowsWithTheirLine() {
        #expect(throws: DemoError.badSeriesFile(path: "x.csv", line: 3, message: "bad date `2024-02-30`, expected YYYY-MM-DD")) {
            try SeriesFile.parse("date,adj_close\n2024-02-28,1\n2024-02-30,2\n", path: "x.csv")
        }
        #expect(throws: DemoError.badSeriesFile(path: "x.csv", line: 4, message: "date 2024-02-27 is not after 2024-02-28")) {
            try SeriesFile.parse("# provenance\ndate,adj_close\n2024-02-28,1\n2024-02-27,2\n", path: "x.csv")
        }
        #expect(throws: DemoError.badSeriesFile(path: "x.csv", line: 2, message: "bad close `-1`, expected a positive number")) {
            try SeriesFile.parse("date,adj_close\r\n2024-02-28,-1\r\n", path: "x.csv")
        }
    }

    @Test func seriesFileReadsCRLFAndComments() throws {
        let s = try SeriesFile.parse("# source: test\r\ndate,adj_close\r\n2024-02-28,1.5\r\n2024-02-29,2\r\n", path: "x.csv")
        #expect(s.days.map(\.description) == ["2024-02-28", "2024-02-29"])
        #expect(s.values == [1.5, 2])
    }
}
