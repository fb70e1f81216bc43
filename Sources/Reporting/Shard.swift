/// One of `count` disjoint slices of a run's work items, written `K/N` on the command line
/// (1 ≤ K ≤ N). Item `i` belongs to shard `K` when `i mod N = K − 1`, so shards interleave
/// and balance load; the union of all shards is the whole run.
///
/// ```swift
/// let shard = try Shard(parsing: "2/8")
/// let mine = items.indices.filter(shard.contains)
/// ```
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    /// This shard's number, 1-based.
    public let index: Int
    /// How many shards the run is split into.
    public let count: Int

    /// The whole run as a single shard.
    public static let whole = Shard(uncheckedIndex: 1, count: 1)

    private init(uncheckedIndex: Int, count: Int) {
        index = uncheckedIndex
        self.count = count
    }

    /// Parses `K/N`.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, k >= 1,
              k <= n
        else { throw ShardError(text: text) }
        self.init(uncheckedIndex: k, count: n)
    }

    /// Whether work item `item` (0-based, in the run's fixed order) is in this shard.
    public func contains(_ item: Int) -> Bool { item % count == index - 1 }

    /// `K/N`.
    public var description: String { "\(index)/\(count)" }
}

/// A `--shard` value that is not `K/N` with 1 ≤ K ≤ N.
public struct ShardError: Error, CustomStringConvertible {
    /// The text given.
    public var text: String
    public var description: String { "--shard expects K/N with 1 ≤ K ≤ N, got \"\(text)\"" }
}
