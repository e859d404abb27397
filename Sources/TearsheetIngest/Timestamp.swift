import Foundation
import TearsheetCore

/// Outcome of parsing a trade timestamp.
public enum TimestampParse: Equatable, Sendable {
    case day(Day)
    /// Well-formed `YYYY-MM-DD` whose day does not exist (2024-02-30).
    case impossibleDate
    case malformed
}

/// Maps a UTC instant to the calendar day in the book's time zone, caching offsets per 15-minute
/// bucket (every real time-zone transition falls on a quarter hour), so ten million timestamps
/// cost ten million dictionary look-ups at most, not ten million `TimeZone` calls.
public struct TimeZoneDayMapper: Sendable {
    public let timeZone: TimeZone
    private var cache: [Int64: Int32] = [:]
    private var lastBucket: Int64 = .min
    private var lastOffset: Int32 = 0
    /// The last valid `YYYY-MM-DD` seen by `Timestamps.parse` (its 10 bytes as a word and a
    /// half-word) and its day: files sorted by time repeat the date row after row.
    var lastDateWord: UInt64 = 0
    var lastDateTail: UInt16 = 0
    var lastDate: Day? = nil

    public init(timeZone: TimeZone) { self.timeZone = timeZone }

    /// The book's offset from UTC used by the last `day(utcSeconds:)`, in seconds.
    var lastOffsetSeconds: Int32 { lastOffset }

    /// The book-local day of the UTC instant `utcSeconds` (seconds since 1970-01-01T00:00Z).
    public mutating func day(utcSeconds: Int64) -> Day {
        let bucket = utcSeconds >= 0 ? utcSeconds / 900 : (utcSeconds - 899) / 900
        let offset: Int32
        if bucket == lastBucket {
            offset = lastOffset
        } else if let o = cache[bucket] {
            offset = o
            lastBucket = bucket; lastOffset = o
        } else {
            let o = Int32(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(bucket * 900))))
            cache[bucket] = o
            lastBucket = bucket; lastOffset = o
            offset = o
        }
        let local = utcSeconds + Int64(offset)
        let d = local >= 0 ? local / 86400 : (local - 86399) / 86400
        return Day(serial: Int32(d))
    }
}

/// Parses the timestamp forms of `trades.csv`:
/// `YYYY-MM-DD`, `YYYY-MM-DD[T ]HH:MM[:SS[.f...]]` (the book's local time: the date part is the
/// day), and either of these times followed by `Z` or `+HH:MM`/`-HH:MM` (converted to the day in the
/// book's time zone).
public enum Timestamps {
    @inlinable
    static func digits(_ b: UnsafeBufferPointer<UInt8>, _ at: Int, _ n: Int) -> Int? {
        var v = 0
        for k in at..<(at + n) {
            let d = Int(b[k]) - 48
            if d < 0 || d > 9 { return nil }
            v = v * 10 + d
        }
        return v
    }

    public static func parse(_ b: UnsafeBufferPointer<UInt8>, mapper: inout TimeZoneDayMapper) -> TimestampParse {
        var seconds: Int64 = 0
        return parse(b, mapper: &mapper, localSeconds: &seconds)
    }

    /// `parse`, also giving the book-local time of the timestamp as seconds since 1970-01-01T00:00
    /// local, or `Int64.min` for a date alone (no time of day): the order of trades within a day.
    public static func parse(_ b: UnsafeBufferPointer<UInt8>, mapper: inout TimeZoneDayMapper,
                             localSeconds: inout Int64) -> TimestampParse {
        let n = b.count
        guard n >= 10, let base = b.baseAddress else { return .malformed }
        let raw = UnsafeRawPointer(base)
        let word = raw.loadUnaligned(as: UInt64.self), tail = raw.loadUnaligned(fromByteOffset: 8, as: UInt16.self)
        let day: Day
        if let last = mapper.lastDate, word == mapper.lastDateWord, tail == mapper.lastDateTail {
            day = last
        } else {
            guard b[4] == 0x2D, b[7] == 0x2D, let y = digits(b, 0, 4), let mo = digits(b, 5, 2), let d = digits(b, 8, 2) else {
                return .malformed
            }
            guard let parsed = Day(year: y, month: mo, day: d) else { return .impossibleDate }
            day = parsed
            mapper.lastDateWord = word; mapper.lastDateTail = tail; mapper.lastDate = parsed
        }
        localSeconds = .min
        if n == 10 { return .day(day) }
        guard b[10] == 0x54 || b[10] == 0x20, n >= 16, b[13] == 0x3A,
              let hh = digits(b, 11, 2), let mm = digits(b, 14, 2), hh < 24, mm < 60 else { return .malformed }
        var i = 16
        var ss = 0
        if i < n && b[i] == 0x3A {
            guard i + 3 <= n, let s = digits(b, i + 1, 2), s < 60 else { return .malformed }
            ss = s
            i += 3
            if i < n && b[i] == 0x2E {
                i += 1
                let f0 = i
                while i < n && b[i] >= 0x30 && b[i] <= 0x39 { i += 1 }
                if i == f0 { return .malformed }
            }
        }
        localSeconds = Int64(day.serial) * 86400 + Int64(hh * 3600 + mm * 60 + ss)
        if i == n { return .day(day) }
        var offset = 0
        if b[i] == 0x5A || b[i] == 0x7A {
            guard i + 1 == n else { return .malformed }
        } else if b[i] == 0x2B || b[i] == 0x2D {
            guard i + 6 == n, b[i + 3] == 0x3A, let oh = digits(b, i + 1, 2), let om = digits(b, i + 4, 2),
                  oh <= 18, om < 60 else { return .malformed }
            offset = (oh * 3600 + om * 60) * (b[i] == 0x2D ? -1 : 1)
        } else {
            return .malformed
        }
        let utc = Int64(day.serial) * 86400 + Int64(hh * 3600 + mm * 60 + ss) - Int64(offset)
        let local = mapper.day(utcSeconds: utc)
        localSeconds = utc + Int64(mapper.lastOffsetSeconds)
        return .day(local)
    }
}
