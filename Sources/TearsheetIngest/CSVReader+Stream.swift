#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import TearsheetCore

extension CSVReader {
    /// Reads a CSV from `source` in chunks with bounded memory, with the same records, summary
    /// and findings as reading the whole input at once (`read(_:file:findings:row:header:)`).
    ///
    /// One buffer is reused: each `fill` call appends at most `chunkSize` bytes after the
    /// unfinished record carried over from the previous chunk (moved to the front first). The
    /// buffer starts at `chunkSize` bytes and only grows (doubling) when one record is longer
    /// than it; a record longer than `maxRecord` bytes is a `record-too-long` finding and ends
    /// the file. The buffer is therefore at most `chunkSize + 2 x the longest record` bytes
    /// (`chunkSize` alone when records are shorter than it; `chunkSize` is clamped to 1 GiB),
    /// never the file. The input ending before the size it had when opened (a file truncated by
    /// another process) or running past it is a `file-changed` finding at the first line not
    /// read; a failing `read(2)` is an `unreadable-file` finding there. Either ends the file.
    static func stream(
        _ source: ByteSource, file: String, findings: inout Findings,
        chunkSize: Int = defaultChunkSize, maxRecord: Int = maxRecordBytes,
        row body: (CSVRow) -> Void,
        header: (_ names: [String], _ findings: inout Findings) -> Void
    ) -> CSVSummary {
        let chunk = min(max(1, chunkSize), 1 << 30)
        var capacity = chunk
        var buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        var parser = Parser(base: buffer, end: 0, final: false, file: file)
        defer { parser.deallocate(); buffer.deallocate() }
        var total = 0
        reading: while true {
            // Carry the unfinished record to the front of the buffer.
            if parser.i > 0 {
                let keep = parser.end - parser.i
                if keep > 0 { buffer.update(from: buffer + parser.i, count: keep) }
                parser.end = keep
                parser.i = 0
            }
            if parser.end == capacity {
                // One record fills the whole buffer: grow it, up to the record limit.
                if parser.end >= maxRecord {
                    findings.append(recordTooLong(file: file, line: parser.line, limit: maxRecord,
                                                  openQuote: parser.openQuoteLine))
                    break reading
                }
                let grown = min(2 * capacity, maxRecord + chunk)
                let nb = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
                nb.update(from: buffer, count: parser.end)
                buffer.deallocate()
                buffer = nb
                capacity = grown
                parser.p = buffer
            }
            let r = source.fill(buffer + parser.end, min(chunk, capacity - parser.end))
            if r < 0 {
                findings.append(Finding(file: file, line: parser.line, column: 1, severity: .error, code: "unreadable-file",
                                        message: "reading stopped after \(total) bytes: \(source.errorText()); rows from this line on were not read"))
                break reading
            }
            if r == 0 {
                if let expected = source.expectedSize, expected != total {
                    findings.append(Finding(file: file, line: parser.line, column: 1, severity: .error, code: "file-changed",
                                            message: "file changed while it was read: it had \(expected) bytes when opened and \(total) could be read; "
                                                + "rows from this line on were not read; expected a file no other process writes to"))
                    break reading
                }
                if total == 0 {
                    findings.append(emptyFile(file))
                    return CSVSummary()
                }
                parser.final = true
            } else {
                parser.end += r
                total += r
            }
            if parser.step(findings: &findings, body: body, header: header) == .done { break reading }
        }
        // The file's size, also when reading stopped early (a fatal problem ends the file).
        parser.summary.byteCount = max(total, source.expectedSize ?? 0)
        return parser.summary
    }

    static func recordTooLong(file: String, line: Int, limit: Int, openQuote: Int) -> Finding {
        let size = limit >= 1 << 20 ? "\(limit >> 20) MiB" : "\(limit) bytes"
        let why = openQuote > 0
            ? "a quoted field opened on line \(openQuote) is still open after \(size); expected a closing '\"'"
            : "the record starting on this line is longer than \(size); expected shorter records"
        return Finding(file: file, line: line, column: 1, severity: .error, code: "record-too-long",
                       message: "\(why); the rest of the file was not read")
    }
}
