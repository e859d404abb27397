import Crypto
import Foundation
import TearsheetCore
import TearsheetReport

/// `manifest.json`: every output file of a report set with its size and SHA-256, sorted by path,
/// written through `JSONOutput` (keys sorted, fixed layout), so identical inputs give identical bytes.
///
/// Shape: `{"files": [{"bytes", "path", "sha256"}], "generatedAt", "inputIdentity" (when set),
/// "tool": "tearsheet", "toolVersion"}`.
public struct Manifest: Sendable, Equatable, Codable {
    public struct Entry: Sendable, Equatable, Codable {
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

    /// The value of the `tool` key, which marks a folder as a Tearsheet report folder.
    static let tool = "tearsheet"

    enum CodingKeys: String, CodingKey { case tool, toolVersion, generatedAt, inputIdentity, files }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard try c.decode(String.self, forKey: .tool) == Self.tool else {
            throw DecodingError.dataCorruptedError(forKey: .tool, in: c, debugDescription: "not written by tearsheet")
        }
        toolVersion = try c.decode(String.self, forKey: .toolVersion)
        generatedAt = try c.decode(String.self, forKey: .generatedAt)
        files = try c.decode([Entry].self, forKey: .files)
        inputIdentity = try c.decodeIfPresent(String.self, forKey: .inputIdentity)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Self.tool, forKey: .tool)
        try c.encode(toolVersion, forKey: .toolVersion)
        try c.encode(generatedAt, forKey: .generatedAt)
        try c.encode(files, forKey: .files)
        try c.encodeIfPresent(inputIdentity, forKey: .inputIdentity)
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
            if let known = written[p], FileSystem.fileSize(path) == known.bytes {
                entries.append(known)
                continue
            }
            guard let data = fm.contents(atPath: path) else { throw .io(path: path, message: "cannot read the file to hash it") }
            entries.append(Entry(path: p, sha256: sha256Hex(data), bytes: data.count))
        }
        return Manifest(toolVersion: toolVersion, generatedAt: generatedAt, files: entries)
    }

    /// Lowercase hex SHA-256 of `data` (the same hash the provenance gives each input).
    public static func sha256Hex(_ data: Data) -> String { Hashing.sha256Hex(data) }

    /// The file's bytes: the JSON object and a final newline.
    /// - Throws: `RenderError.encoding` only if encoding fails (a bug).
    public func json() throws(RenderError) -> Data {
        do { return try JSONOutput.file(self) } catch { throw .encoding(error) }
    }

    /// Reads a `manifest.json` written by `json()`.
    /// - Throws: `RenderError.io` when the bytes are not such a manifest.
    public static func parse(_ data: Data, path: String = "manifest.json") throws(RenderError) -> Manifest {
        do { return try JSONDecoder().decode(Manifest.self, from: data) } catch {
            throw .io(path: path, message: "not a tearsheet manifest.json")
        }
    }

    /// Whether `data` is a JSON object whose `tool` is `tearsheet` (the mark `force` looks for
    /// before it replaces a folder; any other key may be missing).
    static func isMarked(_ data: Data) -> Bool {
        struct Mark: Decodable { var tool: String }
        return (try? JSONDecoder().decode(Mark.self, from: data))?.tool == tool
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
