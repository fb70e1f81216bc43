/// One of `count` disjoint slices of a run's work items, written `K/N` (1 ≤ K ≤ N). Item `i`
/// belongs to shard `K` when `i mod N = K − 1`, so shards interleave and balance load; the
/// union of all shards is the whole run.
///
/// ```swift
/// let shard = try Shard(parsing: "2/8")
/// let mine = items.indices.filter(shard.contains)
/// ```
///
/// Encoded (in `plan.json` and `runs.jsonl`) as the string `"K/N"`.
public struct Shard: Sendable, Hashable, Codable, CustomStringConvertible {
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

    /// Shard `index` of `count`; a ``ShardError`` unless 1 ≤ index ≤ count.
    public init(index: Int, count: Int) throws {
        guard count >= 1, index >= 1, index <= count else { throw ShardError(text: "\(index)/\(count)") }
        self.init(uncheckedIndex: index, count: count)
    }

    /// Parses `K/N`.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]) else { throw ShardError(text: text) }
        do { try self.init(index: k, count: n) } catch { throw ShardError(text: text) }
    }

    /// Whether work item `item` (0-based, in the run's fixed order) is in this shard.
    public func contains(_ item: Int) -> Bool { item % count == index - 1 }

    /// `K/N`.
    public var description: String { "\(index)/\(count)" }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do { try self.init(parsing: text) } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "\(error)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A shard that is not `K/N` with 1 ≤ K ≤ N.
public struct ShardError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text given.
    public var text: String
    public var description: String { "a shard is written K/N with 1 ≤ K ≤ N, got \"\(text)\"" }
}
