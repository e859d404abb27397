import Foundation
import TearsheetCore

/// Counts behind the progress line: `batch 120/1000 done, 2 failed, 4.1 books/s, ETA 3m 34s`.
public struct BatchProgress: Sendable, Equatable {
    public var total: Int
    public var done = 0
    public var failed = 0
    public var skipped = 0
    /// Seconds since the batch started.
    public var elapsed: Double

    public init(total: Int, done: Int = 0, failed: Int = 0, skipped: Int = 0, elapsed: Double) {
        self.total = total; self.done = done; self.failed = failed; self.skipped = skipped; self.elapsed = elapsed
    }

    /// Books finished per second (skipped books count: they are work done).
    public var rate: Double? { elapsed > 0 && done > 0 ? Double(done) / elapsed : nil }

    /// Seconds left at the current rate; `nil` before the first book finishes.
    public var eta: Double? { rate.map { Double(total - done) / $0 } }

    /// The line's text (no `\r`).
    public var line: String {
        var s = "batch \(done)/\(total) done, \(failed) failed"
        if skipped > 0 { s += ", \(skipped) skipped" }
        if let r = rate { s += String(format: ", %.1f books/s", r) }
        if let e = eta { s += ", ETA " + Self.duration(e) }
        return s
    }

    /// `42s`, `3m 04s`, `1h 02m`.
    public static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s)s" }
        if s < 3600 { return String(format: "%dm %02ds", s / 60, s % 60) }
        return String(format: "%dh %02dm", s / 3600, (s % 3600) / 60)
    }
}

/// Draws the progress line on a terminal: `\r` + the line, padded over the previous one, at most
/// every `interval` seconds; prints nothing when the stream is not a TTY (logs stay clean).
public final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private let fd: Int32
    private let interval: Double
    private var last = -Double.infinity
    private var width = 0
    public let enabled: Bool

    /// `fd`: the stream (stderr by default); `force` draws even without a TTY (tests).
    public init(fd: Int32 = 2, interval: Double = 0.2, force: Bool = false) {
        self.fd = fd
        self.interval = interval
        self.enabled = force || isatty(fd) == 1
    }

    /// Redraws with `progress` unless the last draw was under `interval` ago (`final` always draws and ends the line).
    public func update(_ progress: BatchProgress, final: Bool = false) {
        guard enabled else { return }
        lock.withLock {
            let now = BatchClock.now()
            guard final || now - last >= interval else { return }
            last = now
            let text = progress.line
            let pad = String(repeating: " ", count: max(0, width - text.count))
            width = text.count
            write("\r" + text + pad + (final ? "\n" : ""))
        }
    }

    private func write(_ s: String) {
        var bytes = Array(s.utf8)
        _ = bytes.withUnsafeMutableBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
    }
}
