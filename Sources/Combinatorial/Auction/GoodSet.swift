/// A set of goods `0..<count` as a bit set of any size: the bundles of ``BidAuction``.
///
/// ```swift
/// let s = GoodSet([0, 3, 64], count: 70)
/// s.contains(3)                                  // true
/// s.intersects(GoodSet([64], count: 70))         // true
/// ```
public struct GoodSet: Hashable, Sendable {
    /// The bits, 64 goods a word.
    public private(set) var words: [UInt64]

    /// The empty set over `count` goods.
    public init(count: Int) { words = Array(repeating: 0, count: max(1, (count + 63) / 64)) }

    /// The set of the given goods (each in `0..<count`).
    public init(_ goods: [Int], count: Int) {
        self.init(count: count)
        for g in goods { insert(g) }
    }

    /// The set whose goods are the bits of `mask` (bit k: good k), over `count` goods.
    public init(mask: UInt64, count: Int) {
        self.init(count: count)
        words[0] = mask
    }

    /// Whether good `g` is in the set.
    @inline(__always)
    public func contains(_ g: Int) -> Bool { words[g >> 6] & (1 << UInt64(g & 63)) != 0 }

    /// Adds good `g`.
    public mutating func insert(_ g: Int) { words[g >> 6] |= 1 << UInt64(g & 63) }

    /// Whether the two sets share a good.
    @inline(__always)
    public func intersects(_ other: GoodSet) -> Bool {
        for k in words.indices where words[k] & other.words[k] != 0 { return true }
        return false
    }

    /// Whether every good of `self` is in `other`.
    public func isSubset(of other: GoodSet) -> Bool {
        for k in words.indices where words[k] & ~other.words[k] != 0 { return false }
        return true
    }

    /// The union.
    public func union(_ other: GoodSet) -> GoodSet {
        var copy = self
        for k in words.indices { copy.words[k] |= other.words[k] }
        return copy
    }

    /// Adds every good of `other`.
    public mutating func formUnion(_ other: GoodSet) {
        for k in words.indices { words[k] |= other.words[k] }
    }

    /// Removes every good of `other`.
    public mutating func subtract(_ other: GoodSet) {
        for k in words.indices { words[k] &= ~other.words[k] }
    }

    /// Whether the set is empty.
    public var isEmpty: Bool { words.allSatisfy { $0 == 0 } }

    /// The goods, in increasing order.
    public var elements: [Int] {
        var out: [Int] = []
        out.reserveCapacity(words.reduce(0) { $0 + $1.nonzeroBitCount })
        for (k, word) in words.enumerated() {
            var w = word
            while w != 0 {
                out.append(k * 64 + w.trailingZeroBitCount)
                w &= w - 1
            }
        }
        return out
    }
}
