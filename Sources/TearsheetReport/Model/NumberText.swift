/// Locale-free, deterministic number-to-text conversions shared by the formatter and the renderers
/// (no Foundation, no locale: the same bytes on every machine).
public enum NumberText {
    /// `value` rounded half away from zero to `decimals` places, e.g. `fixed(-1.005, 2)`.
    /// Never prints a negative zero: a value that rounds to zero prints unsigned.
    /// Precondition: `value` is finite and `|value| * 10^decimals < 9.2e18`; otherwise the
    /// shortest round-trip text is returned.
    public static func fixed(_ value: Double, decimals: Int, thousands: Bool = false) -> String {
        guard value.isFinite else { return "" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9.2e18 else { return plain(value) }
        let units = UInt64(scaled)
        let p = UInt64(scale)
        let intPart = units / p
        let frac = units % p
        var out = value < 0 && units != 0 ? "-" : ""
        out += thousands ? group(intPart) : String(intPart)
        if decimals > 0 {
            let f = String(frac)
            out += "." + String(repeating: "0", count: decimals - f.count) + f
        }
        return out
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
        let d = value.description
        var bytes = Array(d.utf8)
        var negative = false
        if bytes.first == 0x2D { negative = true; bytes.removeFirst() }
        var mantissa = bytes
        var exponent = 0
        if let e = bytes.firstIndex(where: { $0 == 0x65 || $0 == 0x45 }) {
            mantissa = Array(bytes[..<e])
            exponent = Int(String(decoding: bytes[(e + 1)...], as: UTF8.self)) ?? 0
        }
        // Split mantissa into digits and the position of the decimal point.
        var digits: [UInt8] = []
        var pointAt = mantissa.count
        for (i, c) in mantissa.enumerated() {
            if c == 0x2E { pointAt = i } else { digits.append(c) }
        }
        if pointAt > digits.count { pointAt = digits.count }
        pointAt += exponent
        // Strip leading zeros (keep position consistent).
        while digits.count > 1 && digits.first == 0x30 { digits.removeFirst(); pointAt -= 1 }
        while digits.count > 1 && digits.last == 0x30 && digits.count > pointAt { digits.removeLast() }
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
}
