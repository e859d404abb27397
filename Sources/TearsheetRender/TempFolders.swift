import Foundation
import TearsheetCore
import TearsheetReport

/// The temporary folders `ReportWriter.publish` leaves beside an output folder while it writes:
/// `.<name>.tmp-<pid>-<random>` in the output's parent folder (`<name>` cut as
/// `ReportWriter.siblingStem` cuts it).
public enum TempFolders {
    /// Temporary folders of `out` written by process `pid` (any process when `nil`).
    public static func list(for out: String, pid: Int32? = nil) -> [String] {
        let parent = (out as NSString).deletingLastPathComponent
        let stem = ReportWriter.siblingStem(URL(fileURLWithPath: out))
        let prefix = "." + stem + ".tmp-" + (pid.map { "\($0)-" } ?? "")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []
        return names.filter { $0.hasPrefix(prefix) }.sorted().map { (parent as NSString).appendingPathComponent($0) }
    }

    /// Removes `out`'s temporary folders written by this process: an abandoned book leaves nothing behind.
    public static func removeOwn(for out: String) {
        for p in list(for: out, pid: getpid()) { try? FileManager.default.removeItem(atPath: p) }
    }

    /// Removes `out`'s temporary folders whose writer process no longer exists on this machine
    /// (left by a `report` or a batch killed with SIGKILL, or a power cut). Folders of live
    /// processes stay. `ReportWriter.publish` calls it before each write. Returns the paths removed.
    @discardableResult
    public static func removeStale(for out: String) -> [String] {
        var removed: [String] = []
        for p in list(for: out) {
            let name = (p as NSString).lastPathComponent
            guard let r = name.range(of: ".tmp-") else { continue }
            let pidText = name[r.upperBound...].prefix { $0 != "-" }
            guard let pid = Int32(pidText), pid > 0 else { continue }
            if kill(pid, 0) == -1 && errno == ESRCH, (try? FileManager.default.removeItem(atPath: p)) != nil { removed.append(p) }
        }
        return removed
    }
}
