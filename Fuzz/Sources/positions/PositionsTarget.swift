import FuzzSupport
import TearsheetCore
import TearsheetIngest

/// Fuzzes the positions decoder: the input is `positions.csv`, the whole book (positions carry their own marks).
let scratch = Scratch(tag: "positions")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let scratch else { return 0 }
    let path = scratch.write("positions.csv", UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size))
    LedgerFiles.check(InputFiles(positions: path))
    return 0
}
