#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import TearsheetCore

/// One CSV record handed to a consumer: fields as byte ranges into the (unescaped) file buffer.
///
/// Valid only inside the callback that receives it: the pointers refer to the reader's buffer.
/// Columns are 1-based field indices, lines are 1-based physical lines (the line on which the
/// record starts; a quoted field may span several lines).
public struct CSVRow {
    @usableFromInline let base: UnsafeMutablePointer<UInt8>
    @usableFromInline let bounds: UnsafeMutablePointer<Int>
    /// Number of fields in the record.
    public let count: Int
    /// 1-based line on which the record starts.
    public let line: Int

    @usableFromInline init(base: UnsafeMutablePointer<UInt8>, bounds: UnsafeMutablePointer<Int>, count: Int, line: Int) {
        self.base = base
        self.bounds = bounds
        self.count = count
        self.line = line
    }

    /// The bytes of field `i` (0-based), quotes removed and doubled quotes collapsed.
    @inlinable
    public subscript(i: Int) -> UnsafeBufferPointer<UInt8> {
        let s = bounds[2 &* i], e = bounds[2 &* i &+ 1]
        return UnsafeBufferPointer(start: base + s, count: e &- s)
    }

    /// Field `i` decoded as a `String` (for messages and rarely used columns, not the hot path).
    public func string(_ i: Int) -> String { String(decoding: self[i], as: UTF8.self) }
}

/// What the reader learned about a file besides its records.
public struct CSVSummary: Sendable, Equatable {
    /// Header names as written (BOM removed, not trimmed).
    public var header: [String] = []
    /// Text of the `#` comment lines at the top of the file, without the `#` and leading spaces.
    public var comments: [String] = []
    /// Records after the header that reached the consumer (ragged and malformed rows excluded).
    public var dataRows = 0
    /// Records after the header, good or bad.
    public var totalRows = 0
    /// Size of the file in bytes.
    public var byteCount = 0
    /// `true` when the file holds no header at all (empty, or only comments and blank lines).
    public var isEmpty = true
    /// The header's line (1-based; after any comment lines), or 0 without a header: a file with
    /// a header and no row is reported there, its last line.
    public var headerLine = 0
    /// Lowercase hex SHA-256 of the bytes the parser was given, set by `read(path:...)` (hashed
    /// as they are read, so it identifies the data used even when the file changes afterwards);
    /// empty for input that did not come from a file.
    public var sha256 = ""
}

/// A byte-level RFC 4180 CSV reader.
///
/// Handles quoted fields (doubled quotes, embedded commas and newlines), CRLF, LF and lone CR line
/// ends, a UTF-8 byte-order mark, empty fields, `#` comment lines before the header (benchmark
/// files carry their provenance that way) and blank lines (skipped). It validates UTF-8 as it goes.
/// Problems become findings with `file:line:column` (column = 1-based field index):
/// `invalid-utf8`, `stray-quote`, `unterminated-quote`, `ragged-row`, `empty-file`.
/// A malformed record is reported and not handed to the consumer; reading continues so every
/// problem in the file is reported in one pass (an unterminated quote ends the file).
///
/// Files are streamed: read in chunks into one reusable buffer (`read(path:...)`, see
/// `stream(...)` for the memory bound and the `record-too-long`, `file-changed` and
/// `unreadable-file` findings), so a file's bytes are never all resident. Quoted fields are
/// unescaped in place, so the reader needs a mutable buffer it owns; no field is copied or turned
/// into a `String` on the way to the consumer.
public enum CSVReader {
    /// Bytes read from a file per `read(2)` call, and the size of the reusable buffer they go to.
    public static let defaultChunkSize = 4 << 20
    /// Longest record the streaming reader accepts (64 MiB): a longer one is a `record-too-long`
    /// finding (usually an unterminated quote) and ends the file, so a malformed file cannot make
    /// the reader hold all of it.
    public static let maxRecordBytes = 64 << 20

    /// Reads `bytes`, reporting into `findings` under the name `file`, calling `header` once with
    /// the header's names, then `row` for every well-formed data record with the header's width.
    public static func read(
        _ bytes: inout [UInt8], file: String, findings: inout Findings,
        row body: (CSVRow) -> Void,
        header: (_ names: [String], _ findings: inout Findings) -> Void = { _, _ in }
    ) -> CSVSummary {
        let n = bytes.count
        return bytes.withUnsafeMutableBufferPointer { buf -> CSVSummary in
            guard let base = buf.baseAddress, n > 0 else {
                findings.append(emptyFile(file))
                return CSVSummary()
            }
            var parser = Parser(base: base, end: n, final: true, file: file)
            defer { parser.deallocate() }
            _ = parser.step(findings: &findings, body: body, header: header)
            parser.summary.byteCount = n
            return parser.summary
        }
    }

    /// Reads a file from disk in chunks of `chunkSize` bytes into one reusable buffer (see
    /// `stream(_:file:findings:chunkSize:maxRecord:row:header:)`); a path that cannot be opened
    /// or is not a regular file is an `io` error.
    public static func read(path: String, display: String? = nil, findings: inout Findings,
                            chunkSize: Int = defaultChunkSize, policy: PathPolicy = .unrestricted,
                            row body: (CSVRow) -> Void,
                            header: (_ names: [String], _ findings: inout Findings) -> Void = { _, _ in }) throws(TearsheetError) -> CSVSummary {
        let (fd, size) = try FileBytes.openRegularFile(path, policy: policy)
        defer { close(fd) }
        let digest = ReadDigest()
        var summary = stream(.file(fd, size: size, digest: digest), file: display ?? path, findings: &findings, chunkSize: chunkSize,
                             row: body, header: header)
        summary.sha256 = digest.hex()
        return summary
    }

    static func emptyFile(_ file: String) -> Finding {
        Finding(file: file, line: 1, column: 1, severity: .error, code: "empty-file",
                message: "file is empty; expected a header row")
    }

    /// 1 for a field delimiter or line end, 2 for a quote, 3 for a non-ASCII byte, 0 otherwise.
    @usableFromInline static let classes: [UInt8] = {
        var t = [UInt8](repeating: 0, count: 256)
        t[Int(UInt8(ascii: ","))] = 1
        t[Int(UInt8(ascii: "\n"))] = 1
        t[Int(UInt8(ascii: "\r"))] = 1
        t[Int(UInt8(ascii: "\""))] = 2
        for b in 0x80...0xFF { t[b] = 3 }
        return t
    }()

    /// High bit set in each byte of `w` that is a comma, LF, CR, quote or non-ASCII (>= 0x80).
    @inline(__always)
    static func specialBytes(_ w: UInt64) -> UInt64 {
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        @inline(__always) func zeroBytes(_ t: UInt64) -> UInt64 { ~(((t & low7) &+ low7) | t | low7) }
        let comma = zeroBytes(w ^ 0x2C2C_2C2C_2C2C_2C2C)
        let lf = zeroBytes(w ^ 0x0A0A_0A0A_0A0A_0A0A)
        let cr = zeroBytes(w ^ 0x0D0D_0D0D_0D0D_0D0D)
        let quote = zeroBytes(w ^ 0x2222_2222_2222_2222)
        return comma | lf | cr | quote | (w & 0x8080_8080_8080_8080)
    }

    /// Length of the valid UTF-8 sequence starting at `p` (a byte >= 0x80), or 0 when invalid.
    /// Rejects overlong forms, surrogates and code points above U+10FFFF (RFC 3629 table).
    @inlinable
    static func utf8Length(_ p: UnsafeMutablePointer<UInt8>, _ i: Int, _ end: Int) -> Int {
        let b0 = p[i]
        @inline(__always) func cont(_ k: Int) -> Bool { i + k < end && p[i + k] & 0xC0 == 0x80 }
        switch b0 {
        case 0xC2...0xDF:
            return cont(1) ? 2 : 0
        case 0xE0...0xEF:
            guard cont(1), cont(2) else { return 0 }
            let b1 = p[i + 1]
            if b0 == 0xE0 && b1 < 0xA0 { return 0 }
            if b0 == 0xED && b1 > 0x9F { return 0 }
            return 3
        case 0xF0...0xF4:
            guard cont(1), cont(2), cont(3) else { return 0 }
            let b1 = p[i + 1]
            if b0 == 0xF0 && b1 < 0x90 { return 0 }
            if b0 == 0xF4 && b1 > 0x8F { return 0 }
            return 4
        default:
            return 0
        }
    }

}

@usableFromInline func hex(_ b: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return String([digits[Int(b >> 4)], digits[Int(b & 0x0F)]])
}
