import TearsheetCore

/// A segment (sector) benchmark: per day, each segment's weight and return, dense over the
/// file's days and segments (a segment a day does not list has weight 0 and return 0 that day).
public struct SegmentBenchmark: Sendable, Equatable {
    /// Days of the file, strictly increasing.
    public var days: [Day]
    /// Segment names in order of first appearance in the file.
    public var segments: [String]
    /// `weights[i][t]`: weight of segment `i` on day `t`.
    public var weights: [[Double]]
    /// `returns[i][t]`: the segment's simple return on day `t`, as a fraction.
    public var returns: [[Double]]
    /// Data rows read.
    public var rowCount: Int
    /// Lowercase hex SHA-256 of the bytes parsed, when read from a file (empty otherwise).
    public var sha256 = ""

    public init(days: [Day], segments: [String], weights: [[Double]], returns: [[Double]], rowCount: Int) {
        self.days = days
        self.segments = segments
        self.weights = weights
        self.returns = returns
        self.rowCount = rowCount
    }
}

/// Reads `segment_benchmark.csv`: `date, segment, weight, return`, one row per segment and day.
///
/// Rules: dates valid (`bad-date`, `impossible-date`); a segment name is non-empty; weight a finite
/// number; return a finite number > -1 (`return-below-minus-one`); a (date, segment) pair once
/// (`duplicate-segment`); the weights of each day sum to 1 within 1e-6 (`weights-not-one`,
/// reported at the day's first row, weight column). Rows may come in any order.
public enum SegmentBenchmarkFile {
    public static let schema = Schema(name: "segment_benchmark", required: ["date", "segment", "weight", "return"])
    /// Tolerance on each day's sum of weights.
    public static let weightTolerance = 1e-6

    public static func read(path: String, display: String? = nil, findings: inout Findings,
                            policy: PathPolicy = .unrestricted) -> SegmentBenchmark? {
        let file = display ?? path
        var bytes: [UInt8]
        do { bytes = try FileBytes.read(path, policy: policy) } catch {
            if case .io(_, let m) = error {
                findings.append(Finding(file: file, line: 0, column: 0, severity: .error, code: "unreadable-file", message: m))
            }
            return nil
        }
        let hash = ByteHash.sha256(bytes)
        var benchmark = read(bytes: &bytes, file: file, findings: &findings)
        benchmark?.sha256 = hash
        return benchmark
    }

    public static func read(bytes: inout [UInt8], file: String, findings: inout Findings) -> SegmentBenchmark? {
        var local = Findings(cap: findings.cap)
        var dec: FieldDecoder?
        struct Row { var day: Day; var segment: Int; var weight: Double; var ret: Double; var line: Int }
        var rows: [Row] = []
        var segmentIDs: [String: Int] = [:], segments: [String] = []
        let summary = CSVReader.read(&bytes, file: file, findings: &local) { row in
            guard dec != nil else { return }
            let dateCol = dec!.header("date"), retCol = dec!.header("return")
            let d = dec!.day(row, dateCol)
            let name = dec!.text(row, dec!.header("segment"))
            let w = dec!.number(row, dec!.header("weight"), .any)
            var r = dec!.number(row, retCol, .any)
            if let x = r, !(x > -1) {
                dec!.report(row, retCol, "return-below-minus-one", "\(x) is not > -1; expected a simple return as a fraction above -1")
                r = nil
            }
            guard let d, let name, let w, let r else { return }
            let s = String(decoding: name, as: UTF8.self)
            let id: Int
            if let known = segmentIDs[s] { id = known } else {
                id = segments.count; segmentIDs[s] = id; segments.append(s)
            }
            rows.append(Row(day: d, segment: id, weight: w, ret: r, line: row.line))
        } header: { names, f in
            if let m = HeaderMap.map(header: names, schema: schema, file: file, findings: &f) {
                dec = FieldDecoder(file: file, header: m, cap: findings.cap)
            }
        }
        let before = findings.errorCount
        findings.appendInFileOrder(reader: local, decoder: dec, summary: summary, file: file, expected: "at least one row per segment and day")
        guard let dec else { return nil }
        let segmentColumn = dec.header("segment") + 1, weightColumn = dec.header("weight") + 1

        // Group by day (stable: input order within a day), then check duplicates and weight sums.
        rows.sort { ($0.day, $0.line) < ($1.day, $1.line) }
        var days: [Day] = []
        var weights: [[Double]] = Array(repeating: [], count: segments.count)
        var returns = weights
        var k = 0
        while k < rows.count {
            var end = k
            while end < rows.count && rows[end].day == rows[k].day { end += 1 }
            let t = days.count
            days.append(rows[k].day)
            for i in 0..<segments.count { weights[i].append(0); returns[i].append(0) }
            var seen: [Int: Int] = [:]
            var sum: [Double] = []
            for row in rows[k..<end] {
                if let first = seen[row.segment] {
                    findings.append(Finding(file: file, line: row.line, column: segmentColumn, severity: .error,
                                            code: "duplicate-segment",
                                            message: "column 'segment': '\(segments[row.segment])' on \(row.day) is already given on line \(first); expected each segment once a day"))
                    continue
                }
                seen[row.segment] = row.line
                weights[row.segment][t] = row.weight
                returns[row.segment][t] = row.ret
                sum.append(row.weight)
            }
            let total = Stats.sum(sum)
            if abs(total - 1) > weightTolerance {
                findings.append(Finding(file: file, line: rows[k].line, column: weightColumn, severity: .error,
                                        code: "weights-not-one",
                                        message: "column 'weight': the weights of \(rows[k].day) sum to \(total); expected 1 within \(weightTolerance)"))
            }
            k = end
        }
        guard findings.errorCount == before else { return nil }
        return SegmentBenchmark(days: days, segments: segments, weights: weights, returns: returns, rowCount: rows.count)
    }
}
