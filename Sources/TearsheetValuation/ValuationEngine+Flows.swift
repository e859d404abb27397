import TearsheetCore

/// When in its day each external flow arrives, and the findings about days whose return the
/// flows make undefined or wipe out.
extension ValuationEngine {
    /// Share of an account's end-of-day value (before the withdrawal) that may remain after it for
    /// the withdrawal to count as "the whole account" (1%).
    static let fullWithdrawalRemainder = 0.01

    /// Whether flow row `i` arrives before the day's moves: its own `timing` when the row gives
    /// one, else the book's `flowTiming` (the full-withdrawal rule is applied after the loop).
    func startsDay(flow i: Int) -> Bool {
        switch ledger.cashFlows.timing(of: i) {
        case .start?: return true
        case .end?: return false
        case nil: return options.flowTiming == .startOfDay
        }
    }

    /// The full-withdrawal rule: under start-of-day timing, a WITHDRAWAL without its own timing is
    /// taken at the end of the day when, on that day, the account closed positions (a SELL or
    /// COVER, given or implied by snapshots) and the account's NAV after the day's withdrawals is
    /// at most 1% (in absolute value) of its value before them. Closing an account (sell out,
    /// wire the proceeds) then earns the day's move on the capital that was there at the start,
    /// instead of a return on the sliver left after the withdrawal (-100% on a down day, no
    /// capital on an up day).
    mutating func resolveFlowTiming() {
        guard options.flowTiming == .startOfDay else { return }
        let flows = ledger.cashFlows, n = dayCount
        var accountSleeves = [[Int]](repeating: [], count: accountCount)
        for sl in sleeveAccount.indices { accountSleeves[Int(sleeveAccount[sl])].append(sl) }
        for t in 0..<n {
            var withdrawn = [Double](repeating: 0, count: accountCount)
            var rows: [Int] = []
            for k in flowBuckets.rows(of: t) {
                let i = flowBuckets.row(k)
                guard flows.type[i] == .withdrawal, flows.timing(of: i) == nil, flowSleeve[i] >= 0 else { continue }
                withdrawn[Int(flows.account[i])] += flows.amount[i]
                rows.append(i)
            }
            if rows.isEmpty { continue }
            var closed = [Bool](repeating: false, count: accountCount)
            for k in tradeBuckets.rows(of: t) {
                let i = tradeBuckets.row(k)
                if trades.side[i] == .sell || trades.side[i] == .cover { closed[Int(trades.account[i])] = true }
            }
            for a in 0..<accountCount where closed[a] && withdrawn[a] < 0 {
                let after = accountSleeves[a].reduce(0.0) { $0 + sleeveNAV[$1 * n + t] }
                let before = after - withdrawn[a]
                guard before > 0, abs(after) <= Self.fullWithdrawalRemainder * before else { continue }
                for i in rows where Int(flows.account[i]) == a {
                    sleeveStartFlow[Int(flowSleeve[i]) * n + t] -= flows.amount[i]
                }
            }
        }
    }

    /// Lines of the external flows of day `t` (of one account, or of the book when `account` is nil).
    func flowLines(day t: Int, account: Int?) -> [Int] {
        let flows = ledger.cashFlows
        return flowBuckets.rows(of: t).compactMap { k -> Int? in
            let i = flowBuckets.row(k)
            guard flows.type[i] == .deposit || flows.type[i] == .withdrawal else { return nil }
            if let account, Int(flows.account[i]) != account { return nil }
            return Int(flows.line[i])
        }
    }

    /// Findings for the days whose return reached -100% (see `TimeWeightedReturns.book`).
    func lossFindings(_ losses: [LossDay], book: String, account: Int?) -> [Finding] {
        losses.map { l in
            let day = days[l.index]
            let lines = flowLines(day: l.index, account: account)
            let flowsText = lines.isEmpty ? "" : " (flow\(lines.count == 1 ? "" : "s") on line\(lines.count == 1 ? "" : "s") "
                + lines.map(String.init).joined(separator: ", ") + ")"
            let code: String, message: String
            switch l.kind {
            case .retimed:
                code = "flow-retimed"
                message = "\(book) on \(day): the start-of-day withdrawal\(flowsText) leaves a capital that the day's "
                    + "result wipes out (return \(percent(l.computed))); the day's flows are taken at the end of the "
                    + "day instead and the return used is \(percent(l.used)). Give the flow a timing column to choose"
            case .totalLoss:
                code = "total-loss"
                message = "\(book) lost all of its capital on \(day)\(flowsText): the day's return is -100%"
            case .beyondCapital:
                code = "loss-beyond-capital"
                message = "\(book) lost more than its capital on \(day)\(flowsText) (return \(percent(l.computed))); "
                    + "the return used is -100%, and the loss beyond the capital stays in the P&L only"
            }
            return Finding(file: options.files.cashFlows, line: lines.first ?? 0, column: 0, severity: .warning,
                           code: code, message: message)
        }
    }

    private func percent(_ r: Double) -> String {
        let v = (r * 100 * 1e6).rounded() / 1e6
        return "\(v)%"
    }
}
