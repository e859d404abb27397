import Foundation
import TearsheetMetrics
import TearsheetCore

/// Test helpers: fixture loading and tolerance checks.
enum Fixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// Case folders holding a ref.json, sorted.
    static func cases() -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.sorted().map { root.appendingPathComponent($0) }
            .filter { FileManager.default.fileExists(atPath: $0.appendingPathComponent("ref.json").path) }
    }

    /// Reads a `date,return` CSV (test-only; the product's reader lives in TearsheetIngest).
    static func series(_ url: URL) throws -> DatedSeries {
        let text = try String(contentsOf: url, encoding: .utf8)
        var days: [Day] = [], values: [Double] = []
        for line in text.split(separator: "\n").dropFirst() where !line.isEmpty {
            let f = line.split(separator: ",")
            guard f.count == 2, let d = Day(iso: f[0]), let v = Double(f[1]) else { continue }
            days.append(d); values.append(v)
        }
        return DatedSeries(days: days, values: values)
    }

    static func json(_ url: URL) throws -> [String: Any] {
        (try JSONSerialization.jsonObject(with: Data(contentsOf: url))) as? [String: Any] ?? [:]
    }

    /// A finite reference number, or nil when absent, non-finite ("nan") or an error object.
    static func number(_ any: Any?) -> Double? {
        if let n = any as? NSNumber, !(any is Bool) { let d = n.doubleValue; return d.isFinite ? d : nil }
        return nil
    }
}

/// |a - b| <= max(abs, rel * |b|): the acceptance tolerance (1e-9 relative, 1e-12 absolute).
func close(_ a: Double?, _ b: Double, rel: Double = 1e-9, abs absTol: Double = 1e-12) -> Bool {
    guard let a else { return false }
    return Swift.abs(a - b) <= max(absTol, rel * Swift.abs(b))
}

/// A deterministic pseudo-random generator (SplitMix64) for synthetic series in tests.
struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

/// Business days from `start`, `n` of them.
func businessDays(from start: Day, count n: Int) -> [Day] {
    var out: [Day] = [], d = start
    while out.count < n { if !d.isWeekend { out.append(d) }; d = d.adding(days: 1) }
    return out
}
