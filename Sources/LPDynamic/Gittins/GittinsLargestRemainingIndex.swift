/// Gittins indices of every state of a finite arm by the largest-remaining-index method
/// (Varaiya, Walrand & Buyukkoc 1985) in the state-elimination form of Sonin (2008): O(n³),
/// no LP, no linear solves (Varaiya, Walrand and Buyukkoc 1985; not in the thesis).
///
/// **Normalization (used by every index function in rmsolve):** the reward-rate form of
/// thesis eq. (4.6), `ν(s) = sup_{ρ ≥ 1} E[Σ_{t<ρ} γ^t r(s_t)] / E[Σ_{t<ρ} γ^t]`, in reward per
/// period, comparable to a constant arm paying ν each period. The lump-sum retirement value of
/// eq. (4.7)-(4.8) is `µ*(s) = ν(s)/(1−γ)`.
///
/// How it works. States are ranked from the largest index down. With `C` the states already
/// ranked, every unranked state `x` carries `num(x)` and `den(x)`, the expected discounted
/// reward and time of "play `x`, then keep playing while in `C`", and `Q(x, y)`, the discounted
/// probability that the first unranked state reached afterwards is `y` (initially `γP`, `r`,
/// 1). The next ranked state is the argmax of `num/den`, and that ratio is its index. Ranking
/// `z` eliminates it by Gaussian elimination on the discounted chain:
/// `f = Q(x,z)/(1−Q(z,z))`, `num(x) += f·num(z)`, `den(x) += f·den(z)`,
/// `Q(x,y) += f·Q(z,y)`, about n³/3 multiply-adds in total.
///
/// ```swift
/// let ranking = GittinsIndex.largestRemainingIndex(arm, discount: 0.75)
/// ranking.indices      // ν per state, in the arm's state order
/// ranking.order        // states from the largest index to the smallest
/// ```
public struct GittinsRanking: Sendable, Equatable {
    /// The index ν of every state, in the arm's state order (reward-rate form).
    public var indices: [Double]
    /// The states ordered from the largest index to the smallest (ties in elimination order).
    public var order: [Int]
}

/// Namespace for the Gittins index algorithms (thesis §4.4.1, Def. 4.1).
public enum GittinsIndex {
    /// All indices of `arm` by the largest-remaining-index (state elimination) method; see
    /// ``GittinsRanking``. Any real rewards are allowed.
    public static func largestRemainingIndex(_ arm: FiniteArm, discount: Double) -> GittinsRanking {
        var elimination = StateElimination(arm: arm, discount: discount, tracked: [])
        return elimination.run().ranking
    }
}

/// The elimination itself, optionally following "tracked" states after they are ranked so the
/// retirement curves of ``RetirementCurve`` come out of the same O(n³) pass.
struct StateElimination {
    let n: Int
    let gamma: Double
    var q: [Double]           // n×n row-major; the active block is [0, m)×[0, m)
    var num: [Double]
    var den: [Double]
    var stateAt: [Int]        // position → original state
    var positionOf: [Int]     // original state → position
    let tracked: [Int]        // original states whose retirement slopes are recorded

    init(arm: FiniteArm, discount: Double, tracked: [Int]) {
        n = arm.count
        gamma = discount
        q = [Double](repeating: 0, count: n * n)
        for x in 0..<n { for y in 0..<n { q[x * n + y] = discount * arm.transitions[x][y] } }
        num = arm.rewards
        den = [Double](repeating: 1, count: n)
        stateAt = Array(0..<n)
        positionOf = Array(0..<n)
        self.tracked = tracked
    }

    struct Output {
        var ranking: GittinsRanking
        /// `slopes[t][k]` for tracked state `t`: `E[γ^τ]`, τ the exit time from the top-k
        /// ranked states started in that state (1 when the state is not among them), k = 0...n.
        var slopes: [[Double]]
    }

    /// Eliminations whose rank-one updates are delayed and applied together: the matrix is
    /// streamed through memory once per block instead of once per elimination (the flops are
    /// the same; the pass is memory-bound otherwise).
    static let blockSize = 16

    mutating func run() -> Output {
        var indices = [Double](repeating: 0, count: n)
        var order: [Int] = []
        order.reserveCapacity(n)
        let t = tracked.count
        // Per tracked state: discounted hitting weights of the active positions once ranked.
        var hit = [Double](repeating: 0, count: t * n)
        var active = [Bool](repeating: false, count: t)
        var slopes = [[Double]](repeating: [1], count: t)
        let b = StateElimination.blockSize
        let width = max(n, 1)
        // Pending updates: Q_current(x, y) = Q(x, y) + Σ_w F[w][x]·G[w][y], positions x, y.
        let f = UnsafeMutablePointer<Double>.allocate(capacity: b * width)
        let g = UnsafeMutablePointer<Double>.allocate(capacity: b * width)
        let column = UnsafeMutablePointer<Double>.allocate(capacity: width)
        defer { f.deallocate(); g.deallocate(); column.deallocate() }
        var pending = 0
        var m = n
        q.withUnsafeMutableBufferPointer { qBuffer in
            let q = qBuffer.baseAddress!
            num.withUnsafeMutableBufferPointer { num in
                den.withUnsafeMutableBufferPointer { den in
                    while m > 0 {
                        // 1. The largest remaining ratio (ties: the first position).
                        var best = 0
                        var bestRatio = num[0] / den[0]
                        for p in 1..<m {
                            let ratio = num[p] / den[p]
                            if ratio > bestRatio { bestRatio = ratio; best = p }
                        }
                        let last = m - 1
                        // 2. Move it to the end of the active block (pending vectors too).
                        if best != last {
                            for c in 0..<m { swap(&q[best * n + c], &q[last * n + c]) }
                            for r in 0..<m { swap(&q[r * n + best], &q[r * n + last]) }
                            for w in 0..<pending {
                                swap(&f[w * width + best], &f[w * width + last])
                                swap(&g[w * width + best], &g[w * width + last])
                            }
                            num.swapAt(best, last)
                            den.swapAt(best, last)
                            for k in 0..<t where active[k] { hit.swapAt(k * n + best, k * n + last) }
                            let a = stateAt[best], c = stateAt[last]
                            stateAt[best] = c; stateAt[last] = a
                            positionOf[c] = best; positionOf[a] = last
                        }
                        let z = stateAt[last]
                        indices[z] = bestRatio
                        order.append(z)
                        // 3. z's current column and row, with the pending updates folded in;
                        //    the row goes straight into G[pending].
                        let row = g + pending * width
                        for x in 0..<m { column[x] = q[x * n + last] }
                        for y in 0..<last { row[y] = q[last * n + y] }
                        for w in 0..<pending {
                            let fw = f + w * width, gw = g + w * width
                            let gz = gw[last]
                            if gz != 0 { for x in 0..<m { column[x] += fw[x] * gz } }
                            let fz = fw[last]
                            if fz != 0 { for y in 0..<last { row[y] += fz * gw[y] } }
                        }
                        let stay = 1 / (1 - column[last])
                        // 4. Tracked states: start following z; fold z into those followed.
                        for k in 0..<t {
                            if tracked[k] == z {
                                active[k] = true
                                for y in 0..<last { hit[k * n + y] = row[y] * stay }
                            } else if active[k] {
                                let factor = hit[k * n + last] * stay
                                if factor != 0 {
                                    for y in 0..<last { hit[k * n + y] += factor * row[y] }
                                }
                            }
                            if active[k] {
                                var sum = 0.0
                                for y in 0..<last { sum += hit[k * n + y] }
                                slopes[k].append(sum)
                            } else {
                                slopes[k].append(1)
                            }
                        }
                        // 5. Eliminate z: num and den now, the matrix update delayed.
                        let numZ = num[last], denZ = den[last]
                        let fz = f + pending * width
                        for x in 0..<last {
                            let factor = column[x] * stay
                            fz[x] = factor
                            num[x] += factor * numZ
                            den[x] += factor * denZ
                        }
                        pending += 1
                        m = last
                        // 6. Apply the pending rank-one updates to the remaining block.
                        if pending == b || m == 0 {
                            for x in 0..<m {
                                let qRow = q + x * n
                                var w = 0
                                while w + 4 <= pending {   // four updates per sweep of the row
                                    let f0 = f[w * width + x], f1 = f[(w + 1) * width + x]
                                    let f2 = f[(w + 2) * width + x], f3 = f[(w + 3) * width + x]
                                    let g0 = g + w * width, g1 = g0 + width
                                    let g2 = g1 + width, g3 = g2 + width
                                    for y in 0..<m {
                                        qRow[y] += (f0 * g0[y] + f1 * g1[y]) + (f2 * g2[y] + f3 * g3[y])
                                    }
                                    w += 4
                                }
                                while w < pending {
                                    let factor = f[w * width + x]
                                    let gw = g + w * width
                                    if factor != 0 { for y in 0..<m { qRow[y] += factor * gw[y] } }
                                    w += 1
                                }
                            }
                            pending = 0
                        }
                    }
                }
            }
        }
        return Output(ranking: GittinsRanking(indices: indices, order: order), slopes: slopes)
    }
}
