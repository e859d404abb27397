import FuzzSupport
import TearsheetCore
import TearsheetIngest

/// Fuzzes the trades decoder: the input is `trades.csv`, checked against fixed valid prices.
let scratch = Scratch(tag: "trades")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let scratch else { return 0 }
    let path = scratch.write("trades.csv", UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size))
    LedgerFiles.check(InputFiles(trades: path, prices: companionPrices))
    return 0
}

/// The fixed companion files, written once.
let companionTrades = scratch?.write("companion-trades.csv", text: LedgerFiles.trades)
let companionPrices = scratch?.write("companion-prices.csv", text: LedgerFiles.prices)
