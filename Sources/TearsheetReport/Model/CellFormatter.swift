import TearsheetCore

/// Turns typed cells into display strings: the one place in the project where numbers are formatted
/// for people. Renderers and templates only place the strings.
///
/// Conventions (locale-free, deterministic):
/// - percent: the fraction times 100, 2 decimals, `%` suffix: `0.012345 -> 1.23%`, `-0.5 -> -50.00%`;
///   a value that rounds to zero prints as `0.00%` (never `-0.00%`); `signedPercent` adds `+` to
///   positives. Rounding is half away from zero on the shortest decimal text of the value
///   (`0.0245` -> `2.45%`, as a spreadsheet shows it), see `NumberText.fixed`.
/// - currency: 2 decimals with comma thousands separators: `-1234567.891 -> -1,234,567.89`.
/// - ratio: 2 decimals: `1.2345 -> 1.23`.  decimal: 4 decimals.  integer: thousands separators.
/// - days: whole days with the unit, half away from zero: `12.4 -> 12 days`, `1 -> 1 day`.
/// - date: ISO 8601 `YYYY-MM-DD`.  text: as given.  empty: an em dash `—`.
public struct CellFormatter: Sendable, Equatable {
    /// Show `+` before positive percentages (returns); off by default.
    public var signedPercent: Bool
    /// What an empty cell shows.
    public var emptyText: String

    public init(signedPercent: Bool = false, emptyText: String = "—") {
        self.signedPercent = signedPercent
        self.emptyText = emptyText
    }

    /// The display string of a cell.
    public func string(_ cell: Cell) -> String {
        switch cell {
        case .percent(let v, _):
            let s = NumberText.fixed(v, decimals: 2, thousands: true, shift: 2)
            return (signedPercent && v > 0 && s != "0.00" ? "+" : "") + s + "%"
        case .currency(let v, _):
            return NumberText.fixed(v, decimals: 2, thousands: true)
        case .ratio(let v, _):
            return NumberText.fixed(v, decimals: 2)
        case .decimal(let v, _):
            return NumberText.fixed(v, decimals: 4)
        case .integer(let v, _):
            return (v < 0 ? "-" : "") + NumberText.group(UInt64(v.magnitude))
        case .days(let v, _):
            let whole = NumberText.fixed(v, decimals: 0, thousands: true)
            return whole + (whole == "1" || whole == "-1" ? " day" : " days")
        case .date(let d):
            return d.description
        case .text(let t):
            return t
        case .empty:
            return emptyText
        }
    }

    /// A value of a chart's unit, for axis ticks and tooltips: `percent` like a percent cell with
    /// `decimals` places, `currency` with thousands separators and no decimals, `ratio` with
    /// `decimals` places.
    public func axisLabel(_ value: Double, unit: ChartUnit, decimals: Int) -> String {
        switch unit {
        case .percent: return NumberText.fixed(value, decimals: decimals, thousands: true, shift: 2) + "%"
        case .currency: return NumberText.fixed(value, decimals: decimals, thousands: true)
        case .ratio: return NumberText.fixed(value, decimals: decimals)
        case .count: return NumberText.fixed(value, decimals: decimals, thousands: true)
        }
    }
}
