/// What an options-lifecycle row of the ledger was before ingestion rewrote it into an ordinary
/// trade (docs/valuation.md, "The options lifecycle"): statements list these by their own name,
/// not as the SELL or COVER at 0 that values them.
public enum TradeEvent: String, Sendable, Equatable, CaseIterable {
    /// `EXPIRE` row: the contracts closed at 0.
    case expire = "EXPIRE"
    /// `ASSIGN` row: a short option closed at 0 (its underlying leg is a `.delivery`).
    case assign = "ASSIGN"
    /// `EXERCISE` row: a long option closed at 0 (its underlying leg is a `.delivery`).
    case exercise = "EXERCISE"
    /// Contracts still open at the close of their expiry day and out of the money: closed at 0.
    case expiredAtExpiry = "EXPIRE (at expiry)"
    /// Long contracts in the money at the close of their expiry day: closed at their intrinsic
    /// value, the underlying delivered (a `.delivery`).
    case exercisedAtExpiry = "EXERCISE (at expiry)"
    /// Short contracts in the money at the close of their expiry day: as `.exercisedAtExpiry`.
    case assignedAtExpiry = "ASSIGN (at expiry)"
    /// The underlying booked at the strike (or the expiry close) by an assignment or exercise.
    case delivery = "DELIVERY"
}
