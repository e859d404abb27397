/// The few order statistics the tail metrics need, found by selection (expected O(n)) instead of
/// a full sort: the 5% and 95% quantiles, the (1 - c) quantile, and the sum of the smallest
/// `floor((n - 1)(1 - c)) + 1` returns (historical CVaR).
struct OrderStatistics: Sendable {
    var q05: Double?
    var q95: Double?
    var qVaR: Double?
    var cvarTailSum: Double
    var cvarTailCount: Int

    init(_ xs: [Double], varLevel level: Double) {
        // 1 - 0.95 is 0.050000000000000044 in binary; round the level to 12 decimals so the 95%
        // VaR uses exactly numpy's 5th percentile and shares the 5% selection.
        let p = (level * 1e12).rounded() / 1e12
        let n = xs.count
        guard n > 0 else { q05 = nil; q95 = nil; qVaR = nil; cvarTailSum = 0; cvarTailCount = 0; return }
        var a = xs
        // Select the low order statistic first, then the high one inside the part above it.
        let lo = Self.quantile(&a, 0.05, from: 0)
        q05 = lo.value
        q95 = Self.quantile(&a, 0.95, from: lo.index + 1).value
        let k = Int(Double(n - 1) * p) + 1
        if p == 0.05 {
            qVaR = q05
        } else {
            var b = xs
            qVaR = Self.quantile(&b, p, from: 0).value
            a = b
        }
        // The k smallest sit in a[0..<k] once index k - 1 is selected (already true when k - 1 == lo.index).
        if k - 1 != lo.index || p != 0.05 { Self.select(&a, k - 1, 0, n - 1) }
        cvarTailSum = Stats.sum(a[0..<k])
        cvarTailCount = k
    }

    /// numpy's linear quantile: x_(lo) + (h - lo)(x_(lo+1) - x_(lo)), h = (n - 1) q. Everything
    /// before `from` must already be <= the answer (a previous selection guarantees it).
    static func quantile(_ a: inout [Double], _ q: Double, from: Int) -> (value: Double, index: Int) {
        let n = a.count
        let h = Double(n - 1) * q
        let lo = Int(h.rounded(.down))
        select(&a, lo, min(from, lo), n - 1)
        guard lo + 1 < n else { return (a[lo], lo) }
        var next = a[lo + 1]
        var i = lo + 2
        while i < n { if a[i] < next { next = a[i] }; i += 1 }
        return (a[lo] + (h - Double(lo)) * (next - a[lo]), lo)
    }

    /// Hoare quickselect with median-of-three pivots: afterwards a[k] is the k-th smallest,
    /// everything before it is <= and everything after it is >=.
    static func select(_ a: inout [Double], _ k: Int, _ left: Int, _ right: Int) {
        var l = left, r = right
        a.withUnsafeMutableBufferPointer { b in
            while r > l {
                let m = l + (r - l) / 2
                if b[m] < b[l] { b.swapAt(m, l) }
                if b[r] < b[l] { b.swapAt(r, l) }
                if b[r] < b[m] { b.swapAt(r, m) }
                let pivot = b[m]
                var i = l, j = r
                while i <= j {
                    while b[i] < pivot { i += 1 }
                    while b[j] > pivot { j -= 1 }
                    if i <= j { b.swapAt(i, j); i += 1; j -= 1 }
                }
                if k <= j { r = j } else if k >= i { l = i } else { return }
            }
        }
    }
}
