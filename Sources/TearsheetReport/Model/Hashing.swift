import Crypto
import Foundation
import TearsheetCore

/// SHA-256 as lowercase hex: the hash of every input in the provenance and of every output in the manifest.
public enum Hashing {
    public static func sha256Hex(_ data: Data) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for b in SHA256.hash(data: data) {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
