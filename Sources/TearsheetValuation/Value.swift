import Foundation
import Dispatch
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
    if let valuation = valueInParts(ledger, calendar: calendar, options: options) { return valuation }
    var engine = try ValuationEngine(ledger: ledger, calendar: calendar, options: options)
    try engine.run()
    engine.resolveFlowTiming()
    return try engine.result()
}

/// Accounts in parallel: a book of several accounts valued as contiguous ranges of accounts (about
/// the same number of trades each), one engine per range on its own thread, then put together by
/// `ValuationEngine.result(of:)`, which gives what one engine over every account gives, to the bit
/// (accounts share no lots, positions or sleeves; every sum over sleeves or accounts is taken in
/// the one-engine order). `nil`, and the caller values the book on one thread, for a book below
/// `parallelThreshold` trades, with one account, with position snapshots (their comparisons are
/// listed by day across accounts), with a part that found a stale mark or failed (the one-thread
/// run then reports exactly what it reports), with one thread to use, or above
/// `parallelTradeLimit` trades (memory).
func valueInParts(_ ledger: Ledger, calendar: [Day], options: ValuationOptions) -> Valuation? {
    let threads = min(options.parallelism ?? activeCores(), ledger.accounts.count)
    guard threads > 1, ledger.trades.count >= max(1, options.parallelThreshold), ledger.trades.count <= options.parallelTradeLimit,
          ledger.positions == nil else { return nil }
    // Contiguous account ranges with about the same number of trades.
    var perAccount = [Int](repeating: 0, count: ledger.accounts.count)
    for a in ledger.trades.account { perAccount[Int(a)] += 1 }
    var ranges: [Range<Int>] = [], start = 0, seen = 0
    for (a, count) in perAccount.enumerated() {
        seen += count
        if ranges.count < threads - 1 && seen * threads >= ledger.trades.count * (ranges.count + 1) {
            ranges.append(start..<(a + 1))
            start = a + 1
        }
    }
    if start < perAccount.count { ranges.append(start..<perAccount.count) }
    guard ranges.count > 1 else { return nil }
    // Built one after another (each builds per-trade scratch arrays), the price marks built once
    // and shared; run side by side.
    var parts: [ValuationEngine] = []
    do {
        for r in ranges {
            parts.append(try ValuationEngine(ledger: ledger, calendar: calendar, options: options, accounts: r, marks: parts.first?.marks))
        }
    } catch { return nil }
    let box = PartsBox(parts)
    DispatchQueue.concurrentPerform(iterations: parts.count) { k in box.run(k) }
    guard let ran = box.finished(), ran.allSatisfy({ $0.warnings.isEmpty && $0.marks.gaps.isEmpty }) else { return nil }
    return try? ValuationEngine.result(of: ran)
}

/// The parts of a book while they run: one slot each, touched by one thread (`concurrentPerform`
/// iteration `k` runs part `k`), read after every iteration returned. Slots, not an array: two
/// threads writing two elements of one Swift array would be two overlapping accesses to it.
private final class PartsBox: @unchecked Sendable {
    private let count: Int
    private let slots: UnsafeMutablePointer<ValuationEngine>
    private let failed: UnsafeMutablePointer<Bool>

    init(_ parts: [ValuationEngine]) {
        count = parts.count
        slots = .allocate(capacity: parts.count)
        slots.initialize(from: parts, count: parts.count)
        failed = .allocate(capacity: parts.count)
        failed.initialize(repeating: false, count: parts.count)
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
        failed.deinitialize(count: count)
        failed.deallocate()
    }

    func run(_ k: Int) {
        do {
            try slots[k].run()
            slots[k].resolveFlowTiming()
            slots[k].closing = slots[k].listClosing()
        } catch {
            failed[k] = true
        }
    }

    /// The parts, or `nil` when one of them failed.
    func finished() -> [ValuationEngine]? {
        (0..<count).contains { failed[$0] } ? nil : Array(UnsafeBufferPointer(start: slots, count: count))
    }
}

/// Cores this process may run on.
private func activeCores() -> Int { ProcessInfo.processInfo.activeProcessorCount }
