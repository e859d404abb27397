import TearsheetCore
import TearsheetIngest

/// Fuzzing one ledger file through `ingest` (the decoders are reached only through file paths):
/// the input is written to a scratch file in the role under test, the other roles get the small
/// valid files below, so the cross-file checks (calendar, prices, position signs, positions
/// against trades) run on the fuzzed rows too.
public enum LedgerFiles {
    public static let trades = """
        trade_id,timestamp,account,strategy,symbol,side,quantity,price,fees,currency
        T1,2024-01-02T10:00:00,ACC1,trend,SPY,BUY,10,470.5,1.0,USD
        T2,2024-01-03T15:30:00-05:00,ACC1,trend,SPY,SELL,4,468.0,1.0,USD
        T3,2024-01-04,ACC1,meanrev,QQQ,SHORT,5,400,0.5,USD
        T4,2024-01-05T21:30:00Z,ACC1,meanrev,QQQ,COVER,5,398,0.5,USD

        """
    public static let prices = """
        date,symbol,close
        2024-01-02,SPY,471
        2024-01-03,SPY,467
        2024-01-04,SPY,468
        2024-01-05,SPY,469
        2024-01-02,QQQ,401
        2024-01-03,QQQ,402
        2024-01-04,QQQ,400
        2024-01-05,QQQ,398

        """

    /// The book's options, made once (a `TimeZone` per input would dominate the run time).
    public static let options: IngestOptions = {
        var o = IngestOptions()
        o.findingCap = 50
        // 4 KiB chunks: inputs longer than a chunk cross its boundary (the carry-over path is
        // fuzzed too), and no 4 MiB buffer is allocated and poisoned by ASan for every input.
        o.chunkSize = 4_096
        return o
    }()

    /// The same options with every file parsed in blocks (`IngestOptions.parallelism`): 64-byte
    /// blocks on 3 threads, whatever the file's size.
    public static let blocked: IngestOptions = {
        var o = options
        o.parallelism = 3
        o.parallelThreshold = 0
        o.chunkSize = 64
        return o
    }()

    /// Runs `ingest` on `files` and checks its contract: a ledger exactly when there is no error,
    /// every finding inside the cap's budget and with a non-negative position; and the same
    /// ledger, findings and file records when the files are parsed in blocks on several threads
    /// as on one thread with the same 64-byte reads (a file whose reading stopped at a fatal
    /// problem, such as a malformed header, is hashed over the bytes read until then, which
    /// depend on the read size).
    public static func check(_ files: InputFiles) {
        var one = options
        one.parallelism = 1
        let r = ingest(files, options: one)
        var small = blocked
        small.parallelism = 1
        let s = ingest(files, options: small)
        let b = ingest(files, options: blocked)
        precondition(b.ledger == s.ledger, "the ledger differs when read in blocks")
        precondition(b.findings == s.findings, "findings differ when read in blocks: \(b.findings.lines) against \(s.findings.lines)")
        precondition(b.files == s.files, "file records differ when read in blocks")
        precondition(s.ledger == r.ledger && s.findings == r.findings, "64-byte reads differ from 4 KiB reads")
        precondition((r.ledger != nil) == !r.findings.hasErrors, "ledger \(r.ledger != nil) with \(r.findings.errorCount) errors")
        precondition(r.findings.items.count <= options.findingCap, "\(r.findings.items.count) findings over a cap of \(options.findingCap)")
        for f in r.findings.items { precondition(f.line >= 0 && f.column >= 0, "finding at \(f.line):\(f.column): \(f)") }
        guard let l = r.ledger else { return }
        // What a ledger promises downstream: every trade with a finite positive quantity and
        // price, non-negative fees, sorted by (day, line); positions with finite quantities.
        let t = l.trades
        for i in 0..<t.count {
            precondition(t.quantity[i].isFinite && t.quantity[i] > 0, "trade quantity \(t.quantity[i]) on line \(t.line[i])")
            precondition(t.price[i].isFinite && t.price[i] > 0, "trade price \(t.price[i]) on line \(t.line[i])")
            precondition(t.fees[i].isFinite && t.fees[i] >= 0, "trade fees \(t.fees[i]) on line \(t.line[i])")
            if i > 0 {
                precondition((t.day[i - 1], t.line[i - 1]) <= (t.day[i], t.line[i]), "trades out of (day, line) order at line \(t.line[i])")
            }
        }
        if let p = l.positions {
            for i in 0..<p.count { precondition(p.quantity[i].isFinite, "position quantity \(p.quantity[i]) on line \(p.line[i])") }
        }
    }
}
