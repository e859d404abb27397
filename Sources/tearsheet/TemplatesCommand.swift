import ArgumentParser
import Foundation
import TearsheetRender
import TearsheetCore
import TearsheetReport

/// `tearsheet templates`: work with the Markdown and HTML report templates.
struct TemplatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates",
        abstract: "Work with the Mustache templates of the Markdown and HTML reports.",
        subcommands: [Init.self]
    )

    /// `tearsheet templates init DIR`: copies the bundled templates for editing; use them with
    /// `tearsheet report --templates DIR` (files present in DIR override the bundled ones).
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Copy the bundled templates into DIR for editing (then pass --templates DIR to report)."
        )

        @Argument(help: "The folder to create (markdown/ and html/ are written inside it).")
        var directory: String

        @Flag(help: "Overwrite template files that already exist in DIR.")
        var force = false

        func run() throws {
            do {
                let bundled = try TemplateSet.locateBundled()
                let written = try TemplateSet.copyBundled(from: bundled, to: URL(fileURLWithPath: directory), force: force)
                say("wrote \(written.count) templates to \(directory) (from \(bundled.path))")
                for path in written { say("  \(path)") }
            } catch {
                var err = StandardError()
                print(ExitCodes.diagnostic(error.description), to: &err)
                throw ExitCode(1)
            }
        }
    }
}
