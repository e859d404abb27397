import TearsheetCore

/// Everything wrong with a batch manifest, each problem located FILE:LINE (and COLUMN where known); nothing runs until it is fixed.
public struct BatchManifestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// One located problem (line 0 when the problem is the whole file; column 0 when it is the
    /// whole line, or only the line is known).
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var column: Int
        public var message: String

        public init(file: String, line: Int, column: Int = 0, message: String) {
            self.file = file; self.line = line; self.column = column; self.message = message
        }

        /// `FILE:LINE[:COLUMN]: error: message` (the compiler's spelling, so editors jump to it).
        public var description: String {
            guard line > 0 else { return "\(file): error: \(message)" }
            return column > 0 ? "\(file):\(line):\(column): error: \(message)" : "\(file):\(line): error: \(message)"
        }
    }

    public var problems: [Problem]

    public init(_ problems: [Problem]) { self.problems = problems }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
