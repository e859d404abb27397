import Foundation
import Testing
@testable import TearsheetIngest
#if canImport(Glibc)
import Glibc
#endif
import TearsheetCore

/// One path policy for every file read (issue 18, item 3), checked on the opened descriptor;
/// the hash of the bytes read (item 4); control characters in identifiers (item 5).
@Suite struct PathPolicyTests {
    /// `outer/secret.csv` beside `outer/book/` holding a copy of the happy book's files.
    func layout() throws -> (outer: URL, book: URL) {
        let outer = Fixtures.tempDir()
        let book = outer.appendingPathComponent("book")
        try FileManager.default.createDirectory(at: book, withIntermediateDirectories: true)
        for name in ["trades.csv", "prices.csv", "positions.csv", "cashflows.csv", "regimes.csv", "week_types.csv"] {
            try FileManager.default.copyItem(at: Fixtures.happy.appendingPathComponent(name), to: book.appendingPathComponent(name))
        }
        // Looks like a header to the CSV reader, so an echo of its first line would show.
        _ = Fixtures.write("root:x:0:0:SECRET-LINE\n", name: "secret.csv", in: outer)
        return (outer, book)
    }

    func link(_ at: URL, to target: String) throws {
        try? FileManager.default.removeItem(at: at)
        try FileManager.default.createSymbolicLink(atPath: at.path, withDestinationPath: target)
    }

    func noSecret(_ findings: [Finding]) {
        for f in findings { #expect(!f.description.contains("SECRET") && !f.message.contains("root:x"), "\(f)") }
    }

    @Test func aFileInsideTheRootsIsOpenedAndOneOutsideIsNot() throws {
        let (outer, book) = try layout()
        defer { try? FileManager.default.removeItem(at: outer) }
        let policy = PathPolicy(roots: [book.path])
        let inside = try FileBytes.read(book.appendingPathComponent("trades.csv").path, policy: policy)
        #expect(!inside.isEmpty)
        // A link inside the folder to another file inside it is fine.
        try link(book.appendingPathComponent("alias.csv"), to: book.appendingPathComponent("trades.csv").path)
        #expect(try FileBytes.read(book.appendingPathComponent("alias.csv").path, policy: policy) == inside)
        // A link leading out, a `..` path and an absolute path are refused, without a byte read.
        try link(book.appendingPathComponent("out.csv"), to: outer.appendingPathComponent("secret.csv").path)
        for p in [book.appendingPathComponent("out.csv").path, book.path + "/../secret.csv", outer.appendingPathComponent("secret.csv").path, "/etc/passwd"] {
            #expect(throws: TearsheetError.self) { _ = try FileBytes.read(p, policy: policy) }
            do { _ = try FileBytes.read(p, policy: policy) } catch {
                #expect("\(error)".contains("outside the allowed folders"), "\(error)")
                #expect(!"\(error)".contains("SECRET"))
            }
        }
        // A folder inside the root that is itself a link out: the descriptor's path is outside.
        try link(book.appendingPathComponent("sub"), to: outer.path)
        #expect(throws: TearsheetError.self) { _ = try FileBytes.read(book.appendingPathComponent("sub/secret.csv").path, policy: policy) }
        // Unrestricted (paths the operator named) reads it.
        #expect(try FileBytes.read(book.appendingPathComponent("out.csv").path).count == 23)
    }

    @Test func aFIFOOrADeviceNeverBlocksAndIsRefused() throws {
        let (outer, book) = try layout()
        defer { try? FileManager.default.removeItem(at: outer) }
        let fifo = book.appendingPathComponent("pipe.csv").path
        #expect(mkfifo(fifo, 0o600) == 0)
        // No writer: a blocking open(2) would hang here; O_NONBLOCK returns at once.
        for policy in [PathPolicy.unrestricted, PathPolicy(roots: [book.path])] {
            switch SecureOpen.open(fifo, policy: policy) {
            case .success(let o): close(o.fd); Issue.record("a FIFO was opened")
            case .failure(let r): #expect(r.kind == .notRegular)
            }
        }
        switch SecureOpen.open("/dev/null", policy: .unrestricted) {
        case .success(let o): close(o.fd); Issue.record("a device was opened")
        case .failure(let r): #expect(r.kind == .notRegular)
        }
        switch SecureOpen.open(book.path, policy: .unrestricted) {
        case .success(let o): close(o.fd); Issue.record("a folder was opened")
        case .failure(let r): #expect(r.kind == .notRegular)
        }
    }

    /// The config was checked at load time; the file is then swapped for a link out before the
    /// read. The read refuses it (the check is on the opened descriptor), and nothing of the
    /// outside file reaches a finding.
    @Test func aSwapAfterTheConfigCheckIsRefusedAtOpenTime() throws {
        let (outer, book) = try layout()
        defer { try? FileManager.default.removeItem(at: outer) }
        let toml = Fixtures.write("name = \"b\"\n[inputs]\ntrades = \"trades.csv\"\nprices = \"prices.csv\"\nregimes = \"regimes.csv\"\n",
                                  name: "tearsheet.toml", in: book)
        let (loaded, f) = BookConfig.load(path: toml)
        #expect(f.items.isEmpty, "\(f.items)")
        let config = try #require(loaded)
        try link(book.appendingPathComponent("trades.csv"), to: outer.appendingPathComponent("secret.csv").path)
        try link(book.appendingPathComponent("regimes.csv"), to: outer.appendingPathComponent("secret.csv").path)
        var options = config.ingestOptions
        options.calendar = Fixtures.calendar
        let r = ingest(config.inputs, options: options)
        #expect(r.ledger == nil)
        let unreadable = r.findings.items.filter { $0.code == "unreadable-file" }
        #expect(unreadable.count == 2, "\(r.findings.items)")
        #expect(unreadable.allSatisfy { $0.message.contains("outside the allowed folders") })
        noSecret(r.findings.items)
        // The operator's flag widens the roots: the same swap is then read (and is not a book).
        let (wide, _) = BookConfig.load(path: toml, allowOutsidePaths: true)
        #expect(wide?.ingestOptions.pathPolicy == .unrestricted)
    }

    @Test func pricesFolderEntriesThatLeadOutAreRefused() throws {
        let (outer, book) = try layout()
        defer { try? FileManager.default.removeItem(at: outer) }
        let px = book.appendingPathComponent("px")
        _ = Fixtures.write("date,close\n2024-01-02,471\n2024-01-03,467\n2024-01-04,470\n2024-01-05,472\n", name: "SPY.csv", in: px)
        _ = Fixtures.write("date,close\n2024-01-04,400\n2024-01-05,398\n", name: "QQQ.csv", in: px)
        try link(px.appendingPathComponent("ETC.csv"), to: outer.appendingPathComponent("secret.csv").path)
        mkfifo(px.appendingPathComponent("HANG.csv").path, 0o600)
        // Even with no roots at all (paths named on the command line), entries stay in the folder.
        for policy in [PathPolicy.unrestricted, PathPolicy(roots: [book.path])] {
            var options = Fixtures.options
            options.pathPolicy = policy
            let r = ingest(InputFiles(trades: book.appendingPathComponent("trades.csv").path, prices: px.path), options: options)
            let bad = r.findings.items.filter { $0.code == "unreadable-file" }
            #expect(bad.count == 2, "\(r.findings.items)")
            #expect(bad.contains { $0.file.hasSuffix("ETC.csv") && $0.message.contains("outside the allowed folders") })
            #expect(bad.contains { $0.file.hasSuffix("HANG.csv") && $0.message.contains("not a regular file") })
            noSecret(r.findings.items)
        }
    }

    @Test func theHashIsThatOfTheBytesParsedEvenWhenTheFileChangesAfterwards() throws {
        let (outer, book) = try layout()
        defer { try? FileManager.default.removeItem(at: outer) }
        let trades = book.appendingPathComponent("trades.csv")
        let prices = book.appendingPathComponent("prices.csv")
        let original = try Data(contentsOf: trades), originalPrices = try Data(contentsOf: prices)
        for plain in [true, false] {
            var options = Fixtures.options
            options.plainPrices = plain
            options.chunkSize = 7 // many reads: the hash must follow every chunk in order
            let r = ingest(InputFiles(trades: trades.path, prices: prices.path), options: options)
            #expect(r.ledger != nil, "\(r.findings.items)")
            // Edited in place after the read: the recorded hash is still that of what was parsed.
            try Data("trade_id,timestamp\n".utf8).write(to: trades)
            try Data("date,symbol,close\n".utf8).write(to: prices)
            let byRole = Dictionary(uniqueKeysWithValues: r.files.map { ($0.role, $0.sha256) })
            #expect(byRole["trades"] == ByteHash.sha256([UInt8](original)))
            #expect(byRole["prices"] == ByteHash.sha256([UInt8](originalPrices)))
            #expect(byRole["trades"] != ByteHash.sha256([UInt8](try Data(contentsOf: trades))))
            try original.write(to: trades)
            try originalPrices.write(to: prices)
        }
        // An empty file has the empty input's hash.
        var findings = Findings()
        let empty = Fixtures.write("", name: "empty.csv", in: book)
        let s = try CSVReader.read(path: empty, findings: &findings) { _ in }
        #expect(s.sha256 == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test(arguments: [(0x00, "00"), (0x01, "01"), (0x09, "09"), (0x1B, "1B"), (0x7F, "7F")])
    func controlBytesInIdentifiersAreErrorsAtLineAndColumn(byte: Int, hex: String) throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        var text = Array("trade_id,timestamp,account,strategy,symbol,side,quantity,price,fees,currency\nT1,2024-01-02T10:00:00,ACC1,FUND".utf8)
        text.append(UInt8(byte))
        text += Array("A,SPY,BUY,10,470.5,1.0,USD\nT2,2024-01-02T11:00:00,ACC1,FUND".utf8)
        text.append(UInt8(byte))
        text += Array("B,SPY,BUY,10,470.5,1.0,USD\n".utf8)
        let t = dir.appendingPathComponent("trades.csv")
        try Data(text).write(to: t)
        let r = ingest(InputFiles(trades: t.path), options: Fixtures.options)
        let bad = r.findings.items.filter { $0.code == "control-character" }
        #expect(r.ledger == nil)
        #expect(bad.map(\.line) == [2, 3], "\(r.findings.items)")
        #expect(bad.allSatisfy { $0.column == 4 && $0.message.contains("0x\(hex)") && $0.message.contains("column 'strategy'") })
    }
}
