import Foundation

/// The one JSON configuration of every machine-readable output the tool writes: `validate --json`,
/// `metrics --json`, `attribution --json`, each report's `manifest.json` and the batch summary.
/// Every such output is an `Encodable` value passed through `text(_:)`; no JSON is written by hand.
///
/// - **Keys** sorted, two-space indentation, `/` not escaped: the bytes depend only on the value,
///   so the same inputs give byte-identical files (a manifest is part of what a rerun compares).
/// - **Numbers**: a `Double` is written as its shortest round-trip decimal (Swift's `description`,
///   an integral value without `.0`), so a reader parses back exactly the `Double` computed.
///   JSON has no NaN or infinity: every number that may be undefined goes through `JSONNumber`,
///   which writes `null` for `nil` and for a non-finite value. A bare non-finite `Double` reaching
///   the encoder is a bug and fails as `TearsheetError.internalFailure` (exit 3), never as text
///   a JSON reader would reject.
/// - **Strings**: escaped as JSON requires (quote, backslash, C0 controls); in addition every
///   character a terminal would act on (`TerminalText.isUnsafe`: DEL, C1 controls, bidirectional
///   embeddings, overrides and isolates, line and paragraph separators) is written as `\uXXXX`, so
///   printing the JSON shows what it holds. Other non-ASCII text stays UTF-8.
public enum JSONOutput {
    /// The encoder every output uses (a new one per call: `JSONEncoder` is a class with mutable settings).
    static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .throw
        return encoder
    }

    /// `value` as JSON text (no trailing newline).
    /// - Throws: `TearsheetError.internalFailure` when the value cannot be encoded (a non-finite
    ///   `Double` outside `JSONNumber`: a bug).
    public static func text<T: Encodable>(_ value: T) throws(TearsheetError) -> String {
        String(decoding: try data(value), as: UTF8.self)
    }

    /// `value` as JSON bytes followed by one newline: the form written to files.
    /// - Throws: as `text(_:)`.
    public static func file<T: Encodable>(_ value: T) throws(TearsheetError) -> Data {
        var d = try data(value)
        d.append(0x0A)
        return d
    }

    static func data<T: Encodable>(_ value: T) throws(TearsheetError) -> Data {
        let raw: Data
        do { raw = try makeEncoder().encode(value) } catch {
            throw .internalFailure("cannot encode \(T.self) as JSON: \(error)")
        }
        return escapingTerminalControls(raw)
    }

    /// `json` with every `TerminalText.isUnsafe` scalar the encoder left as UTF-8 rewritten as a
    /// `\uXXXX` escape (lower-case hex). Valid JSON stays valid and means the same: such scalars
    /// can only occur inside string literals (everything outside them is ASCII), where an escape
    /// and the character are the same string. Works on bytes: DEL is `7F`; C1 controls are
    /// `C2 80`...`C2 9F`; U+2028...U+202E are `E2 80 A8`...`E2 80 AE`; U+2066...U+2069 are
    /// `E2 81 A6`...`E2 81 A9`.
    static func escapingTerminalControls(_ json: Data) -> Data {
        guard json.contains(where: { $0 == 0x7F || $0 == 0xC2 || $0 == 0xE2 }) else { return json }
        let bytes = [UInt8](json)
        var out = Data()
        out.reserveCapacity(bytes.count + 32)
        func escape(_ scalar: UInt32) {
            let hex = String(scalar, radix: 16)
            out.append(contentsOf: Array(("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8))
        }
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x7F {
                escape(0x7F); i += 1; continue
            }
            if b == 0xC2, i + 1 < bytes.count, (0x80...0x9F).contains(bytes[i + 1]) {
                escape(UInt32(bytes[i + 1])); i += 2; continue
            }
            if b == 0xE2, i + 2 < bytes.count {
                let scalar = (UInt32(b & 0x0F) << 12) | (UInt32(bytes[i + 1] & 0x3F) << 6) | UInt32(bytes[i + 2] & 0x3F)
                if bytes[i + 1] & 0xC0 == 0x80, bytes[i + 2] & 0xC0 == 0x80,
                   let u = Unicode.Scalar(scalar), TerminalText.isUnsafe(u) {
                    escape(scalar); i += 3; continue
                }
            }
            out.append(b)
            i += 1
        }
        return out
    }
}

/// A number of a JSON output that may be undefined: its shortest round-trip decimal, or `null`
/// when it is `nil` or not finite (JSON has no NaN or infinity).
public struct JSONNumber: Encodable, Sendable, Equatable {
    public var value: Double?

    public init(_ value: Double?) { self.value = value }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        if let value, value.isFinite { try c.encode(value) } else { try c.encodeNil() }
    }
}
