/// The tool's version, stamped into every report's provenance.
public enum TearsheetVersion {
    public static let string = "0.1.0"
}
