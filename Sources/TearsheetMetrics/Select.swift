import TearsheetCore

/// Branch-free selections for the hot loops of `SeriesContext` and `OrderStatistics`.
///
/// A return's sign is a coin toss, so `if r > 0 { ... }` mispredicts about every other day and
/// costs more than the arithmetic it guards. These helpers turn a condition into a bit mask, so
/// the loops run without data-dependent branches. They return exactly one of their inputs (or
/// +0.0, which leaves a sum of one-signed terms starting at +0.0 unchanged), so the results are
/// bit-for-bit those of the branching code.
enum Select {
    /// 1 when `c` holds, else 0.
    @inline(__always) static func flag(_ c: Bool) -> Int {
        Int(unsafeBitCast(c, to: UInt8.self))
    }

    /// `c ? a : b`, computed with masks.
    @inline(__always) static func pick(_ c: Bool, _ a: Double, _ b: Double) -> Double {
        let mask = 0 &- UInt64(unsafeBitCast(c, to: UInt8.self))
        return Double(bitPattern: (a.bitPattern & mask) | (b.bitPattern & ~mask))
    }

    /// `c ? v : +0.0`, computed with a mask.
    @inline(__always) static func keep(_ v: Double, if c: Bool) -> Double {
        Double(bitPattern: v.bitPattern & (0 &- UInt64(unsafeBitCast(c, to: UInt8.self))))
    }
}
