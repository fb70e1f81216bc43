import InstanceIO

/// Small sampling helpers shared by the generators (all draws from a ``SeededGenerator``).
extension SeededGenerator {
    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double.random(in: 0..<1, using: &self) }

    /// `count` distinct goods drawn uniformly from `0..<total` without replacement, sorted
    /// (a partial Fisher–Yates shuffle).
    mutating func distinctGoods(_ count: Int, of total: Int) -> [Int] {
        var pool = Array(0..<total)
        for i in 0..<count {
            let j = Int.random(in: i..<total, using: &self)
            pool.swapAt(i, j)
        }
        return pool.prefix(count).sorted()
    }

    /// An index drawn with probability proportional to `weights` (non-negative, positive sum).
    mutating func weightedIndex(_ weights: [Double], total: Double) -> Int {
        let target = unit() * total
        var sum = 0.0
        var last = 0
        for (i, w) in weights.enumerated() where w > 0 {
            sum += w
            last = i
            if target < sum { return i }
        }
        return last  // rounding: the last good with positive weight
    }
}

/// Generated prices are rounded to 4 decimals so files stay readable (CATS itself prints
/// prices with `%g`, 6 significant digits).
func roundPrice(_ price: Double) -> Double { (price * 10_000).rounded() / 10_000 }
