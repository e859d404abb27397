import Foundation
import Testing
import PropertyBased
@testable import TearsheetIngest
#if canImport(Glibc)
import Glibc
#endif
import TearsheetCore

/// Everything a read produces, for comparing a streamed read with a whole-buffer read.
struct CSVReadOutcome: Equatable {
    var summary: CSVSummary
    var rows: [[String]]
    var lines: [Int]
    var findings: [String]
}

/// Reads `bytes` as one buffer (the reference).
func readWhole(_ bytes: [UInt8]) -> CSVReadOutcome {
    var copy = bytes
    var findings = Findings(cap: 10_000)
    var rows: [[String]] = [], lines: [Int] = []
    let s = CSVReader.read(&copy, file: "t.csv", findings: &findings) { row in
        rows.append((0..<row.count).map { row.string($0) })
        lines.append(row.line)
    }
    return CSVReadOutcome(summary: s, rows: rows, lines: lines, findings: findings.items.map(\.located))
}

/// Reads `source` through the streaming reader with chunks of `chunk` bytes.
func readStreamed(_ source: ByteSource, chunk: Int, maxRecord: Int = CSVReader.maxRecordBytes) -> CSVReadOutcome {
    var findings = Findings(cap: 10_000)
    var rows: [[String]] = [], lines: [Int] = []
    let s = CSVReader.stream(source, file: "t.csv", findings: &findings, chunkSize: chunk, maxRecord: maxRecord) { row in
        rows.append((0..<row.count).map { row.string($0) })
        lines.append(row.line)
    } header: { _, _ in }
    return CSVReadOutcome(summary: s, rows: rows, lines: lines, findings: findings.items.map(\.located))
}

func readStreamed(_ bytes: [UInt8], chunk: Int) -> CSVReadOutcome {
    readStreamed(.memory(bytes, step: chunk), chunk: chunk)
}

extension Finding {
    /// `file:line:column: [code] message`, severity left out (every reader finding is an error).
    var located: String { "\(file):\(line):\(column): [\(code)] \(message)" }
}

@Suite struct CSVStreamTests {
    /// Byte fragments that stress the reader: delimiters, every line end, quotes, doubled quotes,
    /// multi-byte characters, a BOM in the middle, a comment marker, invalid and cut UTF-8.
    static let fragments: [[UInt8]] = [
        [0x61], [0x62], [0x31], [0x2C], [0x2C], [0x22], [0x22, 0x22], [0x0A], [0x0A], [0x0D], [0x0D, 0x0A],
        Array("\u{e9}".utf8), Array("\u{1F600}".utf8), Array("\u{20AC}".utf8), [0xEF, 0xBB, 0xBF], [0x23], [0x20],
        [0xFF], [0xE2, 0x82], [0xC3],
    ]

    /// Random byte soup (malformed more often than not): for every chunk size from 1 to 64 bytes
    /// the streamed read gives the same rows, lines, summary and findings as the whole buffer.
    @Test func chunkSizeNeverChangesTheResultOfArbitraryBytes() async {
        let text = Gen.int(in: 0...(Self.fragments.count - 1)).array(of: 0...120)
        await propertyCheck(input: text, Gen.bool) { picks, bom in
            let bytes: [UInt8] = (bom ? [0xEF, 0xBB, 0xBF] : []) + picks.flatMap { Self.fragments[$0] }
            let whole = readWhole(bytes)
            for chunk in 1...64 {
                #expect(readStreamed(bytes, chunk: chunk) == whole, "chunk \(chunk)")
            }
        }
    }

    /// Well-formed tables with quoting, embedded line ends and multi-byte text, any line-end
    /// style, an optional BOM and comment lines: every chunk size from 1 to 64 reads them back.
    @Test func chunkSizeNeverChangesWellFormedTables() async {
        let alphabet = Array("ab,\"\n\r x1\u{e9}\u{1F600}\u{20AC}")
        let field = Gen.int(in: 0...(alphabet.count - 1)).array(of: 0...6).map { idx in String(idx.map { alphabet[$0] }) }
        await propertyCheck(input: field.array(of: 1...4).array(of: 1...5), Gen.int(in: 0...2), Gen.bool) { table, eolPick, bom in
            let eol = ["\n", "\r\n", "\r"][eolPick]
            let width = table[0].count
            let rows = table.map { r in (0..<width).map { $0 < r.count ? r[$0] : "" } }
            func quote(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
            let header = (0..<width).map { "c\($0)" }
            let text = "# provenance: test" + eol + eol + header.joined(separator: ",") + eol
                + rows.map { $0.map(quote).joined(separator: ",") }.joined(separator: eol) + eol
            let bytes: [UInt8] = (bom ? [0xEF, 0xBB, 0xBF] : []) + Array(text.utf8)
            let whole = readWhole(bytes)
            #expect(whole.rows == rows)
            #expect(whole.findings.isEmpty)
            #expect(whole.summary.comments == ["provenance: test"])
            for chunk in 1...64 {
                #expect(readStreamed(bytes, chunk: chunk) == whole, "chunk \(chunk)")
            }
        }
    }

    /// Each split point of a CRLF, a BOM and 2-, 3- and 4-byte characters, one by one.
    @Test func boundariesInsideLineEndsBOMAndCharacters() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("name,v\r\ncaf\u{e9},\"\u{1F600}\r\n\u{20AC}\"\r\n\u{1F600},2\r\n".utf8)
        let whole = readWhole(bytes)
        #expect(whole.summary.header == ["name", "v"])
        #expect(whole.rows == [["caf\u{e9}", "\u{1F600}\r\n\u{20AC}"], ["\u{1F600}", "2"]])
        #expect(whole.lines == [2, 4])
        #expect(whole.findings.isEmpty)
        for split in 1..<bytes.count {
            // First fill ends at `split`, the rest arrives in one piece.
            var handed = 0
            let source = ByteSource(expectedSize: bytes.count, fill: { p, n in
                let k = min(n, (handed < split ? split : bytes.count) - handed)
                if k <= 0 { return 0 }
                bytes.withUnsafeBytes { p.copyMemory(from: $0.baseAddress! + handed, byteCount: k) }
                handed += k
                return k
            })
            #expect(readStreamed(source, chunk: 64) == whole, "split at \(split)")
        }
    }

    /// A record far longer than the buffer grows it and reads back unchanged; line numbers after
    /// it stay exact.
    @Test func recordsLongerThanTheChunk() {
        let long = String(repeating: "x", count: 5_000)
        let quoted = String(repeating: "q\"\"\n", count: 500)
        let text = "a,b\n\(long),1\n\"\(quoted)\",2\nz,3\n"
        let r = readStreamed(Array(text.utf8), chunk: 7)
        #expect(r.rows == [[long, "1"], [String(repeating: "q\"\n", count: 500), "2"], ["z", "3"]])
        #expect(r.lines == [2, 3, 504])
        #expect(r.findings.isEmpty)
        #expect(r == readWhole(Array(text.utf8)))
    }

    /// Past the record limit the reader stops with `record-too-long` at the record's line, and
    /// names the line of a quote that was never closed.
    @Test func recordLimitIsAFinding() {
        let text = "a,b\n1,2\n" + String(repeating: "y", count: 300) + ",3\n4,5\n"
        let r = readStreamed(.memory(Array(text.utf8), step: 16), chunk: 16, maxRecord: 100)
        #expect(r.rows == [["1", "2"]])
        #expect(r.findings == ["t.csv:3:1: [record-too-long] the record starting on this line is longer than 100 bytes; "
                                + "expected shorter records; the rest of the file was not read"])
        let open = "a,b\n1,2\n3,\"never closed\n" + String(repeating: "z\n", count: 200)
        let q = readStreamed(.memory(Array(open.utf8), step: 16), chunk: 16, maxRecord: 100)
        #expect(q.findings.count == 1)
        #expect(q.findings.first?.contains("t.csv:3:1: [record-too-long] a quoted field opened on line 3 is still open") == true)
        // Without a limit in the way, the same file is an unterminated quote, as in one buffer.
        #expect(readStreamed(.memory(Array(open.utf8), step: 16), chunk: 16) == readWhole(Array(open.utf8)))
    }

    /// A file that ends before the size it had when opened (another process truncated it) gives
    /// `file-changed` at the first line not read, and the rows before it.
    @Test func shrinkingInputIsAFinding() {
        let bytes = Array("a,b\n1,2\n3,4\n5,6\n".utf8)
        let cut = Array(bytes.prefix(10))   // "a,b\n1,2\n3,"
        let r = readStreamed(.memory(cut, step: 4, expectedSize: bytes.count), chunk: 4)
        #expect(r.rows == [["1", "2"]])
        #expect(r.findings == ["t.csv:3:1: [file-changed] file changed while it was read: it had 16 bytes when opened and 10 could be read; "
                                + "rows from this line on were not read; expected a file no other process writes to"])
        let grown = readStreamed(.memory(bytes, step: 4, expectedSize: 8), chunk: 4)
        #expect(grown.findings.first?.contains("[file-changed]") == true)
    }

    /// A real file truncated on disk after the first chunk was read: no SIGBUS, a finding.
    @Test func fileTruncatedWhileReadIsAFinding() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("trades.csv").path
        let text = "a,b\n" + (1...2_000).map { "\($0),x" }.joined(separator: "\n") + "\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let (fd, size) = try FileBytes.openRegularFile(path)
        defer { close(fd) }
        let file = ByteSource.file(fd, size: size)
        var fills = 0
        let shrinking = ByteSource(expectedSize: size, fill: { p, n in
            fills += 1
            if fills == 2 { _ = truncate(path, 1_000) }
            return file.fill(p, n)
        })
        let r = readStreamed(shrinking, chunk: 512)
        #expect(r.findings.count == 1)
        #expect(r.findings.first?.contains("[file-changed] file changed while it was read: it had \(size) bytes when opened and 1000 could be read") == true)
        #expect(r.rows.count >= 100 && r.rows.count < 2_000)
        #expect(r.rows.enumerated().allSatisfy { $0.element == ["\($0.offset + 1)", "x"] })
    }

    /// A failing read is an `unreadable-file` finding where reading stopped.
    @Test func readErrorIsAFinding() {
        var calls = 0
        let bytes = Array("a,b\n1,2\n3,4\n".utf8)
        let source = ByteSource(expectedSize: 100, fill: { p, n in
            calls += 1
            if calls > 1 { return -1 }
            let k = min(n, 9)
            bytes.withUnsafeBytes { p.copyMemory(from: $0.baseAddress!, byteCount: k) }
            return k
        }, errorText: { "Input/output error" })
        let r = readStreamed(source, chunk: 64)
        #expect(r.rows == [["1", "2"]])
        #expect(r.findings == ["t.csv:3:1: [unreadable-file] reading stopped after 9 bytes: Input/output error; rows from this line on were not read"])
    }

    /// Empty input: the same `empty-file` finding as a whole-buffer read.
    @Test func emptyInput() {
        #expect(readStreamed([], chunk: 4) == readWhole([]))
        #expect(readStreamed(Array("\n\n".utf8), chunk: 1) == readWhole(Array("\n\n".utf8)))
    }

    /// The whole malformed corpus, ingested with tiny chunks, gives the findings of the default
    /// chunk size (line and column numbers included).
    @Test func malformedCorpusFindingsDoNotDependOnChunkSize() throws {
        let fm = FileManager.default
        var checked = 0
        for name in MalformedCorpusTests.cases {
            let dir = Fixtures.malformed.appendingPathComponent(name)
            func has(_ f: String) -> String? {
                let p = dir.appendingPathComponent(f).path
                return fm.fileExists(atPath: p) ? p : nil
            }
            guard has("trades.csv") != nil || has("positions.csv") != nil else { continue }
            let files = InputFiles(trades: has("trades.csv"), positions: has("positions.csv"), cashFlows: has("cashflows.csv"),
                                   prices: has("prices.csv"), regimes: has("regimes.csv"), weekTypes: has("week_types.csv"))
            let reference = ingest(files, options: Fixtures.options)
            for chunk in [1, 2, 3, 5, 8, 13, 64] {
                var o = Fixtures.options
                o.chunkSize = chunk
                let r = ingest(files, options: o)
                #expect(r.findings.lines == reference.findings.lines, "\(name), chunk \(chunk)")
                #expect(r.ledger == reference.ledger, "\(name), chunk \(chunk)")
                #expect(r.files == reference.files, "\(name), chunk \(chunk)")
            }
            checked += 1
        }
        #expect(checked >= 30)
    }

    /// The happy fixture book ingests to the same ledger with any chunk size.
    @Test func happyBookLedgerDoesNotDependOnChunkSize() throws {
        let dir = Fixtures.happy
        let fm = FileManager.default
        func has(_ f: String) -> String? {
            let p = dir.appendingPathComponent(f).path
            return fm.fileExists(atPath: p) ? p : nil
        }
        let files = InputFiles(trades: has("trades.csv"), positions: has("positions.csv"), cashFlows: has("cashflows.csv"),
                               prices: has("prices.csv"))
        let reference = ingest(files, options: Fixtures.options)
        #expect(reference.ledger != nil)
        #expect((reference.ledger?.trades.count ?? 0) > 0)
        for chunk in [1, 7, 64, 4096] {
            var o = Fixtures.options
            o.chunkSize = chunk
            let r = ingest(files, options: o)
            #expect(r.ledger == reference.ledger, "chunk \(chunk)")
            #expect(r.findings.lines == reference.findings.lines, "chunk \(chunk)")
        }
    }
}
