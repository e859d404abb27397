import TearsheetCore

extension BatchManifest {
    /// Refuses a manifest whose books would write over each other: two books with the same output
    /// folder, or one book's folder inside another's (the outer book's atomic replace would delete
    /// the inner report). Paths are compared after resolution and standardisation (`a/./b`, `a//b`,
    /// `x/../a/b` are all `a/b`); symbolic links are not followed. Runs on the whole manifest before
    /// sharding, so shards on different machines cannot collide either.
    /// - Throws: `BatchManifestError` naming both lines of every clash.
    public func validateOutputs() throws(BatchManifestError) {
        var problems: [BatchManifestError.Problem] = []
        // Sorted by path, a folder's descendants follow it directly: one pass finds every clash
        // against the nearest enclosing folder.
        // The key ends in "/" so that "a/b" sorts next to "a/b/x", not after "a/b c".
        func key(_ e: BatchEntry) -> String { e.out.hasSuffix("/") ? e.out : e.out + "/" }
        let sorted = entries.sorted { (key($0), $0.index) < (key($1), $1.index) }
        var stack: [BatchEntry] = []
        for e in sorted {
            while let top = stack.last, !key(e).hasPrefix(key(top)) { stack.removeLast() }
            if let top = stack.last {
                let message = top.out == e.out
                    ? "book '\(e.name)' writes to \(e.out), the same output folder as book '\(top.name)' (line \(top.line))"
                    : "book '\(e.name)' writes to \(e.out), inside the output folder of book '\(top.name)' (line \(top.line)): \(top.out)"
                problems.append(.init(file: file, line: e.line, message: message))
                continue
            }
            stack.append(e)
        }
        if !problems.isEmpty { throw BatchManifestError(problems.sorted { ($0.line, $0.message) < ($1.line, $1.message) }) }
    }
}
