#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Crypto
import TearsheetCore

/// SHA-256 of each account's own rows of a shared input file (trades, positions, cash flows), so an
/// account's report can describe its inputs without the whole file's hash or row count, which
/// depend on every other client's rows.
///
/// Definition: the digest of the bytes of the account's records in file order, each record
/// exactly as the file holds it from its first byte through its line end (`\n`, `\r\n` or `\r`;
/// none for a last line without one), a quoted field's embedded line ends included. The header,
/// comment lines, blank lines and every other account's records are left out. A record belongs to
/// an account when the line it starts on is a row the ledger kept for that account (the ledger's
/// `line` columns), so `awk 'NR > 1 && $acct == "X"'` over a file without quoted line breaks
/// gives the same bytes.
///
/// One streaming pass over the file serves every account; the whole file is hashed in the same
/// pass and compared with the hash the ingestion recorded, so a file that changed after it was
/// read is an error rather than a digest of rows the report did not use.
public enum AccountRowDigest {
    /// One account's rows of one file.
    public struct Digest: Sendable, Equatable {
        public var sha256: String
        public var rows: Int
    }

    /// The digest of each account's records of the file at `path`: `accountOfLine` maps the
    /// 1-based line a kept record starts on to its account (index into the result). Accounts
    /// without a record get the digest of no bytes and 0 rows.
    /// - Throws: `TearsheetError.io` when the file cannot be read, or when its bytes no longer
    ///   hash to `expectedSHA256` (the hash of what the ingestion read), naming the file.
    public static func digests(path: String, display: String, accountOfLine: [Int32: Int32], accounts: Int,
                               expectedSHA256: String?, policy: PathPolicy = .unrestricted) throws(TearsheetError) -> [Digest] {
        let (fd, _) = try FileBytes.openRegularFile(path, policy: policy)
        defer { close(fd) }
        var scanner = Scanner(accountOfLine: accountOfLine, accounts: accounts)
        let chunk = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 1)
        defer { buffer.deallocate() }
        while true {
            let r = FileBytes.systemRead(fd, buffer.baseAddress!, chunk)
            if r < 0 {
                if errno == EINTR { continue }
                throw .io(path: display, message: "read failed while hashing the account's rows: \(FileBytes.errnoText())")
            }
            if r == 0 { break }
            scanner.feed(UnsafeRawBufferPointer(rebasing: buffer[0..<r]))
        }
        let (digests, whole) = scanner.finish()
        if let expectedSHA256, !expectedSHA256.isEmpty, whole != expectedSHA256 {
            throw .io(path: display, message: "the file changed after it was read (its SHA-256 is no longer the one the run used); run the report again on a file nobody is writing")
        }
        return digests
    }

    /// The same digests over bytes in memory (tests, small files); the second value is the hash
    /// of all of `bytes`.
    public static func digests(bytes: [UInt8], accountOfLine: [Int32: Int32], accounts: Int) -> (digests: [Digest], whole: String) {
        var scanner = Scanner(accountOfLine: accountOfLine, accounts: accounts)
        bytes.withUnsafeBytes { scanner.feed($0) }
        return scanner.finish()
    }

    /// The record splitter: follows line ends and quotes as `CSVReader` counts them (LF, CRLF and
    /// lone CR each end a line; inside quotes a line end belongs to the field), and feeds each
    /// kept record's bytes to its account's hasher as they pass, across chunk boundaries.
    struct Scanner {
        let accountOfLine: [Int32: Int32]
        var hashers: [SHA256]
        var rows: [Int]
        var whole = SHA256()
        /// 1-based line the scanner is on.
        var line: Int32 = 1
        var atRecordStart = true
        var inQuotes = false
        /// The current record is a `#` comment line before the header (quotes mean nothing there).
        var inComment = false
        var seenHeader = false
        /// A CR was the last byte of the previous chunk: an LF first in this one belongs to it.
        var pendingCR = false
        /// Account of the record being scanned, -1 when it is not kept.
        var current: Int32 = -1

        init(accountOfLine: [Int32: Int32], accounts: Int) {
            self.accountOfLine = accountOfLine
            hashers = [SHA256](repeating: SHA256(), count: accounts)
            rows = [Int](repeating: 0, count: accounts)
        }

        mutating func feed(_ bytes: UnsafeRawBufferPointer) {
            whole.update(bufferPointer: bytes)
            let p = bytes.bindMemory(to: UInt8.self)
            var i = 0, sliceStart = 0
            let n = p.count
            func flush(_ to: Int) {
                if current >= 0, to > sliceStart { hashers[Int(current)].update(bufferPointer: UnsafeRawBufferPointer(rebasing: bytes[sliceStart..<to])) }
            }
            if pendingCR {
                pendingCR = false
                if n > 0 && p[0] == 0x0A {
                    // The LF of a CRLF split across chunks ends no new line. Inside quotes it is
                    // part of the open record (the slice from 0 takes it); otherwise it ends the
                    // record that the CR closed.
                    i = 1
                    if !inQuotes {
                        if let prev = lastRecordAccount, prev >= 0 {
                            hashers[Int(prev)].update(bufferPointer: UnsafeRawBufferPointer(rebasing: bytes[0..<1]))
                        }
                        sliceStart = 1
                    }
                }
            }
            while i < n {
                if atRecordStart {
                    atRecordStart = false
                    let c = p[i]
                    inComment = !seenHeader && c == 0x23
                    let blank = c == 0x0A || c == 0x0D
                    if !inComment && !blank { seenHeader = true }
                    current = accountOfLine[line] ?? -1
                    if current >= 0 { rows[Int(current)] += 1 }
                    sliceStart = i
                }
                let c = p[i]
                i += 1
                if c == 0x22 && !inComment {
                    inQuotes.toggle()
                } else if c == 0x0A || c == 0x0D {
                    var crAtEnd = false
                    if c == 0x0D {
                        if i < n { if p[i] == 0x0A { i += 1 } } else { crAtEnd = true }
                    }
                    line += 1
                    if !inQuotes {
                        flush(i)
                        lastRecordAccount = current
                        current = -1
                        atRecordStart = true
                        sliceStart = i
                    }
                    if crAtEnd { pendingCR = true }
                }
            }
            flush(n)
        }

        /// Account of the record the last line end closed: where the LF of a CRLF split across
        /// chunks goes.
        var lastRecordAccount: Int32? = nil

        func finish() -> (digests: [Digest], whole: String) {
            let digests = hashers.indices.map { Digest(sha256: ByteHash.hex(hashers[$0].finalize()), rows: rows[$0]) }
            return (digests, ByteHash.hex(whole.finalize()))
        }
    }
}
