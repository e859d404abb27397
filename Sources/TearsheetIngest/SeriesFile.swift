import TearsheetCore

/// What the value column of a dated series file holds.
public enum SeriesKind: String, Sendable, Equatable {
    /// Dividend-adjusted closes (`adj_close`).
    case adjustedClose = "adj_close"
    /// Closes (`close`), taken as adjusted.
    case close
    /// Daily simple returns as fractions (`return`).
    case returns = "return"
    /// Annual rates as fractions (`rate`), e.g. a risk-free series.
    case rate
}

/// A dated series file as read: values, the `#` comment lines, and what the values are.
public struct SeriesFileContent: Sendable, Equatable {
    public var kind: SeriesKind
    public var series: DatedSeries
    public var comments: [String]
    public var lines: [Int]
    /// Lowercase hex SHA-256 of the bytes parsed, when read from a file (empty otherwise).
    public var sha256 = ""
}

/// Reads two-column dated series (`date` + one of `adj_close`, `close`, `return`, `rate`) with the
/// rules every such file shares: dates strictly increasing (`duplicate-date` and `unsorted-dates`
/// are errors), closes > 0, returns > -1, every value finite.
public enum SeriesFile {
    /// Reads the file at `path` under `policy` (`SecureOpen`); the content's `sha256` is that of
    /// the bytes parsed.
    public static func read(path: String, display: String? = nil, accept: [SeriesKind],
                            findings: inout Findings, gapWarnings: Bool = false,
                            policy: PathPolicy = .unrestricted) -> SeriesFileContent? {
        let file = display ?? path
        var bytes: [UInt8]
        do { bytes = try FileBytes.read(path, policy: policy) } catch {
            if case .io(_, let m) = error {
                findings.append(Finding(file: file, line: 0, column: 0, severity: .error, code: "unreadable-file", message: m))
            }
            return nil
        }
        let hash = ByteHash.sha256(bytes)
        var content = read(bytes: &bytes, file: file, accept: accept, findings: &findings, gapWarnings: gapWarnings)
        content?.sha256 = hash
        return content
    }

    public static func read(bytes: inout [UInt8], file: String, accept: [SeriesKind],
                            findings: inout Findings, gapWarnings: Bool = false) -> SeriesFileContent? {
        var dec: FieldDecoder?
        var kind = SeriesKind.close
        var valueColumn = -1
        var days: [Day] = [], values: [Double] = [], lines: [Int] = []
        var local = Findings(cap: findings.cap)
        let summary = CSVReader.read(&bytes, file: file, findings: &local) { row in
            guard dec != nil else { return }
            let d = dec!.day(row, dec!.header("date"))
            let rule: NumberRule = (kind == .returns || kind == .rate) ? .any : .positive
            var v = dec!.number(row, valueColumn, rule)
            if kind == .returns, let r = v, r <= -1 {
                dec!.report(row, valueColumn, "return-below-minus-one", "\(fmt(r)) is a loss of more than 100%; expected a return > -1")
                v = nil
            }
            if kind == .rate, let r = v, !(r > -1 && r < 1) {
                dec!.report(row, valueColumn, "rate-not-a-fraction", "\(fmt(r)) is not an annual rate as a fraction; expected e.g. 0.02 for 2% (above -1 and below 1)")
                v = nil
            }
            guard let d, let v else { return }
            days.append(d); values.append(v); lines.append(row.line)
        } header: { names, f in
            let lower = names.map { $0.trimmingASCIISpaces().lowercased() }
            guard let k = accept.first(where: { lower.contains($0.rawValue) }) else {
                let list = accept.map(\.rawValue).joined(separator: " or ")
                if !lower.contains("date") {
                    f.append(Finding(file: file, line: 1, column: 0, severity: .error, code: "missing-column",
                                     message: "missing required column 'date'; expected date and \(list)"))
                }
                f.append(Finding(file: file, line: 1, column: 0, severity: .error, code: "missing-column",
                                 message: "missing value column; expected one of \(list)"))
                return
            }
            kind = k
            let schema = Schema(name: "series", required: ["date", k.rawValue])
            guard let map = HeaderMap.map(header: names, schema: schema, file: file, findings: &f) else { return }
            valueColumn = map(k.rawValue)
            dec = FieldDecoder(file: file, header: map, cap: findings.cap)
        }
        let before = findings.errorCount
        findings.appendInFileOrder(reader: local, decoder: dec, summary: summary, file: file, expected: "at least one row")
        guard let dec else { return nil }
        let dateColumn = dec.header("date") + 1
        for i in 1..<max(days.count, 1) {
            if days[i] == days[i - 1] {
                findings.append(Finding(file: file, line: lines[i], column: dateColumn, severity: .error, code: "duplicate-date",
                                        message: "column 'date': \(days[i]) repeats line \(lines[i - 1]); expected each date once"))
            } else if days[i] < days[i - 1] {
                findings.append(Finding(file: file, line: lines[i], column: dateColumn, severity: .error, code: "unsorted-dates",
                                        message: "column 'date': \(days[i]) comes after \(days[i - 1]) (line \(lines[i - 1])); expected dates in increasing order"))
            }
        }
        let content = SeriesFileContent(kind: kind, series: DatedSeries(days: days, values: values), comments: summary.comments, lines: lines)
        // Gaps are reported even when the file has errors, so one pass shows everything.
        if gapWarnings { SeriesFile.gapWarnings(content, file: file, findings: &findings) }
        guard findings.errorCount == before else { return nil }
        return SeriesFileContent(kind: kind, series: DatedSeries(days: days, values: values), comments: summary.comments, lines: lines)
    }

    /// Number of weekdays strictly between `a` and `b`.
    static func weekdaysBetween(_ a: Day, _ b: Day) -> Int {
        var n = 0
        var d = a.adding(days: 1)
        while d < b { if !d.isWeekend { n += 1 }; d = d.adding(days: 1) }
        return n
    }

    /// Warnings for runs of more than `maxMissingWeekdays` missing weekdays (`benchmark-gap`).
    static func gapWarnings(_ c: SeriesFileContent, file: String, maxMissingWeekdays: Int = 4, findings: inout Findings) {
        let days = c.series.days
        for i in 1..<max(days.count, 1) where days[i].serial - days[i - 1].serial > Int32(maxMissingWeekdays) {
            let missing = weekdaysBetween(days[i - 1], days[i])
            if missing > maxMissingWeekdays {
                findings.append(Finding(file: file, line: c.lines[i], column: 1, severity: .warning, code: "benchmark-gap",
                                        message: "column 'date': \(missing) weekdays missing between \(days[i - 1]) and \(days[i]); expected at most \(maxMissingWeekdays) (holidays)"))
            }
        }
    }

    /// A return series as an index: 1 on the weekday before the first return, then
    /// `index_t = index_{t-1} x (1 + r_t)`. The base day is the previous weekday (Friday for a
    /// Monday), the nearest day a market could have closed on.
    public static func index(fromReturns r: DatedSeries) -> DatedSeries {
        guard let first = r.days.first else { return DatedSeries() }
        var base = first.adding(days: -1)
        while base.isWeekend { base = base.adding(days: -1) }
        var days = [base], values = [1.0]
        days.reserveCapacity(r.count + 1); values.reserveCapacity(r.count + 1)
        var level = 1.0
        for i in 0..<r.count {
            level *= 1 + r.values[i]
            days.append(r.days[i]); values.append(level)
        }
        return DatedSeries(days: days, values: values)
    }
}

/// A bare daily return series (`date,return`), e.g. for `tearsheet metrics --returns FILE`.
public enum ReturnSeriesFile {
    /// The returns, or `TearsheetError.invalidInput` with every finding.
    public static func read(path: String) throws(TearsheetError) -> DatedSeries {
        var findings = Findings()
        guard let c = SeriesFile.read(path: path, accept: [.returns], findings: &findings), !findings.hasErrors else {
            throw .invalidInput(findings.items)
        }
        return c.series
    }
}

/// A series of annual rates (`date,rate`, fractions: 0.02 is 2% a year), e.g. a risk-free series.
/// Dates strictly increasing; each rate above -1 and below 1 (a value such as 5 is a percentage
/// written as a number, an error).
public enum RateSeriesFile {
    /// The rates, or `TearsheetError.invalidInput` with every finding.
    public static func read(path: String) throws(TearsheetError) -> DatedSeries {
        var findings = Findings()
        guard let s = read(path: path, display: path, findings: &findings), !findings.hasErrors else {
            throw .invalidInput(findings.items)
        }
        return s
    }

    /// The rates, with every problem appended to `findings` (FILE:LINE:COLUMN, `display` as FILE);
    /// `nil` when the file has errors.
    public static func read(path: String, display: String, findings: inout Findings,
                            policy: PathPolicy = .unrestricted) -> DatedSeries? {
        SeriesFile.read(path: path, display: display, accept: [.rate], findings: &findings, policy: policy)?.series
    }
}
