import Testing
@testable import TearsheetValuation
import TearsheetCore

/// `PriceMarks` has two layouts (issue 18, 1M symbols): the dense day x symbol matrix and, above
/// `denseCellLimit`, a binary search in each symbol's closes. They must give the same close and
/// close day for every cell: forward fill, no close before a symbol's first, snapshot overrides.
@Suite struct PriceMarksLayoutTests {
    @Test func bothLayoutsMarkEveryCellAlike() {
        var rng = SplitMix(seed: 18)
        // 60 valued days, ascending, with gaps of 1 to 3 calendar days.
        var days: [Day] = []
        var d: Int32 = 19_700
        for t in 0..<60 { days.append(Day(serial: d)); d += t % 3 == 0 ? 3 : 1 }
        var prices = PriceTable()
        var overrides: [Int32: DatedSeries] = [:]
        for sym in Int32(0)..<40 {
            // Each symbol: closes on a random subset of the days and of days between them.
            var series = DatedSeries()
            var serial = days[0].serial - 3 + Int32(rng.next() % 20)
            while serial <= days[59].serial + 2 {
                if rng.next() % 3 != 0 { series.days.append(Day(serial: serial)); series.values.append(Double(sym) + Double(serial % 97) / 10) }
                serial += 1 + Int32(rng.next() % 4)
            }
            if sym % 5 != 4 { prices.series[sym] = series }   // every fifth symbol has no closes at all
            if sym % 7 == 0 {
                overrides[sym] = DatedSeries(days: [days[10], days[30]], values: [-1, -2])
            }
        }
        let symbols = Array(Int32(0)..<40)
        let dense = PriceMarks(symbols: symbols, days: days, prices: prices, overrides: overrides)
        let byColumn = PriceMarks(symbols: symbols, days: days, prices: prices, overrides: overrides, denseCellLimit: 0)
        #expect(dense.isDense && !byColumn.isDense)
        var filled = 0, none = 0
        for t in days.indices {
            for c in symbols.indices {
                #expect(dense.serial(t, c) == byColumn.serial(t, c), "day \(t) column \(c)")
                if dense.serial(t, c) != .min {
                    #expect(dense.close(t, c) == byColumn.close(t, c), "day \(t) column \(c)")
                    #expect(dense.serial(t, c) <= days[t].serial)
                    filled += 1
                } else { none += 1 }
            }
        }
        // The case covers both: marked cells and cells with no close yet.
        #expect(filled > 1_000 && none > 60)
        // An override wins on its day: symbol 7 on day 10 is marked at -1.
        #expect(byColumn.close(10, 7) == -1 && byColumn.serial(10, 7) == days[10].serial)
        #expect(byColumn.fresh.allSatisfy { !$0 })
    }

    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
