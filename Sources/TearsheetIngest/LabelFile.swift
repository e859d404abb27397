import TearsheetCore

/// Reads label files: `regimes.csv` (`date, regime`) and `week_types.csv` (`week_start, week_type`).
/// Dates may come in any order (they are sorted); a date given twice is an error
/// (`duplicate-date`), an empty label is an error, and a `week_start` that is not a Monday is an
/// error (`not-monday`).
public enum LabelFile {
    /// `hashed` receives the SHA-256 of the bytes parsed (the provenance of the file).
    public static func read(path: String, schema: Schema, findings: inout Findings,
                            policy: PathPolicy = .unrestricted, hashed: (String) -> Void = { _ in }) -> DatedLabels? {
        var local = Findings(cap: findings.cap)
        var dec: FieldDecoder?
        var rows: [(Day, String, Int)] = []
        let dateName = schema.required[0], labelName = schema.required[1]
        let isWeek = dateName == "week_start"
        var bytes: [UInt8]
        do { bytes = try FileBytes.read(path, policy: policy) } catch {
            if case .io(_, let m) = error {
                findings.append(Finding(file: path, line: 0, column: 0, severity: .error, code: "unreadable-file", message: m))
            }
            return nil
        }
        hashed(ByteHash.sha256(bytes))
        let summary = CSVReader.read(&bytes, file: path, findings: &local) { row in
            guard dec != nil else { return }
            let dc = dec!.header(dateName)
            let d = dec!.day(row, dc)
            let label = dec!.text(row, dec!.header(labelName))
            if let d, isWeek, d.weekday != 1 {
                dec!.report(row, dc, "not-monday", "\(d) is not a Monday; expected the Monday that starts the week")
                return
            }
            guard let d, let label else { return }
            rows.append((d, String(decoding: label, as: UTF8.self), row.line))
        } header: { names, f in
            if let m = HeaderMap.map(header: names, schema: schema, file: path, findings: &f) {
                dec = FieldDecoder(file: path, header: m, cap: findings.cap)
            }
        }
        let before = findings.errorCount
        findings.appendInFileOrder(reader: local, decoder: dec, summary: summary, file: path, expected: "at least one row")
        guard let dec else { return nil }
        rows.sort { ($0.0, $0.2) < ($1.0, $1.2) }
        var out = DatedLabels()
        for (i, r) in rows.enumerated() {
            if i > 0 && rows[i - 1].0 == r.0 {
                findings.append(Finding(file: path, line: r.2, column: dec.header(dateName) + 1, severity: .error, code: "duplicate-date",
                                        message: "column '\(dateName)': \(r.0) is already labelled on line \(rows[i - 1].2); expected each date once"))
                continue
            }
            out.days.append(r.0); out.labels.append(r.1)
        }
        return findings.errorCount == before ? out : nil
    }
}
