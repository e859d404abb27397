import TearsheetCore

/// The paper a printed format (the PDF) is laid out for: `[report] paper` in the config.
public enum PaperSize: String, Sendable, Equatable, Hashable, CaseIterable {
    /// ISO 216 A4, 210 x 297 mm: 595 x 842 points (595.28 x 841.89 exactly).
    case a4
    /// US Letter, 8.5 x 11 inches: 612 x 792 points.
    case letter

    /// Portrait width and height in PDF points (1/72 inch).
    public var points: (width: Double, height: Double) {
        switch self {
        case .a4: return (595.2756, 841.8898)
        case .letter: return (612, 792)
        }
    }
}
