/// Interns strings (accounts, strategies, symbols) to dense `Int32` ids so the ledger's hot
/// columns hold integers, not strings.
public struct Interner: Sendable, Equatable {
    public private(set) var names: [String] = []
    private var index: [String: Int32] = [:]

    public init() {}
    public init(_ names: [String]) { for n in names { _ = intern(n) } }

    /// The id of `name`, adding it when new.
    public mutating func intern(_ name: String) -> Int32 {
        if let id = index[name] { return id }
        let id = Int32(names.count)
        names.append(name)
        index[name] = id
        return id
    }

    public func id(of name: String) -> Int32? { index[name] }
    public subscript(id: Int32) -> String { names[Int(id)] }
    public var count: Int { names.count }
}

/// A text column of few distinct values (sectors): one `Int32` id a row and each distinct text
/// once, read and written like an array of strings.
///
/// Why not `[String]`: a string is 16 bytes a row; at ten million trades that is 160 MB for a
/// column that holds a handful of sector names (40 MB as ids). Id 0 is always "".
public struct InternedColumn: RandomAccessCollection, MutableCollection, ExpressibleByArrayLiteral, Sendable, Equatable {
    public private(set) var texts = Interner([""])
    @usableFromInline var rowIDs: [Int32] = []
    /// The id of each row in `texts`.
    public var ids: [Int32] { rowIDs }

    public init() {}
    public init(arrayLiteral elements: String...) { for e in elements { append(e) } }
    public init<S: Sequence>(_ elements: S) where S.Element == String { for e in elements { append(e) } }

    public var startIndex: Int { 0 }
    public var endIndex: Int { rowIDs.count }

    public subscript(i: Int) -> String {
        get { texts.names[Int(rowIDs[i])] }
        set { rowIDs[i] = texts.intern(newValue) }
    }

    /// Whether row `i` is "" (no string built).
    @inlinable public func isEmpty(at i: Int) -> Bool { rowIDs[i] == 0 }

    public mutating func append(_ text: String) { rowIDs.append(text.isEmpty ? 0 : texts.intern(text)) }

    /// The id of `text`, adding it when new (for `append(id:)`).
    public mutating func intern(_ text: String) -> Int32 { texts.intern(text) }

    /// Appends a row holding the text of `id` (an id `intern` gave, or 0 for "").
    @inlinable public mutating func append(id: Int32) {
        precondition(id >= 0 && Int(id) < texts.count, "unknown text id")
        rowIDs.append(id)
    }

    /// Appends every row of `other`, its texts interned here once each (not once a row).
    public mutating func append(contentsOf other: InternedColumn) {
        let map = other.texts.names.map { texts.intern($0) }
        rowIDs.append(contentsOf: other.rowIDs.lazy.map { map[Int($0)] })
    }

    /// The rows of `self` at `rows`, in that order (same texts, no string built).
    public func gathering<Rows: Sequence>(_ rows: Rows) -> InternedColumn where Rows.Element == Int {
        var out = InternedColumn()
        out.texts = texts
        out.rowIDs = rows.map { rowIDs[$0] }
        return out
    }

    public mutating func reserveCapacity(_ n: Int) { rowIDs.reserveCapacity(n) }
    /// Asks for huge pages behind the id column (see `MemoryAdvice.hugePages`).
    public mutating func adviseHugePages() { MemoryAdvice.hugePages(&rowIDs) }

    /// Equal when every row holds the same text (whatever the ids).
    public static func == (l: InternedColumn, r: InternedColumn) -> Bool {
        if l.texts == r.texts { return l.rowIDs == r.rowIDs }
        return l.count == r.count && l.indices.allSatisfy { l[$0] == r[$0] }
    }
}

/// A column of short identifiers (trade ids), read and written like an array of strings.
///
/// While every id is at most 9 ASCII characters without NUL (`T000123`, `S10000000`), a row is
/// those characters packed 7 bits each in one `UInt64`: 8 bytes a row instead of a 16-byte
/// `String` (80 MB less at ten million trades). The first id that does not fit turns the whole
/// column into strings, once, so a book with long ids costs what it did before. The layout never
/// changes what a row reads.
public struct TextColumn: RandomAccessCollection, ExpressibleByArrayLiteral, Sendable, Equatable {
    /// The rows while `isPacked`: character `k` of the id in bits `7k ..< 7k + 7`, zeros after its end.
    @usableFromInline var packed: [UInt64] = []
    /// The rows once some id did not fit.
    @usableFromInline var strings: [String] = []
    @usableFromInline var packedRows = true
    /// Whether the rows are packed (every id so far fits).
    public var isPacked: Bool { packedRows }

    public init() {}
    public init(arrayLiteral elements: String...) { for e in elements { append(e) } }
    public init<S: Sequence>(_ elements: S) where S.Element == String { for e in elements { append(e) } }

    public var startIndex: Int { 0 }
    public var endIndex: Int { isPacked ? packed.count : strings.count }

    public subscript(i: Int) -> String { isPacked ? Self.unpack(packed[i]) : strings[i] }

    /// The packed form of `bytes`, or nil when it does not fit (more than 9 bytes, a NUL or a byte >= 0x80).
    @inlinable
    static func pack<C: Collection>(_ bytes: C) -> UInt64? where C.Element == UInt8 {
        guard bytes.count <= 9 else { return nil }
        var v: UInt64 = 0, shift: UInt64 = 0
        for b in bytes {
            guard b != 0, b < 0x80 else { return nil }
            v |= UInt64(b) << shift
            shift += 7
        }
        return v
    }

    static func unpack(_ v: UInt64) -> String {
        var chars: (UInt64, UInt64) = (0, 0)
        return withUnsafeMutableBytes(of: &chars) { buf in
            var n = 0, rest = v
            while rest != 0 {
                buf[n] = UInt8(truncatingIfNeeded: rest & 0x7f)
                rest >>= 7
                n += 1
            }
            return String(decoding: UnsafeRawBufferPointer(rebasing: buf.prefix(n)), as: UTF8.self)
        }
    }

    public mutating func append(_ text: String) {
        if isPacked, let v = Self.pack(text.utf8) { packed.append(v); return }
        unpackAll()
        strings.append(text)
    }

    /// Appends the id whose UTF-8 bytes are `bytes`.
    @inlinable
    public mutating func append(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        if packedRows, let v = Self.pack(bytes) { packed.append(v); return }
        append(String(decoding: bytes, as: UTF8.self))
    }

    public mutating func append(contentsOf other: TextColumn) {
        if isPacked && other.isPacked { packed.append(contentsOf: other.packed); return }
        unpackAll()
        strings.append(contentsOf: other)
    }

    /// The rows of `self` at `rows`, in that order.
    public func gathering<Rows: Sequence>(_ rows: Rows) -> TextColumn where Rows.Element == Int {
        var out = TextColumn()
        if isPacked { out.packed = rows.map { packed[$0] } } else { out.packedRows = false; out.strings = rows.map { strings[$0] } }
        return out
    }

    private mutating func unpackAll() {
        guard isPacked else { return }
        strings.reserveCapacity(Swift.max(packed.capacity, packed.count + 1))
        for v in packed { strings.append(Self.unpack(v)) }
        packed = []
        packedRows = false
    }

    public mutating func reserveCapacity(_ n: Int) {
        if isPacked { packed.reserveCapacity(n) } else { strings.reserveCapacity(n) }
    }

    /// Asks for huge pages behind the packed rows (see `MemoryAdvice.hugePages`).
    public mutating func adviseHugePages() { if isPacked { MemoryAdvice.hugePages(&packed) } }

    /// Equal when every row holds the same text (whatever the layout).
    public static func == (l: TextColumn, r: TextColumn) -> Bool {
        if l.isPacked && r.isPacked { return l.packed == r.packed }
        return l.count == r.count && zip(l, r).allSatisfy { $0 == $1 }
    }
}

/// Interned ids (account, strategy, symbol) of the trade table, read and written like `[Int32]`.
///
/// While every id fits in 16 bits (a book with fewer than 65,536 accounts, strategies or
/// symbols: nearly every book), a row is a `UInt16`: 2 bytes instead of 4 (60 MB less for the
/// three columns at ten million trades). The first id that does not fit widens the column to
/// `Int32`, once. The layout never changes what a row reads.
public struct IdColumn: RandomAccessCollection, MutableCollection, ExpressibleByArrayLiteral, Sendable, Equatable {
    @usableFromInline var narrow: [UInt16] = []
    @usableFromInline var wide: [Int32] = []
    /// Whether the rows are `UInt16`s (every id so far fits).
    @usableFromInline var narrowRows = true
    public var isNarrow: Bool { narrowRows }

    public init() {}
    public init(arrayLiteral elements: Int32...) { append(contentsOf: elements) }
    public init<S: Sequence>(_ elements: S) where S.Element == Int32 { append(contentsOf: elements) }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { narrowRows ? narrow.count : wide.count }

    @inlinable public subscript(i: Int) -> Int32 {
        get { narrowRows ? Int32(narrow[i]) : wide[i] }
        set {
            if narrowRows, let v = UInt16(exactly: newValue) { narrow[i] = v; return }
            widen()
            wide[i] = newValue
        }
    }

    @inlinable
    public mutating func append(_ id: Int32) {
        if narrowRows, let v = UInt16(exactly: id) { narrow.append(v); return }
        widen()
        wide.append(id)
    }

    @inlinable
    public mutating func append<S: Sequence>(contentsOf ids: S) where S.Element == Int32 {
        for id in ids { append(id) }
    }

    /// The rows of `self` at `rows`, in that order.
    public func gathering<Rows: Sequence>(_ rows: Rows) -> IdColumn where Rows.Element == Int {
        var out = IdColumn()
        if narrowRows { out.narrow = rows.map { narrow[$0] } } else { out.narrowRows = false; out.wide = rows.map { wide[$0] } }
        return out
    }

    @usableFromInline mutating func widen() {
        guard narrowRows else { return }
        wide.reserveCapacity(Swift.max(narrow.capacity, narrow.count + 1))
        for v in narrow { wide.append(Int32(v)) }
        narrow = []
        narrowRows = false
    }

    public mutating func reserveCapacity(_ n: Int) {
        if narrowRows { narrow.reserveCapacity(n) } else { wide.reserveCapacity(n) }
    }

    /// Asks for huge pages behind the rows (see `MemoryAdvice.hugePages`).
    public mutating func adviseHugePages() { if narrowRows { MemoryAdvice.hugePages(&narrow) } else { MemoryAdvice.hugePages(&wide) } }

    /// Equal when every row holds the same id (whatever the layout).
    public static func == (l: IdColumn, r: IdColumn) -> Bool {
        if l.narrowRows && r.narrowRows { return l.narrow == r.narrow }
        return l.count == r.count && zip(l, r).allSatisfy { $0 == $1 }
    }
}

/// Trade direction. BUY opens or adds to a long, SELL reduces it; SHORT opens or adds to a
/// short, COVER reduces it.
public enum Side: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case buy = 0, sell = 1, short = 2, cover = 3

    /// +1 when the trade increases the signed position (BUY, COVER), -1 otherwise.
    public var sign: Double { (self == .buy || self == .cover) ? 1 : -1 }

    public var description: String {
        switch self {
        case .buy: return "BUY"
        case .sell: return "SELL"
        case .short: return "SHORT"
        case .cover: return "COVER"
        }
    }

    public init?(name: String) {
        switch name.uppercased() {
        case "BUY": self = .buy
        case "SELL": self = .sell
        case "SHORT": self = .short
        case "COVER": self = .cover
        default: return nil
        }
    }
}

/// Kind of an external or income cash flow.
public enum CashFlowType: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case deposit = 0, withdrawal = 1, dividend = 2, interest = 3, fee = 4

    /// Deposits and withdrawals move money across the book's boundary and are neutralised by the
    /// time-weighted return; dividends, interest and fees are income or cost and are performance.
    public var isExternal: Bool { self == .deposit || self == .withdrawal }

    public var description: String {
        switch self {
        case .deposit: return "DEPOSIT"
        case .withdrawal: return "WITHDRAWAL"
        case .dividend: return "DIVIDEND"
        case .interest: return "INTEREST"
        case .fee: return "FEE"
        }
    }

    public init?(name: String) {
        switch name.uppercased() {
        case "DEPOSIT": self = .deposit
        case "WITHDRAWAL": self = .withdrawal
        case "DIVIDEND": self = .dividend
        case "INTEREST": self = .interest
        case "FEE": self = .fee
        default: return nil
        }
    }
}

/// Trades in columnar form: one array per column, row `i` across all of them, sorted by
/// (day, input order) after ingestion.
public struct TradeTable: Sendable, Equatable {
    public var tradeID = TextColumn()
    /// Trading day the trade is booked on (timestamps are mapped to the book's time zone).
    public var day: [Day] = []
    /// Ids in `Ledger.accounts`, `strategies` and `symbols` (2 bytes a row in most books: `IdColumn`).
    public var account = IdColumn()
    public var strategy = IdColumn()
    public var symbol = IdColumn()
    public var side: [Side] = []
    /// Always > 0; the direction is in `side`. In units: shares, or contracts x the instrument's
    /// multiplier (`Ledger.instruments`), restated for every split after the trade (so
    /// `quantity x price` is the trade's money, and a lot spanning a split keeps one size basis).
    public var quantity: [Double] = []
    /// Per unit; > 0, or >= 0 for an option. Restated for every split after the trade.
    public var price: [Double] = []
    /// Always >= 0, in the trade's currency.
    public var fees: [Double] = []
    /// 1-based line of the row in its file, for diagnostics downstream.
    public var line: [Int32] = []
    /// Optional sector per trade ("" when absent).
    public var sector = InternedColumn()

    public init() {}
    public var count: Int { day.count }

    public mutating func reserve(_ n: Int) {
        tradeID.reserveCapacity(n); day.reserveCapacity(n); account.reserveCapacity(n)
        strategy.reserveCapacity(n); symbol.reserveCapacity(n); side.reserveCapacity(n)
        quantity.reserveCapacity(n); price.reserveCapacity(n); fees.reserveCapacity(n)
        line.reserveCapacity(n); sector.reserveCapacity(n)
    }
}

/// End-of-day position snapshots in columnar form.
public struct PositionTable: Sendable, Equatable {
    public var day: [Day] = []
    public var account: [Int32] = []
    public var strategy: [Int32] = []
    public var symbol: [Int32] = []
    /// Signed: negative for a short. In units (contracts x multiplier), restated for later splits,
    /// like `TradeTable.quantity`.
    public var quantity: [Double] = []
    public var price: [Double] = []
    public var sector = InternedColumn()
    public var line: [Int32] = []

    public init() {}
    public var count: Int { day.count }
}

/// Cash flows in columnar form.
public struct CashFlowTable: Sendable, Equatable {
    public var day: [Day] = []
    public var account: [Int32] = []
    /// Positive into the account, negative out of it.
    public var amount: [Double] = []
    public var type: [CashFlowType] = []
    /// Strategy the flow belongs to, or -1 for the account's unallocated cash.
    public var strategy: [Int32] = []
    public var line: [Int32] = []
    /// When in its day each flow arrives, from the optional `timing` column: empty when no row
    /// gives one, else one entry per row, `nil` meaning the book's `flow_timing` (and its rules).
    public var timing: [CashFlowTiming?] = []
    /// What a FEE flow pays for, from the optional `kind` column (management, performance,
    /// custody, borrow, ...; lower case): empty when no row gives one, else one entry per row
    /// ("" for a row without one).
    public var kind: [String] = []

    public init() {}
    public var count: Int { day.count }
    /// The timing row `i` gives, `nil` when it gives none.
    public func timing(of i: Int) -> CashFlowTiming? { i < timing.count ? timing[i] : nil }
    /// The kind row `i` gives, "" when it gives none.
    public func kind(of i: Int) -> String { i < kind.count ? kind[i] : "" }
}

/// A cash flow's own timing (`cashflows.csv` column `timing`): before the day's moves (`start`,
/// it earns the day's return) or after the close (`end`).
public enum CashFlowTiming: String, Sendable, Equatable, CaseIterable {
    case start
    case end
}

/// A dated series of values (closes, returns, NAV), sorted by strictly increasing day.
public struct DatedSeries: Sendable, Equatable {
    public var days: [Day]
    public var values: [Double]

    public init(days: [Day] = [], values: [Double] = []) {
        precondition(days.count == values.count, "days and values must have the same length")
        self.days = days
        self.values = values
    }

    public var count: Int { days.count }
    public var isEmpty: Bool { days.isEmpty }

    /// Index of `day`, by binary search; `nil` when absent.
    public func index(of day: Day) -> Int? {
        var lo = 0, hi = days.count - 1
        while lo <= hi {
            let mid = (lo + hi) >> 1
            if days[mid] == day { return mid }
            if days[mid] < day { lo = mid + 1 } else { hi = mid - 1 }
        }
        return nil
    }

    /// Index of the last day on or before `day`; `nil` when every day is later.
    public func indexOnOrBefore(_ day: Day) -> Int? {
        var lo = 0, hi = days.count - 1, found: Int? = nil
        while lo <= hi {
            let mid = (lo + hi) >> 1
            if days[mid] <= day { found = mid; lo = mid + 1 } else { hi = mid - 1 }
        }
        return found
    }

    public subscript(day: Day) -> Double? { index(of: day).map { values[$0] } }

    /// Simple returns from a price series: r_i = p_i / p_{i-1} - 1, dated at day i (one fewer point).
    public func pricesToReturns() -> DatedSeries {
        guard count > 1 else { return DatedSeries() }
        var r = [Double](repeating: 0, count: count - 1)
        for i in 1..<count { r[i - 1] = values[i] / values[i - 1] - 1 }
        return DatedSeries(days: Array(days[1...]), values: r)
    }

    /// The sub-series with days in `range` (inclusive).
    public func slice(_ range: ClosedRange<Day>) -> DatedSeries {
        var lo = 0
        while lo < count && days[lo] < range.lowerBound { lo += 1 }
        var hi = lo
        while hi < count && days[hi] <= range.upperBound { hi += 1 }
        return DatedSeries(days: Array(days[lo..<hi]), values: Array(values[lo..<hi]))
    }
}

/// Closing prices per symbol, each a `DatedSeries` of closes.
public struct PriceTable: Sendable, Equatable {
    public var series: [Int32: DatedSeries] = [:]
    public init() {}
}

/// Everything ingested for one book: the ledger that valuation reads.
public struct Ledger: Sendable, Equatable {
    public var accounts = Interner()
    public var strategies = Interner()
    public var symbols = Interner()
    public var trades = TradeTable()
    public var positions: PositionTable? = nil
    public var cashFlows = CashFlowTable()
    public var prices = PriceTable()
    /// Base currency of the book; trades in any other currency are rejected at ingestion.
    public var baseCurrency = "USD"
    /// Instruments declared in `instruments.csv`, by symbol id; a symbol absent here is an equity
    /// with multiplier 1. Quantities in the tables are already in units (x multiplier).
    public var instruments: [Int32: Instrument] = [:]
    /// Corporate actions applied at ingestion (the tables are already restated), in date order.
    public var corporateActions: [CorporateAction] = []
    /// Whether the closes are as traded (`raw`) or split- and dividend-adjusted.
    public var priceBasis: PriceBasis = .raw
    /// The options-lifecycle rows by trade id (`TradeEvent`): empty for a book without them.
    public var tradeEvents: [String: TradeEvent] = [:]

    public init() {}
}

/// What the closes of a book are: as traded, or adjusted by the data vendor.
public enum PriceBasis: String, Sendable, Equatable, CaseIterable {
    /// Closes as traded on the day (a broker's statement); splits need `SPLIT` rows.
    case raw
    /// Split- and dividend-adjusted closes: no `SPLIT` rows are needed, and a `DIVIDEND` cash flow
    /// double-counts the dividend already in the closes.
    case adjusted
}

/// Kind of instrument, from `instruments.csv`.
public enum AssetClass: String, Sendable, Equatable, CaseIterable {
    case equity, etf, option, future, cash
}

/// One row of `instruments.csv`: how a symbol's money is computed.
///
/// Invariant: `multiplier > 0`; an option has `underlying`, `expiry`, `strike` and `right`.
public struct Instrument: Sendable, Equatable {
    public var symbol: String
    public var assetClass: AssetClass
    /// Units per quantity (100 for a US equity option): money = quantity x multiplier x price.
    public var multiplier: Double
    public var underlying: String?
    public var expiry: Day?
    public var strike: Double?
    /// Option right: `C` (call) or `P` (put).
    public var right: OptionRight?
    public var currency: String?
    public var sector: String?

    public init(symbol: String, assetClass: AssetClass = .equity, multiplier: Double = 1, underlying: String? = nil,
                expiry: Day? = nil, strike: Double? = nil, right: OptionRight? = nil, currency: String? = nil,
                sector: String? = nil) {
        self.symbol = symbol
        self.assetClass = assetClass
        self.multiplier = multiplier
        self.underlying = underlying
        self.expiry = expiry
        self.strike = strike
        self.right = right
        self.currency = currency
        self.sector = sector
    }
}

/// An option's right.
public enum OptionRight: String, Sendable, Equatable {
    case call = "C", put = "P"
}

/// One row of `corporate_actions.csv`, after it was applied.
public struct CorporateAction: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// `ratio` new shares per old share (4 for 4:1, 0.1 for 1:10), from the start of `day`.
        case split = "SPLIT"
        /// `symbol` trades as `newSymbol` from `day` on.
        case symbolChange = "SYMBOL_CHANGE"
    }
    /// Ex-date (a trading day: a row dated on a weekend or holiday is moved to the next one).
    public var day: Day
    public var symbol: String
    public var kind: Kind
    /// New shares per old share (SPLIT); 1 otherwise.
    public var ratio: Double
    public var newSymbol: String?
    /// Cash in lieu per new share for the fraction a reverse split leaves (SPLIT), when given.
    public var cash: Double?
    public var note: String
    /// 1-based line in `corporate_actions.csv`.
    public var line: Int

    public init(day: Day, symbol: String, kind: Kind, ratio: Double = 1, newSymbol: String? = nil, cash: Double? = nil,
                note: String = "", line: Int = 0) {
        self.day = day
        self.symbol = symbol
        self.kind = kind
        self.ratio = ratio
        self.newSymbol = newSymbol
        self.cash = cash
        self.note = note
        self.line = line
    }
}

/// A benchmark series: symbol, closes (or a return index) and where the data came from.
public struct Benchmark: Sendable, Equatable {
    public var symbol: String
    /// Dividend-adjusted closes (or a total-return index built from returns, starting at 1).
    public var closes: DatedSeries
    /// Free-text provenance (source, retrieval date) shown in the report.
    public var source: String
    /// SHA-256 of the file it was read from, hex, when read from a file.
    public var sha256: String?

    public init(symbol: String, closes: DatedSeries, source: String, sha256: String? = nil) {
        self.symbol = symbol
        self.closes = closes
        self.source = source
        self.sha256 = sha256
    }

    /// Daily simple returns of the benchmark.
    public var returns: DatedSeries { closes.pricesToReturns() }
}
