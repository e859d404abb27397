import Foundation
import Testing
@testable import TearsheetIngest
import TearsheetCore

/// Large inputs parsed in blocks on several threads (`CSVReader.readBlocks`,
/// `LedgerBuilder.readFileInBlocks`) give the ledger, the findings (items, order, line numbers,
/// suppressed counts) and the file records of the one-thread reader. The block path is forced
/// on small files (threshold 0) with tiny blocks, so every file is cut in many places.
@Suite struct BlockReaderTests {
    /// Options that read every file in blocks of `block` bytes on `threads` threads.
    static func blocked(_ base: IngestOptions = Fixtures.options, threads: Int = 3, block: Int) -> IngestOptions {
        var o = base
        o.parallelism = threads
        o.parallelThreshold = 0
        o.chunkSize = block
        return o
    }

    static func oneThread(_ base: IngestOptions = Fixtures.options) -> IngestOptions {
        var o = base
        o.parallelism = 1
        return o
    }

    static func expectSame(_ files: InputFiles, _ label: String, options: IngestOptions = Fixtures.options,
                           blocks: [Int] = [1, 5, 64, 4096]) {
        let one = ingest(files, options: oneThread(options))
        for b in blocks {
            let many = ingest(files, options: blocked(options, block: b))
            #expect(many.ledger == one.ledger, "\(label), blocks of \(b) bytes")
            #expect(many.findings == one.findings, "\(label), blocks of \(b) bytes")
            #expect(many.findings.lines == one.findings.lines, "\(label), blocks of \(b) bytes")
            #expect(many.files == one.files, "\(label), blocks of \(b) bytes")
        }
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

    /// A trades file of `rows` rows over the fixture calendar, with every `faultEvery`-th row
    /// broken in one of several ways (and line ends chosen by `crlf`).
    static func tradesFile(seed: UInt64, rows: Int, faultEvery: Int, crlf: Bool) -> String {
        var rng = Numbers(state: seed)
        let end = crlf ? "\r\n" : "\n"
        var lines = ["# trades, seeded", "", "trade_id,timestamp,account,strategy,symbol,side,quantity,price,fees,sector"]
        let symbols = ["AAA", "BBB", "CCCC", "DD.E", "FFFFFFFFFFFF"], accounts = ["acc1", "acc2", "account-three"]
        var held: [String: Int] = [:]
        for i in 0..<rows {
            let day = Fixtures.calendar[min(Fixtures.calendar.count - 1, i * Fixtures.calendar.count / max(1, rows))]
            let sym = symbols[rng.below(symbols.count)], acc = accounts[rng.below(accounts.count)]
            let strategy = ["s1", "s2"][rng.below(2)]
            let key = acc + "/" + strategy + "/" + sym
            var side = "BUY", qty = 1 + rng.below(50)
            if let h = held[key], h > 0, rng.below(2) == 0 { side = "SELL"; qty = min(qty, h) }
            held[key, default: 0] += side == "BUY" ? qty : -qty
            // One time of day (or none): trades of a day replay in file order, as generated.
            let time = rng.below(2) == 0 ? "" : "T15:30:00-05:00"
            var fields = ["T\(i)", "\(day)\(time)", acc, strategy, sym, side,
                          "\(qty)", "\(10 + rng.below(90)).\(rng.below(100))", "\(rng.below(3))", ["", "Tech", "Energy"][rng.below(3)]]
            if faultEvery > 0 && i % faultEvery == faultEvery - 1 {
                switch rng.below(7) {
                case 0: fields[6] = "x\(qty)"
                case 1: fields[0] = "T\(max(0, i - 1 - rng.below(5)))"
                case 2: fields.removeLast()
                case 3: fields[5] = "HOLD"
                case 4: fields[1] = "2024-02-30"
                case 5: fields[2] = "acc\u{7}"
                default: fields[7] = ""
                }
            }
            lines.append(fields.joined(separator: ","))
            if rng.below(50) == 0 { lines.append("") }
        }
        return lines.joined(separator: end) + (rng.below(2) == 0 ? end : "")
    }

    static func prices(in dir: URL) -> String {
        var text = "date,symbol,close\n"
        for d in Fixtures.calendar { for s in ["AAA", "BBB", "CCCC", "DD.E", "FFFFFFFFFFFF"] { text += "\(d),\(s),50\n" } }
        return Fixtures.write(text, name: "prices.csv", in: dir)
    }

    @Test(arguments: [(1 as UInt64, false), (2, true), (3, false)])
    func seededTradesFilesGiveTheOneThreadLedger(seed: UInt64, crlf: Bool) {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let trades = Fixtures.write(Self.tradesFile(seed: seed, rows: 600, faultEvery: 0, crlf: crlf), name: "trades.csv", in: dir)
        let files = InputFiles(trades: trades, prices: Self.prices(in: dir))
        let clean = ingest(files, options: Self.oneThread())
        #expect(clean.ledger != nil, "the clean file is valid: \(clean.findings.errors.prefix(3))")
        Self.expectSame(files, "seed \(seed)")
    }

    @Test(arguments: [(11 as UInt64, 7, 200), (12, 3, 5), (13, 2, 1)])
    func faultsGiveTheOneThreadFindingsInOrderAndCapped(seed: UInt64, faultEvery: Int, cap: Int) {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let trades = Fixtures.write(Self.tradesFile(seed: seed, rows: 400, faultEvery: faultEvery, crlf: seed % 2 == 0),
                                    name: "trades.csv", in: dir)
        var options = Fixtures.options
        options.findingCap = cap
        let one = ingest(InputFiles(trades: trades, prices: Self.prices(in: dir)), options: Self.oneThread(options))
        #expect(one.findings.errorCount > 20, "the faults are found")
        Self.expectSame(InputFiles(trades: trades, prices: Self.prices(in: dir)), "seed \(seed)", options: options)
    }

    @Test(arguments: [(false, true), (true, false)])
    func aPlainPricesFileReadInPartsIsTheSame(crlf: Bool, finalNewline: Bool) throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        var rng = PlainPricesTests.Numbers(state: crlf ? 3 : 4)
        // Symbols first seen late in the file, so later parts intern names the earlier ones lack.
        var text = PlainPricesTests.plainFile(&rng, symbols: ["AAA", "BBB", "CCCC"], days: 40, crlf: crlf, finalNewline: true)
        text += PlainPricesTests.plainFile(&rng, symbols: ["ZZZ", "DD.E", "FFFFFFFFFFFF"], days: 30, crlf: crlf,
                                           finalNewline: finalNewline).dropFirst(crlf ? 19 : 18)
        let prices = dir.appendingPathComponent("prices.csv").path
        try Data(text).write(to: URL(fileURLWithPath: prices))
        func read(_ o: IngestOptions) -> LedgerBuilder {
            var b = LedgerBuilder(options: o)
            b.symbols = ByteInterner(names: ["CCCC", "QQQ"])
            b.readPrices(path: prices)
            return b
        }
        let one = read(Self.oneThread())
        #expect(one.files.first?.dataRows == 40 * 3 + 30 * 3)
        #expect(one.symbols.names == ["CCCC", "QQQ", "AAA", "BBB", "ZZZ", "DD.E", "FFFFFFFFFFFF"])
        for threads in [2, 3, 5] {
            let many = read(Self.blocked(threads: threads, block: 64))
            #expect(many.prices == one.prices, "\(threads) parts")
            #expect(many.symbols.names == one.symbols.names, "\(threads) parts")
            #expect(many.findings == one.findings, "\(threads) parts")
            #expect(many.files == one.files, "\(threads) parts")
            #expect(many.priceSource.mapValues(\.lines) == one.priceSource.mapValues(\.lines), "\(threads) parts")
        }
        // The general reader reads the same closes: the plain path in parts declined nothing.
        var general = Self.oneThread()
        general.plainPrices = false
        #expect(read(general).prices == one.prices)
    }

    @Test(arguments: [21 as UInt64, 22])
    func positionsAndCashFlowsGiveTheOneThreadTables(seed: UInt64) {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        var rng = Numbers(state: seed)
        var positions = ["date,account,strategy,symbol,quantity,price,market_value,sector"]
        var flows = ["date,account,amount,type,strategy,timing,kind"]
        for i in 0..<300 {
            let day = Fixtures.calendar[i % Fixtures.calendar.count]
            let acc = ["a1", "a2", "acct-3"][rng.below(3)], sym = ["AAA", "BBB", "CCCC", "ZZ"][rng.below(4)]
            let q = rng.below(200) - 50, px = 10 + rng.below(90)
            var mv = "\(q * px)"
            if i % 37 == 36 { mv = "\(q * px + 5)" }
            positions.append("\(day),\(acc),\(["s1", "s2"][rng.below(2)]),\(sym),\(i % 41 == 40 ? "x" : "\(q)"),\(px),\(mv),\(["", "Tech"][rng.below(2)])")
            // Timing and kind only in a few rows, late: the columns start part way through.
            let type = ["DEPOSIT", "DIVIDEND", "FEE", "INTEREST"][rng.below(4)]
            let amount = type == "FEE" ? -(1 + rng.below(9)) : 1 + rng.below(999)
            let timing = i > 150 && rng.below(9) == 0 ? "end" : ""
            let kind = type == "FEE" && i > 200 && rng.below(3) == 0 ? "custody" : ""
            flows.append("\(day),\(acc),\(i % 53 == 52 ? -amount : amount),\(type),\(rng.below(3) == 0 ? "" : "s\(1 + rng.below(2))"),\(timing),\(kind)")
        }
        let files = InputFiles(positions: Fixtures.write(positions.joined(separator: "\n") + "\n", name: "positions.csv", in: dir),
                               cashFlows: Fixtures.write(flows.joined(separator: "\r\n"), name: "cashflows.csv", in: dir))
        func read(_ o: IngestOptions) -> LedgerBuilder {
            var b = LedgerBuilder(options: o)
            b.accounts = ByteInterner(names: ["a2"])
            b.readPositions(path: files.positions!)
            b.readCashFlows(path: files.cashFlows!)
            return b
        }
        let one = read(Self.oneThread())
        #expect(one.findings.errorCount > 5, "the faults are found")
        #expect(!one.cashFlows.timing.isEmpty && !one.cashFlows.kind.isEmpty)
        for b in [1, 40, 200, 4096] {
            let many = read(Self.blocked(block: b))
            #expect(many.positions == one.positions, "blocks of \(b) bytes")
            #expect(many.cashFlows == one.cashFlows, "blocks of \(b) bytes")
            #expect(many.accounts.names == one.accounts.names && many.strategies.names == one.strategies.names
                    && many.symbols.names == one.symbols.names, "blocks of \(b) bytes")
            #expect(many.findings == one.findings, "blocks of \(b) bytes")
            #expect(many.files == one.files, "blocks of \(b) bytes")
        }
    }

    @Test func theMalformedCorpusGivesItsGoldenFindingsInBlocks() throws {
        for name in MalformedCorpusTests.cases {
            let dir = Fixtures.malformed.appendingPathComponent(name)
            guard let expected = try? String(contentsOf: dir.appendingPathComponent("expected.txt"), encoding: .utf8) else { continue }
            for b in [1, 3, 64] {
                let text = MalformedCorpusTests.run(dir, options: Self.blocked(block: b)).joined(separator: "\n") + "\n"
                #expect(text == expected, "case \(name), blocks of \(b) bytes")
            }
        }
    }

    @Test func aFileWithQuotesIsReadOnOneThreadWithTheSameResult() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        var text = Self.tradesFile(seed: 5, rows: 200, faultEvery: 0, crlf: false)
        // A quoted sector holding a line end and a comma, late in the file: a cut after that
        // line feed would split the record.
        text = text.replacingOccurrences(of: ",Tech\n", with: ",\"Te\nch, \"\"x\"\"\"\n")
        let trades = Fixtures.write(text, name: "trades.csv", in: dir)
        let read = try CSVReader.readBlocks(path: trades, workers: 3, blockSize: 64, threshold: 0, cap: 200, header: { _, _ in true },
                                            makeState: { 0 }, row: { n, _ in n += 1 }, consume: { _ in })
        #expect(read == nil, "a file with a quote is not cut")
        Self.expectSame(InputFiles(trades: trades, prices: Self.prices(in: dir)), "quoted")
        let one = ingest(InputFiles(trades: trades, prices: Self.prices(in: dir)), options: Self.oneThread())
        #expect(one.ledger?.trades.sector.contains("Te\nch, \"x\"") == true)
    }

    @Test func blocksCarryExactLinesAndTheWholeFilesHash() throws {
        // Blank lines, CRLF, lone CR and a comment preamble: every row's line is the one-thread one.
        let text = "\u{FEFF}# note\n\na,b\r\n1,2\r\n\r\n3,4\r5,6\n\n7,8\r\n9,10"
        let path = Fixtures.write(text)
        var oneLines: [Int] = [], oneFindings = Findings()
        let one = try CSVReader.read(path: path, findings: &oneFindings, chunkSize: 3) { oneLines.append($0.line) }
        for size in [1, 2, 5, 8, 100] {
            var lines: [Int] = []
            let read = try #require(try CSVReader.readBlocks(path: path, workers: 2, blockSize: size, threshold: 0, cap: 200,
                                                             header: { _, _ in true }, makeState: { [Int]() },
                                                             row: { lines, row in lines.append(row.line) },
                                                             consume: { lines += $0.state }))
            #expect(lines == oneLines, "blocks of \(size)")
            #expect(read.summary == one, "blocks of \(size)")
        }
        #expect(oneLines == [4, 6, 7, 9, 10])
    }

    @Test func lineEndsAreCountedAsTheParserCountsThem() {
        for (text, n) in [("", 0), ("a\nb\n", 2), ("a\r\nb\r\n", 2), ("a\rb\r", 2), ("\r\r\n\n\r", 4), ("abcdefgh\nijklmnop\r\nq", 2)] {
            var bytes = Array(text.utf8)
            let got = bytes.withUnsafeMutableBufferPointer { CSVReader.lineEnds($0.baseAddress ?? UnsafeMutablePointer(bitPattern: 1)!, $0.count) }
            #expect(got == n, "\(text.debugDescription)")
        }
        // Long inputs: the 16-byte lanes, their emptying every 255 rounds, and the tail.
        var rng = Numbers(state: 21)
        for length in [15, 16, 17, 4080, 4096, 5000, 9001] {
            var bytes = (0..<length).map { _ in [UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "a")][rng.below(3)] }
            if length == 9001 { bytes = [UInt8](repeating: 0x0A, count: length) }
            var expected = 0
            for k in bytes.indices where bytes[k] == 0x0A || (bytes[k] == 0x0D && !(k + 1 < bytes.count && bytes[k + 1] == 0x0A)) { expected += 1 }
            let got = bytes.withUnsafeMutableBufferPointer { CSVReader.lineEnds($0.baseAddress!, $0.count) }
            #expect(got == expected, "\(length) bytes")
        }
    }
}
