import TearsheetCore

/// Which direction of a number is good news: drives colours and arrows in every format.
public enum Polarity: String, Sendable, Equatable, Hashable, Codable {
    case higherIsBetter
    case lowerIsBetter
    case neutral
}

/// The type of a table column: decides formatting in every renderer (display strings, CSV text,
/// XLSX number formats).
public enum CellKind: String, Sendable, Equatable, Hashable, Codable {
    /// A fraction shown as a percentage (0.0123 -> `1.23%`).
    case percent
    /// A unitless ratio shown with 2 decimals (Sharpe, beta).
    case ratio
    /// An amount of money in the book's base currency, 2 decimals with thousands separators.
    case currency
    /// A calendar date, ISO 8601.
    case date
    /// A count (trades, rows).
    case integer
    /// A number of days, shown as whole days with the unit (`12 days`, `1 day`).
    case days
    /// A plain number with 4 decimals (t-stats, prices).
    case decimal
    /// Free text.
    case text
}

/// One typed table cell. Numeric cells keep their raw value (CSV and XLSX store it unrounded) and
/// their polarity (for colouring); formatting happens once, in `CellFormatter`.
public enum Cell: Sendable, Equatable, Hashable {
    case percent(Double, Polarity = .neutral)
    case ratio(Double, Polarity = .neutral)
    case currency(Double, Polarity = .neutral)
    case decimal(Double, Polarity = .neutral)
    case integer(Int, Polarity = .neutral)
    /// A day count or an average of day counts; shown as whole days with the unit, stored unrounded
    /// in CSV and XLSX.
    case days(Double, Polarity = .neutral)
    case date(Day)
    case text(String)
    /// No value; `reason` says why (e.g. "undefined: zero variance") and is shown as a footnote/title.
    case empty(reason: String? = nil)

    /// The cell's kind; `nil` for empty cells.
    public var kind: CellKind? {
        switch self {
        case .percent: return .percent
        case .ratio: return .ratio
        case .currency: return .currency
        case .decimal: return .decimal
        case .integer: return .integer
        case .days: return .days
        case .date: return .date
        case .text: return .text
        case .empty: return nil
        }
    }

    /// The raw number of a numeric cell (integers as Double); `nil` for dates, text and empty cells.
    public var number: Double? {
        switch self {
        case .percent(let v, _), .ratio(let v, _), .currency(let v, _), .decimal(let v, _), .days(let v, _): return v
        case .integer(let v, _): return Double(v)
        case .date, .text, .empty: return nil
        }
    }

    /// The polarity of a numeric cell; `.neutral` otherwise.
    public var polarity: Polarity {
        switch self {
        case .percent(_, let p), .ratio(_, let p), .currency(_, let p), .decimal(_, let p), .integer(_, let p), .days(_, let p): return p
        case .date, .text, .empty: return .neutral
        }
    }

    /// A number cell of the given kind; a non-finite value becomes `.empty` with a reason, so no NaN
    /// ever reaches a report.
    public static func number(_ value: Double?, kind: CellKind, polarity: Polarity = .neutral, reason: String? = nil) -> Cell {
        guard let v = value else { return .empty(reason: reason) }
        guard v.isFinite else { return .empty(reason: reason ?? "not a finite number") }
        switch kind {
        case .percent: return .percent(v, polarity)
        case .ratio: return .ratio(v, polarity)
        case .currency: return .currency(v, polarity)
        case .decimal: return .decimal(v, polarity)
        case .integer: return .integer(Int(v.rounded()), polarity)
        case .days: return .days(v, polarity)
        case .date: return .date(Day(serial: Int32(v.rounded())))
        case .text: return .text(String(v))
        }
    }

    /// Whether the value is good (+1), bad (-1) or neither (0) news given its polarity, relative to zero.
    public var tone: Int {
        guard let v = number, v != 0 else { return 0 }
        switch polarity {
        case .higherIsBetter: return v > 0 ? 1 : -1
        case .lowerIsBetter: return v < 0 ? 1 : -1
        case .neutral: return 0
        }
    }
}
