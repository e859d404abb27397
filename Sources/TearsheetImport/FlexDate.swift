import Foundation
import TearsheetCore

/// The date and date-time forms Flex statements use, whichever the query's settings chose:
/// `yyyyMMdd`, `yyyy-MM-dd`, `MM/dd/yyyy`, and a time after `;`, `, ` or a space: `HHmmss` or
/// `HH:mm:ss` (`20240119;162000`, `2024-01-19, 16:20:00`).
enum FlexDate {
    /// The day of `text`, `nil` when it is not one of the forms (or not a calendar date).
    static func day(_ text: Substring) -> Day? {
        let t = text.trimmingCharacters(in: .whitespaces)
        let b = Array(t.utf8)
        func digits(_ r: Range<Int>) -> Int? {
            guard r.upperBound <= b.count else { return nil }
            var v = 0
            for i in r { guard b[i] >= 48 && b[i] <= 57 else { return nil }; v = v * 10 + Int(b[i] - 48) }
            return v
        }
        switch b.count {
        case 8:   // yyyyMMdd
            guard let y = digits(0..<4), let m = digits(4..<6), let d = digits(6..<8) else { return nil }
            return Day(year: y, month: m, day: d)
        case 10 where b[4] == 45 && b[7] == 45:   // yyyy-MM-dd
            guard let y = digits(0..<4), let m = digits(5..<7), let d = digits(8..<10) else { return nil }
            return Day(year: y, month: m, day: d)
        case 10 where b[2] == 47 && b[5] == 47:   // MM/dd/yyyy
            guard let m = digits(0..<2), let d = digits(3..<5), let y = digits(6..<10) else { return nil }
            return Day(year: y, month: m, day: d)
        default:
            return nil
        }
    }

    /// Seconds after midnight of `HHmmss` or `HH:mm:ss`.
    static func seconds(_ text: Substring) -> Int? {
        let b = Array(text.trimmingCharacters(in: .whitespaces).utf8).filter { $0 != 58 }
        guard b.count == 6, b.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        let v = b.map { Int($0 - 48) }
        let h = v[0] * 10 + v[1], m = v[2] * 10 + v[3], s = v[4] * 10 + v[5]
        guard h < 24, m < 60, s < 60 else { return nil }
        return h * 3600 + m * 60 + s
    }

    /// A date with an optional time: `DATE`, `DATE;TIME`, `DATE, TIME` or `DATE TIME`.
    static func time(_ text: String) -> FlexTime? {
        let t = Substring(text.trimmingCharacters(in: .whitespaces))
        if let day = day(t) { return FlexTime(day: day) }
        guard let cut = t.firstIndex(where: { $0 == ";" || $0 == "," || $0 == " " }) else { return nil }
        guard let day = day(t[..<cut]) else { return nil }
        let rest = t[t.index(after: cut)...].drop { $0 == " " || $0 == "," }
        guard let s = seconds(rest) else { return nil }
        return FlexTime(day: day, seconds: s)
    }
}

/// `FlexDate` for tests and tools: the ISO form of a Flex date or date-time, `nil` when unreadable.
public enum FlexDateProbe {
    public static func time(_ text: String) -> String? { FlexDate.time(text)?.iso }
}
