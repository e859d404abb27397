import FuzzSupport
import TearsheetCore
import TearsheetIngest

/// Fuzzes `BookConfig.load` (TOMLKit parse, then every key's checks): the input is a book's
/// `tearsheet.toml`, in a folder that also holds small valid input files so `[inputs]` paths can
/// resolve. Checks: a config exactly when there is no error; every finding on the config file.
let scratch: Scratch? = {
    guard let s = Scratch(tag: "config-toml") else { return nil }
    s.makeFolder("book")
    s.write("book/trades.csv", text: LedgerFiles.trades)
    s.write("book/prices.csv", text: LedgerFiles.prices)
    return s
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let scratch else { return 0 }
    let path = scratch.write("book/tearsheet.toml", UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size))
    let (config, findings) = BookConfig.load(path: path)
    precondition((config != nil) == !findings.hasErrors, "config \(config != nil) with \(findings.errorCount) errors")
    for f in findings.items { precondition(f.file == path, "finding on another file: \(f)") }
    if let c = config { _ = c.ingestOptions }
    return 0
}
