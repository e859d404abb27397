import Foundation
import Testing
@testable import TearsheetIngest
import TearsheetCore

/// `LedgerBuilder.readPlainPrices` (the one-pass reader of a prices file in its plain form) gives
/// exactly what the general CSV reader and field decoder give, or declines and leaves the file to
/// them: ledgers, findings and file records compared with the plain path on and off.
@Suite struct PlainPricesTests {
    static func outcome(_ files: InputFiles, plain: Bool) -> IngestResult {
        var o = Fixtures.options
        o.plainPrices = plain
        return ingest(files, options: o)
    }

    static func expectSame(_ files: InputFiles, _ label: String) {
        let general = outcome(files, plain: false), plain = outcome(files, plain: true)
        #expect(plain.ledger == general.ledger, "\(label)")
        #expect(plain.findings.lines == general.findings.lines, "\(label)")
        #expect(plain.files == general.files, "\(label)")
    }

    /// xorshift64*, seeded.
    struct Numbers {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state >> 12; state ^= state << 25; state ^= state >> 27
            return state &* 2_685_821_657_736_338_717
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    /// A prices file in the plain form: `symbols` closes on each weekday from 2024-01-02.
    static func plainFile(_ rng: inout Numbers, symbols: [String], days: Int, crlf: Bool, finalNewline: Bool) -> [UInt8] {
        let end = crlf ? "\r\n" : "\n"
        var text = "date,symbol,close" + end
        var d = Day(iso: "2024-01-02")!
        var written = 0
        var rows: [String] = []
        while written < days {
            if !d.isWeekend {
                for s in symbols {
                    let close = Double(1 + rng.below(90_000)) / Double([1, 10, 100, 1000][rng.below(4)])
                    rows.append("\(d),\(s),\(close)")
                }
                written += 1
            }
            d = d.adding(days: 1)
        }
        text += rows.joined(separator: end)
        if finalNewline { text += end }
        return Array(text.utf8)
    }

    @Test func aPlainFileIsReadByThePlainPath() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        var rng = Numbers(state: 7)
        let path = dir.appendingPathComponent("prices.csv").path
        try Data(Self.plainFile(&rng, symbols: ["SPY", "QQQ", "BRK.B"], days: 30, crlf: true, finalNewline: false)).write(to: URL(fileURLWithPath: path))
        var builder = LedgerBuilder(options: Fixtures.options)
        var symbols = builder.symbols
        var s: [Int32] = [], d: [Day] = [], v: [Double] = [], l: [Int32] = []
        #expect(builder.readPlainPrices(path: path, symbols: &symbols, rowSymbol: &s, rowDay: &d, rowValue: &v, rowLine: &l))
        #expect(s.count == 90 && l.first == 2 && l.last == 91)
        #expect(builder.files.count == 1 && builder.files[0].dataRows == 90)
        // A space before a close: declined, nothing changed.
        var bytes = Self.plainFile(&rng, symbols: ["SPY"], days: 3, crlf: false, finalNewline: true)
        bytes.insert(0x20, at: bytes.count - 3)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        var other = LedgerBuilder(options: Fixtures.options)
        var otherSymbols = other.symbols
        var s2: [Int32] = [], d2: [Day] = [], v2: [Double] = [], l2: [Int32] = []
        #expect(!other.readPlainPrices(path: path, symbols: &otherSymbols, rowSymbol: &s2, rowDay: &d2, rowValue: &v2, rowLine: &l2))
        #expect(s2.isEmpty && other.files.isEmpty && otherSymbols.count == 0)
    }

    /// The happy book and every case of the malformed corpus.
    @Test func fixturesIngestTheSameEitherWay() {
        let fm = FileManager.default
        var checked = 0
        for dir in [Fixtures.happy] + MalformedCorpusTests.cases.map({ Fixtures.malformed.appendingPathComponent($0) }) {
            func has(_ f: String) -> String? {
                let p = dir.appendingPathComponent(f).path
                return fm.fileExists(atPath: p) ? p : nil
            }
            guard has("trades.csv") != nil || has("positions.csv") != nil else { continue }
            Self.expectSame(InputFiles(trades: has("trades.csv"), positions: has("positions.csv"), cashFlows: has("cashflows.csv"),
                                       prices: has("prices.csv")), dir.lastPathComponent)
            checked += 1
        }
        #expect(checked >= 30)
    }

    /// 300 seeded prices files beside the happy book's trades: plain ones (LF or CRLF, with or
    /// without a final line end) and the same with one defect planted (a space, a quote, a
    /// byte-order mark, a comment, a fourth column, a blank line, a zero, negative or malformed
    /// close, an impossible date, a non-ASCII symbol, a repeated row, another header).
    @Test func seededFilesIngestTheSameEitherWay() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let prices = dir.appendingPathComponent("prices.csv")
        let trades = Fixtures.happy.appendingPathComponent("trades.csv").path
        var rng = Numbers(state: 0x5EED)
        let defects: [(inout [UInt8], inout Numbers) -> Void] = [
            { _, _ in },
            { b, r in b.insert(0x20, at: 18 + r.below(b.count - 18)) },
            { b, r in b.insert(0x22, at: 18 + r.below(b.count - 18)) },
            { b, _ in b.insert(contentsOf: [0xEF, 0xBB, 0xBF], at: 0) },
            { b, _ in b.insert(contentsOf: Array("# source: test\n".utf8), at: 0) },
            { b, r in if let i = b.indices.dropFirst(18 + r.below(b.count - 18)).first(where: { b[$0] == 0x0A }) { b.insert(contentsOf: Array(",x".utf8), at: i) } },
            { b, r in if let i = b.indices.dropFirst(18 + r.below(b.count - 18)).first(where: { b[$0] == 0x0A }) { b.insert(0x0A, at: i) } },
            { b, _ in b.append(contentsOf: Array("\n2024-01-02,SPY,0".utf8)) },
            { b, _ in b.append(contentsOf: Array("\n2024-01-02,SPY,-3.5".utf8)) },
            { b, _ in b.append(contentsOf: Array("\n2024-01-02,SPY,1e".utf8)) },
            { b, _ in b.append(contentsOf: Array("\n2024-02-30,SPY,1".utf8)) },
            { b, _ in b.append(contentsOf: Array("\n2024-01-02,SPÝ,1".utf8)) },
            { b, _ in b.append(contentsOf: Array("\n2024-01-02,SPY,471".utf8)) },
            { b, _ in b.replaceSubrange(0..<17, with: Array("Date,Symbol,Close".utf8)) },
        ]
        for k in 0..<300 {
            var bytes = Self.plainFile(&rng, symbols: ["SPY", "QQQ"], days: 3 + rng.below(20), crlf: rng.below(2) == 0, finalNewline: rng.below(2) == 0)
            let defect = k % defects.count
            defects[defect](&bytes, &rng)
            try Data(bytes).write(to: prices)
            Self.expectSame(InputFiles(trades: trades, prices: prices.path), "file \(k), defect \(defect)")
        }
    }
}
