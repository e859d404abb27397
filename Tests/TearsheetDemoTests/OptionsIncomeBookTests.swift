import Foundation
import Testing
@testable import TearsheetDemo
import TearsheetCore
import TearsheetMetrics

/// The options-income example book: the committed files, the Black-Scholes marks checked by hand,
/// every lifecycle present, cash-secured puts and the week labels.
@Suite struct OptionsIncomeBookTests {
    typealias Book = OptionsIncomeBook

    func book() throws -> Book { try OptionsIncomeFixture.book.get() }

    @Test func committedFilesMatchTheGenerator() throws {
        let book = try book()
        let root = try #require(repositoryRoot())
        let folder = root.appendingPathComponent("examples/options-income")
        if ProcessInfo.processInfo.environment["TEARSHEET_RECORD"] == "1" {
            try book.write(to: folder)
        }
        let temp = temporaryFolder("options-golden")
        defer { try? FileManager.default.removeItem(at: temp) }
        try book.write(to: temp)
        for name in Book.fileNames {
            let golden = try? Data(contentsOf: folder.appendingPathComponent(name))
            let fresh = try Data(contentsOf: temp.appendingPathComponent(name))
            #expect(golden != nil, "missing examples/options-income/\(name); record with TEARSHEET_RECORD=1")
            #expect(golden == fresh, "examples/options-income/\(name) differs from the generator; re-record with TEARSHEET_RECORD=1 only on purpose")
        }
    }

    @Test func generationIsDeterministic() throws {
        let root = try #require(repositoryRoot())
        let again = try Book.generate(benchmarksFolder: root.appendingPathComponent("benchmarks-data"))
        #expect(again == (try book()))
        #expect(again.renderedFiles().map(\.text) == (try book()).renderedFiles().map(\.text))
        var other = Book.standard
        other.seed = 1
        #expect(try Book.generate(benchmarksFolder: root.appendingPathComponent("benchmarks-data"), parameters: other).acme != (try book()).acme)
    }

    // MARK: - Black-Scholes

    /// Hull, "Options, Futures, and Other Derivatives", example 15.6 (S 42, K 40, r 10%, sigma 20%,
    /// T 0.5: call 4.76, put 0.81), and a weekly SPY-like put and call; reference values computed
    /// with 40-digit arithmetic (mpmath: ncdf, log, exp) from the formula.
    @Test func blackScholesAgainstHandComputedValues() {
        let cases: [(OptionRight, Double, Double, Double, Double, Double, Double)] = [
            (.call, 42, 40, 0.5, 0.1, 0.2, 4.759422392871533395),
            (.put, 42, 40, 0.5, 0.1, 0.2, 0.8085993729000936531),
            (.put, 480, 475, 4.0 / 365, 0.04, 0.18, 1.569820442357804289),
            (.call, 480, 485, 4.0 / 365, 0.04, 0.18, 1.724183414280541623),
        ]
        for (right, s, k, t, r, v, expected) in cases {
            let value = BlackScholes.price(right, spot: s, strike: k, years: t, rate: r, volatility: v)
            #expect(abs(value - expected) <= 1e-9, "\(right) \(s) \(k): \(value) vs \(expected)")
        }
        // At expiry: intrinsic value.
        #expect(BlackScholes.price(.put, spot: 95, strike: 100, years: 0, rate: 0.04, volatility: 0.2) == 5)
        #expect(BlackScholes.price(.call, spot: 95, strike: 100, years: 0, rate: 0.04, volatility: 0.2) == 0)
    }

    @Test func putCallParity() {
        for s in [350.0, 401.37, 480, 612.5] {
            for k in [340.0, 400, 480, 620] {
                for t in [1.0 / 365, 4.0 / 365, 11.0 / 365, 0.5] {
                    for v in [0.1, 0.18, 0.45] {
                        let c = BlackScholes.price(.call, spot: s, strike: k, years: t, rate: 0.04, volatility: v)
                        let p = BlackScholes.price(.put, spot: s, strike: k, years: t, rate: 0.04, volatility: v)
                        #expect(abs((c - p) - (s - k * exp(-0.04 * t))) <= 1e-9 * s)
                    }
                }
            }
        }
    }

    /// The first put of the book, priced by hand from the SPY closes: volatility recomputed here
    /// from the last 21 simple returns (sample st. dev. x sqrt 252, floored at 10%).
    @Test func firstPremiumIsTheBlackScholesValueOfTheCloses() throws {
        let book = try book()
        let root = try #require(repositoryRoot())
        let spy = try SeriesFile.load(root.appendingPathComponent("benchmarks-data/SPY.csv"))
        let first = try #require(book.trades.first { $0.symbol.hasPrefix("SPY") && $0.action == .short })
        let option = try #require(book.options.first { $0.symbol == first.symbol })
        let k = try #require(spy.index(of: first.day))
        var returns: [Double] = []
        for j in (k - 20)...k { returns.append(spy.values[j] / spy.values[j - 1] - 1) }
        let mean = returns.reduce(0, +) / 21
        let variance = returns.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 20
        let vol = max(0.10, (variance * 252).squareRoot())
        let t = Double(option.expiry.serial - first.day.serial) / 365
        let s = spy.values[k], strike = Double(option.strike)
        let sd = vol * t.squareRoot()
        let d1 = (log(s / strike) + (0.04 + vol * vol / 2) * t) / sd, d2 = d1 - sd
        let phi = { (x: Double) in 0.5 * erfc(-x / 2.0.squareRoot()) }
        let put = strike * exp(-0.04 * t) * phi(-d2) - s * phi(-d1)
        #expect(first.priceCents == Int64((put * 100).rounded(.toNearestOrAwayFromZero)))
        // The strike is on the $1 grid, out of the money, with |delta| near 0.25.
        #expect(strike <= s && strike > s * 0.9)
        #expect(abs(phi(-d1) - 0.25) < 0.1)
        #expect(option.expiry.weekStart == first.day.weekStart && option.right == .put)
    }

    // MARK: - The protocol

    @Test func everyLifecycleIsPresent() throws {
        let book = try book()
        let s = book.settlements
        #expect(s.contains { $0.outcome == .worthless && !$0.automatic })
        #expect(s.contains { $0.outcome == .worthless && $0.automatic })
        #expect(s.contains { $0.outcome == .assigned && $0.option.right == .put && !$0.automatic })
        #expect(s.contains { $0.outcome == .assigned && $0.option.right == .call })
        #expect(s.contains { $0.outcome == .exercised && !$0.automatic })
        #expect(!book.rolls.isEmpty)
        let actions = Set(book.trades.map(\.action))
        #expect(actions == Set(Book.Action.allCases))
        // Every explicit settlement is one row; automatic ones have none.
        let events = book.trades.filter { $0.priceCents == nil }
        #expect(events.count == s.filter { !$0.automatic }.count)
        #expect(Set(book.weekLabels.map(\.label)) == Set(Book.weekTypes))
    }

    /// An independent replay of the rows (and of the automatic settlements, which have none):
    /// every put sold (other than a roll) is covered by the sleeve's cash at the strike, every call
    /// by shares, and no sleeve ever holds a negative number of shares or a negative cash balance.
    @Test func putsAreCashSecuredAndCallsCovered() throws {
        let book = try book()
        var cash: [String: Int64] = [:], units: [String: [String: Int64]] = [:]
        let bySymbol = Dictionary(uniqueKeysWithValues: book.options.map { ($0.symbol, $0) })
        func deliver(_ strategy: String, _ o: Book.Option, contracts: Int64, buys: Bool) {
            let delivered = contracts * 100
            units[strategy, default: [:]][o.symbol] = 0
            units[strategy, default: [:]][o.underlying, default: 0] += buys ? delivered : -delivered
            cash[strategy, default: 0] += (buys ? -1 : 1) * delivered * o.strike * 100
        }
        var f = 0, t = 0
        let exDate = book.calendar.first { $0 >= Book.splitDate }
        for day in book.calendar {
            if day == exDate { units[Book.stockStrategy, default: [:]][Book.stockSymbol, default: 0] *= Book.splitRatio }
            while f < book.cashFlows.count && book.cashFlows[f].day == day {
                cash[book.cashFlows[f].strategy, default: 0] += book.cashFlows[f].amountCents; f += 1
            }
            while t < book.trades.count && book.trades[t].day == day {
                let x = book.trades[t]; t += 1
                let o = bySymbol[x.symbol]
                let m: Int64 = o == nil ? 1 : 100
                if x.action == .short, let o, !book.rolls.contains(where: { $0.to == o && $0.day == x.day }) {
                    if o.right == .put {
                        #expect(cash[x.strategy, default: 0] >= x.quantity * 100 * o.strike * 100, "\(x.id)")
                    } else {
                        #expect(units[x.strategy, default: [:]][o.underlying, default: 0] >= x.quantity * 100, "\(x.id)")
                    }
                }
                let px = x.priceCents ?? 0
                switch x.action {
                case .buy, .cover:
                    cash[x.strategy, default: 0] -= x.quantity * m * px + x.feeCents
                    units[x.strategy, default: [:]][x.symbol, default: 0] += x.quantity * m
                case .sell, .short:
                    cash[x.strategy, default: 0] += x.quantity * m * px - x.feeCents
                    units[x.strategy, default: [:]][x.symbol, default: 0] -= x.quantity * m
                case .expire:
                    #expect(units[x.strategy, default: [:]][x.symbol, default: 0] != 0, "\(x.id)")
                    units[x.strategy, default: [:]][x.symbol] = 0
                case .assign, .exercise:
                    let o = try #require(o)
                    #expect(units[x.strategy, default: [:]][x.symbol, default: 0] == (x.action == .assign ? -1 : 1) * x.quantity * 100)
                    deliver(x.strategy, o, contracts: x.quantity, buys: (o.right == .put) == (x.action == .assign))
                }
            }
            for s in book.settlements where s.automatic && s.option.expiry == day {
                if s.outcome == .worthless { units[s.strategy, default: [:]][s.option.symbol] = 0; continue }
                deliver(s.strategy, s.option, contracts: s.contracts, buys: (s.option.right == .put) == (s.outcome == .assigned))
            }
            for (strategy, held) in units {
                for (symbol, q) in held where bySymbol[symbol] == nil { #expect(q >= 0, "\(strategy) \(symbol) on \(day)") }
            }
            // Interest is credited at the close; no sleeve ever borrows.
            for (strategy, c) in cash { #expect(c >= 0, "\(strategy) cash \(c) on \(day)") }
        }
        // Whatever is left open at the end expires after the book.
        for (_, held) in units {
            for (symbol, q) in held where q != 0 {
                if let o = bySymbol[symbol], let last = book.calendar.last { #expect(o.expiry > last) }
            }
        }
    }

    @Test func weekLabelsCoverEveryWeekOnce() throws {
        let book = try book()
        let weeks = Array(Set(book.calendar.map(\.weekStart))).sorted()
        #expect(book.weekLabels.map(\.weekStart) == weeks)
        #expect(book.weekLabels.allSatisfy { $0.weekStart.weekday == 1 && Book.weekTypes.contains($0.label) })
    }

    @Test func splitStockIsHeldAcrossTheSplit() throws {
        let book = try book()
        let acme = book.trades.filter { $0.symbol == Book.stockSymbol }
        #expect(acme.count == 2)
        let buy = try #require(acme.first), sell = try #require(acme.last)
        #expect(buy.action == .buy && sell.action == .sell)
        #expect(buy.day < Book.splitDate && sell.day > Book.splitDate)
        #expect(sell.quantity == buy.quantity * Book.splitRatio)
        // The raw close drops by about the ratio on the ex-date.
        let d = try #require(book.calendar.firstIndex { $0 >= Book.splitDate })
        let move = book.acme[d] / book.acme[d - 1]
        #expect(abs(move * 4 - 1) < 0.15)
    }

    @Test func readmeStatesTheBookAsGenerated() throws {
        let book = try book()
        let root = try #require(repositoryRoot())
        let readme = try String(contentsOf: root.appendingPathComponent("examples/options-income/README.md"), encoding: .utf8)
        #expect(readme.contains("\(book.calendar.count) trading days"))
        #expect(readme.contains("\(book.trades.count) trades"))
        #expect(readme.contains("\(book.options.count) option series"))
        #expect(readme.contains("\(book.rolls.count) rolls"))
    }
}

enum OptionsIncomeFixture {
    /// The standard options-income book, generated once for the whole test run.
    static let book: Result<OptionsIncomeBook, DemoError> = {
        guard let root = repositoryRoot() else { return .failure(.insufficientData("benchmarks-data not found")) }
        do throws(DemoError) {
            return .success(try OptionsIncomeBook.generate(benchmarksFolder: root.appendingPathComponent("benchmarks-data")))
        } catch {
            return .failure(error)
        }
    }()
}
