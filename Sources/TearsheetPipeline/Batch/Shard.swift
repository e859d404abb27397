import TearsheetCore

/// One of `count` deterministic slices of a manifest, for spreading a batch over machines.
///
/// Convention: **0-based**, `index` in `0..<count`, written `i/n` (`0/4`, `1/4`, `2/4`, `3/4`), the
/// numbering Kubernetes gives `JOB_COMPLETION_INDEX` and Slurm gives `SLURM_ARRAY_TASK_ID` with
/// `--array=0-(n-1)`. Slicing is round-robin over manifest order: book `k` (0-based) belongs to
/// shard `k mod n`. So the shards partition the manifest exactly (every book in exactly one
/// shard), their sizes differ by at most one, and a manifest sorted by size spreads its large
/// books over all shards instead of piling them onto one.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    /// - Throws: `ShardError.outOfRange` unless `count >= 1` and `0 <= index < count`.
    public init(index: Int, count: Int) throws(ShardError) {
        guard count >= 1, index >= 0, index < count else { throw .outOfRange(index: index, count: count) }
        self.index = index
        self.count = count
    }

    /// The whole manifest (`0/1`).
    public static let all = Shard(checked: 0, 1)

    private init(checked index: Int, _ count: Int) { self.index = index; self.count = count }

    /// Parses `i/n` (0-based `i`).
    public static func parse(_ text: String) throws(ShardError) -> Shard {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0].trimmingCharacters(in: .whitespaces)),
              let n = Int(parts[1].trimmingCharacters(in: .whitespaces)) else { throw .malformed(text) }
        return try Shard(index: i, count: n)
    }

    /// The shard whose index is in the environment variable `variable` (e.g. `JOB_COMPLETION_INDEX`,
    /// `SLURM_ARRAY_TASK_ID`), minus `base` (1 when the array counts from 1, e.g. `--array=1-4`).
    public static func fromEnvironment(_ variable: String, count: Int, base: Int = 0,
                                       environment: [String: String]) throws(ShardError) -> Shard {
        guard let raw = environment[variable] else { throw .missingVariable(variable) }
        guard let i = Int(raw.trimmingCharacters(in: .whitespaces)) else { throw .notAnInteger(variable: variable, value: raw) }
        return try Shard(index: i - base, count: count)
    }

    /// Whether the book at 0-based manifest position `position` belongs to this shard.
    public func contains(position: Int) -> Bool { position % count == index }

    /// This shard's books, in manifest order.
    public func select(_ entries: [BatchEntry]) -> [BatchEntry] {
        entries.enumerated().filter { contains(position: $0.offset) }.map(\.element)
    }

    public var description: String { "\(index)/\(count)" }
}

/// A `--shard` that cannot be used.
public enum ShardError: Error, Sendable, Equatable, CustomStringConvertible {
    case malformed(String)
    case outOfRange(index: Int, count: Int)
    case missingVariable(String)
    case notAnInteger(variable: String, value: String)

    public var description: String {
        switch self {
        case .malformed(let t): "--shard '\(t)' is not of the form i/n (0-based, e.g. 0/4)"
        case .outOfRange(let i, let n): "shard \(i)/\(n) does not exist: shards are numbered 0 to n-1 and n must be at least 1"
        case .missingVariable(let v): "the environment variable \(v) named by --shard-from-env is not set"
        case .notAnInteger(let v, let value): "the environment variable \(v) is '\(value)', not an integer shard index"
        }
    }
}
