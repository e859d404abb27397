import Foundation
import TearsheetCore

extension BatchManifest {
    /// Columns of a CSV manifest (header required, case-insensitive, any order; `name` optional).
    static let csvColumns = ["config", "out", "name"]

    /// Parses a CSV manifest: a header naming `config` and `out` (and optionally `name`), then one
    /// book per row. Fields may be double-quoted (`""` escapes a quote); blank lines and lines
    /// starting with `#` are skipped. A CSV manifest has no batch-wide defaults (use the command's options).
    static func parseCSV(_ text: String, file: String, folder: String) throws(BatchManifestError) -> BatchManifest {
        var problems: [BatchManifestError.Problem] = []
        func problem(_ line: Int, _ message: String) { problems.append(.init(file: file, line: line, message: message)) }
        var columns: [String: Int]?
        var entries: [BatchEntry] = []
        let body = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        for (i, raw) in body.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let lineNo = i + 1
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.trimmingCharacters(in: .whitespaces).isEmpty || line.hasPrefix("#") { continue }
            guard let fields = splitCSVLine(line) else { problem(lineNo, "unterminated quoted field"); continue }
            guard let cols = columns else {
                var map: [String: Int] = [:]
                for (j, f) in fields.enumerated() {
                    let name = f.trimmingCharacters(in: .whitespaces).lowercased()
                    if !csvColumns.contains(name) {
                        problem(lineNo, "unknown column '\(f)' in the header; expected config, out and optionally name")
                    } else if map[name] != nil {
                        problem(lineNo, "column '\(name)' appears twice in the header")
                    } else { map[name] = j }
                }
                for required in ["config", "out"] where map[required] == nil {
                    problem(lineNo, "the header has no '\(required)' column; expected a header like config,out,name")
                }
                if !problems.isEmpty { throw BatchManifestError(problems) }
                columns = map
                continue
            }
            if fields.count != cols.count {
                problem(lineNo, "expected \(cols.count) fields like the header, found \(fields.count)")
                continue
            }
            func value(_ c: String) -> String? {
                cols[c].map { fields[$0].trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
            }
            guard let config = value("config") else { problem(lineNo, "empty 'config'"); continue }
            guard let out = value("out") else { problem(lineNo, "empty 'out'"); continue }
            let outPath = resolve(out, against: folder)
            entries.append(BatchEntry(index: entries.count, name: value("name") ?? defaultName(out: outPath),
                                      config: resolve(config, against: folder), out: outPath, line: lineNo))
        }
        if columns == nil { problem(0, "the manifest is empty; expected a header config,out[,name] and one row per book") }
        if entries.isEmpty && problems.isEmpty { problem(0, "the manifest lists no books") }
        guard problems.isEmpty else { throw BatchManifestError(problems) }
        return BatchManifest(file: file, folder: folder, entries: entries)
    }

    /// The fields of one CSV line; `nil` when a quoted field is not closed.
    static func splitCSVLine(_ line: Substring) -> [String]? {
        var fields: [String] = [], field = "", quoted = false, i = line.startIndex
        while i < line.endIndex {
            let c = line[i]
            if quoted {
                if c == "\"" {
                    let next = line.index(after: i)
                    if next < line.endIndex, line[next] == "\"" { field.append("\""); i = next } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" && field.allSatisfy({ $0 == " " }) {
                field = ""; quoted = true
            } else if c == "," {
                fields.append(field); field = ""
            } else { field.append(c) }
            i = line.index(after: i)
        }
        if quoted { return nil }
        fields.append(field)
        return fields
    }
}
