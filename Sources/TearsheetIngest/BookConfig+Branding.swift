import TearsheetCore
import TOMLKit

extension Branding.Logo {
    /// Reads a logo file: a PNG or an SVG of at most `Branding.Logo.maxBytes`.
    /// - Returns: the logo, or the message saying what is wrong with the file.
    public static func read(path: String, display: String, policy: PathPolicy) -> Result<Branding.Logo, LogoProblem> {
        let bytes: [UInt8]
        do { bytes = try FileBytes.read(path, policy: policy) } catch {
            return .failure(LogoProblem(message: "\"\(display)\" cannot be read: \(error.description)"))
        }
        if bytes.count > Branding.Logo.maxBytes {
            return .failure(LogoProblem(message: "\"\(display)\" is \(bytes.count) bytes; a logo is embedded in every report file, so it must be at most \(Branding.Logo.maxBytes) bytes (1 MiB): export a smaller PNG or an SVG"))
        }
        guard let format = Branding.Logo.format(of: bytes) else {
            return .failure(LogoProblem(message: "\"\(display)\" is neither a PNG nor an SVG file; expected a .png or .svg logo"))
        }
        return .success(Branding.Logo(format: format, bytes: bytes, path: display))
    }

    /// Why a logo file was refused.
    public struct LogoProblem: Error, Sendable, Equatable {
        public var message: String
    }
}

extension ConfigLoader {
    /// The branding keys of `[report]`: `firm`, `logo`, `accent_color`, `disclosures`, `contact`.
    /// `company` (older key) stands in for `firm` when `firm` is not given. The logo is a file path
    /// relative to the config's folder, confined to it like the data inputs.
    mutating func branding(_ t: TOMLTable, folder: String, into c: inout BookConfig) {
        var b = Branding()
        b.firm = string(t, "firm", prefix: "report") ?? c.report.company
        b.disclosures = c.report.disclosures
        b.contact = string(t, "contact", prefix: "report")
        if let v = string(t, "accent_color", prefix: "report") {
            if let colour = Branding.parseColor(v) { b.accentColor = colour }
            else { error("report.accent_color", "config-bad-value", "\"\(TerminalText.safe(v))\" is not a colour; expected #RRGGBB, e.g. \"#1f4e79\"") }
        }
        if let path = inputPath(t, "report", "logo", folder: folder, allowDirectory: false) {
            let rel = t["logo"]?.string ?? path
            switch Branding.Logo.read(path: path, display: rel, policy: c.ingestOptions.pathPolicy) {
            case .success(let logo): b.logo = logo
            case .failure(let p): error("report.logo", "config-bad-value", p.message)
            }
        }
        c.branding = b
    }
}
