import CXlsxFast
import Foundation
import Testing
import TearsheetCore

/// `cnum_format_g16` must write exactly what glibc's `printf("%.16G")` writes (libxlsxwriter's
/// numeric cells; Sources/CXlsxFast/NumberCells.c), for every number it takes.
@Suite struct NumberCellsTests {
    static func printf(_ value: Double) -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        let n = withVaList([value]) { vsnprintf(&buffer, 64, "%.16G", $0) }
        return String(decoding: buffer[0..<Int(max(0, n))].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The fast text, or nil when the number is left to printf.
    static func fast(_ value: Double) -> String? {
        var buffer = [CChar](repeating: 0, count: 32)
        let n = Int(cnum_format_g16(value, &buffer))
        guard n > 0 else { return nil }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// xorshift64*, seeded: the same numbers on every run.
    struct Numbers {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state >> 12; state ^= state << 25; state ^= state >> 27
            return state &* 2_685_821_657_736_338_717
        }
        mutating func unit() -> Double { Double(next() >> 11) / 9_007_199_254_740_992 }
    }

    @Test func handCheckedNumbers() {
        let cases: [(Double, String)] = [
            (0, "0"), (-0.0, "-0"), (1, "1"), (-1, "-1"), (0.1, "0.1"), (0.5, "0.5"),
            (45_000, "45000"), (1.0 / 3, "0.3333333333333333"), (2.0 / 3, "0.6666666666666666"),
            (-0.0123, "-0.0123"), (1e-5, "1E-05"), (1.5e-6, "1.5E-06"), (0.0001, "0.0001"),
            (123_456.789, "123456.789"), (1e15, "1000000000000000"), (999_999_999_999_999, "999999999999999"),
            // Ties (the 17th significant digit an exact 5) round to even.
            (1_000_000_000_000_000.5, "1000000000000000"), (1_000_000_000_000_001.5, "1000000000000002"),
            // Rounding carries into a new digit.
            (9.9999999999999995, "10"), (0.099999999999999999, "0.1"),
        ]
        for (value, text) in cases {
            #expect(Self.printf(value) == text, "glibc on \(value)")
            #expect(Self.fast(value) == text, "fast on \(value)")
        }
    }

    /// `snprintf("%d")` on an enabled thread keeps glibc's contract: at most n - 1 characters and
    /// a NUL, the full length returned.
    @Test func integerTextsKeepSnprintfsContract() {
        cxlsx_fast_begin()
        var calls = 0
        for value in [0, 7, -7, 42, 1_048_576, Int(Int32.max), Int(Int32.min)] {
            for size in [0, 1, 2, 3, 5, 8, 12, 16] {
                var fast = [CChar](repeating: 0x55, count: 16), glibc = [CChar](repeating: 0x55, count: 16)
                let n = cxlsx_snprintf_int(&fast, size, Int32(value))
                let m = withVaList([Int32(value)]) { vsnprintf(&glibc, size, "%d", $0) }
                calls += 1
                #expect(n == m && fast == glibc, "\(value) in \(size) bytes")
            }
        }
        let counts = cxlsx_fast_end()
        #expect(Int(counts.int_texts) == calls)
    }

    @Test func leavesTheRestToPrintf() {
        for value in [Double.infinity, -.infinity, .nan, 9_007_199_254_740_992, 1e16, 1e300, 9e-8, 1e-300,
                      Double.leastNonzeroMagnitude, Double.leastNormalMagnitude / 2] {
            #expect(Self.fast(value) == nil, "\(value)")
        }
    }

    /// Half a million seeded numbers of four kinds: any bit pattern, uniform mantissas at every decimal
    /// magnitude the fast path takes, decimal fractions k / 10^j, and the neighbours of powers of
    /// ten. Every number taken is compared with glibc; every number of the middle kinds in range
    /// is taken.
    @Test func matchesGlibcOnHalfAMillionNumbers() {
        var rng = Numbers(state: 0x9E37_79B9_7F4A_7C15)
        var taken = 0, mismatches: [String] = []
        for i in 0..<500_000 {
            let value: Double
            switch i % 4 {
            case 0: value = Double(bitPattern: rng.next())
            case 1: value = (rng.unit() + 0.1) * pow(10, Double(Int(rng.next() % 21) - 6)) * (rng.next() & 1 == 0 ? 1 : -1)
            case 2: value = Double(Int64(rng.next() % 2_000_000_001) - 1_000_000_000) / pow(10, Double(rng.next() % 12))
            default:
                let power = pow(10, Double(Int(rng.next() % 22) - 6))
                value = rng.next() & 1 == 0 ? power.nextUp : power.nextDown
            }
            guard let text = Self.fast(value) else {
                let magnitude = abs(value)
                if i % 4 != 0 && magnitude >= 1e-6 && magnitude < 1e15 { mismatches.append("not taken: \(value)") }
                continue
            }
            taken += 1
            let expected = Self.printf(value)
            if text != expected && mismatches.count < 10 { mismatches.append("\(value): \(text) vs \(expected)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
        #expect(taken > 350_000)
    }
}
