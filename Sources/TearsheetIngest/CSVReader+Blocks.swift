#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import TearsheetCore

extension CSVReader {
    /// What a worker made of one block of records: the consumer's state, the reader's findings
    /// for the block's records, and its row counts.
    final class Block<State>: @unchecked Sendable {
        var state: State
        var findings: Findings
        var totalRows = 0
        var dataRows = 0
        init(state: State, cap: Int) {
            self.state = state
            findings = Findings(cap: cap)
        }
    }

    /// What `readBlocks` learned about the file besides its blocks: the summary (header, row
    /// counts, size, SHA-256) and the findings of the preamble and header.
    struct BlockSummary {
        var summary: CSVSummary
        var headerFindings: Findings
    }

    /// A value handed to the workers as it is (each block's state is touched by one worker, and
    /// the calling thread reads it only after that worker signalled the block done).
    private struct Unchecked<T>: @unchecked Sendable { let value: T }

    /// Reads the file at `path` in blocks of whole records parsed on `workers` threads at once,
    /// with the same records, line numbers and findings as `read(path:...)` on one thread.
    ///
    /// The calling thread reads the file in order (`read(2)`, about `blockSize` bytes at a time,
    /// each byte fed to the SHA-256 as it is read, as `stream` does), parses the preamble and the
    /// header itself, then cuts the data after the last line feed of what it has read: each block
    /// holds whole lines, and the unfinished line moves to the front of the next one. It counts
    /// the block's line ends (LF, CRLF, lone CR, as the parser counts them), so every block
    /// starts at its exact line, and hands the block to a worker, which parses it with its own
    /// parser into its own `State` (made by `makeState` on the calling thread, in file order;
    /// `row` runs on the workers). Finished blocks go to `consume` on the calling thread, in file
    /// order, as soon as they and all before them are done; at most `2 x workers + 1` blocks are
    /// in memory at once.
    ///
    /// A line feed ends a record only outside a quoted field, so a file whose data holds any `"`
    /// is not cut: the function returns `nil` at the first quote and the caller reads the file on
    /// one thread (discarding what `consume` received). It also returns `nil` (the caller then
    /// reads on one thread, which reports what it finds) for a file below `threshold` bytes, a
    /// header refused by `header` (`accepted` false) or longer than `maxRecord`, a line longer
    /// than `maxRecord`, a file whose size changes while it is read, and a read error. Findings
    /// of each block are capped at `cap` like the one-thread reader's, so appending them in block
    /// order gives the same items and suppressed counts.
    static func readBlocks<State>(
        path: String, display: String? = nil, workers: Int, blockSize: Int, threshold: Int,
        maxRecord: Int = maxRecordBytes, cap: Int, policy: PathPolicy = .unrestricted,
        header: (_ names: [String], _ findings: inout Findings) -> Bool,
        makeState: () -> State,
        row: @escaping (inout State, CSVRow) -> Void,
        consume: (Block<State>) -> Void
    ) throws(TearsheetError) -> BlockSummary? {
        guard workers > 1 else { return nil }
        let (fd, size) = try FileBytes.openRegularFile(path, policy: policy)
        defer { close(fd) }
        guard size >= max(1, threshold) else { return nil }
        let file = display ?? path
        let chunk = min(max(1, blockSize), 1 << 30)
        let digest = ReadDigest()
        var total = 0
        var failed = false
        /// Appends up to `count` bytes of the file at `p`; false at a read error or a size change.
        func fill(_ p: UnsafeMutablePointer<UInt8>, _ count: Int) -> Int {
            var got = 0
            while got < count && total < size {
                let r = FileBytes.systemRead(fd, p + got, min(count - got, size - total))
                if r < 0 && errno == EINTR { continue }
                if r <= 0 { failed = true; break }
                digest.update(UnsafeRawBufferPointer(start: p + got, count: r))
                got += r
                total += r
            }
            return got
        }

        // The preamble and the header, read on this thread (the buffer grows until they fit).
        var capacity = chunk
        var buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        var owned = true
        defer { if owned { buffer.deallocate() } }
        var end = fill(buffer, capacity)
        if failed || end == 0 { return nil }
        var headerFindings = Findings(cap: cap)
        var accepted = true
        var parser = Parser(base: buffer, end: end, final: total == size, file: file)
        defer { parser.deallocate() }
        parser.stopAfterHeader = true
        while true {
            _ = parser.step(findings: &headerFindings, body: { _ in }, header: { names, f in accepted = header(names, &f) })
            if parser.phase == .data || parser.phase == .done || parser.final { break }
            if end >= maxRecord { return nil }
            if end == capacity {
                let grown = min(2 * capacity, maxRecord + chunk)
                let nb = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
                nb.update(from: buffer, count: end)
                buffer.deallocate()
                buffer = nb
                capacity = grown
                parser.p = buffer
            }
            end += fill(buffer + end, capacity - end)
            if failed { return nil }
            parser.end = end
            parser.final = total == size
        }
        guard parser.phase == .data, accepted else { return nil }
        var summary = parser.summary
        let width = parser.width
        var start = parser.i
        var line = parser.line

        let queue = DispatchQueue.global(qos: .userInitiated)
        let group = DispatchGroup()
        let parse = Unchecked(value: row)
        /// Blocks handed out and not yet consumed, oldest first, each with its "done" signal.
        var pending: [(block: Block<State>, done: DispatchSemaphore)?] = []
        var oldest = 0
        let inFlight = 2 * workers + 1
        /// Consumes the oldest blocks that are done, waiting for the oldest when `wait`.
        func drain(wait: Bool) {
            while oldest < pending.count, let (block, done) = pending[oldest] {
                if wait { done.wait() } else if done.wait(timeout: .now()) == .timedOut { return }
                summary.totalRows += block.totalRows
                summary.dataRows += block.dataRows
                consume(block)
                pending[oldest] = nil
                oldest += 1
                if wait { return }
            }
        }
        var abandoned = false
        defer { group.wait() }
        while true {
            let final = total == size
            // The block: whole lines from `start`, up to the last line feed (all of it at the end).
            var cut = end
            if !final {
                cut = start
                var k = end
                while k > start { if buffer[k - 1] == 0x0A { cut = k; break }; k -= 1 }
            }
            if cut == start && !final {
                // No line end yet: read more (growing the buffer for a long line).
                if end - start >= maxRecord { abandoned = true; break }
                if end == capacity {
                    let grown = min(2 * capacity, maxRecord + chunk)
                    let nb = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
                    nb.update(from: buffer + start, count: end - start)
                    buffer.deallocate()
                    buffer = nb
                    end -= start
                    start = 0
                    capacity = grown
                }
                end += fill(buffer + end, capacity - end)
                if failed { abandoned = true; break }
                continue
            }
            if memchr(buffer + start, 0x22, cut - start) != nil { abandoned = true; break }
            let lines = lineEnds(buffer + start, cut - start)
            // The next buffer starts with the unfinished line.
            let next = final ? nil : UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            if let next, end > cut { next.update(from: buffer + cut, count: end - cut) }
            while pending.count - oldest >= inFlight { drain(wait: true) }
            let block = Block(state: makeState(), cap: cap)
            let done = DispatchSemaphore(value: 0)
            pending.append((block, done))
            let bytes = Unchecked(value: buffer), from = start, to = cut, first = line
            queue.async(group: group) {
                defer { bytes.value.deallocate(); done.signal() }
                var p = Parser(base: bytes.value + from, end: to - from, final: true, file: file)
                defer { p.deallocate() }
                p.phase = .data
                p.width = width
                p.line = first
                _ = p.step(findings: &block.findings, body: { parse.value(&block.state, $0) }, header: { _, _ in })
                block.totalRows = p.summary.totalRows
                block.dataRows = p.summary.dataRows
            }
            line += lines
            drain(wait: false)
            guard let next else {
                owned = false
                // A file that grew since it was opened is `file-changed` on one thread.
                var probe: UInt8 = 0
                if FileBytes.systemRead(fd, &probe, 1) != 0 { abandoned = true }
                break
            }
            end -= cut
            start = 0
            buffer = next
            end += fill(buffer + end, capacity - end)
            if failed { abandoned = true; break }
        }
        group.wait()
        if abandoned { return nil }
        while oldest < pending.count { drain(wait: true) }
        summary.byteCount = size
        summary.sha256 = digest.hex()
        return BlockSummary(summary: summary, headerFindings: headerFindings)
    }

    /// Line ends in `p[0..<n]` as the parser counts them: each LF, each CR not followed by LF.
    static func lineEnds(_ p: UnsafeMutablePointer<UInt8>, _ n: Int) -> Int {
        // Line feeds 16 bytes at a time: each lane of `counts` adds 1 per LF (a true lane of the
        // comparison is all ones, -1), emptied into `lf` before any lane can pass 255.
        var lf = 0, i = 0
        let newline = SIMD16<UInt8>(repeating: 0x0A)
        while i + 16 <= n {
            var counts = SIMD16<UInt8>()
            var k = 0
            while k < 255 && i + 16 <= n {
                let v = UnsafeRawPointer(p + i).loadUnaligned(as: SIMD16<UInt8>.self)
                counts &-= unsafeBitCast(v .== newline, to: SIMD16<UInt8>.self)
                i += 16
                k += 1
            }
            lf += Int(SIMD16<UInt16>(truncatingIfNeeded: counts).wrappedSum())
        }
        while i < n {
            if p[i] == 0x0A { lf += 1 }
            i += 1
        }
        // Carriage returns (rare): those followed by a line feed end the same line.
        guard n > 0, memchr(p, 0x0D, n) != nil else { return lf }
        var lone = 0
        for k in 0..<n where p[k] == 0x0D && !(k + 1 < n && p[k + 1] == 0x0A) { lone += 1 }
        return lf + lone
    }
}
