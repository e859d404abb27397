/// Everything wrong with a batch manifest, each problem located FILE:LINE; nothing runs until it is fixed.
import TearsheetCore
public struct BatchManifestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// One located problem (line 0 when the problem is the whole file).
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var message: String

        public init(file: String, line: Int, message: String) {
            self.file = file; self.line = line; self.message = message
        }

        /// `FILE:LINE: error: message` (the compiler's spelling, so editors jump to it).
        public var description: String { line > 0 ? "\(file):\(line): error: \(message)" : "\(file): error: \(message)" }
    }

    public var problems: [Problem]

    public init(_ problems: [Problem]) { self.problems = problems }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
