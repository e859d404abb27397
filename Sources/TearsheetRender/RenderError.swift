import TearsheetCore

/// Errors of the renderers and the report writer: small values naming what failed and where.
import TearsheetReport
public enum RenderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The document breaks an invariant the renderers rely on (duplicate ids, ragged rows ...).
    case invalidDocument([String])
    /// No bundled template folder was found; lists the places searched.
    case templatesNotFound(searched: [String])
    /// A template the renderer needs is missing from the set.
    case templateMissing(name: String)
    /// A malformed template, or a construct the engine refuses, located (1-based line and
    /// column) in the template file, with the offending line's text.
    case templateSyntax(file: String, line: Int, column: Int, message: String, lineText: String)
    /// A libxlsxwriter call failed: the operation, the `lxw_error` code and its message.
    case xlsx(operation: String, code: UInt32, message: String)
    /// A cairo, Pango or librsvg call failed while writing the PDF: the operation and its message.
    case pdf(operation: String, message: String)
    /// A file or folder could not be read, written or moved.
    case io(path: String, message: String)
    /// The output folder exists and `force` was not given.
    case outputExists(path: String)
    /// The format list is empty (`formats = []`, `--format ""`): a run would replace a report
    /// with a folder holding only its manifest.
    case noFormats
    /// A JSON output (the manifest) could not be encoded: the encoder's error as it was thrown (a bug).
    case encoding(TearsheetError)
    /// Templates include each other in a cycle (`chain` starts and ends with the same name).
    case templateRecursion(file: String, chain: [String])
    /// A partial tag (`{{> name}}`) names no template of the set; located at the tag.
    case templatePartialMissing(file: String, line: Int, column: Int, partial: String)
    /// Rendering a template went past the output bounds (section iterations or bytes).
    case templateOutputTooLarge(file: String, message: String)

    public var description: String {
        switch self {
        case .invalidDocument(let problems):
            return "report document is invalid:\n" + problems.joined(separator: "\n")
        case .templatesNotFound(let searched):
            return "cannot find the bundled templates folder; " + InstallLayout.installHint(for: .templates)
                + ". Searched: " + searched.joined(separator: ", ")
        case .templateMissing(let name):
            return "template '\(name)' is missing from the template set"
        case .templateSyntax(let file, let line, let column, let message, let lineText):
            return "\(file):\(line):\(column): error: \(message)\n    \(lineText)"
        case .xlsx(let operation, let code, let message):
            return "xlsx: \(operation) failed: \(message) (lxw_error \(code))"
        case .pdf(let operation, let message):
            return "pdf: \(operation) failed: \(message)"
        case .io(let path, let message):
            return "\(path): error: \(message)"
        case .outputExists(let path):
            return "\(path): error: already exists; pass --force to replace it"
        case .noFormats:
            return "no report format given; name at least one of md, html, csv, xlsx and pdf"
        case .encoding(let cause):
            return cause.description
        case .templateRecursion(let file, let chain):
            return "\(file): error: templates include each other in a cycle (\(chain.joined(separator: " -> "))); a partial must not include itself"
        case .templatePartialMissing(let file, let line, let column, let partial):
            return "\(file):\(line):\(column): error: partial '\(partial)' not found: no \(partial).mustache beside this template "
                + "nor in the bundled set; check the name in {{> \(partial)}}"
        case .templateOutputTooLarge(let file, let message):
            return "\(file): error: rendering stopped: \(message)"
        }
    }
}
