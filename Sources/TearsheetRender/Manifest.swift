import Crypto
import Foundation
import TearsheetCore
import TearsheetReport

/// `manifest.json`: every output file of a report set with its size and SHA-256, sorted by path,
/// written byte-for-byte deterministically (fixed key order, no whitespace variation).
public struct Manifest: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var path: String
        public var sha256: String
        public var bytes: Int

        public init(path: String, sha256: String, bytes: Int) { self.path = path; self.sha256 = sha256; self.bytes = bytes }
    }

    public var toolVersion: String
    public var generatedAt: String
    public var files: [Entry]
    /// Identity of what the report was made from (a SHA-256 over the config, input and benchmark
    /// hashes, tool version and options; see `tearsheet batch --resume`). Written only when set, so
    /// manifests without it keep their bytes.
    public var inputIdentity: String? = nil

    public init(toolVersion: String, generatedAt: String, files: [Entry], inputIdentity: String? = nil) {
        self.toolVersion = toolVersion; self.generatedAt = generatedAt; self.files = files; self.inputIdentity = inputIdentity
    }

    /// Hashes every regular file under `folder` (relative paths, `/`-separated, sorted). A file in
    /// `written` (hashed from the bytes its writer wrote) is not read again when its size on disk
    /// is the size written.
    static func scan(_ folder: URL, toolVersion: String, generatedAt: String, written: [String: Entry] = [:]) throws(RenderError) -> Manifest {
        let fm = FileManager.default
        guard let e = fm.enumerator(atPath: folder.path) else { throw .io(path: folder.path, message: "cannot list the folder") }
        var paths: [String] = []
        // Paths joined as text: `appendingPathComponent(_:)` asks the file system whether each
        // name is a folder (a stat per call, twice per file here).
        let base = folder.path.hasSuffix("/") ? folder.path : folder.path + "/"
        for case let p as String in e {
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: base + p, isDirectory: &isDir), !isDir.boolValue { paths.append(p) }
        }
        var entries: [Entry] = []
        for p in paths.sorted() {
            let path = base + p
            if let known = written[p], Self.fileSize(path) == known.bytes {
                entries.append(known)
                continue
            }
            guard let data = fm.contents(atPath: path) else { throw .io(path: path, message: "cannot read the file to hash it") }
            entries.append(Entry(path: p, sha256: sha256Hex(data), bytes: data.count))
        }
        return Manifest(toolVersion: toolVersion, generatedAt: generatedAt, files: entries)
    }

    /// The size of the file at `path` (one `stat`), or -1.
    static func fileSize(_ path: String) -> Int {
        var st = stat()
        return stat(path, &st) == 0 ? Int(st.st_size) : -1
    }

    /// Lowercase hex SHA-256 of `data` (the same hash the provenance gives each input).
    public static func sha256Hex(_ data: Data) -> String { Hashing.sha256Hex(data) }

    /// The JSON text.
    public var json: String {
        var s = "{\n  \"tool\": \"tearsheet\",\n  \"toolVersion\": \(JSONText.quote(toolVersion)),\n  \"generatedAt\": \(JSONText.quote(generatedAt)),\n"
        if let inputIdentity { s += "  \"inputIdentity\": \(JSONText.quote(inputIdentity)),\n" }
        s += "  \"files\": ["
        for (i, e) in files.enumerated() {
            s += (i == 0 ? "\n" : ",\n") + "    {\"path\": \(JSONText.quote(e.path)), \"sha256\": \(JSONText.quote(e.sha256)), \"bytes\": \(e.bytes)}"
        }
        return s + (files.isEmpty ? "]\n}\n" : "\n  ]\n}\n")
    }

    /// Reads a `manifest.json` written by `json`.
    /// - Throws: `RenderError.io` when the text is not such a manifest.
    public static func parse(_ data: Data, path: String = "manifest.json") throws(RenderError) -> Manifest {
        guard let any = try? JSONSerialization.jsonObject(with: data), let o = any as? [String: Any],
              o["tool"] as? String == "tearsheet", let version = o["toolVersion"] as? String,
              let generated = o["generatedAt"] as? String, let files = o["files"] as? [[String: Any]] else {
            throw .io(path: path, message: "not a tearsheet manifest.json")
        }
        var entries: [Entry] = []
        for f in files {
            guard let p = f["path"] as? String, let h = f["sha256"] as? String, let b = (f["bytes"] as? NSNumber)?.intValue else {
                throw .io(path: path, message: "a file entry lacks path, sha256 or bytes")
            }
            entries.append(Entry(path: p, sha256: h, bytes: b))
        }
        return Manifest(toolVersion: version, generatedAt: generated, files: entries, inputIdentity: o["inputIdentity"] as? String)
    }

    /// The manifest of the report folder `folder`.
    public static func read(folder: URL) throws(RenderError) -> Manifest {
        let url = folder.appendingPathComponent("manifest.json")
        guard let data = FileManager.default.contents(atPath: url.path) else { throw .io(path: url.path, message: "cannot read the manifest") }
        return try parse(data, path: url.path)
    }

    /// Whether every file the manifest lists is in `folder` with its recorded size and SHA-256.
    public func filesMatch(in folder: URL) -> Bool {
        files.allSatisfy { e in
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(e.path).path) else { return false }
            return data.count == e.bytes && Manifest.sha256Hex(data) == e.sha256
        }
    }
}
