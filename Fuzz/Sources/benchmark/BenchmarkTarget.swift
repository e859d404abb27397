import FuzzSupport
import TearsheetCore
import TearsheetIngest

/// Fuzzes the benchmark readers, both in memory: `SeriesFile.read` as `BenchmarkStore.load` calls
/// it (adjusted close, close or returns, with gap warnings) and `BenchmarkImporter.convert` (the
/// `tearsheet benchmarks import` formats). Checks: a series exactly when there is no error, with
/// strictly increasing dates, finite values, closes > 0 and returns > -1; an import output exactly
/// when there is no error, whose text reads back as a valid series of the same length.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = FuzzDriver.bytes(data, size)
    var bytes = input
    var findings = Findings(cap: 50)
    let content = SeriesFile.read(bytes: &bytes, file: "SPY.csv", accept: [.adjustedClose, .close, .returns],
                                  findings: &findings, gapWarnings: true)
    precondition((content != nil) == !findings.hasErrors, "series \(content != nil) with \(findings.errorCount) errors")
    if let c = content { checkSeries(c) }

    let day = Day(iso: "2026-01-02")!
    let (output, importFindings) = BenchmarkImporter.convert(bytes: input, sourceName: "download.csv", importDate: day)
    precondition((output != nil) == !importFindings.hasErrors, "import \(output != nil) with \(importFindings.errorCount) errors")
    if let o = output {
        var text = Array(o.text.utf8)
        var back = Findings(cap: 50)
        let again = SeriesFile.read(bytes: &text, file: "SPY.csv", accept: [.adjustedClose, .close, .returns], findings: &back)
        precondition(again != nil, "imported text does not read back: \(back.items)")
        if let again {
            checkSeries(again)
            precondition(again.series.days.count == o.rows, "imported \(o.rows) rows, read back \(again.series.days.count)")
        }
    }
    return 0
}

func checkSeries(_ c: SeriesFileContent) {
    let s = c.series
    for i in 0..<s.days.count {
        let v = s.values[i]
        precondition(v.isFinite, "non-finite value \(v)")
        if c.kind == .returns { precondition(v > -1, "return \(v) <= -1") } else { precondition(v > 0, "close \(v) <= 0") }
        if i > 0 { precondition(s.days[i - 1] < s.days[i], "dates not increasing at \(s.days[i])") }
    }
}
