/// Where the tool finds the data folders it ships with (`templates/` and `benchmarks-data/`), for
/// the build tree, an installed copy and a binary copied elsewhere alike.
///
/// Search order, first hit wins:
/// 1. the resource's own variable (`TEARSHEET_TEMPLATES`, `TEARSHEET_BENCHMARKS`): when set it is
///    the only place looked at, so a wrong value is an error rather than a silent fall-back;
/// 2. `$TEARSHEET_HOME/templates`, `$TEARSHEET_HOME/benchmarks-data`;
/// 3. the current folder and each of its parents (a project checkout, or a user's book folder);
/// 4. `PREFIX/share/tearsheet/` for a binary in `PREFIX/bin/` (what `scripts/install PREFIX` lays out);
/// 5. the executable's folder and each of its parents (the build tree: `.build/release/tearsheet`
///    finds the checkout's folders).
///
/// Only path arithmetic lives here (no file-system access, no Foundation): the caller checks each
/// candidate in order with its own test of what a valid folder holds.
public enum InstallLayout {
    /// A shipped data folder.
    public enum Resource: Sendable, CaseIterable {
        case templates
        case benchmarks

        /// The folder's name in the checkout and under `share/tearsheet/`.
        public var folderName: String {
            switch self {
            case .templates: return "templates"
            case .benchmarks: return "benchmarks-data"
            }
        }

        /// The environment variable naming this folder directly.
        public var variable: String {
            switch self {
            case .templates: return "TEARSHEET_TEMPLATES"
            case .benchmarks: return "TEARSHEET_BENCHMARKS"
            }
        }
    }

    /// The variable naming a folder that holds both `templates/` and `benchmarks-data/`.
    public static let homeVariable = "TEARSHEET_HOME"

    /// Where an installed binary's data folders live, relative to the folder holding the binary.
    public static let shareFromBin = "../share/tearsheet"

    /// Parents walked up from a start folder before giving up (a checkout is never that deep).
    static let maxDepth = 12

    /// The places to look for `resource`, in order. `explicit` is true when the resource's own
    /// variable is set: then it is the only candidate, and failing it is an error about the variable.
    public static func candidates(for resource: Resource, environment: [String: String],
                                  currentDirectory: String, executableFolder: String?) -> (paths: [String], explicit: Bool) {
        if let v = environment[resource.variable], !v.isEmpty { return ([v], true) }
        var out: [String] = []
        if let home = environment[homeVariable], !home.isEmpty { out.append(join(home, resource.folderName)) }
        out += walkUp(from: normalize(currentDirectory)).map { join($0, resource.folderName) }
        if let exe = executableFolder.map(normalize) {
            out.append(normalize(join(join(exe, shareFromBin), resource.folderName)))
            out += walkUp(from: exe).map { join($0, resource.folderName) }
        }
        var seen = Set<String>()
        return (out.filter { seen.insert($0).inserted }, false)
    }

    /// The sentence every "not found" error ends with: how to make the folders findable.
    public static func installHint(for resource: Resource) -> String {
        "install the tool with `scripts/install PREFIX` (it puts the binary in PREFIX/bin and "
            + "templates/ and benchmarks-data/ in PREFIX/share/tearsheet/), run it from a Tearsheet checkout, "
            + "or set \(homeVariable) to a folder holding templates/ and benchmarks-data/ (or \(resource.variable) to the \(resource.folderName) folder itself)"
    }

    /// `dir`, its parent, ... up to the root (at most `maxDepth` folders).
    static func walkUp(from dir: String) -> [String] {
        var out: [String] = []
        var d = dir
        for _ in 0..<maxDepth {
            out.append(d)
            guard let parent = parent(of: d) else { break }
            d = parent
        }
        return out
    }

    static func join(_ a: String, _ b: String) -> String {
        a.hasSuffix("/") ? a + b : a + "/" + b
    }

    /// The parent folder, `nil` at the root or for a relative single component.
    static func parent(of path: String) -> String? {
        guard path != "/", let slash = path.lastIndex(of: "/") else { return nil }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Removes empty and `.` components, resolves `..` lexically, drops a trailing slash.
    static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for c in path.split(separator: "/", omittingEmptySubsequences: true) {
            if c == "." { continue }
            if c == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
            if c == "..", absolute { continue }
            parts.append(c)
        }
        let body = parts.joined(separator: "/")
        return absolute ? "/" + body : (body.isEmpty ? "." : body)
    }
}
