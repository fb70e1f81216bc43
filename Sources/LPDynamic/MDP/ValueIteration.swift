extension MDP {
    /// Value iteration, thesis eq. (4.4): synchronous sweeps V^k = max_a [r + γ P V^{k−1}] from
    /// V^0 = 0. Stops when the standard bound γ/(1−γ)·‖V^k − V^{k−1}‖∞ on the distance to V*
    /// falls below `tolerance·max(1, ‖V^k‖∞)` (thesis eq. 4.4 and its footnote on stopping); with a finite
    /// horizon (acyclic, γ ≤ 1) it stops when a sweep changes nothing, after at most
    /// |S| + 1 sweeps. Returns the values and the number of sweeps.
    public func valueIteration(tolerance: Double = 1e-11, maxSweeps: Int = 1_000_000) -> ([Double], Int) {
        let n = stateCount, m = actionCount
        var old = [Double](repeating: 0, count: n)
        var new = old
        var sweeps = 0
        while sweeps < maxSweeps {
            sweeps += 1
            var change = 0.0, size = 0.0
            for s in 0..<n {
                var best = -Double.infinity
                for a in 0..<m {
                    let range = transitions(s, a)
                    if range.isEmpty { continue }
                    var sum = 0.0
                    for t in range { sum += probabilities[t] * old[Int(successors[t])] }
                    best = max(best, expectedRewards[s * m + a] + discount * sum)
                }
                let v = best == -.infinity ? 0 : best
                new[s] = v
                change = max(change, abs(v - old[s]))
                size = max(size, abs(v))
            }
            swap(&old, &new)
            if isFiniteHorizon && discount >= 1 {
                if change == 0 || sweeps > n + 1 { break }
            } else if change == 0
                        || discount / (1 - discount) * change <= tolerance * max(1, size) {
                break
            }
        }
        return (old, sweeps)
    }
}
