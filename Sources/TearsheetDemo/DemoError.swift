import TearsheetCore

/// Why an example or synthetic book could not be generated or written.

public enum DemoError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A benchmark file could not be read or has a malformed row (1-based line).
    case badSeriesFile(path: String, line: Int, message: String)
    /// The inputs do not cover what the generator needs (e.g. fewer than 200 days of history
    /// before the start, or a day present in one series but not the other).
    case insufficientData(String)
    /// A parameter is out of range (e.g. zero symbols).
    case badParameter(String)
    /// A file could not be written.
    case io(path: String, message: String)

    public var description: String {
        switch self {
        case .badSeriesFile(let path, let line, let message): return "\(path):\(line): error: \(message)"
        case .insufficientData(let message): return "error: insufficient data: \(message)"
        case .badParameter(let message): return "error: bad parameter: \(message)"
        case .io(let path, let message): return "\(path): error: \(message)"
        }
    }
}
