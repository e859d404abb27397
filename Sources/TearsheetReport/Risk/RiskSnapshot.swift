import TearsheetCore

/// One position on the report's last day, as the risk snapshot sees it.
public struct HoldingRow: Sendable, Equatable {
    public var account: String
    public var strategy: String
    public var symbol: String
    public var sector: String
    public var quantity: Double
    public var close: Double
    /// quantity x close; negative for shorts.
    public var marketValue: Double
    /// An option seen through its underlying; `nil` for every other instrument.
    public var option: OptionView?

    public init(account: String, strategy: String, symbol: String, sector: String, quantity: Double, close: Double, marketValue: Double,
                option: OptionView? = nil) {
        self.account = account
        self.strategy = strategy
        self.symbol = symbol
        self.sector = sector
        self.quantity = quantity
        self.close = close
        self.marketValue = marketValue
        self.option = option
    }

    /// The symbol the position is exposed to: the underlying of an option, else the symbol.
    public var exposureSymbol: String { option?.underlying ?? symbol }

    /// Market value of the equivalent position in `exposureSymbol`: the market value, or for an
    /// option its delta-equivalent `quantity x delta x spot` (quantity in units of the underlying).
    public var exposure: Double {
        guard let o = option else { return marketValue }
        return quantity * o.delta * o.spot
    }
}

/// Position limits from the book's config; `nil` means no limit.
public struct RiskLimits: Sendable, Equatable {
    /// Largest allowed |market value of one symbol| / NAV.
    public var maxPositionWeight: Double?
    /// Largest allowed |net market value of one sector| / NAV.
    public var maxSectorWeight: Double?
    /// Largest allowed gross exposure / NAV.
    public var maxGrossLeverage: Double?

    public init(maxPositionWeight: Double? = nil, maxSectorWeight: Double? = nil, maxGrossLeverage: Double? = nil) {
        self.maxPositionWeight = maxPositionWeight
        self.maxSectorWeight = maxSectorWeight
        self.maxGrossLeverage = maxGrossLeverage
    }
}

/// The book's exposure on one day: by symbol and sector, gross/net, leverage and limit breaches.
///
/// Conventions: a position's exposure is its market value, or for an option the market value of
/// its delta-equivalent position in the underlying (`HoldingRow.exposure`), counted under the
/// underlying's symbol and sector. Weights are exposure / NAV (signed: shorts negative). Gross
/// exposure = sum |exposure|, net exposure = sum exposure, leverage = gross / NAV. Positions in the
/// same symbol held by several accounts or strategies are added together for the symbol and sector views.
public struct RiskSnapshot: Sendable, Equatable {
    public struct Exposure: Sendable, Equatable {
        public var name: String
        /// Sum of the positions' exposures (`HoldingRow.exposure`).
        public var exposure: Double
        public var weight: Double
        public var gross: Double
    }

    public struct Breach: Sendable, Equatable {
        public enum Kind: String, Sendable { case position = "max_position_weight", sector = "max_sector_weight", leverage = "max_gross_leverage" }
        public var kind: Kind
        public var name: String
        public var value: Double
        public var limit: Double
    }

    public var day: Day
    public var nav: Double
    public var gross: Double
    public var net: Double
    public var long: Double
    public var short: Double
    /// Gross / NAV; `nil` when NAV <= 0.
    public var leverage: Double?
    public var bySymbol: [Exposure]
    public var bySector: [Exposure]
    public var breaches: [Breach]

    /// Builds the snapshot. Symbols and sectors are ordered by |exposure| descending, ties by name,
    /// so the output is deterministic.
    public init(day: Day, nav: Double, holdings: [HoldingRow], limits: RiskLimits) {
        self.day = day
        self.nav = nav
        var long = 0.0, short = 0.0
        var symbolMV: [String: (Double, Double)] = [:], sectorMV: [String: (Double, Double)] = [:]
        for h in holdings {
            let x = h.exposure
            if x >= 0 { long += x } else { short += x }
            let s = symbolMV[h.exposureSymbol] ?? (0, 0)
            symbolMV[h.exposureSymbol] = (s.0 + x, s.1 + abs(x))
            let sector = h.sector.isEmpty ? "Unclassified" : h.sector
            let c = sectorMV[sector] ?? (0, 0)
            sectorMV[sector] = (c.0 + x, c.1 + abs(x))
        }
        self.long = long
        self.short = short
        self.gross = long - short
        self.net = long + short
        self.leverage = nav > 0 ? (long - short) / nav : nil
        func exposures(_ m: [String: (Double, Double)]) -> [Exposure] {
            m.map { Exposure(name: $0.key, exposure: $0.value.0, weight: nav > 0 ? $0.value.0 / nav : 0, gross: $0.value.1) }
                .sorted { abs($0.exposure) != abs($1.exposure) ? abs($0.exposure) > abs($1.exposure) : $0.name < $1.name }
        }
        self.bySymbol = exposures(symbolMV)
        self.bySector = exposures(sectorMV)
        var breaches: [Breach] = []
        if nav > 0 {
            if let lim = limits.maxPositionWeight {
                for e in bySymbol where abs(e.weight) > lim { breaches.append(Breach(kind: .position, name: e.name, value: abs(e.weight), limit: lim)) }
            }
            if let lim = limits.maxSectorWeight {
                for e in bySector where abs(e.weight) > lim { breaches.append(Breach(kind: .sector, name: e.name, value: abs(e.weight), limit: lim)) }
            }
            if let lim = limits.maxGrossLeverage, let lev = leverage, lev > lim {
                breaches.append(Breach(kind: .leverage, name: "book", value: lev, limit: lim))
            }
        }
        self.breaches = breaches
    }
}
