import Foundation
import Testing
@testable import TearsheetIngest
#if canImport(Glibc)
import Glibc
#endif
import TearsheetCore

/// The `path-policy` fuzz target's contract (Fuzz/Sources/path-policy) over seeded random layouts,
/// in the ordinary test run: random folders, files, absolute and relative links (into and out of
/// the root, dangling, self-loops, a folder linked out) and FIFOs inside a temporary tree; no
/// read under a policy whose only root is `root/` returns a byte of a file outside it, every
/// descriptor handed out is a regular file, and nothing blocks.
@Suite struct PathPolicyLayoutTests {
    static let names = ["root/a", "root/b", "root/d", "root/d/a", "root/d/e", "root/d/e/a", "out/a", "out/d", "out/d/a",
                        "root/..", "root/d/..", "root/d/../../out/a", "out", "root", "root/d/e/..", "/etc/hostname"]
    static let marker = Array("OUTSIDE-BYTES".utf8)

    /// A small deterministic generator (SplitMix64), so a failing layout can be replayed by seed.
    struct Mix { var s: UInt64; mutating func next() -> UInt64 { s &+= 0x9E37_79B9_7F4A_7C15; var z = s
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9; z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB; return z ^ (z >> 31) } }

    /// Writes `bytes` at `name` only when its folder really lies under `folder` (a path resolved
    /// before the layout was made) and the name itself is not a link: inside files are physically
    /// in the root, marked files physically outside, so the content read says where it came from.
    func place(_ base: String, _ name: String, _ bytes: [UInt8], under folder: String) {
        let p = base + "/" + name
        let parent = String(p[..<p.lastIndex(of: "/")!])
        guard let real = SecureOpen.realPath(parent), real == folder || real.hasPrefix(folder + "/") else { return }
        let fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_NONBLOCK, 0o600)
        guard fd >= 0 else { return }
        var st = stat()
        if fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG { _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } }
        close(fd)
    }

    func mkdirs(_ base: String, _ name: String) {
        var p = base
        for part in name.split(separator: "/") { p += "/" + part; _ = mkdir(p, 0o700) }
    }

    @Test func noLayoutLetsAReadLeaveTheRoot() throws {
        let layouts = 1_000
        var opened = 0, refused = 0
        for seed in 0..<UInt64(layouts) {
            let base = Fixtures.tempDir().path
            defer { try? FileManager.default.removeItem(atPath: base) }
            mkdirs(base, "root"); mkdirs(base, "out")
            let rootReal = try #require(SecureOpen.realPath(base + "/root")), outReal = try #require(SecureOpen.realPath(base + "/out"))
            // The policy is made before the layout, as a run resolves its roots before reading:
            // swapping the root folder itself for a link afterwards must not widen it.
            let policy = PathPolicy(roots: [base + "/root"])
            place(base, "out/a", Self.marker, under: outReal)
            var rng = Mix(s: seed)
            for _ in 0..<Int(rng.next() % 24) {
                let op = rng.next() % 9
                let a = Self.names[Int(rng.next() % UInt64(Self.names.count))], b = Self.names[Int(rng.next() % UInt64(Self.names.count))]
                guard !a.hasPrefix("/"), !a.hasSuffix("..") else { continue }
                let target = base + "/" + a, full = b.hasPrefix("/") ? b : base + "/" + b
                switch op {
                case 0: mkdirs(base, a)
                case 1: place(base, a, Array("inside \(a)\n".utf8), under: rootReal)
                case 2: place(base, a, Self.marker, under: outReal)
                case 3: try? FileManager.default.removeItem(atPath: target); _ = symlink(full, target)
                case 4:
                    try? FileManager.default.removeItem(atPath: target)
                    let depth = a.split(separator: "/").count - 1
                    _ = symlink(String(repeating: "../", count: depth) + (b.hasPrefix("/") ? String(b.dropFirst()) : b), target)
                case 5: try? FileManager.default.removeItem(atPath: target); _ = mkfifo(target, 0o600)
                case 6: try? FileManager.default.removeItem(atPath: target)
                case 7: try? FileManager.default.removeItem(atPath: target); _ = symlink(target, target)
                default: try? FileManager.default.removeItem(atPath: target); _ = symlink(base + "/out", target)
                }
            }
            for n in Self.names {
                let p = n.hasPrefix("/") ? n : base + "/" + n
                if case .success(let o) = SecureOpen.open(p, policy: policy) {
                    var st = stat()
                    #expect(fstat(o.fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG, "seed \(seed), \(n)")
                    close(o.fd)
                }
                if let bytes = try? FileBytes.read(p, policy: policy) {
                    opened += 1
                    #expect(bytes.starts(with: Array("inside ".utf8)), "seed \(seed), \(n): read bytes that are no inside file's")
                } else {
                    refused += 1
                }
            }
        }
        // Both outcomes occur: the layouts are not all trivially refused or all inside.
        #expect(opened > 0 && refused > 0, "opened \(opened), refused \(refused)")
        print("path-policy layouts: \(layouts), reads: \(opened + refused), opened: \(opened), refused: \(refused)")
    }
}
