import Foundation
import TearsheetCore

/// The example book's generator: a day-by-day simulation of every sleeve.
///
/// Rules (also in `docs/examples.md`):
/// - Signals use closes up to the previous trading day only; trades execute at the day's close
///   (trend and rotation fill at the close rounded to the cent; mean reversion fills within
///   +/-0.15% of the close, drawn from the seeded stream, with a 15:45-15:59 timestamp).
/// - Commission: $0.005 a share rounded half up to the cent, minimum $1.00, as `fees`.
/// - Sizing from the sleeve's NAV at the day's close (cash + shares x close): trend and rotation
///   target 95% of NAV and rebalance on the first trading day of a month when the holding is more
///   than 5% off target; mean reversion opens lots of 30% of NAV, at most two lots, so gross
///   exposure stays at or below 60%. A purchase never spends more than the sleeve's cash, so no
///   sleeve's cash goes below zero; a withdrawal from a sleeve first sells enough shares at the
///   close to pay it.
/// - Prices are dividend-adjusted, so the book carries no DIVIDEND flows (they are in the closes).
extension DemoBook {
    /// Generates the book from the full SPY and QQQ close histories (the 200 trading days before
    /// `parameters.start` feed the trend filter).
    public static func generate(spy: DatedSeries, qqq: DatedSeries,
                                parameters: Parameters = standard) throws(DemoError) -> DemoBook {
        var engine = try DemoEngine(spy: spy, qqq: qqq, parameters: parameters)
        engine.run()
        return DemoBook(parameters: parameters, calendar: engine.calendar,
                        spy: engine.spyClose, qqq: engine.qqqClose,
                        trades: engine.trades, positions: engine.positions, cashFlows: engine.flows)
    }
}

extension DemoBook {
    /// Loads `SPY.csv` and `QQQ.csv` from a benchmarks folder (the project's `benchmarks-data/`)
    /// and generates the book: what `tearsheet demo` calls.
    public static func generate(benchmarksFolder: URL, parameters: Parameters = standard) throws(DemoError) -> DemoBook {
        let spy = try SeriesFile.load(benchmarksFolder.appendingPathComponent("SPY.csv"))
        let qqq = try SeriesFile.load(benchmarksFolder.appendingPathComponent("QQQ.csv"))
        return try generate(spy: spy, qqq: qqq, parameters: parameters)
    }
}
