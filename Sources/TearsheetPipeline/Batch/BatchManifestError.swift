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

    /// Most problems the text lists; a manifest of 10,000 books all writing to one folder would
    /// otherwise print 10,000 lines (2 MB), burying the first, which is the one to fix.
    public static let printedLimit = 100

    /// The first `printedLimit` problems, one a line, then how many more there are.
    public var description: String {
        let shown = problems.prefix(Self.printedLimit).map(\.description)
        guard problems.count > Self.printedLimit, let file = problems.first?.file else { return shown.joined(separator: "\n") }
        return (shown + ["\(file): error: and \(problems.count - Self.printedLimit) more problems (\(problems.count) in all) not listed; fix those above and run again"])
            .joined(separator: "\n")
    }
}
