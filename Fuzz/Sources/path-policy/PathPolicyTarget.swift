import FuzzSupport
#if canImport(Glibc)
import Glibc
#endif
import TearsheetCore
import TearsheetIngest

/// Fuzzes the path policy (`SecureOpen`, `FileBytes.read` under a `PathPolicy`) over random
/// layouts of folders, files, symbolic links (relative and absolute, into and out of the root,
/// dangling, in loops) and FIFOs inside a scratch tree: `root/` is the only allowed folder,
/// `out/` beside it holds files whose bytes carry an outside marker. Contract: whatever the
/// layout, no read under the policy ever returns a byte of a file outside `root/` (every file
/// opened is a regular file whose content is an inside file's), and nothing blocks (a FIFO is
/// refused, never opened for reading).
///
/// The input is a list of 3-byte operations `(op, a, b)`: `a` and `b` pick names from a fixed
/// set of paths under the tree, `op` picks what to create at `a` (folder, inside file, outside
/// file, link to `b` relative or absolute, FIFO, or a removal). Then every name is read.
let names = ["root/a", "root/b", "root/d", "root/d/a", "root/d/e", "root/d/e/a", "out/a", "out/d", "out/d/a",
             "root/..", "root/d/..", "root/d/../../out/a", "out", "root", "root/d/e/..", "/etc/hostname"]
let scratch = Scratch(tag: "path-policy")!
let outsideMarker: [UInt8] = Array("OUTSIDE-BYTES".utf8)

/// Removes everything under `path` (no link followed).
func removeTree(_ path: String) {
    var st = stat()
    guard lstat(path, &st) == 0 else { return }
    if (st.st_mode & S_IFMT) == S_IFDIR {
        if let d = opendir(path) {
            var children: [String] = []
            while let e = readdir(d) {
                let n = withUnsafeBytes(of: e.pointee.d_name) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
                if n != "." && n != ".." { children.append(n) }
            }
            closedir(d)
            for c in children { removeTree(path + "/" + c) }
        }
        rmdir(path)
    } else {
        unlink(path)
    }
}

func fullPath(_ name: String) -> String { name.hasPrefix("/") ? name : scratch.path(name) }

/// Writes `bytes` at `name` only when its folder really lies under `folder` (resolved) and the
/// name itself is not a link: the layout's inside files are physically inside the root and the
/// marked files physically outside it, so the content read is an oracle for where it came from.
func place(_ name: String, _ bytes: [UInt8], under base: String) {
    let p = scratch.path(name)
    let parent = String(p[..<p.lastIndex(of: "/")!])
    guard let real = SecureOpen.realPath(parent), real == base || real.hasPrefix(base + "/") else { return }
    let fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_NONBLOCK, 0o600)
    guard fd >= 0 else { return }
    var st = stat()
    if fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG {
        _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
    }
    close(fd)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = FuzzDriver.bytes(data, size)
    removeTree(scratch.path("root"))
    removeTree(scratch.path("out"))
    scratch.makeFolder("root")
    scratch.makeFolder("out")
    guard let rootReal = SecureOpen.realPath(scratch.path("root")), let outReal = SecureOpen.realPath(scratch.path("out")) else { return 0 }
    // Made before the layout, as a run resolves its roots before reading: swapping the root
    // folder itself for a link afterwards must not widen it.
    let policy = PathPolicy(roots: [scratch.path("root")])
    place("out/a", outsideMarker, under: outReal)
    var i = 0
    var ops = 0
    while i + 3 <= input.count && ops < 24 {
        let op = input[i] % 9, a = names[Int(input[i + 1]) % names.count], b = names[Int(input[i + 2]) % names.count]
        i += 3; ops += 1
        let target = fullPath(a)
        guard !a.hasPrefix("/"), !a.hasSuffix("..") else { continue }
        switch op {
        case 0: scratch.makeFolder(a)
        case 1: place(a, Array("inside \(a)\n".utf8), under: rootReal)
        case 2: place(a, outsideMarker, under: outReal)
        case 3: removeTree(target); _ = symlink(fullPath(b), target)
        case 4: // relative link: as many ".." as the link's depth needs, then b
            removeTree(target)
            let depth = a.split(separator: "/").count - 1
            let rel = String(repeating: "../", count: depth) + (b.hasPrefix("/") ? String(b.dropFirst()) : b)
            _ = symlink(rel, target)
        case 5: removeTree(target); _ = mkfifo(target, 0o600)
        case 6: removeTree(target)
        case 7: removeTree(target); _ = symlink(target, target) // a loop
        default: removeTree(target); _ = symlink(scratch.path("out"), target) // a folder link out
        }
    }
    for n in names {
        let p = fullPath(n)
        switch SecureOpen.open(p, policy: policy) {
        case .success(let o):
            var st = stat()
            precondition(fstat(o.fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG, "\(n): opened something not a regular file")
            close(o.fd)
        case .failure: break
        }
        if let bytes = try? FileBytes.read(p, policy: policy) {
            precondition(!bytes.starts(with: outsideMarker), "\(n): read a file outside the root")
            precondition(bytes.starts(with: Array("inside ".utf8)), "\(n): read bytes that are no inside file's")
        }
    }
    return 0
}
