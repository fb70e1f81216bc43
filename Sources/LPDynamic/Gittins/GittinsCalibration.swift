import Foundation

extension GittinsIndex {
    /// All indices of `arm` by calibration (thesis eqs. 4.7-4.8): bisection on the retirement lump sum µ. For a given µ the optimal-stopping
    /// problem `Φ(x) = max(r(x) + γ Σ_y P(x,y) Φ(y), µ)` is solved by value iteration to
    /// `1e-13·scale`; continuing strictly better than retiring at state `s` means µ < µ*(s).
    /// The bracket is `[min r, max r]/(1−γ)` (the thesis's bracket assumes
    /// non-negative rewards); bisection runs until the bracket is below `tolerance` in index
    /// units. Returns ν = (1−γ)µ* (reward-rate form, see ``GittinsRanking``).
    ///
    /// Costs O(log(range/tolerance)) value iterations per state: the slow, simple reference.
    ///
    /// - Parameter states: the states to index (default: all); other entries are `nil`.
    public static func calibration(
        _ arm: FiniteArm, discount gamma: Double, states: [Int]? = nil, tolerance: Double = 1e-11
    ) throws -> [Double?] {
        let n = arm.count
        let lowReward = arm.rewards.min()!, highReward = arm.rewards.max()!
        let scale = max(1, max(abs(lowReward), abs(highReward)) / (1 - gamma))
        var indices = [Double?](repeating: nil, count: n)
        for s in states ?? Array(0..<n) {
            var lo = lowReward / (1 - gamma), hi = highReward / (1 - gamma)
            // The bracket cannot shrink below the spacing of doubles at its ends: stop there
            // too (lump sums of 1e5 and more have a spacing above an absolute 1e-11).
            while (hi - lo) * (1 - gamma) > max(tolerance, 4 * max(lo.magnitude, hi.magnitude).ulp * (1 - gamma)) {
                let mu = (lo + hi) / 2
                if mu <= lo || mu >= hi { break }
                let phi = optimalStopping(arm, discount: gamma, retirement: mu, tolerance: 1e-13 * scale)
                var continuation = arm.rewards[s]
                for y in 0..<n where arm.transitions[s][y] != 0 {
                    continuation += gamma * arm.transitions[s][y] * phi[y]
                }
                if continuation > mu { lo = mu } else { hi = mu }
            }
            let index = (1 - gamma) * (lo + hi) / 2
            try checkIndexBounds(index, arm: arm, state: s,
                                 tolerance: max(2 * tolerance, 1e-12 * max(abs(lowReward), abs(highReward))))
            indices[s] = index
        }
        return indices
    }

    /// The retirement value `Φ(·, µ)` of eq. (4.7) by value iteration from `Φ ≡ µ`, stopped
    /// when the contraction bound `γ/(1−γ)·‖Φ_k − Φ_{k−1}‖∞` is below `tolerance`.
    static func optimalStopping(
        _ arm: FiniteArm, discount gamma: Double, retirement mu: Double, tolerance: Double
    ) -> [Double] {
        let n = arm.count
        var phi = [Double](repeating: mu, count: n)
        var next = phi
        // Rounding keeps `change` from reaching a tolerance below a few ulps of the values:
        // the floor, an exact fixed point, or enough sweeps for γ^k to shrink any error
        // below the tolerance all end the iteration.
        let size = max(abs(mu), (arm.rewards.map(abs).max() ?? 0) / (1 - gamma))
        let floor = 16 * size.ulp * gamma / (1 - gamma)
        let sweeps = Int((log(max(tolerance, floor) * (1 - gamma) / max(size, .leastNormalMagnitude)) / log(gamma)).rounded(.up)) + 100
        for _ in 0..<max(sweeps, 100) {
            var change = 0.0
            for x in 0..<n {
                var value = arm.rewards[x]
                let row = arm.transitions[x]
                for y in 0..<n where row[y] != 0 { value += gamma * row[y] * phi[y] }
                next[x] = max(value, mu)
                change = max(change, abs(next[x] - phi[x]))
            }
            swap(&phi, &next)
            if change == 0 || change * gamma / (1 - gamma) <= max(tolerance, floor) { return phi }
        }
        return phi
    }
}
