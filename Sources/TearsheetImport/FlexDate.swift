import Foundation
import TearsheetCore

/// The date and date-time forms Flex statements use, whichever the query's settings chose:
/// `yyyyMMdd`, `yyyy-MM-dd`, `MM/dd/yyyy`, and a time after `;`, `, ` or a space: `HHmmss` or
/// `HH:mm:ss` (`20240119;162000`, `2024-01-19, 16:20:00`).
enum FlexDate {
    /// The day of the bytes `b[r]`, `nil` when they are not one of the forms (or not a calendar date).
    static func day(_ b: [UInt8], _ r: Range<Int>) -> Day? {
        func digits(_ lo: Int, _ n: Int) -> Int? {
            var v = 0
            for i in r.lowerBound + lo ..< r.lowerBound + lo + n {
                let c = b[i]
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            return v
        }
        func at(_ i: Int) -> UInt8 { b[r.lowerBound + i] }
        switch r.count {
        case 8:   // yyyyMMdd
            guard let y = digits(0, 4), let m = digits(4, 2), let d = digits(6, 2) else { return nil }
            return Day(year: y, month: m, day: d)
        case 10 where at(4) == 45 && at(7) == 45:   // yyyy-MM-dd
            guard let y = digits(0, 4), let m = digits(5, 2), let d = digits(8, 2) else { return nil }
            return Day(year: y, month: m, day: d)
        case 10 where at(2) == 47 && at(5) == 47:   // MM/dd/yyyy
            guard let m = digits(0, 2), let d = digits(3, 2), let y = digits(6, 4) else { return nil }
            return Day(year: y, month: m, day: d)
        default:
            return nil
        }
    }

    static func day(_ text: Substring) -> Day? {
        let b = Array(text.utf8)
        let r = trimmedRange(b, 0..<b.count)
        return day(b, r)
    }

    /// Seconds after midnight of `HHmmss` or `HH:mm:ss` in `b[r]`.
    static func seconds(_ b: [UInt8], _ r: Range<Int>) -> Int? {
        var v: [Int] = []
        v.reserveCapacity(6)
        for i in r where b[i] != 58 {
            guard b[i] >= 48 && b[i] <= 57, v.count < 6 else { return nil }
            v.append(Int(b[i] - 48))
        }
        guard v.count == 6, r.count == 6 || r.count == 8 else { return nil }
        let h = v[0] * 10 + v[1], m = v[2] * 10 + v[3], s = v[4] * 10 + v[5]
        guard h < 24, m < 60, s < 60 else { return nil }
        return h * 3600 + m * 60 + s
    }

    static func seconds(_ text: Substring) -> Int? {
        let b = Array(text.utf8)
        return seconds(b, trimmedRange(b, 0..<b.count))
    }

    /// A date with an optional time: `DATE`, `DATE;TIME`, `DATE, TIME` or `DATE TIME`.
    static func time(_ text: String) -> FlexTime? {
        let b = Array(text.utf8)
        let r = trimmedRange(b, 0..<b.count)
        if let day = day(b, r) { return FlexTime(day: day) }
        guard let cut = b[r].firstIndex(where: { $0 == 59 || $0 == 44 || $0 == 32 }) else { return nil }
        guard let day = day(b, r.lowerBound..<cut) else { return nil }
        var rest = cut + 1
        while rest < r.upperBound && (b[rest] == 32 || b[rest] == 44) { rest += 1 }
        guard let s = seconds(b, rest..<r.upperBound) else { return nil }
        return FlexTime(day: day, seconds: s)
    }

    /// `r` without leading and trailing spaces and tabs.
    static func trimmedRange(_ b: [UInt8], _ r: Range<Int>) -> Range<Int> {
        var lo = r.lowerBound, hi = r.upperBound
        while lo < hi && (b[lo] == 32 || b[lo] == 9) { lo += 1 }
        while hi > lo && (b[hi - 1] == 32 || b[hi - 1] == 9) { hi -= 1 }
        return lo..<hi
    }
}

/// `s` without leading and trailing spaces and tabs; `s` itself (no copy) when it has none,
/// which is every value of a well-formed statement. Foundation's `trimmingCharacters(in:)` costs
/// a third of a large import on Linux.
func trimmedSpaces(_ s: String) -> String {
    let u = s.utf8
    guard let f = u.first, let l = u.last else { return s }
    if f != 32 && f != 9 && l != 32 && l != 9 { return s }
    let b = Array(u)
    let r = FlexDate.trimmedRange(b, 0..<b.count)
    return String(decoding: b[r], as: UTF8.self)
}

/// `FlexDate` for tests and tools: the ISO form of a Flex date or date-time, `nil` when unreadable.
public enum FlexDateProbe {
    public static func time(_ text: String) -> String? { FlexDate.time(text)?.iso }
}
