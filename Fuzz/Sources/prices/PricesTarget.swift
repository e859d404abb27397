import FuzzSupport
import TearsheetCore
import TearsheetIngest

/// Fuzzes the prices decoder: the input is `prices.csv` beside fixed valid trades, so the price checks run on it.
let scratch = Scratch(tag: "prices")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let scratch else { return 0 }
    let path = scratch.write("prices.csv", UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size))
    LedgerFiles.check(InputFiles(trades: companionTrades, prices: path))
    return 0
}

/// The fixed companion files, written once.
let companionTrades = scratch?.write("companion-trades.csv", text: LedgerFiles.trades)
let companionPrices = scratch?.write("companion-prices.csv", text: LedgerFiles.prices)
