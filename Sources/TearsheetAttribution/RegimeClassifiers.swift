import TearsheetCore

/// Built-in market-regime classifiers computed from a benchmark's closes.
///
/// Each classifier labels every close of the benchmark's own calendar (so history before the
/// book's first day counts towards the windows); a book day then takes the label of the last close
/// strictly before it (`ClassificationTiming.startOfDay`, default) or on or before it (`endOfDay`).
/// A close without enough history is `warming-up`, and so is a book day with no such close.
public enum RegimeClassifiers {
    public static let warmingUp = "warming-up"

    /// Trend: `bull` when `close_j >= SMA_n(close)_j`, the mean of the last n closes including j;
    /// `bear` otherwise; `warming-up` for the first n - 1 closes.
    /// Reference: the 200-day moving-average rule, e.g. Faber, "A Quantitative Approach to Tactical
    /// Asset Allocation", J. Wealth Management 9(4), 2007.
    public static func trend(closes c: [Double], window n: Int) -> [String] {
        var out = [String](repeating: warmingUp, count: c.count)
        guard n >= 1 else { return out }
        for j in 0..<c.count where j + 1 >= n {
            let sma = Stats.sum(c[(j + 1 - n)...j]) / Double(n)
            out[j] = c[j] >= sma ? "bull" : "bear"
        }
        return out
    }

    /// Volatility: annualised realised volatility `stdev(r_{j-n+1..j}) * sqrt(k)` of the last n daily
    /// returns (sample stdev); `low` when `< low`, `high` when `> high`, `normal` otherwise;
    /// `warming-up` until n returns (n + 1 closes) exist.
    public static func volatility(closes c: [Double], window n: Int, low: Double, high: Double,
                                  periodsPerYear k: Double) -> [String] {
        var out = [String](repeating: warmingUp, count: c.count)
        guard n >= 2, c.count > n else { return out }
        var ret = [Double](repeating: 0, count: c.count)
        for j in 1..<c.count { ret[j] = c[j] / c[j - 1] - 1 }
        let sk = k.squareRoot()
        for j in n..<c.count {
            guard let sd = Stats.stdev(ret[(j + 1 - n)...j]) else { continue }
            let v = sd * sk
            out[j] = v < low ? "low" : (v > high ? "high" : "normal")
        }
        return out
    }

    /// Drawdown state: `dd_j = close_j / max_{i<=j} close_i - 1` from the first close of the series;
    /// `normal` when `dd >= -correction`, `correction` when `-bear <= dd < -correction`, `bear` when
    /// `dd < -bear`. No warm-up beyond the first close.
    public static func drawdown(closes c: [Double], correction: Double, bear: Double) -> [String] {
        var out = [String](repeating: warmingUp, count: c.count)
        var peak = -Double.infinity
        for j in 0..<c.count {
            if c[j] > peak { peak = c[j] }
            let dd = c[j] / peak - 1
            out[j] = dd >= -correction ? "normal" : (dd >= -bear ? "correction" : "bear")
        }
        return out
    }

    /// Maps labels on the benchmark's calendar to book days (see the type's timing rule).
    public static func toBookDays(_ labels: [String], calendar: [Day], days: [Day],
                                  timing: ClassificationTiming) -> [String] {
        var out = [String](repeating: warmingUp, count: days.count)
        var j = -1
        for i in 0..<days.count {
            switch timing {
            case .startOfDay: while j + 1 < calendar.count && calendar[j + 1] < days[i] { j += 1 }
            case .endOfDay: while j + 1 < calendar.count && calendar[j + 1] <= days[i] { j += 1 }
            }
            if j >= 0 { out[i] = labels[j] }
        }
        return out
    }

    /// User labels by date (`regimes.csv`): a book day without a label is `unlabelled`; when a date
    /// is listed twice the last row wins.
    public static func userLabels(_ labels: [(Day, String)], days: [Day]) -> [String] {
        var map: [Day: String] = [:]
        for (d, l) in labels { map[d] = l }
        return days.map { map[$0] ?? "unlabelled" }
    }
}
