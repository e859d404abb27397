/// How a report presents its firm: name, logo, accent colour, disclosures and contact text.
/// Read from a book's `[report]` table (`firm`, `logo`, `accent_color`, `disclosures`,
/// `contact`) and from a batch manifest's `[branding]` table; a book's own key wins over the
/// batch's (`overriding`). Every field is optional; the renderers fall back to the bundled look
/// (`defaultAccent`, no logo, no contact line).
public struct Branding: Sendable, Equatable {
    /// A logo as read from its file, embedded in the reports (never linked).
    public struct Logo: Sendable, Equatable {
        public enum Format: String, Sendable, Equatable {
            case png, svg

            /// The MIME type of a data URI.
            public var mimeType: String { self == .png ? "image/png" : "image/svg+xml" }
        }

        public var format: Format
        public var bytes: [UInt8]
        /// The path as the config gave it (for messages).
        public var path: String

        public init(format: Format, bytes: [UInt8], path: String) {
            self.format = format
            self.bytes = bytes
            self.path = path
        }

        /// The format the bytes announce: the PNG signature, or an SVG document (an `<svg`
        /// element within the first 4 KiB of UTF-8 text); `nil` for anything else.
        public static func format(of bytes: [UInt8]) -> Format? {
            if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
            let head = String(decoding: bytes.prefix(4096), as: UTF8.self).lowercased()
            if head.contains("<svg") { return .svg }
            return nil
        }

        /// Width and height in pixels of a PNG (its IHDR chunk); `nil` for an SVG or a
        /// truncated PNG.
        public var pngSize: (width: Int, height: Int)? {
            guard format == .png, bytes.count >= 24 else { return nil }
            func be(_ at: Int) -> Int { bytes[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) } }
            let w = be(16), h = be(20)
            return w > 0 && h > 0 ? (w, h) : nil
        }

        /// Largest logo accepted (1 MiB): a logo is embedded in every file of every report.
        public static let maxBytes = 1 << 20
    }

    /// Firm name shown in the header and footer of HTML and PDF, and on the cover.
    public var firm: String?
    public var logo: Logo?
    /// `#rrggbb` (lowercase, validated by `parseColor`).
    public var accentColor: String?
    /// Disclosure text (the config's `[report] disclosures`).
    public var disclosures: String?
    /// Contact text for the footer (e.g. "Client service: +1 212 555 0100, clients@example.com").
    public var contact: String?

    public init(firm: String? = nil, logo: Logo? = nil, accentColor: String? = nil, disclosures: String? = nil, contact: String? = nil) {
        self.firm = firm
        self.logo = logo
        self.accentColor = accentColor
        self.disclosures = disclosures
        self.contact = contact
    }

    /// The bundled accent: a dark blue that prints well in colour and in grey.
    public static let defaultAccent = "#1f4e79"

    /// The accent in force.
    public var accent: String { accentColor ?? Self.defaultAccent }

    /// `self`'s keys where set, else `base`'s (a book's branding over a batch's).
    public func overriding(_ base: Branding) -> Branding {
        Branding(firm: firm ?? base.firm, logo: logo ?? base.logo, accentColor: accentColor ?? base.accentColor,
                 disclosures: disclosures ?? base.disclosures, contact: contact ?? base.contact)
    }

    /// `#RRGGBB` (either case) as lowercase `#rrggbb`; `nil` for anything else (`#abc`, `red`,
    /// `rgb(...)`): the colour goes into CSS, SVG and PDF, so only this form is accepted.
    public static func parseColor(_ text: String) -> String? {
        let u = Array(text.utf8)
        guard u.count == 7, u[0] == 0x23 else { return nil }
        for b in u.dropFirst() where !((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66)) { return nil }
        return text.lowercased()
    }
}
