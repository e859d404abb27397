import Foundation
import TearsheetCore

/// Random but valid books for the soak run (`scripts/soak`): one seed, one book, the same bytes on
/// every machine (every draw goes through `SplitMix64`).
///
/// A seed fixes the book's shape and every row:
/// - Size class: one seed in ten tiny (1-3 days, 1-3 trades), three in ten small (5-60 days, up to
///   200 trades), four in ten medium (60-750 days, 50-3,000 trades), two in ten large (250-2,500
///   days, 2,000-20,000 trades); the book starts on a random day of the calendar passed in (the
///   primary benchmark's days, from 1999-04-01 so QQQ covers the book too). A trade the sleeve
///   cannot afford is skipped, so a book may hold fewer trades than its target.
/// - 1-4 accounts, 1-6 strategies; each account runs a random non-empty subset of the strategies
///   (a sleeve per account x strategy), 1-40 symbols with sectors.
/// - Closes in cents: a geometric random walk per symbol (start $5-$400, daily sigma 0-4%, one
///   symbol in eight with a constant price), kept within [$1, $10,000]. One symbol in three misses
///   random closes inside the book (about 5% of its days), never on the first or last day, so the
///   valuation marks those days at the previous close with a `stale-price` warning and never
///   meets a symbol without an earlier close.
/// - Cash flows (amounts in cents): a DEPOSIT for each sleeve on the first day, except one late-funded
///   sleeve (books of 10+ days) whose DEPOSIT comes between a third and two thirds in, and which
///   trades only from then on; extra deposits and partial withdrawals to sleeves and to the
///   account's unallocated cash; DIVIDEND on longs held, INTEREST to the account, FEE flows
///   (negative). Books of 20+ days fully withdraw one sleeve: on day W it sells and covers
///   everything, on W + 1 it withdraws exactly its cash, and it never trades again.
/// - Trades on random days (so some days have none), in day order: a valid side for the sleeve's
///   holding (SELL up to the long, COVER up to the short, no BUY on a short, no SHORT on a long),
///   purchases only with the sleeve's cash, shorts up to half of the sleeve's cash in notional;
///   executed at the day's close (the last close on a missing day); fees 0 or $0.005 a share
///   with a $1 minimum; one trade in eight with a New York timestamp and offset.
public enum RandomBook {
    /// Everything a seed decides before the rows.
    public struct Shape: Sendable, Equatable {
        public var seed: UInt64
        /// Index of the first book day in the calendar, and the number of book days.
        public var startIndex: Int
        public var days: Int
        public var accounts: Int
        public var strategies: Int
        public var symbols: Int
        public var targetTrades: Int
        public var flowTiming: String
        public var riskFree: Double
    }

    /// What `write` produced.
    public struct Summary: Sendable, Equatable {
        public var shape: Shape
        public var firstDay: Day
        public var lastDay: Day
        public var trades: Int
        public var cashFlows: Int
        public var priceRows: Int
        /// Sleeves (account x strategy) in the book.
        public var sleeves: Int
        public var shortTrades: Int
        public var fullWithdrawal: Bool
        public var lateFunded: Bool

        /// One JSON object, keys sorted (for scripts), through the tool's one JSON configuration.
        /// - Throws: `TearsheetError.internalFailure` only if encoding fails (a bug).
        public func json() throws(TearsheetError) -> String { try JSONOutput.text(SummaryJSON(self)) }
    }

    /// The `Encodable` form of a `Summary`.
    struct SummaryJSON: Encodable {
        var seed: UInt64
        var firstDay, lastDay: String
        var days, accounts, strategies, sleeves, symbols, trades, shortTrades, cashFlows, priceRows: Int
        var fullWithdrawal, lateFunded: Bool
        var flowTiming: String

        enum CodingKeys: String, CodingKey {
            case seed, firstDay = "first_day", lastDay = "last_day", days, accounts, strategies, sleeves, symbols, trades
            case shortTrades = "short_trades", cashFlows = "cash_flows", priceRows = "price_rows"
            case fullWithdrawal = "full_withdrawal", lateFunded = "late_funded", flowTiming = "flow_timing"
        }

        init(_ s: Summary) {
            seed = s.shape.seed; firstDay = s.firstDay.description; lastDay = s.lastDay.description; days = s.shape.days
            accounts = s.shape.accounts; strategies = s.shape.strategies; sleeves = s.sleeves; symbols = s.shape.symbols
            trades = s.trades; shortTrades = s.shortTrades; cashFlows = s.cashFlows; priceRows = s.priceRows
            fullWithdrawal = s.fullWithdrawal; lateFunded = s.lateFunded; flowTiming = s.shape.flowTiming
        }
    }

    /// Files written by `write`.
    public static let fileNames = ["trades.csv", "cashflows.csv", "prices.csv", "tearsheet.toml"]

    /// The first calendar day a book may start on (QQQ's history starts 1999-03-10).
    public static let earliestStart = Day(serial: Int32(Day.daysFromCivil(year: 1999, month: 4, day: 1)))

    static let strategyNames = ["trend", "meanrev", "carry", "value", "momentum", "pairs"]
    static let sectorNames = ["Technology", "Energy", "Financials", "Health Care", "Industrials", "Utilities"]

    /// The shape a seed gives on a calendar of `calendarCount` usable days (from `earliestStart`).
    public static func shape(seed: UInt64, usableDays: Int) -> Shape {
        var rng = SplitMix64(seed: seed &* 0x2545_F491_4F6C_DD1D ^ 0x5EED)
        let sizeClass = rng.below(10)
        var days: Int, trades: Int
        switch sizeClass {
        case 0: days = rng.int(in: 1...3); trades = rng.int(in: 1...3)
        case 1...3: days = rng.int(in: 5...60); trades = rng.int(in: 1...200)
        case 4...7: days = rng.int(in: 60...750); trades = rng.int(in: 50...3_000)
        default: days = rng.int(in: 250...2_500); trades = rng.int(in: 2_000...20_000)
        }
        days = max(1, min(days, usableDays))
        let start = rng.below(max(1, usableDays - days + 1))
        let accounts = rng.int(in: 1...4)
        let strategies = rng.int(in: 1...6)
        let symbols = sizeClass == 0 ? rng.int(in: 1...3) : rng.int(in: 1...40)
        let timing = rng.below(5) == 0 ? "end-of-day" : "start-of-day"
        let rf = [0.0, 0.02, 0.05][rng.below(3)]
        return Shape(seed: seed, startIndex: start, days: days, accounts: accounts, strategies: strategies,
                     symbols: symbols, targetTrades: trades, flowTiming: timing, riskFree: rf)
    }

    /// Generates the book of `seed` into `folder` (created when missing).
    /// - Parameters:
    ///   - calendar: the primary benchmark's trading days (strictly increasing).
    ///   - benchmarksDir: written as `benchmarks_dir` when given (an absolute path).
    public static func write(seed: UInt64, calendar: [Day], to folder: URL, benchmarksDir: String? = nil) throws(DemoError) -> Summary {
        let usable = Array(calendar.drop { $0 < earliestStart })
        guard !usable.isEmpty else { throw .insufficientData("the calendar has no day from \(earliestStart)") }
        let shape = shape(seed: seed, usableDays: usable.count)
        let book = Array(usable[shape.startIndex..<(shape.startIndex + shape.days)])
        var g = Generator(shape: shape, days: book, rng: SplitMix64(seed: seed))
        g.run()
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw .io(path: folder.path, message: "cannot create folder: \(error.localizedDescription)")
        }
        let dir = benchmarksDir.map { "benchmarks_dir = \"\($0)\"\n" } ?? ""
        let config = """
        # Generated by TearsheetDemo (RandomBook, seed \(seed)); regenerate rather than edit.
        name = "Random book \(seed)"
        base_currency = "USD"
        time_zone = "America/New_York"
        benchmarks = ["SPY", "QQQ"]
        \(dir)risk_free = \(shape.riskFree)
        periods_per_year = 252
        flow_timing = "\(shape.flowTiming)"

        [inputs]
        trades = "trades.csv"
        cashflows = "cashflows.csv"
        prices = "prices.csv"

        [report]
        title = "Random book \(seed)"
        formats = ["md", "html", "csv", "xlsx"]

        """
        for (name, text) in [("trades.csv", g.trades), ("cashflows.csv", g.flows), ("prices.csv", g.prices), ("tearsheet.toml", config)] {
            let url = folder.appendingPathComponent(name)
            do { try Data(text.utf8).write(to: url) } catch {
                throw .io(path: url.path, message: "cannot write: \(error.localizedDescription)")
            }
        }
        return Summary(shape: shape, firstDay: book[0], lastDay: book[book.count - 1], trades: g.tradeCount,
                       cashFlows: g.flowCount, priceRows: g.priceCount, sleeves: g.sleeves.count,
                       shortTrades: g.shortCount, fullWithdrawal: g.withdrawnSleeve != nil, lateFunded: g.lateSleeve != nil)
    }

    /// The row generator: state in cents and shares, text appended in day order.
    struct Generator {
        let shape: Shape
        let days: [Day]
        var rng: SplitMix64
        /// (account, strategy) of each sleeve.
        var sleeves: [(account: Int, strategy: Int)] = []
        var cash: [Int64] = []
        /// position[sleeve * symbols + symbol], signed shares.
        var position: [Int64] = []
        var funded: [Bool] = []
        var closed: [Bool] = []
        /// closes[day * symbols + symbol] in cents; `has[...]` false for a missing close.
        var closes: [Int64] = []
        var has: [Bool] = []
        var lateSleeve: Int?
        var lateDay = 0
        var withdrawnSleeve: Int?
        var withdrawDay = 0
        var trades = "trade_id,timestamp,account,strategy,symbol,side,quantity,price,fees,sector\n"
        var flows = "date,account,amount,type,strategy\n"
        var prices = "date,symbol,close\n"
        var tradeCount = 0, flowCount = 0, priceCount = 0, shortCount = 0
        /// Day index and time (seconds after midnight) of the last timed trade.
        var lastStamp = (day: -1, seconds: 0)

        init(shape: Shape, days: [Day], rng: SplitMix64) {
            self.shape = shape
            self.days = days
            self.rng = rng
        }

        func account(_ a: Int) -> String { "ACC" + SyntheticBook.pad(a + 1, 2) }
        func symbol(_ s: Int) -> String { "RB" + SyntheticBook.pad(s + 1, 3) }
        func sector(_ s: Int) -> String { RandomBook.sectorNames[s % RandomBook.sectorNames.count] }

        mutating func run() {
            let n = days.count, k = shape.symbols
            // Sleeves: each account a non-empty random subset of the strategies.
            for a in 0..<shape.accounts {
                var picked: [Int] = []
                for s in 0..<shape.strategies where rng.below(10) < 7 { picked.append(s) }
                if picked.isEmpty { picked.append(rng.below(shape.strategies)) }
                for s in picked { sleeves.append((a, s)) }
            }
            let m = sleeves.count
            cash = [Int64](repeating: 0, count: m)
            position = [Int64](repeating: 0, count: m * k)
            funded = [Bool](repeating: false, count: m)
            closed = [Bool](repeating: false, count: m)
            if m >= 2 && n >= 10 {
                lateSleeve = rng.below(m)
                lateDay = rng.int(in: n / 3...(2 * n) / 3)
            }
            if n >= 20 {
                var w = rng.below(m)
                if w == lateSleeve { w = (w + 1) % m }
                if w != lateSleeve {
                    withdrawnSleeve = w
                    withdrawDay = rng.int(in: n / 2...n - 2)
                }
            }
            makePrices()
            // Trades per day: each trade on a uniformly random day.
            var perDay = [Int](repeating: 0, count: n)
            for _ in 0..<shape.targetTrades { perDay[rng.below(n)] += 1 }
            let extraFlows = n >= 5 ? rng.int(in: 0...8) : 0
            var flowDays: [Int] = []
            for _ in 0..<extraFlows { flowDays.append(rng.int(in: 1...n - 1)) }
            flowDays.sort()
            var nextFlow = 0
            for d in 0..<n {
                // Funding first (flows arrive at the start of the day).
                for s in 0..<m where !funded[s] && (s == lateSleeve ? d == lateDay : d == 0) {
                    deposit(d, s, cents: Int64(rng.int(in: 10_000...10_000_000)) * 100)
                    funded[s] = true
                }
                if let w = withdrawnSleeve, d == withdrawDay + 1, !closed[w] {
                    if cash[w] > 0 {
                        flow(d, sleeves[w].account, -cash[w], "WITHDRAWAL", strategy: sleeves[w].strategy)
                        cash[w] = 0
                    }
                    closed[w] = true
                }
                while nextFlow < flowDays.count && flowDays[nextFlow] == d {
                    randomFlow(d)
                    nextFlow += 1
                }
                for _ in 0..<perDay[d] { trade(d) }
                if let w = withdrawnSleeve, d == withdrawDay { liquidate(d, w) }
            }
        }

        mutating func makePrices() {
            let n = days.count, k = shape.symbols
            closes = [Int64](repeating: 0, count: n * k)
            has = [Bool](repeating: true, count: n * k)
            for s in 0..<k {
                let constant = rng.below(8) == 0
                let sigma = constant ? 0 : 0.04 * rng.unit()
                let gappy = rng.below(3) == 0
                var level = Double(rng.int(in: 5...400))
                for d in 0..<n {
                    if d > 0 {
                        level *= exp(sigma * rng.normal())
                        level = min(10_000, max(1, level))
                    }
                    closes[d * k + s] = TextFormat.roundToCents(level)
                    if gappy && d > 0 && d < n - 1 && rng.below(20) == 0 { has[d * k + s] = false }
                }
            }
            for d in 0..<n {
                for s in 0..<k where has[d * k + s] {
                    prices += "\(days[d]),\(symbol(s)),\(TextFormat.cents(closes[d * k + s]))\n"
                    priceCount += 1
                }
            }
        }

        /// The day's close, or the last earlier one on a missing day (day 0 always has one).
        func price(_ d: Int, _ s: Int) -> Int64 {
            let k = shape.symbols
            var e = d
            while e > 0 && !has[e * k + s] { e -= 1 }
            return closes[e * k + s]
        }

        mutating func flow(_ d: Int, _ a: Int, _ cents: Int64, _ type: String, strategy: Int?) {
            let name = strategy.map { RandomBook.strategyNames[$0] } ?? ""
            flows += "\(days[d]),\(account(a)),\(TextFormat.cents(cents)),\(type),\(name)\n"
            flowCount += 1
        }

        mutating func deposit(_ d: Int, _ s: Int, cents: Int64) {
            flow(d, sleeves[s].account, cents, "DEPOSIT", strategy: sleeves[s].strategy)
            cash[s] += cents
        }

        /// A deposit, partial withdrawal, dividend, interest or fee on day `d`.
        mutating func randomFlow(_ d: Int) {
            let s = rng.below(sleeves.count)
            let a = sleeves[s].account
            let usable = funded[s] && !closed[s]
            switch rng.below(6) {
            case 0:
                if usable { deposit(d, s, cents: Int64(rng.int(in: 1_000...1_000_000)) * 100) }
            case 1:
                let amount = usable ? cash[s] * Int64(rng.int(in: 1...30)) / 100 : 0
                if amount > 0 { flow(d, a, -amount, "WITHDRAWAL", strategy: sleeves[s].strategy); cash[s] -= amount }
            case 2:
                // Unallocated account cash: in, then possibly part of it out later.
                flow(d, a, Int64(rng.int(in: 100...100_000)) * 100, "DEPOSIT", strategy: nil)
            case 3:
                let k = shape.symbols
                if usable, let sym = (0..<k).first(where: { position[s * k + $0] > 0 }) {
                    let amount = max(1, position[s * k + sym] * price(d, sym) / 200)
                    flow(d, a, amount, "DIVIDEND", strategy: sleeves[s].strategy); cash[s] += amount
                }
            case 4:
                flow(d, a, Int64(rng.int(in: 1...50_000)), "INTEREST", strategy: nil)
            default:
                if usable {
                    let amount = Int64(rng.int(in: 100...20_000))
                    flow(d, a, -amount, "FEE", strategy: sleeves[s].strategy); cash[s] -= amount
                }
            }
        }

        /// One valid trade of a random open sleeve on day `d` (none when no sleeve is open).
        mutating func trade(_ d: Int) {
            let open = sleeves.indices.filter { funded[$0] && !closed[$0] }
            guard !open.isEmpty else { return }
            let s = open[rng.below(open.count)]
            let k = shape.symbols
            let sym = rng.below(k)
            let held = position[s * k + sym]
            let px = price(d, sym)
            let roll = rng.below(100)
            var side: Side
            if held > 0 { side = roll < 45 ? .sell : .buy }
            else if held < 0 { side = roll < 55 ? .cover : .short }
            else { side = roll < 70 ? .buy : .short }
            let budget = max(0, cash[s] / 10)
            var size = Int64(1 + rng.below(Int(min(max(budget / max(px, 1), 1), 50_000))))
            switch side {
            case .sell: size = min(size, held)
            case .cover: size = min(size, -held)
            case .buy, .short: break
            }
            let feeRate = rng.below(4) == 0
            func fee(_ q: Int64) -> Int64 { feeRate ? 0 : max(100, (q + 1) / 2) }
            // Purchases and short sales only within the sleeve's cash.
            if side == .buy || side == .cover {
                let affordable = max(0, (cash[s] - fee(size) - 100) / px)
                if side == .buy { size = min(size, affordable) }
                if size < 1 { return }
            } else if side == .short {
                let shortNotional = (0..<k).reduce(Int64(0)) { $0 + max(0, -position[s * k + $1]) * price(d, $1) }
                let room = max(0, cash[s] / 2 - shortNotional) / px
                size = min(size, room)
                if size < 1 { return }
            }
            emit(d, s, sym, side, size, px, fee(size))
        }

        mutating func emit(_ d: Int, _ s: Int, _ sym: Int, _ side: Side, _ size: Int64, _ px: Int64, _ fee: Int64) {
            let k = shape.symbols
            if side == .buy || side == .cover {
                position[s * k + sym] += size; cash[s] -= size * px + fee
            } else {
                position[s * k + sym] -= size; cash[s] += size * px - fee
            }
            if side == .short { shortCount += 1 }
            tradeCount += 1
            // A day's times never go back in booking order (one draw per timed row whatever the
            // clamp), so replaying by timestamp is replaying in file order.
            var stamp = days[d].description
            if rng.below(8) == 0 {
                let drawn = 34_200 + rng.below(23_400)
                let at = lastStamp.day == d ? max(drawn, lastStamp.seconds) : drawn
                lastStamp = (d, at)
                stamp = TextFormat.newYorkTimestamp(days[d], secondsAfterMidnight: at)
            }
            let (a, st) = sleeves[s]
            trades += "T\(shape.seed)-\(tradeCount),\(stamp),\(account(a)),\(RandomBook.strategyNames[st]),\(symbol(sym)),"
                + "\(side),\(size),\(TextFormat.cents(px)),\(TextFormat.cents(fee)),\(sector(sym))\n"
        }

        /// Sells and covers every position of sleeve `s` on day `d`.
        mutating func liquidate(_ d: Int, _ s: Int) {
            let k = shape.symbols
            for sym in 0..<k {
                let q = position[s * k + sym]
                if q > 0 { emit(d, s, sym, .sell, q, price(d, sym), 0) }
                if q < 0 { emit(d, s, sym, .cover, -q, price(d, sym), 0) }
            }
        }
    }
}
