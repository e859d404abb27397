import TearsheetCore
import TearsheetIngest
import TearsheetReport

extension BookRunner {
    /// Each account's inputs as its report describes them: the files that hold every client's
    /// rows (trades, positions, cash flows) by the account's own rows (count, first and last date,
    /// SHA-256 of those rows as `AccountRowDigest` defines it) beside the shared file's name; the
    /// other inputs (prices, labels, rates: market and reference data, no client's rows) as the
    /// book's report gives them. One pass over each shared file serves every account.
    /// - Returns: by account name, the inputs in the book's order.
    /// - Throws: `TearsheetError.io` when a shared file cannot be read again or changed since the
    ///   run read it.
    public static func accountInputs(_ book: LoadedBook) throws(TearsheetError) -> [String: [ProvenanceInput]] {
        let ledger = book.ledger, config = book.config
        let names = ledger.accounts.names
        var byAccount = [[ProvenanceInput]](repeating: [], count: names.count)
        let files = book.ingested.files
        for (k, input) in book.inputs.enumerated() {
            let info = k < files.count ? files[k] : nil
            let table: (day: [Day], account: (Int) -> Int32, line: [Int32])?
            switch info?.role {
            case "trades": table = (ledger.trades.day, { ledger.trades.account[$0] }, ledger.trades.line)
            case "positions": table = ledger.positions.map { p in (p.day, { p.account[$0] }, p.line) }
            case "cashflows": table = (ledger.cashFlows.day, { ledger.cashFlows.account[$0] }, ledger.cashFlows.line)
            default: table = nil
            }
            guard let info, let table else {
                for a in names.indices { byAccount[a].append(input) }
                continue
            }
            var accountOfLine: [Int32: Int32] = [:]
            accountOfLine.reserveCapacity(table.line.count)
            var first = [Day?](repeating: nil, count: names.count), last = [Day?](repeating: nil, count: names.count)
            for i in table.line.indices {
                let a = table.account(i)
                accountOfLine[table.line[i]] = a
                let d = table.day[i]
                if first[Int(a)].map({ d < $0 }) ?? true { first[Int(a)] = d }
                if last[Int(a)].map({ d > $0 }) ?? true { last[Int(a)] = d }
            }
            let digests = try AccountRowDigest.digests(path: info.path, display: input.path, accountOfLine: accountOfLine,
                                                       accounts: names.count, expectedSHA256: info.sha256,
                                                       policy: config.ingestOptions.pathPolicy)
            for a in names.indices {
                byAccount[a].append(ProvenanceInput(path: input.path, sha256: digests[a].sha256, rows: digests[a].rows,
                                                    account: names[a], firstDay: first[a], lastDay: last[a]))
            }
        }
        var out: [String: [ProvenanceInput]] = [:]
        for (a, name) in names.enumerated() { out[name] = byAccount[a] }
        return out
    }

    /// The config text as `account`'s report echoes it (`ConfigEcho.forAccount`): its own
    /// strategies' tables, no other account's name, composites only when the config asks.
    static func accountConfigText(_ book: LoadedBook, account: String, ledger: Ledger) -> String {
        ConfigEcho.forAccount(book.configText, account: account, otherAccounts: book.accounts.filter { $0 != account },
                              strategies: Set(ledger.strategies.names), includeBookSections: book.config.report.includeBookSections)
    }
}
