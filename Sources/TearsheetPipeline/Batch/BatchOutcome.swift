import Foundation
import TearsheetCore
import TearsheetReport
import TearsheetRender

/// What a batch job reports back for one book it handled without throwing.
public struct BatchJobResult: Sendable, Equatable {
    /// The book was not run because its report is up to date (`--resume`).
    public var skipped: Bool
    /// Files in the report set (0 when skipped).
    public var files: Int
    /// The warnings of the book's reports (each once, in report order), for the CLI to print.
    public var warnings: [Finding]

    public init(skipped: Bool = false, files: Int = 0, warnings: [Finding] = []) {
        self.skipped = skipped; self.files = files; self.warnings = warnings
    }
}

/// How one book of a batch ended.
public enum BatchStatus: String, Sendable, Equatable, CaseIterable {
    case ok, failed, skipped, interrupted
}

/// Why a book failed, in the CLI's exit-code terms.
public enum BatchFailureCategory: String, Sendable, Equatable {
    /// Bad input or config: the user can fix it (exit code 1).
    case input
    /// A bug or an environment failure (exit code 3).
    case `internal`

    /// The `tearsheet` exit code of this category.
    public var exitCode: Int32 { self == .input ? 1 : 3 }
}

/// Why a book failed: the error its job threw, kept as the typed value it was (so tests and
/// callers compare it) and formatted only when printed or written to the summary.
public enum BookFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// From the pipeline: bad inputs, config, period, reconciliation (or an internal failure).
    case pipeline(TearsheetError)
    /// From rendering or writing the report set (templates, the output folder, the disk).
    case render(RenderError)
    /// From the report model (an invalid `SOURCE_DATE_EPOCH`, a bad reporting period).
    case reportModel(ReportModelError)
    /// From the batch job's own checks of the book's settings.
    case job(BookJobError)
    /// Any other error: a bug; only its text is kept, because such an error may be neither
    /// `Sendable` nor `Equatable`.
    case unexpected(String)

    /// `error` as a failure value.
    public init(_ error: any Error) {
        switch error {
        case let e as BookFailure: self = e
        case let e as TearsheetError: self = .pipeline(e)
        case let e as RenderError: self = .render(e)
        case let e as ReportModelError: self = .reportModel(e)
        case let e as BookJobError: self = .job(e)
        default: self = .unexpected(String(describing: error))
        }
    }

    /// The same mapping as the CLI's exit codes: `TearsheetError` by its own code, template and
    /// output-folder problems are the user's, an invalid report document, an output that cannot
    /// be encoded and anything unknown are internal.
    public var category: BatchFailureCategory {
        switch self {
        case .pipeline(let e): return e.exitCode == 3 ? .internal : .input
        case .render(.invalidDocument), .render(.encoding): return .internal
        case .render, .reportModel, .job: return .input
        case .unexpected: return .internal
        }
    }

    public var description: String {
        switch self {
        case .pipeline(let e): return e.description
        case .render(let e): return e.description
        case .reportModel(let e): return e.description
        case .job(let e): return e.description
        case .unexpected(let text): return text
        }
    }
}

/// Problems the batch job itself finds in a book's settings.
public enum BookJobError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownFormat(String)
    case unknownConventions(String)

    public var description: String {
        switch self {
        case .unknownFormat(let f): "'\(f)' is not a format; expected md, html, csv, xlsx or pdf"
        case .unknownConventions(let c): "unknown conventions '\(c)'; expected tearsheet, quantstats or empyrical"
        }
    }
}

/// One line of the batch summary.
public struct BookOutcome: Sendable, Equatable {
    public var entry: BatchEntry
    public var status: BatchStatus
    /// Wall time of the book's job in seconds (0 for books never started).
    public var seconds: Double
    /// Why the book failed; `nil` unless `status == .failed`.
    public var failure: BookFailure?
    public var files: Int
    /// The warnings of the book's reports (empty unless `status == .ok`).
    public var warnings: [Finding]

    public init(entry: BatchEntry, status: BatchStatus, seconds: Double = 0, failure: BookFailure? = nil, files: Int = 0,
                warnings: [Finding] = []) {
        self.entry = entry; self.status = status; self.seconds = seconds
        self.failure = failure; self.files = files; self.warnings = warnings
    }

    /// The failure's category; `nil` unless failed.
    public var category: BatchFailureCategory? { failure?.category }

    /// The summary's `error` text: the failure, why an interrupted book has no report, else "".
    public var message: String {
        if let failure { return failure.description }
        return status == .interrupted ? "the batch was interrupted before this book finished" : ""
    }

    /// The outcome of a book that was never started or never finished because the batch was interrupted.
    public static func interrupted(_ entry: BatchEntry) -> BookOutcome {
        BookOutcome(entry: entry, status: .interrupted)
    }
}
