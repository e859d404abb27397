import Foundation
import TearsheetCore

extension OptionsIncomeBook {
    /// Generates the book from the full SPY and QQQ close histories (the 21 trading days before
    /// `parameters.start` feed the first volatility estimate).
    public static func generate(spy: DatedSeries, qqq: DatedSeries,
                                parameters: Parameters = standard) throws(DemoError) -> OptionsIncomeBook {
        var engine = try OptionsIncomeEngine(spy: spy, qqq: qqq, parameters: parameters)
        engine.run()
        return OptionsIncomeBook(
            parameters: parameters, calendar: engine.calendar, spy: engine.closes[0], qqq: engine.closes[1],
            acme: engine.acmeCents.map { Double($0) / 100 }, trades: engine.trades, cashFlows: engine.flows,
            optionMarks: engine.marks, options: engine.options, settlements: engine.settlements,
            weekLabels: engine.weekLabels, rolls: engine.rolls)
    }

    /// Loads `SPY.csv` and `QQQ.csv` from a benchmarks folder and generates the book.
    public static func generate(benchmarksFolder: URL, parameters: Parameters = standard) throws(DemoError) -> OptionsIncomeBook {
        let spy = try SeriesFile.load(benchmarksFolder.appendingPathComponent("SPY.csv"))
        let qqq = try SeriesFile.load(benchmarksFolder.appendingPathComponent("QQQ.csv"))
        return try generate(spy: spy, qqq: qqq, parameters: parameters)
    }
}
