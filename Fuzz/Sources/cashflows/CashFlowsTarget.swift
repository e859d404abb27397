import FuzzSupport
import TearsheetCore
import TearsheetIngest

/// Fuzzes the cash-flow decoder: the input is `cashflows.csv` beside fixed valid trades and prices.
let scratch = Scratch(tag: "cashflows")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let scratch else { return 0 }
    let path = scratch.write("cashflows.csv", UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size))
    LedgerFiles.check(InputFiles(trades: companionTrades, cashFlows: path, prices: companionPrices))
    return 0
}

/// The fixed companion files, written once.
let companionTrades = scratch?.write("companion-trades.csv", text: LedgerFiles.trades)
let companionPrices = scratch?.write("companion-prices.csv", text: LedgerFiles.prices)
