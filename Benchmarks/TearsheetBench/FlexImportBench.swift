import Foundation
import TearsheetDemo
import TearsheetCore
import TearsheetPipeline

/// `tearsheet-bench flex-import [--trades N] [--runs K]`: a generated Flex Query statement of N
/// trades (round trips of 200 symbols over the weekdays from 2015, with commissions, a deposit
/// and the CashReport the rows give) imported end to end: read, parse, map, check, write the book.
func flexImportMode(trades n: Int, runs: Int, cache: URL) throws {
    let folder = cache.appendingPathComponent("flex-\(n)")
    let file = folder.appendingPathComponent("statement.xml")
    if !FileManager.default.fileExists(atPath: file.path) {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try flexStatement(trades: n).write(to: file, atomically: true, encoding: .utf8)
    }
    let bytes = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
    var imported = 0
    _ = try measure("import ibkr-flex, \(n) trades, 200 symbols (read, parse, map, write the book)", runs: runs,
                    note: "statement \(bytes / 1_000_000) MB") {
        var r = ImportRequest(statements: [file.path], out: folder.appendingPathComponent("book").path)
        r.force = true
        imported = try ImportRunner.run(r).book.trades.count
    }
    print("|  |  |  |  |  | \(imported) trades written |")
}

/// The statement's XML: one account, BUY then SELL of each symbol (a round trip every other
/// trade), on consecutive weekdays, prices drifting with a seeded generator.
func flexStatement(trades n: Int) -> String {
    var rng = SplitMix64(seed: 21)
    var day = Day(iso: "2015-01-05")!
    var rows: [String] = []
    rows.reserveCapacity(n)
    var cash = 10_000_000.0
    var price = [Double](repeating: 100, count: 200)
    var open = [Double](repeating: 0, count: 200)
    func stamp(_ d: Day, _ k: Int) -> String {
        let c = d.components
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(c.year)\(two(c.month))\(two(c.day));\(two(9 + k / 3600 % 7))\(two(k / 60 % 60))\(two(k % 60))"
    }
    for i in 0..<n {
        if i % 400 == 399 { repeat { day = day.adding(days: 1) } while day.isWeekend }
        let s = (i / 2) % 200
        price[s] = (price[s] * (1 + (rng.unit() - 0.5) * 0.02) * 100).rounded() / 100
        let buy = open[s] == 0
        let qty = buy ? Double(10 + Int(rng.unit() * 90)) : open[s]
        open[s] = buy ? qty : 0
        let proceeds = (buy ? -1 : 1) * qty * price[s]
        cash += proceeds - 1
        rows.append("<Trade accountId=\"U1000000\" currency=\"USD\" assetCategory=\"STK\" symbol=\"S\(s)\" tradeID=\"\(i + 1)\" dateTime=\"\(stamp(day, i % 400 * 50))\" "
                    + "quantity=\"\(buy ? "" : "-")\(Int(qty))\" tradePrice=\"\(price[s])\" proceeds=\"\(proceeds)\" ibCommission=\"-1\" buySell=\"\(buy ? "BUY" : "SELL")\" "
                    + "openCloseIndicator=\"\(buy ? "O" : "C")\" notes=\"\" levelOfDetail=\"EXECUTION\" />")
    }
    let c = day.components
    let to = String(format: "%04d%02d%02d", c.year, c.month, c.day)
    var open_positions: [String] = []
    for s in 0..<200 where open[s] != 0 {
        open_positions.append("<OpenPosition accountId=\"U1000000\" currency=\"USD\" assetCategory=\"STK\" symbol=\"S\(s)\" reportDate=\"\(to)\" position=\"\(Int(open[s]))\" markPrice=\"\(price[s])\" positionValue=\"\(open[s] * price[s])\" levelOfDetail=\"SUMMARY\" />")
    }
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <FlexQueryResponse queryName="bench" type="AF">
        <FlexStatements count="1">
        <FlexStatement accountId="U1000000" fromDate="20150105" toDate="\(to)">
        <AccountInformation accountId="U1000000" currency="USD" />
        <CashReport>
        <CashReportCurrency accountId="U1000000" currency="BASE_SUMMARY" fromDate="20150105" toDate="\(to)" startingCash="0" endingCash="\(cash)" />
        </CashReport>
        <CashTransactions>
        <CashTransaction accountId="U1000000" currency="USD" dateTime="20150105" amount="10000000" type="Deposits/Withdrawals" transactionID="1" />
        </CashTransactions>
        <Trades>
        \(rows.joined(separator: "\n"))
        </Trades>
        <OpenPositions>
        \(open_positions.joined(separator: "\n"))
        </OpenPositions>
        </FlexStatement>
        </FlexStatements>
        </FlexQueryResponse>

        """
}
