/// How serious a finding is: errors stop the run; warnings go into the report's data-quality
/// section and make a strict run fail; an `info` finding records what the tool did on the user's
/// behalf by a documented rule (a weekend-dated flow moved to the next trading day, an option
/// settled at its expiry), is listed beside the warnings, and never fails a strict run.
public enum Severity: String, Sendable, Equatable, Codable {
    case error
    case warning
    case info
}

/// One located diagnostic about an input: `FILE:LINE:COLUMN: error|warning|info: message`.
///
/// Lines and columns are 1-based; column counts fields (the CSV column), not characters,
/// because that is what a user sees in a spreadsheet. `line == 0` means the finding is about
/// the file as a whole; `column == 0` means the whole row.
public struct Finding: Sendable, Equatable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var severity: Severity
    /// Stable machine-readable code, e.g. `unknown-side`, `duplicate-trade-id`.
    public var code: String
    public var message: String

    public init(file: String, line: Int, column: Int, severity: Severity, code: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.severity = severity
        self.code = code
        self.message = message
    }

    /// `FILE:LINE:COLUMN: severity: message`, the format compilers use so editors can jump to it.
    public var description: String {
        "\(file):\(line):\(column): \(severity.rawValue): \(message)"
    }
}

/// An ordered collection of findings with a cap, so a badly broken file cannot flood the output.
public struct Findings: Sendable, Equatable {
    public private(set) var items: [Finding] = []
    /// Findings beyond the cap are counted, not stored.
    public private(set) var suppressed = 0
    public let cap: Int

    public init(cap: Int = 200) { self.cap = cap }

    public var errorCount: Int { items.lazy.filter { $0.severity == .error }.count + suppressedErrors }
    /// Warnings kept and suppressed: a file with thousands of warnings and no error has no error.
    public var warningCount: Int { items.lazy.filter { $0.severity == .warning }.count + suppressed - suppressedErrors - suppressedInfos }
    /// How many of the `suppressed` findings were errors (the rest were warnings).
    public var suppressedErrorCount: Int { suppressedErrors }
    /// How many of the `suppressed` findings were informational.
    public var suppressedInfoCount: Int { suppressedInfos }
    /// Informational findings kept and suppressed.
    public var infoCount: Int { items.lazy.filter { $0.severity == .info }.count + suppressedInfos }
    public var hasErrors: Bool { errorCount > 0 }
    public var isFull: Bool { items.count >= cap }
    private var suppressedErrors = 0
    private var suppressedInfos = 0

    public mutating func append(_ f: Finding) {
        if items.count < cap {
            items.append(f)
        } else {
            suppressed += 1
            if f.severity == .error { suppressedErrors += 1 }
            if f.severity == .info { suppressedInfos += 1 }
        }
    }

    public mutating func append(contentsOf other: Findings) {
        for f in other.items { append(f) }
        suppressed += other.suppressed
        suppressedErrors += other.suppressedErrors
        suppressedInfos += other.suppressedInfos
    }

    public var errors: [Finding] { items.filter { $0.severity == .error } }
    public var warnings: [Finding] { items.filter { $0.severity == .warning } }
    /// Warnings and informational findings: what a run that went through reports.
    public var notices: [Finding] { items.filter { $0.severity != .error } }
}

/// The error type of the library. Each case says what the user must fix; the CLI maps it to an exit code.
public enum TearsheetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Input files failed validation; every finding is listed.
    case invalidInput([Finding])
    /// The configuration is wrong (missing key, bad value, path outside the book folder ...).
    case config(file: String, message: String)
    /// A file could not be read or written.
    case io(path: String, message: String)
    /// NAV did not reconcile with P&L on a day: names the day and the account.
    case reconciliation(day: Day, account: String, difference: Double, tolerance: Double)
    /// A bug or an impossible state: exit code 3.
    case internalFailure(String)

    public var description: String {
        switch self {
        case .invalidInput(let fs):
            let errors = fs.filter { $0.severity == .error }.count
            return "input is invalid (\(errors) error\(errors == 1 ? "" : "s")):\n" + fs.map(\.description).joined(separator: "\n")
        case .config(let file, let message):
            return "\(file): error: \(message)"
        case .io(let path, let message):
            return "\(path): error: \(message)"
        case .reconciliation(let day, let account, let difference, let tolerance):
            return "reconciliation failed on \(day) for account \(account): P&L differs from the NAV change less flows by \(difference) (tolerance \(tolerance))"
        case .internalFailure(let message):
            return "internal error: \(message)"
        }
    }

    /// Process exit code: 1 for bad input or config, 3 for internal failures.
    public var exitCode: Int32 {
        switch self {
        case .invalidInput, .config, .io, .reconciliation: return 1
        case .internalFailure: return 3
        }
    }
}
