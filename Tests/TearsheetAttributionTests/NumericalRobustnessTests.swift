import Foundation
import Testing
import TearsheetAttribution
import TearsheetCore

/// Attribution on hostile books: 25 years of 1e-12 returns, a -100% day, constant prices, a single
/// day, returns near -1 and huge gains. Every number of the result is finite (or an explicit nil),
/// and the contributions still add up to the compounded return.
@Suite("Attribution numerical robustness")
struct AttributionNumericalRobustnessTests {
    /// Paths of every non-finite `Double` reachable in `value` (stored properties, arrays,
    /// optionals, nested structs), found by reflection so no field is forgotten.
    static func nonFinite(_ value: Any, path: String = "result", depth: Int = 0) -> [String] {
        if let d = value as? Double { return d.isFinite ? [] : ["\(path) = \(d)"] }
        guard depth < 12 else { return [] }
        let m = Mirror(reflecting: value)
        if m.displayStyle == .optional {
            return m.children.first.map { nonFinite($0.value, path: path, depth: depth + 1) } ?? []
        }
        var out: [String] = []
        for (i, child) in m.children.enumerated() {
            out += nonFinite(child.value, path: path + "." + (child.label ?? String(i)), depth: depth + 1)
            if out.count > 10 { break }
        }
        return out
    }

    /// A two-sleeve book with constant weights 0.6 / 0.4 (contributions w x r) and a benchmark.
    static func book(_ a: [Double], _ b: [Double], bench: [Double]? = nil) -> (BookReturns, [Benchmark]) {
        let n = a.count
        let days = weekdays(from: day("2000-01-03"), count: n)
        let w = [[Double](repeating: 0.6, count: n), [Double](repeating: 0.4, count: n)]
        let book = makeBook(days: days, sleeves: ["alpha", "beta"], weights: w, returns: [a, b],
                            nav: (0..<n).map { 1_000_000 + Double($0) })
        let benchReturns = bench ?? (0..<n).map { 0.0004 * sin(Double($0)) }
        return (book, [makeBenchmark("SPY", days: days, returns: benchReturns)])
    }

    static func noise(_ n: Int, seed: Int, scale: Double = 0.01) -> [Double] {
        var g = SplitMix(seed: seed)
        return (0..<n).map { _ in scale * (Double(g.next() >> 11) * 0x1.0p-53 - 0.5) }
    }

    /// Runs attribution and checks the invariants every case shares.
    static func check(_ book: BookReturns, _ bench: [Benchmark], sourceLocation: SourceLocation = #_sourceLocation) throws -> AttributionResult {
        let r = try Attribution.run(book: book, benchmarks: bench)
        #expect(nonFinite(r) == [], sourceLocation: sourceLocation)
        let linked = r.strategy.sleeves.reduce(0) { $0 + $1.contribution } + r.residual
        #expect(abs(linked - r.totalReturn) <= 1e-12 * max(1, abs(r.totalReturn)), sourceLocation: sourceLocation)
        #expect(abs(r.residual) <= 1e-9 * max(1, abs(r.totalReturn)), "residual \(r.residual)", sourceLocation: sourceLocation)
        let json = try r.json()
        #expect(!json.contains("nan") && !json.contains("inf"), sourceLocation: sourceLocation)
        return r
    }

    @Test("25 years of 1e-12 returns: the compounded total keeps its digits; contributions add up")
    func tinyReturns() throws {
        let n = 25 * 252
        let (b, bench) = Self.book([Double](repeating: 1e-12, count: n), [Double](repeating: 1e-12, count: n))
        let r = try Self.check(b, bench)
        // Book return 1e-12 a day (0.6 x 1e-12 + 0.4 x 1e-12, up to one rounding).
        let exact = expm1(Double(n) * log1p(1e-12))
        #expect(abs(r.totalReturn - exact) <= 1e-6 * exact)
        #expect(abs(r.strategy.sleeves[0].contribution - 0.6 * exact) <= 1e-6 * exact)
        // Zero dispersion: volatility 0 or nil, never a Sharpe ratio of rounding noise.
        for s in r.strategy.sleeves {
            #expect(s.sharpe == nil || abs(s.sharpe!) < 1e6, "\(s.name): Sharpe \(String(describing: s.sharpe))")
        }
    }

    @Test("A -100% day: the total is -100%, linking stays exact, nothing is NaN")
    func totalLoss() throws {
        let n = 300
        var a = Self.noise(n, seed: 1), c = Self.noise(n, seed: 2)
        a[150] = -1; c[150] = -1  // the whole book is lost that day
        for t in 151..<n { a[t] = 0; c[t] = 0 }  // returns after a total loss (valuation: no capital, 0)
        let (b, bench) = Self.book(a, c)
        let r = try Self.check(b, bench)
        #expect(r.totalReturn == -1)
        #expect(r.linking == .menchero)
        #expect(r.notes.contains { $0.contains("100%") })
    }

    @Test("A sleeve losing 100% while the book survives")
    func sleeveLoss() throws {
        var a = Self.noise(200, seed: 3)
        a[80] = -1
        for t in 81..<200 { a[t] = 0 }
        let (b, bench) = Self.book(a, Self.noise(200, seed: 4))
        let r = try Self.check(b, bench)
        #expect(r.strategy.sleeves[0].totalReturn == -1)
        #expect(r.strategy.sleeves[0].maxDrawdown >= -1)
    }

    @Test("Constant prices: zero returns everywhere")
    func zeroReturns() throws {
        let z = [Double](repeating: 0, count: 400)
        let (b, bench) = Self.book(z, z, bench: z)
        let r = try Self.check(b, bench)
        #expect(r.totalReturn == 0)
        #expect(r.strategy.sleeves.allSatisfy { $0.sharpe == nil && $0.contributionShare == nil })
    }

    @Test("A single day", arguments: [0.0, 0.012, -1.0, 1e6])
    func singleDay(_ v: Double) throws {
        let (b, bench) = Self.book([v], [v / 2], bench: [0.003])
        let r = try Self.check(b, bench)
        #expect(r.days == 1)
        #expect(abs(r.totalReturn - (0.6 * v + 0.4 * v / 2)) <= 1e-12 * max(1, abs(v)) || r.totalReturn == -1)
    }

    @Test("Returns near -1 and huge gains")
    func extremes() throws {
        var a = Self.noise(300, seed: 5), c = Self.noise(300, seed: 6)
        for t in stride(from: 7, to: 300, by: 29) { a[t] = -0.999999999; c[t] = -0.999999999 }
        for t in stride(from: 13, to: 300, by: 31) { a[t] = 1e6 }
        let (b, bench) = Self.book(a, c, bench: a)
        _ = try Self.check(b, bench)
    }
}
