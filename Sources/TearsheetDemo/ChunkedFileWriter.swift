import Foundation
import TearsheetCore

/// Appends bytes to a file through a fixed-size buffer, so a generator can stream gigabytes of
/// CSV with bounded memory. Numbers are formatted straight into the buffer (no `String` per row).
struct ChunkedFileWriter {
    let path: String
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private let capacity: Int
    /// Bytes written so far (flushed or buffered).
    private(set) var bytesWritten = 0

    init(url: URL, capacity: Int = 1 << 20) throws(DemoError) {
        path = url.path
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw .io(path: url.path, message: "cannot create file")
        }
        do { handle = try FileHandle(forWritingTo: url) } catch {
            throw .io(path: url.path, message: "cannot open for writing: \(error.localizedDescription)")
        }
        self.capacity = capacity
        buffer.reserveCapacity(capacity + 256)
    }

    mutating func flushIfFull() throws(DemoError) {
        if buffer.count >= capacity { try flush() }
    }

    mutating func flush() throws(DemoError) {
        guard !buffer.isEmpty else { return }
        do { try handle.write(contentsOf: buffer) } catch {
            throw .io(path: path, message: "write failed: \(error.localizedDescription)")
        }
        buffer.removeAll(keepingCapacity: true)
    }

    mutating func close() throws(DemoError) {
        try flush()
        do { try handle.close() } catch {
            throw .io(path: path, message: "close failed: \(error.localizedDescription)")
        }
    }

    mutating func byte(_ b: UInt8) { buffer.append(b); bytesWritten += 1 }

    mutating func bytes(_ b: [UInt8]) { buffer.append(contentsOf: b); bytesWritten += b.count }

    mutating func text(_ s: String) { bytes(Array(s.utf8)) }

    /// An integer in decimal: counts the digits, then fills them in from the right.
    mutating func int(_ value: Int64) {
        if value < 0 { byte(UInt8(ascii: "-")) }
        var v = value.magnitude
        var width = 1
        var probe = v
        while probe >= 10 { probe /= 10; width += 1 }
        let end = buffer.count + width
        buffer.append(contentsOf: repeatElement(UInt8(48), count: width))
        var at = end - 1
        repeat {
            buffer[at] = UInt8(48 + v % 10)
            v /= 10
            at -= 1
        } while v > 0
        bytesWritten += width
    }

    /// Cents as `D.CC` (two decimals, by integer arithmetic).
    mutating func cents(_ value: Int64) {
        if value < 0 { byte(UInt8(ascii: "-")) }
        let m = value.magnitude
        int(Int64(m / 100))
        byte(UInt8(ascii: "."))
        let c = m % 100
        byte(UInt8(48 + c / 10))
        byte(UInt8(48 + c % 10))
    }
}
