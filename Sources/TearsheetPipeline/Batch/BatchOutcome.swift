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

    public init(skipped: Bool = false, files: Int = 0) { self.skipped = skipped; self.files = files }
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

    /// The category and message of any error a book's job throws, with the same mapping as the
    /// CLI's exit codes: `TearsheetError` by its own code, template and output-folder problems are
    /// the user's, an invalid report document and anything unknown are internal.
    public static func classify(_ error: any Error) -> (category: BatchFailureCategory, message: String) {
        switch error {
        case let e as TearsheetError: return (e.exitCode == 3 ? .internal : .input, e.description)
        case let e as RenderError:
            if case .invalidDocument = e { return (.internal, e.description) }
            return (.input, e.description)
        case let e as ReportModelError: return (.input, e.description)
        case let e as BookJobError: return (.input, e.description)
        default: return (.internal, String(describing: error))
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
    /// The failure's category; `nil` unless `status == .failed`.
    public var category: BatchFailureCategory?
    /// The error message; "" unless failed (or interrupted, where it says why).
    public var message: String
    public var files: Int

    public init(entry: BatchEntry, status: BatchStatus, seconds: Double = 0, category: BatchFailureCategory? = nil,
                message: String = "", files: Int = 0) {
        self.entry = entry; self.status = status; self.seconds = seconds
        self.category = category; self.message = message; self.files = files
    }

    /// The outcome of a book that was never started or never finished because the batch was interrupted.
    public static func interrupted(_ entry: BatchEntry) -> BookOutcome {
        BookOutcome(entry: entry, status: .interrupted, message: "the batch was interrupted before this book finished")
    }
}
