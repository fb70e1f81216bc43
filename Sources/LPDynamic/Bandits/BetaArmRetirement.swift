import Foundation

extension RetirementCurve {
    /// The retirement slope curve of a Beta-Bernoulli arm at its current state, on its
    /// expansion truncated at `depth` (``BetaArm/truncatedChain(depth:)``: depth-`depth` states
    /// absorbing at reward p), exploiting that the chain is acyclic — the general
    /// ``init(arm:discount:state:)`` would cost O(N³) for its N = (D+1)(D+2)/2 states.
    ///
    /// Every node's index comes from calibration on its own subtree (bisection to 1e-12 on the
    /// index scale); then, for each of the N intervals between sorted lump-sum indices, one
    /// backward pass gives the root's slope `E[γ^τ]` (τ: first node whose index is ≤ m).
    /// Cost O(D⁴·log(1/tol) + N²). Subset values built on these curves are those of the
    /// truncated arms; each arm's truncation moves `V_S` by at most `γ^D/(1−γ)` (rewards in
    /// [0, 1]; an arm is played D times only after D periods).
    ///
    /// ```swift
    /// let curve = RetirementCurve(beta: try BetaArm(alpha: 2, beta: 1), discount: 0.8, depth: 60)
    /// ```
    public init(beta arm: BetaArm, discount gamma: Double, depth: Int) {
        precondition(depth >= 1)
        let total = arm.alpha + arm.beta
        func id(_ d: Int, _ k: Int) -> Int { d * (d + 1) / 2 + k }
        func p(_ d: Int, _ k: Int) -> Double { (arm.alpha + Double(k)) / (total + Double(d)) }
        let count = id(depth, depth) + 1
        var lumpSum = [Double](repeating: 0, count: count)
        var values = [Double](repeating: 0, count: depth + 1)
        for d in 0...depth {
            for k in 0...d {
                if d == depth { lumpSum[id(d, k)] = p(d, k) / (1 - gamma); continue }
                // Calibration on the subtree of (d, k): levels d...depth, successes k...k+(level−d).
                var lo = 0.0, hi = 1 / (1 - gamma)
                while (hi - lo) * (1 - gamma) > 1e-12 {
                    let mu = (lo + hi) / 2
                    let span = depth - d
                    for j in 0...span { values[j] = max(mu, p(depth, k + j) / (1 - gamma)) }
                    var continuation = 0.0
                    for level in stride(from: depth - 1, through: d, by: -1) {
                        for j in 0...(level - d) {
                            let q = p(level, k + j)
                            continuation = q * (1 + gamma * values[j + 1]) + (1 - q) * gamma * values[j]
                            values[j] = max(mu, continuation)
                        }
                    }
                    if continuation > mu { lo = mu } else { hi = mu }
                }
                lumpSum[id(d, k)] = (lo + hi) / 2
            }
        }
        let order = (0..<count).sorted { lumpSum[$0] > lumpSum[$1] || (lumpSum[$0] == lumpSum[$1] && $0 < $1) }
        var inContinuation = [Bool](repeating: false, count: count)
        var slopes = [1.0]
        var h = [Double](repeating: 1, count: count)
        for node in order {
            inContinuation[node] = true
            // Backward pass: h = 1 outside the continuation set; inside, γ·E[h(next)];
            // an absorbing frontier node inside the set never exits (h = 0).
            for d in stride(from: depth, through: 0, by: -1) {
                for k in 0...d {
                    let s = id(d, k)
                    if !inContinuation[s] { h[s] = 1; continue }
                    if d == depth { h[s] = 0; continue }
                    let q = p(d, k)
                    h[s] = gamma * (q * h[id(d + 1, k + 1)] + (1 - q) * h[id(d + 1, k)])
                }
            }
            slopes.append(h[0])
        }
        self.init(
            breakpoints: order.map { lumpSum[$0] }, slopes: slopes,
            ranking: GittinsRanking(indices: lumpSum.map { $0 * (1 - gamma) }, order: order))
    }
}

extension BanditSubsetValues {
    /// Subset values of a bandit whose arms are given by their retirement curves (e.g. Beta
    /// arms through ``RetirementCurve/init(beta:discount:depth:)``), rewards within
    /// `[lowestReward, highestReward]`.
    public init(curves: [RetirementCurve], discount gamma: Double, lowestReward: Double, highestReward: Double) {
        self.init(curves: curves, upper: highestReward / (1 - gamma), lower: lowestReward / (1 - gamma))
    }
}
