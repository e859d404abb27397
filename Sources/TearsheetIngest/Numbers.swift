import TearsheetCore

/// Outcome of parsing a decimal number from bytes.
public enum NumberParse: Equatable, Sendable {
    case value(Double)
    case empty
    /// `1,234.5`: a thousands separator (only `.` is a decimal separator, no grouping).
    case thousandsSeparator
    /// `NaN`, `Inf`, `infinity`, or a value that overflows to infinity.
    case nonFinite
    case malformed
}

/// Fast decimal parsing from bytes.
///
/// Grammar: `[+-]? digits? ('.' digits?)? ([eE] [+-]? digits)?` with at least one digit in the
/// mantissa. Common values (at most 15 significant digits, decimal exponent within +-22) are
/// computed exactly as `mantissa * 10^e` or `mantissa / 10^e` (both operands exact, one correctly
/// rounded operation: Clinger's fast path, "How to read floating point numbers accurately", 1990),
/// which equals `Double(String)`. Anything longer falls back to `Double(Substring)` after the
/// grammar has been checked, so results always round-trip like `Double(String)`.
public enum Numbers {
    @usableFromInline static let powersOf10: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// Parses `b` (already trimmed by the caller if wanted).
    @inlinable
    public static func parse(_ b: UnsafeBufferPointer<UInt8>) -> NumberParse {
        let n = b.count
        if n == 0 { return .empty }
        let c0 = b[0]
        // Plain decimals of at most 15 digits (`76`, `64.00`, `-1.5`: nearly every quantity,
        // price and fee) in one loop without exponent or significant-digit bookkeeping. With 15
        // digits or fewer the general path below takes its exact branch with the same mantissa
        // (leading zeros add nothing) and exponent (minus the digits after the point), so the
        // bits are the same; anything else (more digits, an exponent, a stray byte) goes there.
        if n <= 17 {
            var j = c0 == 0x2D || c0 == 0x2B ? 1 : 0
            var m: UInt64 = 0, digits = 0, point = -1
            while j < n {
                let d = b[j] &- 0x30
                if d <= 9 { m = m &* 10 &+ UInt64(d); digits &+= 1 } else if b[j] == 0x2E && point < 0 { point = digits } else { break }
                j &+= 1
            }
            if j == n && digits >= 1 && digits <= 15 {
                let fraction = point < 0 ? 0 : digits - point
                var v = Double(m)
                if fraction > 0 { v /= powersOf10[fraction] }
                return .value(c0 == 0x2D ? -v : v)
            }
        }
        var i = 0
        var negative = false
        if c0 == 0x2D { negative = true; i = 1 } else if c0 == 0x2B { i = 1 }
        var mantissa: UInt64 = 0
        var sigDigits = 0
        var digitsSeen = 0
        var exp10 = 0
        // Integer part.
        while i < n {
            let d = b[i] &- 0x30
            if d > 9 { break }
            digitsSeen += 1
            if mantissa != 0 || d != 0 {
                if sigDigits < 19 { mantissa = mantissa &* 10 &+ UInt64(d) } else { exp10 += 1 }
                sigDigits += 1
            }
            i += 1
        }
        if i < n && b[i] == 0x2E {
            i += 1
            while i < n {
                let d = b[i] &- 0x30
                if d > 9 { break }
                digitsSeen += 1
                if mantissa != 0 || d != 0 {
                    if sigDigits < 19 { mantissa = mantissa &* 10 &+ UInt64(d); exp10 -= 1 }
                    sigDigits += 1
                } else {
                    exp10 -= 1
                }
                i += 1
            }
        }
        if digitsSeen == 0 { return classifyBad(b) }
        if i < n && (b[i] == 0x65 || b[i] == 0x45) {
            i += 1
            var eneg = false
            if i < n && (b[i] == 0x2D || b[i] == 0x2B) { eneg = b[i] == 0x2D; i += 1 }
            var e = 0
            var eDigits = 0
            while i < n {
                let d = b[i] &- 0x30
                if d > 9 { break }
                if e < 100_000 { e = e * 10 + Int(d) }
                eDigits += 1
                i += 1
            }
            if eDigits == 0 { return .malformed }
            exp10 += eneg ? -e : e
        }
        if i != n { return classifyBad(b) }
        if sigDigits <= 15 && exp10 >= -22 && exp10 <= 22 {
            var v = Double(mantissa)
            if exp10 >= 0 { v *= powersOf10[exp10] } else { v /= powersOf10[-exp10] }
            return .value(negative ? -v : v)
        }
        if mantissa == 0 { return .value(negative ? -0.0 : 0.0) }
        // Rare: long mantissa or large exponent. The grammar is already checked.
        let s = String(decoding: b, as: UTF8.self)
        guard let v = Double(s) else { return .malformed }
        return v.isFinite ? .value(v) : .nonFinite
    }

    @usableFromInline
    static func classifyBad(_ b: UnsafeBufferPointer<UInt8>) -> NumberParse {
        var hasComma = false
        var hasDigit = false
        var letters: [UInt8] = []
        for c in b {
            if c == 0x2C { hasComma = true }
            if c >= 0x30 && c <= 0x39 { hasDigit = true }
            if (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A { letters.append(c | 0x20) }
        }
        if hasComma && hasDigit { return .thousandsSeparator }
        let word = String(decoding: letters, as: UTF8.self)
        if word == "nan" || word == "inf" || word == "infinity" { return .nonFinite }
        return .malformed
    }
}

/// Small byte helpers used by the decoders.
public enum Bytes {
    /// `b` without leading and trailing ASCII spaces and tabs. Always inlined: it runs on every
    /// field of every row, nearly always to return `b` as it is (`perf` showed it as a call).
    @inlinable @inline(__always)
    public static func trim(_ b: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var s = 0, e = b.count
        while s < e && (b[s] == 0x20 || b[s] == 0x09) { s += 1 }
        while e > s && (b[e - 1] == 0x20 || b[e - 1] == 0x09) { e -= 1 }
        if s == 0 && e == b.count { return b }
        return UnsafeBufferPointer(rebasing: b[s..<e])
    }

    /// ASCII case-insensitive comparison with an uppercase ASCII literal.
    @inlinable
    public static func equalsUpper(_ b: UnsafeBufferPointer<UInt8>, _ upper: StaticString) -> Bool {
        guard b.count == upper.utf8CodeUnitCount else { return false }
        let u = upper.utf8Start
        for i in 0..<b.count {
            var c = b[i]
            if c >= 0x61 && c <= 0x7A { c -= 0x20 }
            if c != u[i] { return false }
        }
        return true
    }

    /// `s` shortened to 40 characters for messages.
    public static func showString(_ s: String) -> String {
        s.count > 40 ? String(s.prefix(40)) + "..." : s
    }

    /// The field as a `String` for messages, shortened to 40 characters.
    public static func show(_ b: UnsafeBufferPointer<UInt8>) -> String {
        let s = String(decoding: b, as: UTF8.self)
        return s.count > 40 ? String(s.prefix(40)) + "..." : s
    }
}

/// A number for messages: integers without a trailing `.0`, others in Swift's shortest form.
func fmt(_ v: Double) -> String {
    if v == v.rounded() && abs(v) < 1e15 { return String(Int64(v)) }
    return v.description
}
