import TearsheetCore

/// Values a ledger over the trading calendar: daily holdings, NAV, P&L, time-weighted returns
/// per account, per strategy sleeve and for the whole book, FIFO round trips and open lots.
///
/// - Parameters:
///   - ledger: trades (or, when there are none, end-of-day position snapshots), cash flows and
///     closing prices.
///   - calendar: trading days, strictly increasing (the primary benchmark's days).
///   - options: flow timing, last day, reconciliation tolerance, name of the cash sleeve.
/// - Returns: the valuation; stale prices and days without capital are among its warnings.
/// - Throws: `TearsheetError.invalidInput` for an event on a day outside the calendar or a held
///   symbol without any close; `TearsheetError.reconciliation` when an account's NAV change less
///   external flows differs from its P&L by more than the tolerance on some day;
///   `TearsheetError.internalFailure` for an exit larger than the open quantity (ingest rejects
///   those) or a calendar that is not strictly increasing.
public func value(_ ledger: Ledger, calendar: [Day], options: ValuationOptions = ValuationOptions()) throws -> Valuation {
    var engine = try ValuationEngine(ledger: ledger, calendar: calendar, options: options)
    try engine.run()
    engine.resolveFlowTiming()
    return try engine.result()
}
