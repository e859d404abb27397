/// Counts of values in equal-width bins, for the histogram of monthly returns.
///
/// Bins are `[k w, (k + 1) w)` for whole k, from the bin holding the smallest value to the one
/// holding the largest, so 0 is always a bin edge (gains and losses never share a bar). The width
/// `w` is the smallest of 0.5%, 1%, 2%, 5%, 10%, 25%, 50%, 100% that keeps the bins at most 24.
/// Non-finite values are ignored.
public enum Histogram {
    public struct Bin: Sendable, Equatable {
        public var lower: Double
        public var upper: Double
        public var count: Int
    }

    static let widths = [0.005, 0.01, 0.02, 0.05, 0.10, 0.25, 0.50, 1.0]

    /// The bins of `values`; empty when there is no finite value.
    public static func bins(_ values: [Double], maxBins: Int = 24) -> [Bin] {
        let v = values.filter(\.isFinite)
        guard let lo = v.min(), let hi = v.max() else { return [] }
        var width = widths.last!
        for w in widths {
            let n = Int((hi / w).rounded(.down)) - Int((lo / w).rounded(.down)) + 1
            if n <= maxBins { width = w; break }
        }
        let first = Int((lo / width).rounded(.down)), last = Int((hi / width).rounded(.down))
        var counts = [Int](repeating: 0, count: last - first + 1)
        for x in v { counts[min(counts.count - 1, max(0, Int((x / width).rounded(.down)) - first))] += 1 }
        return counts.indices.map { i in Bin(lower: Double(first + i) * width, upper: Double(first + i + 1) * width, count: counts[i]) }
    }
}
