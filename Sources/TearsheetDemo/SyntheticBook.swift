import Foundation
import TearsheetCore

/// A fast, streaming generator of large synthetic books for the ingestion and valuation
/// benchmarks (1,000,000 and 10,000,000 trades over 500 symbols and 10 years).
///
/// Memory is bounded by the price matrix (symbols x days closes, about 10 MB for 500 x 2,609),
/// the signed positions per account x strategy x symbol, and one 1 MiB output buffer: it never
/// holds the trades, whatever their number.
///
/// Rules:
/// - Calendar: every weekday from `start` for `years` years (no holidays); written as
///   `SYNTH.csv` (`date,adj_close`) so the benchmark can use it as the primary benchmark.
/// - Closes: a seeded geometric random walk per symbol, in cents: start $20-$500, daily log
///   return N(0.0003, sigma) with sigma in [1%, 3%] per symbol, floored at $1.00.
///   `SYNTH.csv` is the equal-weighted index of the symbols (mean daily simple return), from 100.
/// - Trades: `trades` rows spread evenly over the days, in day order; each picks an
///   (account, strategy) sleeve and a symbol, then a valid side: SELL only up to the long held,
///   COVER only up to the short held, no flips, positions capped at 1,000 shares either way, and
///   purchases only with the sleeve's cash (each sleeve is funded by a DEPOSIT on the first day).
///   Every trade executes at the day's close; commission $0.005 a share, minimum $1.00.
///   One trade in eight carries a full New York timestamp with offset, the rest a date.
public enum SyntheticBook {
    public struct Parameters: Sendable, Equatable {
        public var trades: Int
        public var symbols: Int
        public var years: Int
        public var accounts: Int
        public var strategies: Int
        public var seed: UInt64
        public var start: Day
        /// Deposit funding each sleeve on the first day, in dollars.
        public var sleeveDeposit: Int64
        /// Trading days to use instead of every weekday (e.g. SPY's, so the book can be reported
        /// against the real benchmarks); only the days in [start, start + years) are used.
        public var calendar: [Day]? = nil
        /// Benchmarks named in the config (default the book's own `SYNTH` index).
        public var benchmarks: [String] = ["SYNTH"]
        /// `benchmarks_dir` written into the config (default none: the benchmark folder of the run).
        public var benchmarksDir: String? = nil

        public init(trades: Int, symbols: Int = 500, years: Int = 10, accounts: Int = 10, strategies: Int = 5,
                    seed: UInt64 = 42, start: Day = Day(serial: Int32(Day.daysFromCivil(year: 2016, month: 1, day: 4))),
                    sleeveDeposit: Int64 = 20_000_000) {
            self.trades = trades; self.symbols = symbols; self.years = years
            self.accounts = accounts; self.strategies = strategies; self.seed = seed
            self.start = start; self.sleeveDeposit = sleeveDeposit
        }
    }

    /// What `write` produced.
    public struct Summary: Sendable, Equatable {
        /// The weekday trading calendar (also written as `SYNTH.csv`).
        public var calendar: [Day]
        public var tradeRows: Int
        public var priceRows: Int
        public var cashFlowRows: Int
        /// Total bytes of all files written.
        public var bytes: Int
    }

    /// Files written by `write`.
    public static let fileNames = ["trades.csv", "prices.csv", "cashflows.csv", "SYNTH.csv", "tearsheet.toml"]

    /// Every weekday in [start, start + years).
    public static func weekdayCalendar(start: Day, years: Int) -> [Day] {
        let c = start.components
        let endSerial = Day.daysFromCivil(year: c.year + years, month: c.month, day: min(c.day, 28))
        var days: [Day] = []
        var d = start
        while Int(d.serial) < endSerial {
            if !d.isWeekend { days.append(d) }
            d = d.adding(days: 1)
        }
        return days
    }

    public static func accountName(_ a: Int) -> String { "ACC" + pad(a + 1, 4) }
    public static func strategyName(_ s: Int) -> String { "STRAT" + pad(s + 1, 2) }
    public static func symbolName(_ s: Int) -> String { "SYM" + pad(s + 1, 4) }
    public static func sectorName(_ s: Int) -> String { "SECTOR" + pad(s % 11 + 1, 2) }

    static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }

    /// Generates the book into `folder` (created when missing) and returns what was written.
    public static func write(_ p: Parameters, to folder: URL) throws(DemoError) -> Summary {
        guard p.trades >= 0, p.symbols > 0, p.years > 0, p.accounts > 0, p.strategies > 0, p.sleeveDeposit > 0 else {
            throw .badParameter("trades >= 0 and symbols, years, accounts, strategies, sleeve deposit > 0 are required")
        }
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw .io(path: folder.path, message: "cannot create folder: \(error.localizedDescription)")
        }
        let calendar = p.calendar.map { days in
            let c = p.start.components
            let end = Day(serial: Int32(Day.daysFromCivil(year: c.year + p.years, month: c.month, day: min(c.day, 28))))
            return days.filter { $0 >= p.start && $0 < end }
        } ?? weekdayCalendar(start: p.start, years: p.years)
        let days = calendar.count
        var rng = SplitMix64(seed: p.seed)
        let dateBytes = calendar.map { Array($0.description.utf8) }
        let offsetBytes = calendar.map { Array(("T15:30:00" + TextFormat.newYorkOffset($0)).utf8) }

        // Closes in cents, day-major: closes[d * symbols + s].
        var closes = [Int64](repeating: 0, count: days * p.symbols)
        var index = [Double](repeating: 100, count: days)
        var sigma = [Double](repeating: 0, count: p.symbols)
        var level = [Double](repeating: 0, count: p.symbols)
        for s in 0..<p.symbols {
            sigma[s] = 0.01 + 0.02 * rng.unit()
            level[s] = Double(rng.int(in: 20...500))
            closes[s] = TextFormat.roundToCents(level[s])
        }
        for d in 1..<max(days, 1) {
            var sumReturns = 0.0
            for s in 0..<p.symbols {
                level[s] = max(1.0, level[s] * exp(0.0003 + sigma[s] * rng.normal()))
                let c = TextFormat.roundToCents(level[s])
                closes[d * p.symbols + s] = c
                sumReturns += Double(c) / Double(closes[(d - 1) * p.symbols + s]) - 1
            }
            index[d] = index[d - 1] * (1 + sumReturns / Double(p.symbols))
        }

        var totalBytes = 0
        let symbolBytes = (0..<p.symbols).map { Array((symbolName($0) + ",").utf8) }
        let bareSymbolBytes = (0..<p.symbols).map { Array(symbolName($0).utf8) }

        // prices.csv
        var prices = try ChunkedFileWriter(url: folder.appendingPathComponent("prices.csv"))
        prices.text("date,symbol,close\n")
        for d in 0..<days {
            for s in 0..<p.symbols {
                prices.bytes(dateBytes[d]); prices.byte(44)
                prices.bytes(symbolBytes[s])
                prices.cents(closes[d * p.symbols + s]); prices.byte(10)
                try prices.flushIfFull()
            }
        }
        try prices.close()
        totalBytes += prices.bytesWritten

        // SYNTH.csv
        var synth = try ChunkedFileWriter(url: folder.appendingPathComponent("SYNTH.csv"))
        synth.text("date,adj_close\n")
        for d in 0..<days {
            synth.bytes(dateBytes[d]); synth.byte(44); synth.text(index[d].description); synth.byte(10)
            try synth.flushIfFull()
        }
        try synth.close()
        totalBytes += synth.bytesWritten

        // cashflows.csv: one deposit per sleeve on the first day.
        let sleeves = p.accounts * p.strategies
        let accountBytes = (0..<p.accounts).map { Array((accountName($0) + ",").utf8) }
        let strategyBytes = (0..<p.strategies).map { Array((strategyName($0) + ",").utf8) }
        var flows = try ChunkedFileWriter(url: folder.appendingPathComponent("cashflows.csv"))
        flows.text("date,account,amount,type,strategy\n")
        if days > 0 {
            for a in 0..<p.accounts {
                for s in 0..<p.strategies {
                    flows.bytes(dateBytes[0]); flows.byte(44); flows.bytes(accountBytes[a])
                    flows.cents(p.sleeveDeposit * 100); flows.text(",DEPOSIT,"); flows.text(strategyName(s)); flows.byte(10)
                }
            }
        }
        try flows.close()
        totalBytes += flows.bytesWritten

        // trades.csv
        var cash = [Int64](repeating: p.sleeveDeposit * 100, count: sleeves)
        var position = [Int64](repeating: 0, count: sleeves * p.symbols)
        let sectorBytes = (0..<p.symbols).map { Array((",USD," + sectorName($0) + "\n").utf8) }
        let sideBytes: [[UInt8]] = Side.allCases.map { Array(("," + $0.description + ",").utf8) }
        let cap: Int64 = 1000
        var tw = try ChunkedFileWriter(url: folder.appendingPathComponent("trades.csv"))
        tw.text("trade_id,timestamp,account,strategy,symbol,side,quantity,price,fees,currency,sector\n")
        if days > 0 {
            for i in 0..<p.trades {
                let d = Int((Int64(i) * Int64(days)) / Int64(max(p.trades, 1)))
                let sleeve = rng.below(sleeves)
                let sym = rng.below(p.symbols)
                let slot = sleeve * p.symbols + sym
                let held = position[slot]
                let px = closes[d * p.symbols + sym]
                let roll = rng.below(100)
                var size = Int64(1 + rng.below(100))
                var side: Side
                if held > 0 {
                    side = (roll < 50 || held >= cap) ? .sell : .buy
                } else if held < 0 {
                    side = (roll < 50 || -held >= cap) ? .cover : .short
                } else {
                    side = roll < 60 ? .buy : .short
                }
                // Purchases only with the sleeve's cash; otherwise take the other valid side.
                if side == .buy || side == .cover {
                    let affordable = max(0, (cash[sleeve] - 100 - size / 2) / px)
                    if affordable < 1 {
                        side = held > 0 ? .sell : .short
                    } else {
                        size = min(size, affordable)
                    }
                }
                switch side {
                case .sell: size = min(size, held)
                case .cover: size = min(size, -held)
                case .buy: size = min(size, cap - held)
                case .short: size = min(size, cap + held)
                }
                if size < 1 { size = 1 }  // only when cash and the cap both bind: a one-share short past the cap
                let fee = max(100, (size + 1) / 2)
                if side == .buy || side == .cover {
                    position[slot] += size; cash[sleeve] -= size * px + fee
                } else {
                    position[slot] -= size; cash[sleeve] += size * px - fee
                }
                tw.byte(UInt8(ascii: "S")); tw.int(Int64(i + 1)); tw.byte(44)
                tw.bytes(dateBytes[d])
                if i % 8 == 0 { tw.bytes(offsetBytes[d]) }
                tw.byte(44)
                tw.bytes(accountBytes[sleeve / p.strategies])
                tw.bytes(strategyBytes[sleeve % p.strategies])
                tw.bytes(bareSymbolBytes[sym])
                tw.bytes(sideBytes[Int(side.rawValue)])
                tw.int(size); tw.byte(44)
                tw.cents(px); tw.byte(44)
                tw.cents(fee)
                tw.bytes(sectorBytes[sym])
                try tw.flushIfFull()
            }
        }
        try tw.close()
        totalBytes += tw.bytesWritten

        let config = """
        # Generated by TearsheetDemo (SyntheticBook, seed \(p.seed)): \(p.trades) trades, \(p.symbols) symbols, \(p.years) years.
        name = "Synthetic book \(p.trades)"
        base_currency = "USD"
        time_zone = "America/New_York"
        benchmarks = [\(p.benchmarks.map { "\"\($0)\"" }.joined(separator: ", "))]\(p.benchmarksDir.map { "\nbenchmarks_dir = \"\($0)\"" } ?? "")
        risk_free = 0.02
        periods_per_year = 252
        flow_timing = "start-of-day"

        [inputs]
        trades = "trades.csv"
        cashflows = "cashflows.csv"
        prices = "prices.csv"

        """
        let configURL = folder.appendingPathComponent("tearsheet.toml")
        do { try Data(config.utf8).write(to: configURL) } catch {
            throw .io(path: configURL.path, message: "cannot write: \(error.localizedDescription)")
        }
        totalBytes += config.utf8.count

        return Summary(calendar: calendar, tradeRows: days > 0 ? p.trades : 0, priceRows: days * p.symbols,
                       cashFlowRows: days > 0 ? sleeves : 0, bytes: totalBytes)
    }
}
