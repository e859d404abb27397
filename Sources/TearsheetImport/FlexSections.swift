/// How the import treats a section of a Flex statement.
public enum FlexSectionHandling: String, Sendable, Equatable {
    /// Mapped into the book (Trades, CashTransactions, ...).
    case mapped
    /// Read for the import report only (statement figures) or summaries the book recomputes
    /// itself: no money of the book depends on them.
    case informational
    /// Money moves the book cannot represent (position transfers, FX conversions, ...): every row
    /// is an unsupported row.
    case unsupported
}

/// The sections of a Flex Query (Activity) statement the import knows, by element name, as the
/// published Flex Query reference names them. Any other element under `<FlexStatement>` is an
/// unknown section: an error, since its rows might move money the book would silently miss.
public enum FlexSections {
    /// Sections whose rows become rows of the book.
    public static let mapped: [String: String] = [
        "AccountInformation": "AccountInformation",
        "Trades": "Trade",
        "OptionEAE": "OptionEAE",
        "CashTransactions": "CashTransaction",
        "CorporateActions": "CorporateAction",
        "OpenPositions": "OpenPosition",
        "PriorPeriodPositions": "PriorPeriodPosition",
        "CashReport": "CashReportCurrency",
    ]

    /// Sections with money moves the book cannot represent.
    public static let unsupported: Set<String> = [
        "Transfers", "FxTransactions", "UnsettledTransfers", "CFDCharges", "SLBActivities", "SLBFees",
        "HardToBorrowDetails", "IBGNoteTransactions", "DebitCardActivities", "SoftDollars",
        "PendingExcercises", "HKIPOSubscriptionActivity", "FdicInsuredDepositsByBank", "Adjustments",
        "SalesTaxes", "TransactionTaxes", "InterestAccruals", "ChangeInDividendAccruals",
    ]

    /// Sections that summarise what the mapped sections hold, or describe the account: read and
    /// counted, not mapped.
    public static let informational: Set<String> = [
        "EquitySummaryInBase", "ChangeInNAV", "MTMPerformanceSummaryInBase", "FIFOPerformanceSummaryInBase",
        "MTDYTDPerformanceSummary", "StmtFunds", "NetStockPositionSummary", "ChangeInPositionValues",
        "ConversionRates", "SecuritiesInfo", "OpenDividendAccruals", "TierInterestDetails", "ComplexPositions",
        "UnbundledCommissionDetails", "RoutingCommissions", "TradeConfirms", "ClientFees", "ClientFeesDetail",
        "ModelInfo", "CashReportByCurrency", "PriorPeriodPositionsSummary", "UnbookedTrades",
    ]

    /// How `name` is handled, `nil` for an unknown section.
    public static func handling(of name: String) -> FlexSectionHandling? {
        if mapped[name] != nil { return .mapped }
        if unsupported.contains(name) { return .unsupported }
        if informational.contains(name) { return .informational }
        return nil
    }

    /// Asset categories the book can hold: stocks and ETFs (`STK`) and equity and index options (`OPT`).
    public static let supportedAssets: Set<String> = ["STK", "OPT"]

    /// Words for an unsupported asset category, for the import report.
    public static func assetName(_ category: String) -> String {
        switch category {
        case "FUT": return "futures"
        case "FOP": return "futures options"
        case "CASH": return "FX conversions (CASH)"
        case "BOND": return "bonds"
        case "BILL": return "treasury bills"
        case "CFD": return "CFDs"
        case "WAR": return "warrants"
        case "FUND": return "mutual funds"
        case "CMDTY": return "commodities"
        default: return "asset category '\(category)'"
        }
    }
}
