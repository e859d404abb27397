// `tearsheet-bench pnl --book DIR --out FILE`: the Tearsheet side of the peer comparison
// "trades CSV -> daily P&L per strategy" (scripts/compare-peers). Reads the book's inputs the way
// `tearsheet report` does (every validation rule, FIFO lots, valuation over the calendar) and writes
// `date,strategy,pnl`, where a strategy's P&L on day t is its sleeve's change in NAV less its
// external flows: NAV_s,t - NAV_s,t-1 - F_s,t (realised + unrealised change + income - fees).
import Foundation
import TearsheetIngest
import TearsheetReport
import TearsheetValuation
import TearsheetCore
import TearsheetPipeline

// With `--cash` (the DuckDB / polars / pandas comparison, Benchmarks/peers/pnl_peers.py) it
// does the same work and writes `date,strategy,cash` instead: each strategy's trade cash per day,
// the sum of -(signed quantity x price) - fees over its trades, for the peers' answers to be
// checked against.
/// Runs the mode; the book folder holds `tearsheet.toml` and its calendar benchmark file.
/// `threads`: `IngestOptions.parallelism` (`--threads N`; default the active cores).
func pnlMode(book: String, out: String, cash: Bool = false, threads: Int? = nil) throws {
    let config = try BookConfig.loadOrThrow(path: URL(fileURLWithPath: book).appendingPathComponent("tearsheet.toml").path)
    var findings = Findings()
    let store = BenchmarkStore(directory: config.benchmarksDir ?? book)
    guard let primary = config.benchmarks.first, let calendar = store.load(primary, findings: &findings)?.closes.days else {
        throw TearsheetError.invalidInput(findings.items)
    }
    var options = config.ingestOptions
    options.calendar = calendar
    if let threads { options.parallelism = threads }
    let result = ingest(config.inputs, options: options)
    guard let ledger = result.ledger, !result.findings.hasErrors else { throw TearsheetError.invalidInput(Array(result.findings.items.prefix(5))) }
    let valuation = try value(ledger, calendar: calendar, options: BookRunner.valuationOptions(config: config, ledger: ledger))
    let total = valuation.total, days = valuation.days
    if cash {
        try tradeCash(ledger, days: days).write(toFile: out, atomically: true, encoding: .utf8)
        return
    }

    // External flows of each strategy sleeve per valued day.
    var dayIndex: [Day: Int] = [:]
    for (i, d) in days.enumerated() { dayIndex[d] = i }
    var flows: [String: [Double]] = [:]
    let cf = ledger.cashFlows
    for i in 0..<cf.count where cf.type[i] == .deposit || cf.type[i] == .withdrawal {
        guard cf.strategy[i] >= 0, let t = dayIndex[cf.day[i]] else { continue }
        let name = ledger.strategies[cf.strategy[i]]
        flows[name, default: [Double](repeating: 0, count: days.count)][t] += cf.amount[i]
    }

    var text = "date,strategy,pnl\n"
    text.reserveCapacity(days.count * total.sleeves.count * 32)
    for t in days.indices {
        let date = days[t].description
        for (s, name) in total.sleeves.enumerated() where ledger.strategies.id(of: name) != nil {
            let previous = t == 0 ? 0 : total.sleeveNAV[s][t - 1]
            let pnl = total.sleeveNAV[s][t] - previous - (flows[name]?[t] ?? 0)
            text += "\(date),\(name),\(String(format: "%.4f", pnl))\n"
        }
    }
    try text.write(toFile: out, atomically: true, encoding: .utf8)
}

/// `date,strategy,cash` for every day and strategy with trades, in day then strategy order:
/// the sum over its trades of -(signed quantity x price) - fees, as `%.6f`.
///
/// The sums live in one dense array over (day - first day, strategy id), each cell added to in
/// trade order from 0 as before (so every sum is bit-identical to the former dictionary of
/// dictionaries, which cost two hash look-ups and a copy-on-write check per trade).
func tradeCash(_ ledger: Ledger, days: [Day]) -> String {
    let tr = ledger.trades
    var text = "date,strategy,cash\n"
    guard tr.count > 0 else { return text }
    let first = tr.day.min()!.serial, last = tr.day.max()!.serial
    let strategies = ledger.strategies.count
    let width = Int(last - first) + 1
    var sums = [Double](repeating: 0, count: width * strategies)
    var traded = [Bool](repeating: false, count: width * strategies)
    for i in 0..<tr.count {
        let cell = Int(tr.day[i].serial - first) * strategies + Int(tr.strategy[i])
        sums[cell] += -(tr.side[i].sign * tr.quantity[i] * tr.price[i]) - tr.fees[i]
        traded[cell] = true
    }
    // Strategy ids in name order, the order the rows of a day are written in.
    let byName = (0..<strategies).sorted { ledger.strategies[Int32($0)] < ledger.strategies[Int32($1)] }
    for t in 0..<width {
        let row = t * strategies
        guard traded[row..<(row + strategies)].contains(true) else { continue }
        let d = Day(serial: first + Int32(t))
        for s in byName where traded[row + s] {
            text += "\(d),\(ledger.strategies[Int32(s)]),\(String(format: "%.6f", sums[row + s]))\n"
        }
    }
    return text
}
