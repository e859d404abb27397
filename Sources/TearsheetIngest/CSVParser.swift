import TearsheetCore

extension CSVReader {
    /// The record scanner behind `CSVReader`, resumable across chunks of input.
    ///
    /// It works on the window `p[0..<end]` of the input. While more input may follow (`final` is
    /// `false`), a record that reaches the end of the window is not consumed: `step` returns
    /// `.needMore` with the cursor back at the record's first byte and no finding made for it, the
    /// driver moves that tail to the front of its buffer, appends the next chunk and calls `step`
    /// again, which scans the record afresh. A scan therefore has no side effect until its record
    /// is complete: the (at most one) finding of a record is held in `pending` until then, and
    /// quoted fields are unescaped only once the whole record has been seen (a field with
    /// doubled quotes is marked by a negative end in `bounds` until then). Line numbers live in
    /// the parser and only move forward with consumed records, so they stay exact across chunks.
    struct Parser {
        var p: UnsafeMutablePointer<UInt8>
        var end: Int
        /// `true` once the window holds the rest of the input.
        var final: Bool
        let file: String
        var bounds: UnsafeMutablePointer<Int>
        /// The parser's copy of `CSVReader.classes` (read once, not through the lazy global per record).
        let classes: UnsafeMutablePointer<UInt8>
        var capacity = 64
        var i = 0
        var line = 1
        var phase = Phase.start
        var width = 0
        var summary = CSVSummary()
        /// Line of the quoted field that was still open when the window last ran out, or 0.
        var openQuoteLine = 0
        /// Whether the last comment or blank line before the header ended with a line end, so
        /// `line` is one past the file's last line at its end (an empty file's finding then
        /// names the last line, not one that does not exist).
        var preambleEndedLine = false
        /// Stop once the header is read (`step` returns `.done` with `phase == .data` and `i` at
        /// the first data byte): how the block reader (`CSVReader+Blocks.swift`) finds the data.
        var stopAfterHeader = false

        enum Phase { case start, preamble, header, data, done }
        enum Step { case needMore, done }

        init(base: UnsafeMutablePointer<UInt8>, end: Int, final: Bool, file: String) {
            self.p = base
            self.end = end
            self.final = final
            self.file = file
            bounds = .allocate(capacity: 2 * capacity)
            classes = .allocate(capacity: 256)
            CSVReader.classes.withUnsafeBufferPointer { classes.initialize(from: $0.baseAddress!, count: 256) }
        }

        func deallocate() {
            bounds.deallocate()
            classes.deallocate()
        }

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

        /// Length of a UTF-8 sequence as its lead byte `b` announces it (1 for a byte that cannot
        /// lead one: the validation then rejects it).
        @inline(__always) static func announcedLength(_ b: UInt8) -> Int {
            b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1
        }

        enum RecordOutcome { case ok(fields: Int, line: Int), bad, eof, blank, fatal, needMore }

        /// The first problem of the record being scanned, as plain values (no `Finding`, so no
        /// reference counting per record); made into a finding once the record is complete.
        struct Pending {
            enum Kind: UInt8 { case none, invalidUTF8, quoteInField, textAfterQuote }
            var kind = Kind.none
            var line = 0
            var column = 0
            var byte: UInt8 = 0

            func finding(file: String) -> Finding {
                switch kind {
                case .invalidUTF8:
                    return Finding(file: file, line: line, column: column, severity: .error,
                                   code: "invalid-utf8", message: "invalid UTF-8 byte 0x\(hex(byte)); files must be UTF-8")
                case .quoteInField:
                    return Finding(file: file, line: line, column: column, severity: .error, code: "stray-quote",
                                   message: "'\"' inside an unquoted field; quote the whole field and double the quote")
                case .textAfterQuote, .none:
                    return Finding(file: file, line: line, column: column, severity: .error, code: "stray-quote",
                                   message: "unexpected character after a closing quote; expected ',' or the end of the line")
                }
            }
        }

        /// Parses one record starting at `i`.
        mutating func record(findings: inout Findings) -> RecordOutcome {
            guard i < end else { return final ? .eof : .needMore }
            openQuoteLine = 0
            let startLine = line
            let c0 = p[i]
            if c0 == 0x0A || c0 == 0x0D {
                if c0 == 0x0D && i + 1 == end && !final { return .needMore }
                skipLine()
                return .blank
            }
            if let nf = plainRecord() { return .ok(fields: nf, line: startLine) }
            var nf = 0
            var bad = false
            var escaped = false
            var pending = Pending()
            let final = self.final
            let cls = classes
            let outcome = Parser.inline { () -> RecordOutcome in
                // Cursor and line in locals (registers), written back on every exit.
                let recordStart = i
                var i = self.i, line = self.line
                defer { self.i = i; self.line = line }
                var bnd = self.bounds, cap = self.capacity
                @inline(__always) func rollback() -> RecordOutcome {
                    i = recordStart
                    line = startLine
                    return .needMore
                }
                while true {
                    if nf == cap { grow(); bnd = self.bounds; cap = self.capacity }
                    if i < end && p[i] == 0x22 {
                        // Quoted field: scanned here, unescaped once the record is complete.
                        let quoteLine = line
                        i += 1
                        let start = i
                        var doubled = false
                        var closed = false
                        while i < end {
                            let c = p[i]
                            if c == 0x22 {
                                if i + 1 < end && p[i + 1] == 0x22 { doubled = true; i += 2; continue }
                                if i + 1 == end && !final { break }
                                i += 1
                                closed = true
                                break
                            }
                            if c >= 0x80 {
                                if !final && i + Parser.announcedLength(c) > end { break }
                                let len = CSVReader.utf8Length(p, i, end)
                                if len == 0 {
                                    if !bad { pending = Pending(kind: .invalidUTF8, line: line, column: nf + 1, byte: p[i]) }
                                    bad = true
                                    i += 1
                                    continue
                                }
                                i += len
                                continue
                            }
                            if c == 0x0A { line += 1 } else if c == 0x0D && !(i + 1 < end && p[i + 1] == 0x0A) { line += 1 }
                            i += 1
                        }
                        if !closed {
                            if !final {
                                self.openQuoteLine = quoteLine
                                return rollback()
                            }
                            if pending.kind != .none { findings.append(pending.finding(file: file)) }
                            findings.append(Finding(file: file, line: quoteLine, column: nf + 1, severity: .error,
                                                    code: "unterminated-quote",
                                                    message: "quoted field is never closed; expected a closing '\"' before the end of the file"))
                            return .fatal
                        }
                        bnd[2 * nf] = start
                        // A negative end marks a field whose doubled quotes are still to collapse.
                        bnd[2 * nf + 1] = doubled ? -i : i - 1
                        escaped = escaped || doubled
                        nf += 1
                        // After the closing quote: a delimiter, a line end or the end of the file.
                        if i == end && !final { return rollback() }
                        if i < end {
                            let c = p[i]
                            if c != 0x2C && c != 0x0A && c != 0x0D {
                                if !bad { pending = Pending(kind: .textAfterQuote, line: line, column: nf, byte: 0) }
                                bad = true
                                // Resynchronise at the next delimiter.
                                while i < end && p[i] != 0x2C && p[i] != 0x0A && p[i] != 0x0D { i += 1 }
                                if i == end && !final { return rollback() }
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
                                if !bad { pending = Pending(kind: .quoteInField, line: line, column: nf + 1, byte: 0) }
                                bad = true
                                j += 1
                                continue
                            }
                            if !final && j + Parser.announcedLength(p[j]) > end { return rollback() }
                            let len = CSVReader.utf8Length(p, j, end)
                            if len == 0 {
                                if !bad { pending = Pending(kind: .invalidUTF8, line: line, column: nf + 1, byte: p[j]) }
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
                    // Now at a delimiter, a line end or the end of the input (or of the window).
                    if i >= end {
                        if !final { return rollback() }
                        break
                    }
                    let c = p[i]
                    i += 1
                    if c == 0x2C {
                        if i >= end {
                            if !final { return rollback() }
                            // Trailing comma at the end of the file: one more empty field.
                            if nf == cap { grow(); bnd = self.bounds; cap = self.capacity }
                            bnd[2 * nf] = i; bnd[2 * nf + 1] = i; nf += 1
                            break
                        }
                        continue
                    }
                    if c == 0x0D {
                        if i == end && !final { return rollback() }
                        if i < end && p[i] == 0x0A { i += 1 }
                    }
                    line += 1
                    break
                }
                return bad ? .bad : .ok(fields: nf, line: startLine)
            }
            switch outcome {
            case .needMore, .fatal:
                return outcome
            default:
                if pending.kind != .none { findings.append(pending.finding(file: file)) }
                if escaped { collapseQuotes(fields: nf) }
                return outcome
            }
        }

        /// Scans the record at `i` when it is plain (what nearly every data row of a large file
        /// is): ASCII without a quote or a carriage return, ending in a line feed inside the
        /// window. Returns its field count with `bounds`, `i` (past the line feed) and `line`
        /// set exactly as the general scan in `record` sets them for such a record; or `nil`,
        /// having changed nothing but scratch entries of `bounds`, at the first byte that is not
        /// plain, when no line feed comes before the last 8 bytes of the window, or when the
        /// record may hold more fields than `bounds` has room for: the general scan then reads
        /// the record from its start and reports what it finds.
        ///
        /// Why: the general scan stops at every delimiter, looks the byte up in `classes` and
        /// branches per field; here each 8 bytes give one mask of their commas and one of their
        /// line feed, and a field ends at each set bit (`perf` gave the general scan 8% of the
        /// samples of `tearsheet-bench ingest`, a fifth of the workers' time).
        @inline(__always)
        mutating func plainRecord() -> Int? {
            let p = self.p, end = self.end, bnd = bounds, cap = capacity
            let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F, ones: UInt64 = 0x0101_0101_0101_0101
            /// High bit set in each byte of `w` equal to `b` (exact: no carry between bytes).
            @inline(__always) func equal(_ w: UInt64, _ b: UInt8) -> UInt64 {
                let t = w ^ (ones &* UInt64(b))
                return ~(((t & low7) &+ low7) | t | low7)
            }
            var j = i, start = i, nf = 0
            while j &+ 8 <= end {
                // At most 8 fields end in one word.
                if nf &+ 9 > cap { return nil }
                let w = UInt64(littleEndian: UnsafeRawPointer(p + j).loadUnaligned(as: UInt64.self))
                let lf = equal(w, 0x0A)
                // The bytes up to and including the first line feed (all 8 without one).
                let upto = lf == 0 ? ~0 : lf ^ (lf &- 1)
                if (equal(w, 0x0D) | equal(w, 0x22) | (w & 0x8080_8080_8080_8080)) & upto != 0 { return nil }
                var commas = equal(w, 0x2C) & upto
                while commas != 0 {
                    let at = j &+ commas.trailingZeroBitCount &>> 3
                    bnd[2 &* nf] = start
                    bnd[2 &* nf &+ 1] = at
                    nf &+= 1
                    start = at &+ 1
                    commas &= commas &- 1
                }
                if lf != 0 {
                    let at = j &+ lf.trailingZeroBitCount &>> 3
                    bnd[2 &* nf] = start
                    bnd[2 &* nf &+ 1] = at
                    i = at &+ 1
                    line &+= 1
                    return nf &+ 1
                }
                j &+= 8
            }
            return nil
        }

        /// Runs `body` (a scope whose `return`s give the record's outcome).
        @inline(__always) static func inline<R>(_ body: () -> R) -> R { body() }

        /// Collapses the doubled quotes of the marked fields of the record just scanned, in place
        /// (a field only shrinks, so it never overwrites the next one).
        mutating func collapseQuotes(fields nf: Int) {
            for f in 0..<nf where bounds[2 * f + 1] < 0 {
                let s = bounds[2 * f], e = -bounds[2 * f + 1] - 1
                var r = s, w = s
                while r < e {
                    let c = p[r]
                    p[w] = c
                    w += 1
                    r += c == 0x22 ? 2 : 1
                }
                bounds[2 * f + 1] = w
            }
        }

        /// Consumes every record the window completes; returns `.needMore` when the rest of the
        /// window is an incomplete record (only while `final` is `false`), `.done` at the end of
        /// the input or after a fatal problem.
        mutating func step(findings: inout Findings, body: (CSVRow) -> Void,
                           header onHeader: (_ names: [String], _ findings: inout Findings) -> Void) -> Step {
            if phase == .start {
                // UTF-8 byte-order mark (needs the first three bytes, or the whole input).
                if end < 3 && !final { return .needMore }
                if end >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF { i = 3 }
                phase = .preamble
            }
            if phase == .preamble {
                // Comment lines and blank lines before the header.
                while i < end {
                    let c = p[i]
                    if c == 0x23 {
                        var j = i + 1
                        while j < end && p[j] != 0x0A && p[j] != 0x0D { j += 1 }
                        if !final && (j == end || (p[j] == 0x0D && j + 1 == end)) { return .needMore }
                        var s = i + 1
                        while s < j && p[s] == 0x20 { s += 1 }
                        summary.comments.append(String(decoding: UnsafeBufferPointer(start: p + s, count: j - s), as: UTF8.self))
                        i = j
                        let before = line
                        skipLine()
                        preambleEndedLine = line > before
                    } else if c == 0x0A || c == 0x0D {
                        if c == 0x0D && i + 1 == end && !final { return .needMore }
                        skipLine()
                        preambleEndedLine = true
                    } else {
                        break
                    }
                }
                if i == end && !final { return .needMore }
                phase = .header
            }
            if phase == .header {
                header: while true {
                    switch record(findings: &findings) {
                    case .needMore:
                        return .needMore
                    case .eof:
                        findings.append(Finding(file: file, line: preambleEndedLine && line > 1 ? line - 1 : line, column: 1, severity: .error, code: "empty-file",
                                                message: "file has no header row; expected a header naming the columns"))
                        phase = .done
                        return .done
                    case .fatal, .bad:
                        phase = .done
                        return .done
                    case .blank:
                        continue
                    case .ok(let nf, let headerLine):
                        let row = CSVRow(base: p, bounds: bounds, count: nf, line: line)
                        summary.header = (0..<nf).map { row.string($0) }
                        summary.headerLine = headerLine
                        summary.isEmpty = false
                        width = nf
                        onHeader(summary.header, &findings)
                        phase = .data
                        if stopAfterHeader { return .done }
                        break header
                    }
                }
            }
            if phase == .data {
                while true {
                    switch record(findings: &findings) {
                    case .needMore:
                        return .needMore
                    case .eof, .fatal:
                        phase = .done
                        return .done
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
            return .done
        }
    }
}
