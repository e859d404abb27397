import TearsheetCore

/// The outcome of one metric: a finite number, or `undefined` with the reason a report prints.
///
/// A metric never yields NaN or infinity: `MetricValue.checked(_:else:)` turns a non-finite
/// intermediate into `undefined`, so a NaN in a report is always a bug, never a data condition.
public enum MetricValue: Sendable, Equatable {
    case value(Double)
    case undefined(String)

    /// The number, or `nil` when undefined.
    public var double: Double? {
        if case .value(let v) = self { return v }
        return nil
    }

    /// The reason, or `nil` when defined.
    public var note: String? {
        if case .undefined(let why) = self { return why }
        return nil
    }

    /// `.value(x)` when `x` is finite, else `.undefined(reason)`.
    @inlinable
    public static func checked(_ x: Double, else reason: @autoclosure () -> String) -> MetricValue {
        x.isFinite ? .value(x) : .undefined(reason())
    }

    /// Applies `f` to a defined value; passes `undefined` through unchanged.
    @inlinable
    public func map(_ f: (Double) -> MetricValue) -> MetricValue {
        switch self {
        case .value(let v): return f(v)
        case .undefined: return self
        }
    }

    static let tooShort2 = MetricValue.undefined("fewer than 2 returns")
    static let empty = MetricValue.undefined("no returns")
}
