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
/// Quoted fields are unescaped in place, so the reader needs a mutable buffer it owns; no field is
/// copied or turned into a `String` on the way to the consumer.
public enum CSVReader {
    /// Reads `bytes`, reporting into `findings` under the name `file`, calling `header` once with
    /// the header's names, then `row` for every well-formed data record with the header's width.
    public static func read(
        _ bytes: inout [UInt8], file: String, findings: inout Findings,
        row body: (CSVRow) -> Void,
        header: (_ names: [String], _ findings: inout Findings) -> Void = { _, _ in }
    ) -> CSVSummary {
        let n = bytes.count
        return bytes.withUnsafeMutableBufferPointer { buf -> CSVSummary in
            read(base: buf.baseAddress, count: n, file: file, findings: &findings, row: body, header: header)
        }
    }

    /// Reads `count` bytes at `base` (which the reader may overwrite: quoted fields are unescaped
    /// in place), as `read(_:file:findings:row:header:)` does.
    static func read(
        base: UnsafeMutablePointer<UInt8>?, count n: Int, file: String, findings: inout Findings,
        row body: (CSVRow) -> Void,
        header: (_ names: [String], _ findings: inout Findings) -> Void
    ) -> CSVSummary {
        guard let base, n > 0 else {
            findings.append(Finding(file: file, line: 1, column: 1, severity: .error, code: "empty-file",
                                    message: "file is empty; expected a header row"))
            return CSVSummary()
        }
        var parser = Parser(base: base, end: n, file: file)
        defer { parser.deallocate() }
        return parser.run(findings: &findings, body: body, header: header)
    }

    /// Reads a file from disk (see `read(_:file:findings:row:)`); an unreadable file is an `io` error.
    public static func read(path: String, display: String? = nil, findings: inout Findings,
                            row body: (CSVRow) -> Void,
                            header: (_ names: [String], _ findings: inout Findings) -> Void = { _, _ in }) throws(TearsheetError) -> CSVSummary {
        var bytes = try FileBytes.read(path)
        return read(&bytes, file: display ?? path, findings: &findings, row: body, header: header)
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

    struct Parser {
        let p: UnsafeMutablePointer<UInt8>
        let end: Int
        let file: String
        var bounds: UnsafeMutablePointer<Int>
        var capacity = 64
        var i = 0
        var line = 1

        init(base: UnsafeMutablePointer<UInt8>, end: Int, file: String) {
            self.p = base
            self.end = end
            self.file = file
            bounds = .allocate(capacity: 2 * capacity)
        }

        func deallocate() { bounds.deallocate() }

        mutating func grow() {
            let nb = UnsafeMutablePointer<Int>.allocate(capacity: 4 * capacity)
            nb.update(from: bounds, count: 2 * capacity)
            bounds.deallocate()
            bounds = nb
            capacity *= 2
        }

        /// Skips the rest of the current line (after an error inside an unquoted region).
        mutating func skipLine() {
            while i < end {
                let c = p[i]
                i += 1
                if c == 0x0A { line += 1; return }
                if c == 0x0D {
                    if i < end && p[i] == 0x0A { i += 1 }
                    line += 1
                    return
                }
            }
        }

        enum RecordOutcome { case ok(fields: Int, line: Int), bad, eof, blank, fatal }

        /// Parses one record starting at `i`.
        mutating func record(findings: inout Findings) -> RecordOutcome {
            guard i < end else { return .eof }
            let startLine = line
            let c0 = p[i]
            if c0 == 0x0A || c0 == 0x0D { skipLine(); return .blank }
            var nf = 0
            var bad = false
            let classes = CSVReader.classes
            return classes.withUnsafeBufferPointer { cls -> RecordOutcome in
                // Cursor and line in locals (registers), written back on every exit.
                var i = self.i, line = self.line
                defer { self.i = i; self.line = line }
                var bnd = self.bounds, cap = self.capacity
                while true {
                    if nf == cap { grow(); bnd = self.bounds; cap = self.capacity }
                    if i < end && p[i] == 0x22 {
                        // Quoted field: unescape in place.
                        let quoteLine = line
                        i += 1
                        let start = i
                        var w = i
                        var closed = false
                        while i < end {
                            let c = p[i]
                            if c == 0x22 {
                                if i + 1 < end && p[i + 1] == 0x22 { p[w] = 0x22; w += 1; i += 2; continue }
                                i += 1
                                closed = true
                                break
                            }
                            if c >= 0x80 {
                                let len = CSVReader.utf8Length(p, i, end)
                                if len == 0 {
                                    if !bad {
                                        findings.append(Finding(file: file, line: line, column: nf + 1, severity: .error,
                                                                code: "invalid-utf8", message: "invalid UTF-8 byte 0x\(hex(p[i])); files must be UTF-8"))
                                    }
                                    bad = true
                                    i += 1
                                    continue
                                }
                                for k in 0..<len { p[w + k] = p[i + k] }
                                w += len; i += len
                                continue
                            }
                            if c == 0x0A { line += 1 } else if c == 0x0D && !(i + 1 < end && p[i + 1] == 0x0A) { line += 1 }
                            p[w] = c; w += 1; i += 1
                        }
                        if !closed {
                            findings.append(Finding(file: file, line: quoteLine, column: nf + 1, severity: .error,
                                                    code: "unterminated-quote",
                                                    message: "quoted field is never closed; expected a closing '\"' before the end of the file"))
                            return .fatal
                        }
                        bnd[2 * nf] = start
                        bnd[2 * nf + 1] = w
                        nf += 1
                        // After the closing quote: a delimiter, a line end or the end of the file.
                        if i < end {
                            let c = p[i]
                            if c != 0x2C && c != 0x0A && c != 0x0D {
                                if !bad {
                                    findings.append(Finding(file: file, line: line, column: nf, severity: .error, code: "stray-quote",
                                                            message: "unexpected character after a closing quote; expected ',' or the end of the line"))
                                }
                                bad = true
                                // Resynchronise at the next delimiter.
                                while i < end && p[i] != 0x2C && p[i] != 0x0A && p[i] != 0x0D { i += 1 }
                            }
                        }
                    } else {
                        // A local cursor (not the stored `i`) keeps the scan in registers.
                        let start = i
                        var j = i
                        while j < end {
                            // Eight bytes at a time while none of them is special (SWAR: exact
                            // zero-byte tests on the word XOR each special byte, plus the high
                            // bits for non-ASCII), then the byte loop from the first special one.
                            while j &+ 8 <= end {
                                let w = UInt64(littleEndian: UnsafeRawPointer(p + j).loadUnaligned(as: UInt64.self))
                                let m = CSVReader.specialBytes(w)
                                if m == 0 { j &+= 8; continue }
                                j &+= m.trailingZeroBitCount >> 3
                                break
                            }
                            if j >= end { break }
                            let k = cls[Int(p[j])]
                            if k == 0 { j += 1; continue }
                            if k == 1 { break }
                            if k == 2 {
                                if !bad {
                                    findings.append(Finding(file: file, line: line, column: nf + 1, severity: .error, code: "stray-quote",
                                                            message: "'\"' inside an unquoted field; quote the whole field and double the quote"))
                                }
                                bad = true
                                j += 1
                                continue
                            }
                            let len = CSVReader.utf8Length(p, j, end)
                            if len == 0 {
                                if !bad {
                                    findings.append(Finding(file: file, line: line, column: nf + 1, severity: .error,
                                                            code: "invalid-utf8", message: "invalid UTF-8 byte 0x\(hex(p[j])); files must be UTF-8"))
                                }
                                bad = true
                                j += 1
                            } else {
                                j += len
                            }
                        }
                        bnd[2 * nf] = start
                        bnd[2 * nf + 1] = j
                        i = j
                        nf += 1
                    }
                    // Now at a delimiter, a line end or the end of the file.
                    if i >= end { break }
                    let c = p[i]
                    i += 1
                    if c == 0x2C {
                        if i >= end {
                            // Trailing comma at the end of the file: one more empty field.
                            if nf == cap { grow(); bnd = self.bounds; cap = self.capacity }
                            bnd[2 * nf] = i; bnd[2 * nf + 1] = i; nf += 1
                            break
                        }
                        continue
                    }
                    if c == 0x0D && i < end && p[i] == 0x0A { i += 1 }
                    line += 1
                    break
                }
                return bad ? .bad : .ok(fields: nf, line: startLine)
            }
        }

        mutating func run(findings: inout Findings, body: (CSVRow) -> Void,
                         header onHeader: (_ names: [String], _ findings: inout Findings) -> Void) -> CSVSummary {
            var summary = CSVSummary()
            summary.byteCount = end
            // UTF-8 byte-order mark.
            if end >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF { i = 3 }
            // Comment lines and blank lines before the header.
            while i < end {
                let c = p[i]
                if c == 0x23 {
                    var j = i + 1
                    while j < end && p[j] != 0x0A && p[j] != 0x0D { j += 1 }
                    var s = i + 1
                    while s < j && p[s] == 0x20 { s += 1 }
                    summary.comments.append(String(decoding: UnsafeBufferPointer(start: p + s, count: j - s), as: UTF8.self))
                    i = j
                    skipLine()
                } else if c == 0x0A || c == 0x0D {
                    skipLine()
                } else {
                    break
                }
            }
            var width = 0
            header: while true {
                switch record(findings: &findings) {
                case .eof:
                    findings.append(Finding(file: file, line: line, column: 1, severity: .error, code: "empty-file",
                                            message: "file has no header row; expected a header naming the columns"))
                    return summary
                case .fatal, .bad:
                    return summary
                case .blank:
                    continue
                case .ok(let nf, _):
                    let row = CSVRow(base: p, bounds: bounds, count: nf, line: line)
                    summary.header = (0..<nf).map { row.string($0) }
                    summary.isEmpty = false
                    width = nf
                    onHeader(summary.header, &findings)
                    break header
                }
            }
            while true {
                switch record(findings: &findings) {
                case .eof, .fatal:
                    return summary
                case .blank:
                    continue
                case .bad:
                    summary.totalRows += 1
                case .ok(let nf, let l):
                    summary.totalRows += 1
                    if nf != width {
                        findings.append(Finding(file: file, line: l, column: min(nf, width) + 1, severity: .error, code: "ragged-row",
                                                message: "row has \(nf) field\(nf == 1 ? "" : "s"); expected \(width) as in the header"))
                        continue
                    }
                    summary.dataRows += 1
                    body(CSVRow(base: p, bounds: bounds, count: nf, line: l))
                }
            }
        }
    }
}

@usableFromInline func hex(_ b: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return String([digits[Int(b >> 4)], digits[Int(b & 0x0F)]])
}
