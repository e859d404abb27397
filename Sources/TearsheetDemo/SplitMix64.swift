/// A tiny seeded pseudo-random generator: SplitMix64 (Steele, Lea and Flood, "Fast splittable
/// pseudorandom number generators", OOPSLA 2014; constants as in Vigna's reference C code).
///
/// The example book and the synthetic books must be byte-identical on every machine and Swift
/// version, so generation never touches `SystemRandomNumberGenerator` or the standard library's
/// unspecified `random(in:using:)` algorithms: every draw goes through the methods below, whose
/// arithmetic is fully specified here.
public struct SplitMix64: RandomNumberGenerator, Sendable, Equatable {
    /// The generator's whole state.
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in [0, 1): the top 53 bits scaled by 2^-53.
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// An integer in `0..<bound` (0 when `bound <= 0`), by Lemire's multiply-shift (the tiny bias of
    /// skipping the rejection step, below 2^-40 for our bounds, is irrelevant for test data
    /// and keeps the draw count fixed, which keeps streams reproducible).
    public mutating func below(_ bound: Int) -> Int {
        guard bound > 0 else { return 0 }
        let product = next().multipliedFullWidth(by: UInt64(bound))
        return Int(product.high)
    }

    /// An integer in the closed range.
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// A standard normal draw by the Box-Muller transform (one of the pair is discarded so each
    /// call consumes exactly two 64-bit draws).
    public mutating func normal() -> Double {
        // 1 - unit() is in (0, 1], so the logarithm is finite.
        let u1 = 1.0 - unit()
        let u2 = unit()
        return (-2.0 * log(u1)).squareRoot() * cos(2.0 * Double.pi * u2)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TearsheetCore
