import TearsheetCore

/// An illustrative annual yield schedule for the cash sleeve (approximate average 3-month US
/// Treasury bill yields by calendar year, rounded; not market data). Interest is credited on the
/// last trading day of each month: balance x rate x calendar days in the month / 365, rounded to
/// the cent.

public enum DemoCashRates {
    public static func annualRate(year: Int) -> Double {
        switch year {
        case ...2014: return 0.0003
        case 2015: return 0.0005
        case 2016: return 0.0032
        case 2017: return 0.0093
        case 2018: return 0.0194
        case 2019: return 0.0206
        case 2020: return 0.0037
        case 2021: return 0.0005
        case 2022: return 0.0202
        case 2023: return 0.0507
        case 2024: return 0.0497
        case 2025: return 0.0410
        default: return 0.0370
        }
    }
}
