import FuzzSupport
import TearsheetCore
import TearsheetIngest

/// Fuzzes `CSVReader.read` (the byte-level RFC 4180 reader every input file goes through) with the
/// input as a whole file, and checks what the reader promises besides not crashing:
/// every record handed over has the header's width, `dataRows` counts exactly those records and
/// never exceeds `totalRows`, `byteCount` is the input's size, an empty input is `empty-file`, and
/// every finding points at a line inside the file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    var bytes = FuzzDriver.bytes(data, size)
    var findings = Findings(cap: 10_000)
    var width = -1
    var delivered = 0
    var checksum = 0
    let summary = CSVReader.read(&bytes, file: "fuzz.csv", findings: &findings) { row in
        precondition(row.count == width, "record of \(row.count) fields handed over under a header of \(width)")
        precondition(row.line >= 2, "data record on line \(row.line)")
        delivered += 1
        for i in 0..<row.count {
            for b in row[i] { checksum &+= Int(b) }   // every byte of every field is inside the buffer (ASan)
        }
        if row.count > 0 { checksum &+= row.string(0).utf8.count }
    } header: { names, _ in
        precondition(width == -1, "header delivered twice")
        width = names.count
    }
    precondition(summary.dataRows == delivered, "dataRows \(summary.dataRows) but \(delivered) records delivered")
    precondition(summary.dataRows <= summary.totalRows, "dataRows \(summary.dataRows) > totalRows \(summary.totalRows)")
    precondition(size == 0 || summary.byteCount == size, "byteCount \(summary.byteCount) for \(size) bytes")
    precondition(summary.isEmpty == (width == -1), "isEmpty \(summary.isEmpty) but header width \(width)")
    if size == 0 { precondition(findings.items.contains { $0.code == "empty-file" }, "empty input without empty-file") }
    let lines = 1 + bytes.count  // an upper bound on physical lines (every byte a line end)
    for f in findings.items { precondition(f.line >= 0 && f.line <= lines, "finding on line \(f.line): \(f)") }
    return checksum == Int.min ? 1 : 0
}
