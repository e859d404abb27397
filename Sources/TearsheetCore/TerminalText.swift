/// Text from inputs made safe to print on a terminal.
///
/// Names in trades, positions, configs and manifests reach the command line's messages (a finding
/// quotes the field, a batch failure names the book). Written raw, an escape sequence in a
/// strategy name (`ESC [ 2 J`, `ESC ] 52 ;` ...) would be run by the user's terminal: clear the
/// screen, retitle the window, write to the clipboard; a carriage return or a bidirectional
/// override would make a message read differently from its bytes. `safe` writes each such
/// character as `\u{HEX}` so the message shows exactly what the input holds.
public enum TerminalText {
    /// Whether `u` is shown escaped: C0 controls other than tab and line feed, DEL, C1 controls,
    /// the bidirectional embeddings, overrides and isolates (U+202A to U+202E, U+2066 to U+2069),
    /// and the line and paragraph separators (U+2028, U+2029).
    public static func isUnsafe(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x09, 0x0A: return false
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    /// `s` with every unsafe character written as `\u{HEX}` (upper-case hex, no leading zeros);
    /// `s` itself (no copy) when it has none.
    public static func safe(_ s: String) -> String {
        // Fast path: printable ASCII, tab and line feed only.
        if s.utf8.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x0A || $0 == 0x09 }) { return s }
        guard s.unicodeScalars.contains(where: isUnsafe) else { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count + 16)
        for u in s.unicodeScalars {
            if isUnsafe(u) {
                out += "\\u{" + String(u.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(u)
            }
        }
        return out
    }
}
