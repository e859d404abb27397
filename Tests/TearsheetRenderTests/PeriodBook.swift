import Foundation
import TearsheetCore

/// A tiny hand-checkable book written into a temporary folder: one symbol ABC closing at 100 in
/// January 2024, 105 in February, 110 in March and 120 from April, on the SPY calendar of
/// benchmarks-data; accounts ACC-1 (the statement checked by hand in `PeriodReportTests`) and,
/// optionally, ACC-2. `extra` rows (after the period under test) are appended to each file.
struct PeriodBook {
    static let benchmarks = TestSupport.repoRoot.appendingPathComponent("benchmarks-data")

    var accounts = ["ACC-1"]
    /// Last day of the price file.
    var pricesThrough = Day(year: 2024, month: 3, day: 28)!
    var extraTrades: [String] = []
    var extraFlows: [String] = []

    /// The SPY trading days in `range`.
    static func tradingDays(_ range: ClosedRange<Day>) throws -> [Day] {
        let text = try String(contentsOf: benchmarks.appendingPathComponent("SPY.csv"), encoding: .utf8)
        return text.split(separator: "\n").dropFirst().compactMap { line in
            Day(iso: line.prefix(10)).flatMap { range.contains($0) ? $0 : nil }
        }
    }

    static func close(_ d: Day) -> Double {
        switch (d.year, d.month) {
        case (2024, 1): return 100
        case (2024, 2): return 105
        case (2024, 3): return 110
        default: return 120
        }
    }

    /// Writes tearsheet.toml, trades.csv, cashflows.csv and prices.csv; returns the config's path.
    func write(to folder: URL, report: String = "") throws -> String {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var trades = ["trade_id,timestamp,account,strategy,symbol,side,quantity,price,fees,currency"]
        var flows = ["date,account,amount,type,strategy"]
        for (k, a) in accounts.enumerated() {
            let q = k + 1
            trades += ["\(a)-T1,2024-01-02T15:30:00-05:00,\(a),core,ABC,BUY,\(10 * q),100,\(q),USD",
                       "\(a)-T2,2024-02-09T15:30:00-05:00,\(a),core,ABC,BUY,\(5 * q),105,\(q),USD"]
            flows += ["2024-01-02,\(a),\(10_000 * q),DEPOSIT,",
                      "2024-02-15,\(a),\(20 * q),DIVIDEND,",
                      "2024-02-20,\(a),\(-5 * q),FEE,",
                      "2024-02-22,\(a),\(-1_000 * q),WITHDRAWAL,",
                      "2024-02-26,\(a),\(500 * q),DEPOSIT,",
                      "2024-03-05,\(a),\(10 * q),INTEREST,"]
        }
        trades += extraTrades
        flows += extraFlows
        var prices = ["date,symbol,close"]
        for d in try Self.tradingDays(Day(year: 2024, month: 1, day: 2)!...pricesThrough) { prices.append("\(d),ABC,\(Self.close(d))") }
        let config = """
        name = "Period book"
        benchmarks = ["SPY", "QQQ"]
        risk_free = 0.02

        [inputs]
        trades = "trades.csv"
        cashflows = "cashflows.csv"
        prices = "prices.csv"

        [report]
        \(report)

        """
        for (name, text) in [("trades.csv", trades.joined(separator: "\n") + "\n"), ("cashflows.csv", flows.joined(separator: "\n") + "\n"),
                             ("prices.csv", prices.joined(separator: "\n") + "\n"), ("tearsheet.toml", config)] {
            try Data(text.utf8).write(to: folder.appendingPathComponent(name))
        }
        return folder.appendingPathComponent("tearsheet.toml").path
    }
}
