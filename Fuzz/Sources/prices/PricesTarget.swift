import FuzzSupport
import TearsheetCore
import TearsheetIngest

/// Fuzzes the prices decoder: the input is `prices.csv` beside fixed valid trades, so the price checks run on it.
/// The one-pass reader of plain price files and the general reader must give the same result.
let scratch = Scratch(tag: "prices")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let scratch else { return 0 }
    let path = scratch.write("prices.csv", UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size))
    let files = InputFiles(trades: companionTrades, prices: path)
    LedgerFiles.check(files)
    var general = LedgerFiles.options
    general.plainPrices = false
    let a = ingest(files, options: LedgerFiles.options), b = ingest(files, options: general)
    precondition(a.ledger == b.ledger, "the plain prices path and the general reader give different ledgers")
    precondition(a.findings.lines == b.findings.lines, "different findings: \(a.findings.lines) vs \(b.findings.lines)")
    precondition(a.files == b.files, "different file records")
    return 0
}

/// The fixed companion files, written once.
let companionTrades = scratch?.write("companion-trades.csv", text: LedgerFiles.trades)
let companionPrices = scratch?.write("companion-prices.csv", text: LedgerFiles.prices)
