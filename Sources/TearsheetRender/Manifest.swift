import Crypto
import Foundation

/// `manifest.json`: every output file of a report set with its size and SHA-256, sorted by path,
/// written byte-for-byte deterministically (fixed key order, no whitespace variation).
public struct Manifest: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var path: String
        public var sha256: String
        public var bytes: Int
    }

    public var toolVersion: String
    public var generatedAt: String
    public var files: [Entry]

    /// Hashes every regular file under `folder` (relative paths, `/`-separated, sorted).
    static func scan(_ folder: URL, toolVersion: String, generatedAt: String) throws(RenderError) -> Manifest {
        let fm = FileManager.default
        guard let e = fm.enumerator(atPath: folder.path) else { throw .io(path: folder.path, message: "cannot list the folder") }
        var paths: [String] = []
        for case let p as String in e {
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: folder.appendingPathComponent(p).path, isDirectory: &isDir), !isDir.boolValue { paths.append(p) }
        }
        var entries: [Entry] = []
        for p in paths.sorted() {
            let url = folder.appendingPathComponent(p)
            guard let data = fm.contents(atPath: url.path) else { throw .io(path: url.path, message: "cannot read the file to hash it") }
            entries.append(Entry(path: p, sha256: sha256Hex(data), bytes: data.count))
        }
        return Manifest(toolVersion: toolVersion, generatedAt: generatedAt, files: entries)
    }

    /// Lowercase hex SHA-256 of `data` (the same hash the provenance gives each input).
    public static func sha256Hex(_ data: Data) -> String { Hashing.sha256Hex(data) }

    /// The JSON text.
    public var json: String {
        var s = "{\n  \"tool\": \"tearsheet\",\n  \"toolVersion\": \(JSONText.quote(toolVersion)),\n  \"generatedAt\": \(JSONText.quote(generatedAt)),\n  \"files\": ["
        for (i, e) in files.enumerated() {
            s += (i == 0 ? "\n" : ",\n") + "    {\"path\": \(JSONText.quote(e.path)), \"sha256\": \(JSONText.quote(e.sha256)), \"bytes\": \(e.bytes)}"
        }
        return s + (files.isEmpty ? "]\n}\n" : "\n  ]\n}\n")
    }
}
