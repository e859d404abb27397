import ArgumentParser
import Foundation
import TearsheetCore
import TearsheetDemo
import TearsheetReport
import TearsheetRender

/// The `tearsheet` command: parses arguments, calls the library, maps errors to exit codes
/// (0 ok, 1 bad input or config, 2 usage, 3 internal failure).
struct Tearsheet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tearsheet",
        abstract: "Audited portfolio performance reports from trades, positions, cash flows and prices.",
        version: TearsheetVersion.string,
        subcommands: [ReportCommand.self, DemoCommand.self, ValidateCommand.self, MetricsCommand.self,
                      AttributionCommand.self, BenchmarksCommand.self, TemplatesCommand.self, BatchCommand.self,
                      ImportCommand.self]
    )
}

@main
enum Main {
    static func main() async {
        do {
            var command = try Tearsheet.parseAsRoot()
            if var async = command as? AsyncParsableCommand {
                try await async.run()
            } else {
                try command.run()
            }
        } catch {
            exit(ExitCodes.report(error))
        }
    }
}

/// One place that turns any error into a message on stderr and the documented exit code.
enum ExitCodes {
    static func report(_ error: Error) -> Int32 {
        var err = StandardError()
        switch error {
        case let e as TearsheetError:
            print(diagnostic(e.description), to: &err)
            return e.exitCode
        case let e as RenderError:
            print(diagnostic(e.description), to: &err)
            return e.isUsersFault ? 1 : 3
        case let e as ReportModelError:
            print(diagnostic(e.description), to: &err)
            return 1
        case let e as DemoError:
            print(e.description, to: &err)
            return 1
        case let e as ExitCode:
            return e.rawValue
        default:
            let code = Tearsheet.exitCode(for: error)
            let message = Tearsheet.fullMessage(for: error)
            if code == .success {
                say(message)
                return 0
            }
            if code == .validationFailure {
                if !message.isEmpty { print(message, to: &err) }
                return 2
            }
            print("internal error: \(error)", to: &err)
            return 3
        }
    }

    /// `error: message`, unless the message already reads as a located diagnostic
    /// (`FILE: error: ...`, `FILE:LINE:COLUMN: error: ...`) or an internal error: one `error:`
    /// per message, as compilers print them.
    static func diagnostic(_ description: String) -> String {
        let first = description.prefix { $0 != "\n" }
        return first.contains(": error: ") || first.hasPrefix("internal error:") ? description : "error: " + description
    }
}

extension RenderError {
    /// Errors the user can fix (templates, output folder) exit 1; a broken document or an
    /// output that cannot be encoded is a bug (3).
    var isUsersFault: Bool {
        switch self {
        case .invalidDocument, .encoding: return false
        default: return true
        }
    }
}
