import TearsheetCore

/// Locale-free, deterministic number-to-text conversions shared by the formatter and the renderers
/// (no Foundation, no locale: the same bytes on every machine).
public enum NumberText {
    /// `value` rounded half away from zero to `decimals` places, e.g. `fixed(-1.005, decimals: 2)`
    /// is `-1.01`. Rounding works on the shortest decimal text that reads back as `value` (what a
    /// person and a spreadsheet see), not on its binary expansion, so `1.005` rounds up as written.
    /// `shift` moves the decimal point first (`shift: 2` shows a fraction as a percentage) without
    /// a binary multiplication. Never prints a negative zero. Non-finite values give "".
    public static func fixed(_ value: Double, decimals: Int, thousands: Bool = false, shift: Int = 0) -> String {
        guard value.isFinite else { return "" }
        let (negative, digits, point0) = decimalDigits(value)
        let point = point0 + shift
        // Integer and fraction digits (ASCII), padded so both exist.
        var int: [UInt8] = point > 0 ? Array(digits.prefix(point)) + Array(repeating: 0x30, count: max(0, point - digits.count)) : [0x30]
        var frac: [UInt8] = point >= 0 ? Array(digits.dropFirst(point)) : Array(repeating: 0x30, count: -point) + digits
        while int.count > 1 && int.first == 0x30 { int.removeFirst() }
        if int.isEmpty { int = [0x30] }
        let roundUp = frac.count > decimals && frac[decimals] >= 0x35
        if frac.count > decimals { frac.removeLast(frac.count - decimals) }
        while frac.count < decimals { frac.append(0x30) }
        if roundUp {
            var carry = true
            var i = frac.count - 1
            while carry && i >= 0 {
                if frac[i] == 0x39 { frac[i] = 0x30 } else { frac[i] += 1; carry = false }
                i -= 1
            }
            i = int.count - 1
            while carry && i >= 0 {
                if int[i] == 0x39 { int[i] = 0x30 } else { int[i] += 1; carry = false }
                i -= 1
            }
            if carry { int.insert(0x31, at: 0) }
        }
        let isZero = int.allSatisfy { $0 == 0x30 } && frac.allSatisfy { $0 == 0x30 }
        var out: [UInt8] = negative && !isZero ? [0x2D] : []
        if thousands {
            for (i, c) in int.enumerated() {
                if i > 0 && (int.count - i) % 3 == 0 { out.append(0x2C) }
                out.append(c)
            }
        } else {
            out += int
        }
        if decimals > 0 { out.append(0x2E); out += frac }
        return String(decoding: out, as: UTF8.self)
    }

    /// `value`, or 0 when it is within `1e-9 x scale` of 0: the floating-point remainder of an
    /// identity (a linking residual of `-2.05e-16`) is shown as the 0 it stands for. For display
    /// only; the arithmetic keeps the value.
    public static func snapped(_ value: Double, scale: Double = 1) -> Double {
        abs(value) < 1e-9 * abs(scale) ? 0 : value
    }

    /// Digits of `v` in groups of three separated by commas.
    static func group(_ v: UInt64) -> String {
        let s = Array(String(v).utf8)
        var out: [UInt8] = []
        out.reserveCapacity(s.count + s.count / 3)
        for (i, c) in s.enumerated() {
            if i > 0 && (s.count - i) % 3 == 0 { out.append(0x2C) }
            out.append(c)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The shortest text that reads back as exactly `value` (Swift's round-trip `description`),
    /// written as a plain decimal without an exponent: `1e-05` becomes `0.00001`, `1e+16`
    /// becomes `10000000000000000`, `2.0` becomes `2`. Non-finite values give an empty string.
    public static func plain(_ value: Double) -> String {
        guard value.isFinite else { return "" }
        if value == 0 { return "0" }
        // Swift's description is already plain for 1e-4 <= |value| < 2^53 (no exponent); it only
        // needs its ".0" dropped. The CSV files hold tens of thousands of such numbers.
        let text = value.description
        var hasExponent = false
        for b in text.utf8 where b == 0x65 || b == 0x45 { hasExponent = true; break }
        if !hasExponent {
            return text.utf8.count > 2 && text.utf8.last == 0x30 && text.utf8.dropLast().last == 0x2E ? String(text.dropLast(2)) : text
        }
        return plainFromDigits(value)
    }

    /// `plain` built from `decimalDigits`: the general path (any exponent).
    static func plainFromDigits(_ value: Double) -> String {
        guard value.isFinite else { return "" }
        if value == 0 { return "0" }
        let (negative, digits, pointAt) = decimalDigits(value)
        var out: [UInt8] = negative ? [0x2D] : []
        if pointAt <= 0 {
            out += [0x30, 0x2E] + Array(repeating: 0x30, count: -pointAt) + digits
        } else if pointAt >= digits.count {
            out += digits + Array(repeating: 0x30, count: pointAt - digits.count)
        } else {
            out += digits[..<pointAt] + [0x2E] + digits[pointAt...]
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The shortest round-trip decimal digits of `value` (ASCII, no leading or trailing zeros; `0`
    /// for zero) and the position of the decimal point: value = ±0.d1d2... x 10^point.
    static func decimalDigits(_ value: Double) -> (negative: Bool, digits: [UInt8], point: Int) {
        if value == 0 { return (false, [0x30], 1) }
        var bytes = Array(value.description.utf8)
        var negative = false
        if bytes.first == 0x2D { negative = true; bytes.removeFirst() }
        var mantissa = bytes[...]
        var exponent = 0
        if let e = bytes.firstIndex(where: { $0 == 0x65 || $0 == 0x45 }) {
            mantissa = bytes[..<e]
            var sign = 1, k = 0
            for c in bytes[(e + 1)...] {
                if c == 0x2D { sign = -1 } else if c >= 0x30 && c <= 0x39 { k = k * 10 + Int(c - 0x30) }
            }
            exponent = sign * k
        }
        var digits: [UInt8] = []
        digits.reserveCapacity(mantissa.count)
        var pointAt: Int? = nil
        for c in mantissa {
            if c == 0x2E { pointAt = digits.count } else { digits.append(c) }
        }
        var point = (pointAt ?? digits.count) + exponent
        while digits.count > 1 && digits.first == 0x30 { digits.removeFirst(); point -= 1 }
        while digits.count > 1 && digits.last == 0x30 { digits.removeLast() }
        return (negative, digits, point)
    }
}
