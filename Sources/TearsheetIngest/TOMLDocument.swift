import TOMLKit
import TearsheetCore

/// A parsed TOML file: the one way Tearsheet reads TOML (book configs, batch manifests, anything
/// later). No other code calls TOMLKit's parser.
///
/// `read(path:)` and `parse(_:file:)` turn every malformed document into a `TOMLDocumentError`
/// located at FILE:LINE:COLUMN, never a signal. In order:
/// 1. the bytes must be UTF-8 (the first invalid byte is located);
/// 2. no control character but tab and line ends, anywhere (TOML v1.0.0). A NUL matters twice:
///    TOMLKit hands the text to toml++ as a C string, which would silently end at it;
/// 3. `TOMLSyntax` recognizes the whole v1.0.0 grammar. toml++ checks internal invariants with
///    `assert`, compiled in (SwiftPM builds a dependency's C++ without `NDEBUG`), so some malformed
///    texts (`a = [}`, `[!`) would abort the process; only well-formed text reaches it;
/// 4. TOMLKit builds the values; its own checks (a key defined twice, a table redefined) are
///    located with toml++'s line and column.
///
/// Columns are 1-based and count characters (Unicode scalars), as editors and toml++ do.
public struct TOMLDocument {
    /// The file as given (errors name it).
    public let file: String
    /// The document's text.
    public let text: String
    /// The root table.
    public let root: TOMLTable

    /// Reads and parses the file at `path`.
    /// - Throws: `TOMLDocumentError` (`unreadable` when the file cannot be read, is a folder or a
    ///   device; `encoding` or `syntax` otherwise), located in `path`.
    public static func read(path: String) throws(TOMLDocumentError) -> TOMLDocument {
        let bytes: [UInt8]
        do { bytes = try FileBytes.read(path) } catch {
            let message: String
            if case .io(_, let m) = error { message = m } else { message = error.description }
            throw TOMLDocumentError(kind: .unreadable, file: path, line: 0, column: 0, message: message)
        }
        return try parse(bytes, file: path)
    }

    /// Parses `bytes`, the content of `file` (which only names it in errors).
    /// - Throws: `TOMLDocumentError`, `encoding` or `syntax`, located in `file`.
    public static func parse(_ bytes: [UInt8], file: String) throws(TOMLDocumentError) -> TOMLDocument {
        if let offset = firstInvalidUTF8(bytes) {
            let (line, column) = location(ofByte: offset, in: bytes)
            throw TOMLDocumentError(kind: .encoding, file: file, line: line, column: column,
                                    message: "byte 0x\(hex(bytes[offset])) is not valid UTF-8; save the file as UTF-8")
        }
        if let offset = firstControlCharacter(bytes) {
            let (line, column) = location(ofByte: offset, in: bytes)
            let what = bytes[offset] == 0 ? "a NUL byte (0x00)" : "control character 0x\(hex(bytes[offset]))"
            throw TOMLDocumentError(kind: .syntax, file: file, line: line, column: column,
                                    message: "\(what); TOML allows no control character but tab and line ends")
        }
        let text = String(decoding: bytes, as: UTF8.self)
        if let f = TOMLSyntax.firstError(bytes) {
            throw TOMLDocumentError(kind: .syntax, file: file, line: f.line,
                                    column: characterColumn(line: f.line, byteColumn: f.column, in: bytes), message: f.message)
        }
        do {
            return TOMLDocument(file: file, text: text, root: try TOMLTable(string: text))
        } catch let e as TOMLParseError {
            throw TOMLDocumentError(kind: .syntax, file: file, line: e.source.begin.line, column: e.source.begin.column,
                                    message: e.description)
        } catch {
            throw TOMLDocumentError(kind: .syntax, file: file, line: 0, column: 0, message: "\(error)")
        }
    }

    // MARK: - Locating bytes

    /// Offset of the first byte that does not belong to a well-formed UTF-8 sequence.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .error: return offset
            case .emptyInput: return nil
            }
        }
    }

    /// Offset of the first control character TOML forbids: U+0000 to U+001F except tab, LF and
    /// CR, and U+007F. (A CR not followed by LF is left to `TOMLSyntax`, which says so.)
    static func firstControlCharacter(_ bytes: [UInt8]) -> Int? {
        bytes.firstIndex { ($0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D) || $0 == 0x7F }
    }

    /// 1-based line and character column of the byte at `offset`.
    static func location(ofByte offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1, lineStart = 0
        for k in 0..<offset where bytes[k] == 0x0A {
            line += 1
            lineStart = k + 1
        }
        return (line, characters(bytes[lineStart..<offset]) + 1)
    }

    /// The character column of a 1-based byte column on a 1-based line.
    static func characterColumn(line: Int, byteColumn: Int, in bytes: [UInt8]) -> Int {
        var current = 1, start = 0
        while current < line, let nl = bytes[start...].firstIndex(of: 0x0A) {
            start = nl + 1
            current += 1
        }
        let end = min(bytes.count, start + max(0, byteColumn - 1))
        return characters(bytes[start..<end]) + 1
    }

    /// Unicode scalars that start in `bytes` (every byte that is not a continuation byte).
    private static func characters(_ bytes: ArraySlice<UInt8>) -> Int {
        bytes.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
    }

    private static func hex(_ b: UInt8) -> String {
        let s = String(b, radix: 16, uppercase: true)
        return s.count == 1 ? "0" + s : s
    }
}

/// A TOML file that cannot be used, located FILE:LINE:COLUMN (line and column 0 when the problem
/// is the whole file).
public struct TOMLDocumentError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The file cannot be read (missing, a folder, a device, no permission).
        case unreadable
        /// The bytes are not UTF-8.
        case encoding
        /// The text is not TOML v1.0.0 (TOMLSyntax or TOMLKit said where).
        case syntax
    }

    public var kind: Kind
    public var file: String
    /// 1-based line, 0 for the whole file.
    public var line: Int
    /// 1-based character column, 0 for the whole line or file.
    public var column: Int
    /// What is wrong, without the location (e.g. "expected ',' or ']' in the array").
    public var message: String

    public init(kind: Kind, file: String, line: Int, column: Int, message: String) {
        self.kind = kind; self.file = file; self.line = line; self.column = column; self.message = message
    }

    /// The message with what kind of problem it is (`TOML syntax error: ...`).
    public var explanation: String {
        switch kind {
        case .unreadable: "cannot read the file: \(message)"
        case .encoding: message
        case .syntax: "TOML syntax error: \(message)"
        }
    }

    /// `FILE:LINE:COLUMN: error: ...` (the compiler's spelling, so editors jump to it).
    public var description: String {
        let place = line > 0 ? "\(file):\(line):\(max(column, 1))" : file
        return "\(place): error: \(explanation)"
    }
}
