import TearsheetCore

/// A recognizer of TOML v1.0.0 syntax (https://toml.io/en/v1.0.0, the ABNF grammar): it says
/// whether a text is well-formed TOML and, when it is not, where the first error is. It builds no
/// values; `TOMLDocument`, the one TOML entry point, hands a text to TOMLKit only after this
/// accepted it.
///
/// Why: TOMLKit's parser, toml++, checks internal invariants with `assert`, which stays compiled in
/// (SwiftPM builds a dependency's C++ without `NDEBUG`), so some malformed texts (`a = [}`, `[!`)
/// ended the process with SIGABRT instead of a located error (docs/reliability.md, fuzzing
/// findings 4 and 5). Malformed syntax is stopped here; what is left to TOMLKit is well-formed
/// text, where its own checks (a key defined twice, a table redefined) report errors. Semantic
/// rules are not checked here, and no TOML that is valid is refused (tested on the bundled,
/// fixture and demo configs, and on the grammar's own examples).
struct TOMLSyntax {
    struct Failure: Error, Equatable {
        /// 1-based line and byte column.
        var line: Int
        var column: Int
        var message: String
    }

    /// The first syntax error of `text`, or `nil` when it is well-formed TOML.
    static func firstError(_ text: String) -> Failure? { firstError(Array(text.utf8)) }

    /// The first syntax error of the UTF-8 `bytes`, or `nil` when they are well-formed TOML.
    static func firstError(_ bytes: [UInt8]) -> Failure? {
        var p = TOMLSyntax(bytes: bytes)
        do { try p.document() } catch { return error }
        return nil
    }

    private let b: [UInt8]
    private var i = 0
    private var line = 1
    private var lineStart = 0
    /// Nesting of arrays and inline tables: deep nesting is refused before it can exhaust a stack.
    private var depth = 0
    private static let maxDepth = 64

    private init(bytes: [UInt8]) { b = bytes }

    // MARK: - Helpers

    private var atEnd: Bool { i >= b.count }
    private func peek(_ k: Int = 0) -> UInt8? { i + k < b.count ? b[i + k] : nil }
    private func fail(_ message: String) -> Failure { Failure(line: line, column: i - lineStart + 1, message: message) }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    private static func isHex(_ c: UInt8) -> Bool { isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66) }
    private static func isBare(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || isDigit(c) || c == 0x5F || c == 0x2D
    }

    private mutating func skipSpaces() { while let c = peek(), c == 0x20 || c == 0x09 { i += 1 } }

    /// A newline ("\n" or "\r\n") at the cursor, consumed; false otherwise.
    private mutating func newline() throws(Failure) -> Bool {
        if peek() == 0x0A { i += 1; line += 1; lineStart = i; return true }
        if peek() == 0x0D {
            guard peek(1) == 0x0A else { throw fail("a carriage return must be followed by a line feed") }
            i += 2; line += 1; lineStart = i
            return true
        }
        return false
    }

    private mutating func comment() {
        guard peek() == 0x23 else { return }
        while let c = peek(), c != 0x0A, c != 0x0D { i += 1 }
    }

    /// Spaces, comments and newlines (inside an array).
    private mutating func skipBlank() throws(Failure) {
        while true {
            skipSpaces()
            comment()
            if try !newline() { return }
        }
    }

    private mutating func expect(_ c: UInt8, _ what: String) throws(Failure) {
        guard peek() == c else { throw fail("expected \(what)") }
        i += 1
    }

    // MARK: - Document

    private mutating func document() throws(Failure) {
        while !atEnd {
            skipSpaces()
            if peek() == 0x5B { try tableHeader() } else if let c = peek(), c != 0x23, c != 0x0A, c != 0x0D { try keyValue() }
            skipSpaces()
            comment()
            guard try newline() || atEnd else { throw fail("expected the end of the line") }
        }
    }

    private mutating func tableHeader() throws(Failure) {
        i += 1
        let array = peek() == 0x5B
        if array { i += 1 }
        skipSpaces()
        try key()
        skipSpaces()
        try expect(0x5D, "']' closing the table name")
        if array { try expect(0x5D, "']]' closing the array-of-tables name") }
    }

    private mutating func keyValue() throws(Failure) {
        try key()
        skipSpaces()
        try expect(0x3D, "'=' after the key")
        skipSpaces()
        try value()
    }

    private mutating func key() throws(Failure) {
        while true {
            try simpleKey()
            skipSpaces()
            guard peek() == 0x2E else { return }
            i += 1
            skipSpaces()
        }
    }

    private mutating func simpleKey() throws(Failure) {
        switch peek() {
        case 0x22?: try basicString(multiline: false)
        case 0x27?: try literalString(multiline: false)
        case let c? where Self.isBare(c):
            while let c = peek(), Self.isBare(c) { i += 1 }
        default:
            throw fail("expected a key (letters, digits, '_', '-' or a quoted name)")
        }
    }

    // MARK: - Values

    private mutating func value() throws(Failure) {
        guard let c = peek() else { throw fail("expected a value") }
        switch c {
        case 0x22: try basicString(multiline: peek(1) == 0x22 && peek(2) == 0x22)
        case 0x27: try literalString(multiline: peek(1) == 0x27 && peek(2) == 0x27)
        case 0x5B: try array()
        case 0x7B: try inlineTable()
        case 0x74: try word("true")
        case 0x66: try word("false")
        default: try numberOrDate()
        }
    }

    private mutating func word(_ w: String) throws(Failure) {
        let start = i
        for c in w.utf8 {
            guard peek() == c else {
                i = start
                throw fail("expected '\(w)'")
            }
            i += 1
        }
    }

    private mutating func nested(_ body: (inout TOMLSyntax) throws(Failure) -> Void) throws(Failure) {
        depth += 1
        guard depth <= Self.maxDepth else { throw fail("arrays and inline tables nest more than \(Self.maxDepth) deep") }
        try body(&self)
        depth -= 1
    }

    private mutating func array() throws(Failure) {
        try nested { (p: inout TOMLSyntax) throws(Failure) in
            p.i += 1
            try p.skipBlank()
            while p.peek() != 0x5D {
                try p.value()
                try p.skipBlank()
                if p.peek() == 0x2C {
                    p.i += 1
                    try p.skipBlank()
                } else if p.peek() != 0x5D {
                    throw p.fail("expected ',' or ']' in the array")
                }
            }
            p.i += 1
        }
    }

    private mutating func inlineTable() throws(Failure) {
        try nested { (p: inout TOMLSyntax) throws(Failure) in
            p.i += 1
            p.skipSpaces()
            if p.peek() == 0x7D { p.i += 1; return }
            while true {
                try p.keyValue()
                p.skipSpaces()
                if p.peek() == 0x7D { p.i += 1; return }
                try p.expect(0x2C, "',' or '}' in the inline table (on one line, no trailing comma)")
                p.skipSpaces()
            }
        }
    }

    // MARK: - Strings

    private mutating func basicString(multiline: Bool) throws(Failure) {
        i += multiline ? 3 : 1
        if multiline { _ = try newline() }
        while true {
            guard let c = peek() else { throw fail("unterminated string") }
            switch c {
            case 0x22:
                if !multiline { i += 1; return }
                if peek(1) == 0x22 && peek(2) == 0x22 {
                    // Up to two quotes may end the content right before the closing three.
                    var n = 3
                    while n < 5, peek(n) == 0x22 { n += 1 }
                    i += n
                    return
                }
                i += 1
            case 0x5C:
                i += 1
                guard let e = peek() else { throw fail("unterminated string") }
                switch e {
                case 0x62, 0x74, 0x6E, 0x66, 0x72, 0x22, 0x5C: i += 1
                case 0x75: i += 1; try unicodeEscape(4)
                case 0x55: i += 1; try unicodeEscape(8)
                case 0x20, 0x09, 0x0A, 0x0D:
                    // A line-ending backslash (multi-line strings only): trims the whitespace and
                    // newlines that follow.
                    guard multiline else { throw fail("invalid escape sequence in a string") }
                    skipSpaces()
                    guard try newline() else { throw fail("a line-ending backslash must end its line") }
                    while true {
                        skipSpaces()
                        if try !newline() { break }
                    }
                default:
                    throw fail("invalid escape sequence in a string")
                }
            case 0x0A, 0x0D:
                guard multiline else { throw fail("a newline in a single-line string") }
                _ = try newline()
            default:
                i += 1
            }
        }
    }

    private mutating func unicodeEscape(_ digits: Int) throws(Failure) {
        var v: UInt32 = 0
        for _ in 0..<digits {
            guard let c = peek(), Self.isHex(c) else { throw fail("expected \(digits) hexadecimal digits in a Unicode escape") }
            v = v * 16 + UInt32(c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x61 + 10)
            i += 1
        }
        guard v <= 0x10FFFF, !(0xD800...0xDFFF).contains(v) else { throw fail("a Unicode escape that is not a scalar value") }
    }

    private mutating func literalString(multiline: Bool) throws(Failure) {
        i += multiline ? 3 : 1
        if multiline { _ = try newline() }
        while true {
            guard let c = peek() else { throw fail("unterminated literal string") }
            if c == 0x27 {
                if !multiline { i += 1; return }
                if peek(1) == 0x27 && peek(2) == 0x27 {
                    var n = 3
                    while n < 5, peek(n) == 0x27 { n += 1 }
                    i += n
                    return
                }
                i += 1
            } else if c == 0x0A || c == 0x0D {
                guard multiline else { throw fail("a newline in a single-line literal string") }
                _ = try newline()
            } else {
                i += 1
            }
        }
    }

    // MARK: - Numbers, dates and times

    private mutating func numberOrDate() throws(Failure) {
        let start = i
        // A token of the characters numbers and date-times use; a space continues it only
        // between a date and a time ("1979-05-27 07:32:00").
        while let c = peek() {
            if Self.isBare(c) || c == 0x2B || c == 0x2E || c == 0x3A {
                i += 1
            } else if c == 0x20, i - start == 10, let d = peek(1), Self.isDigit(d), Self.isDate(b[start..<i]) {
                i += 1
            } else {
                break
            }
        }
        let token = b[start..<i]
        guard !token.isEmpty else { throw fail("expected a value (a string, number, boolean, date, array or inline table)") }
        let ok = Self.isNumber(token) || Self.isDateTime(token)
        if !ok {
            i = start
            throw fail("invalid value '\(String(decoding: token.prefix(40), as: UTF8.self))'")
        }
    }

    /// `digits` with single underscores between digits, each digit accepted by `isDigit`.
    private static func isDigits(_ s: ArraySlice<UInt8>, _ isDigit: (UInt8) -> Bool) -> Bool {
        guard let f = s.first, let l = s.last, isDigit(f), isDigit(l) else { return false }
        var previousUnderscore = false
        for c in s {
            if c == 0x5F {
                if previousUnderscore { return false }
                previousUnderscore = true
            } else if isDigit(c) {
                previousUnderscore = false
            } else {
                return false
            }
        }
        return true
    }

    static func isNumber(_ t: ArraySlice<UInt8>) -> Bool {
        var s = t
        if s.count > 2, s.first == 0x30, let p = s.dropFirst().first, p == 0x78 || p == 0x6F || p == 0x62 {
            let body = s.dropFirst(2)
            switch p {
            case 0x78: return isDigits(body, isHex)
            case 0x6F: return isDigits(body) { $0 >= 0x30 && $0 <= 0x37 }
            default: return isDigits(body) { $0 == 0x30 || $0 == 0x31 }
            }
        }
        if let f = s.first, f == 0x2B || f == 0x2D { s = s.dropFirst() }
        if s.elementsEqual("inf".utf8) || s.elementsEqual("nan".utf8) { return true }
        // Integer part, then an optional fraction and an optional exponent.
        let intEnd = s.firstIndex { $0 == 0x2E || $0 == 0x65 || $0 == 0x45 } ?? s.endIndex
        let int = s[s.startIndex..<intEnd]
        guard isDigits(int, isDigit), !(int.count > 1 && int.first == 0x30) else { return false }
        var rest = s[intEnd...]
        if rest.first == 0x2E {
            rest = rest.dropFirst()
            let fracEnd = rest.firstIndex { $0 == 0x65 || $0 == 0x45 } ?? rest.endIndex
            guard isDigits(rest[rest.startIndex..<fracEnd], isDigit) else { return false }
            rest = rest[fracEnd...]
        }
        if let e = rest.first, e == 0x65 || e == 0x45 {
            rest = rest.dropFirst()
            if let sign = rest.first, sign == 0x2B || sign == 0x2D { rest = rest.dropFirst() }
            return isDigits(rest, isDigit)
        }
        return rest.isEmpty
    }

    private static func twoDigits(_ t: ArraySlice<UInt8>, at k: Int, max: Int) -> Bool {
        let a = t.startIndex + k
        guard a >= t.startIndex, a + 1 < t.endIndex else { return false }
        let c0 = t[a], c1 = t[a + 1]
        guard isDigit(c0), isDigit(c1) else { return false }
        return Int(c0 - 0x30) * 10 + Int(c1 - 0x30) <= max
    }

    /// `YYYY-MM-DD`.
    static func isDate(_ t: ArraySlice<UInt8>) -> Bool {
        guard t.count == 10 else { return false }
        let s = t.startIndex
        for k in 0..<4 where !isDigit(t[s + k]) { return false }
        guard t[s + 4] == 0x2D, t[s + 7] == 0x2D, twoDigits(t, at: 5, max: 12), twoDigits(t, at: 8, max: 31) else { return false }
        return t[s + 5...s + 6] != [0x30, 0x30][...] && t[s + 8...s + 9] != [0x30, 0x30][...]
    }

    /// `HH:MM:SS[.fraction]`, then an optional offset when `offset` (`Z` or `+HH:MM`).
    static func isTime(_ t: ArraySlice<UInt8>, offset: Bool) -> Bool {
        guard t.count >= 8 else { return false }
        let s = t.startIndex
        guard twoDigits(t, at: 0, max: 23), t[s + 2] == 0x3A, twoDigits(t, at: 3, max: 59), t[s + 5] == 0x3A,
              twoDigits(t, at: 6, max: 60) else { return false }
        var rest = t[(s + 8)...]
        if rest.first == 0x2E {
            rest = rest.dropFirst()
            let n = rest.prefix { isDigit($0) }.count
            guard n > 0 else { return false }
            rest = rest.dropFirst(n)
        }
        if rest.isEmpty { return true }
        guard offset else { return false }
        if rest.count == 1, rest.first == 0x5A || rest.first == 0x7A { return true }
        guard rest.count == 6, let sign = rest.first, sign == 0x2B || sign == 0x2D else { return false }
        let o = rest.dropFirst()
        return twoDigits(o, at: 0, max: 23) && o[o.startIndex + 2] == 0x3A && twoDigits(o, at: 3, max: 59)
    }

    static func isDateTime(_ t: ArraySlice<UInt8>) -> Bool {
        if t.count == 10 { return isDate(t) }
        if t.count > 10, isDate(t.prefix(10)) {
            let sep = t[t.startIndex + 10]
            guard sep == 0x54 || sep == 0x74 || sep == 0x20 else { return false }
            return isTime(t.dropFirst(11), offset: true)
        }
        return isTime(t, offset: false)
    }
}
