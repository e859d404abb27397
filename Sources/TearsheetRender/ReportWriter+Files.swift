import Foundation
import TearsheetCore
import TearsheetReport

extension ReportWriter {
    /// Writes `files` (relative path -> bytes, flat) as the folder `outDir` the way a report set
    /// is written: into a temporary sibling, with a `manifest.json` listing each file's size and
    /// SHA-256, flushed, then renamed into place; an existing folder is replaced only with
    /// `force`, and only when it holds nothing but what a Tearsheet run wrote (`checkReplaceable`).
    /// Used for an imported book (`tearsheet import`).
    /// - Throws: `RenderError.outputExists` without `force`, `.io` naming the failing path.
    @discardableResult
    public static func publishFiles(_ files: [(path: String, data: Data)], to outDir: URL, force: Bool,
                                    toolVersion: String, generatedAt: String) throws(RenderError) -> Manifest {
        var manifest = Manifest(toolVersion: toolVersion, generatedAt: generatedAt, files: [])
        try publish(to: outDir, force: force) { folder throws(RenderError) in
            var written: [String: Manifest.Entry] = [:]
            for (path, data) in files {
                try FileSystem.writeNew(data, to: folder.appendingPathComponent(path).path)
                written[path] = Manifest.Entry(path: path, sha256: Manifest.sha256Hex(data), bytes: data.count)
            }
            manifest = try Manifest.scan(folder, toolVersion: toolVersion, generatedAt: generatedAt, written: written)
            try FileSystem.writeNew(try manifest.json(), to: folder.appendingPathComponent("manifest.json").path)
        }
        return manifest
    }
}
