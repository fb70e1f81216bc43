/// Clique strengthening of set-packing rows on the bid conflict graph, shared by every
/// LP relaxation of winner determination.
///
/// ```swift
/// let rows = ConflictCliques.maximal(byGoodAndBidder, bidCount: n, conflicts: graph, value: prices)
/// ```
public enum ConflictCliques {
    /// Clique strengthening of set-packing rows (each row — the bids on one good, or of
    /// one bidder — is a clique of the conflict graph: at most one of them wins): each row is
    /// extended greedily, most valuable bid first, by bids that conflict with every bid
    /// already in it, to a maximal clique (still a valid inequality Σ y ≤ 1 for every
    /// allocation, and at least as tight as the row it replaces). Duplicates are dropped.
    /// `conflicts` holds one bit row of `words` = ⌈n/64⌉ words per bid: bits b and c are set
    /// when the two bids conflict.
    public static func maximal(_ rows: [[Int32]], bidCount n: Int, conflicts: (words: Int, bits: [UInt64]),
                               value: [Double]) -> [[Int32]] {
        let w = conflicts.words
        var seen = Set<[Int32]>()
        var out: [[Int32]] = []
        var candidates = Array(repeating: UInt64(0), count: w)
        for row in rows where row.count > 1 {
            for k in 0..<w { candidates[k] = ~0 }
            if n % 64 != 0 { candidates[w - 1] = (1 << UInt64(n % 64)) - 1 }
            for b in row {
                let base = Int(b) * w
                for k in 0..<w { candidates[k] &= conflicts.bits[base + k] }
            }
            for b in row { candidates[Int(b) >> 6] &= ~(1 << UInt64(Int(b) & 63)) }
            var clique = row
            while let pick = mostValuable(candidates, by: value) {
                clique.append(Int32(pick))
                let base = pick * w
                for k in 0..<w { candidates[k] &= conflicts.bits[base + k] }
                candidates[pick >> 6] &= ~(1 << UInt64(pick & 63))
            }
            clique.sort()
            if seen.insert(clique).inserted { out.append(clique) }
        }
        return out
    }

    /// The set bit of largest `key` in a bit set (lowest index on ties), or nil when none is
    /// set: the next bid to add to a clique among the candidates.
    public static func mostValuable(_ bits: [UInt64], by key: [Double]) -> Int? {
        var pick = -1
        for k in bits.indices where bits[k] != 0 {
            var word = bits[k]
            while word != 0 {
                let c = k * 64 + word.trailingZeroBitCount
                word &= word - 1
                if pick < 0 || key[c] > key[pick] { pick = c }
            }
        }
        return pick >= 0 ? pick : nil
    }
}
