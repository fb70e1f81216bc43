import InstanceIO

extension MDP {
    /// A random sparse MDP for benchmarks and property tests: every action is available in
    /// every state and leads to `successors` distinct uniformly drawn states with normalised
    /// uniform weights; rewards r(s, a, s') uniform in `rewardRange`. Reproducible from `seed`.
    ///
    /// ```swift
    /// let mdp = try MDP.random(states: 10_000, actions: 4, successors: 5, discount: 0.9, seed: 1)
    /// ```
    public static func random(
        states: Int, actions: Int, successors: Int, discount: Double, seed: UInt64,
        rewardRange: ClosedRange<Double> = 0...1
    ) throws -> MDP {
        guard states >= 1, actions >= 1, successors >= 1, successors <= states else {
            throw MDPError.invalidModel("need states ≥ successors ≥ 1 and actions ≥ 1")
        }
        var rng = SeededGenerator(seed: seed)
        var start = [0]
        start.reserveCapacity(states * actions + 1)
        var next: [Int32] = [], probability: [Double] = [], reward: [Double] = []
        let total = states * actions * successors
        next.reserveCapacity(total); probability.reserveCapacity(total); reward.reserveCapacity(total)
        var chosen: [Int32] = []
        for _ in 0..<(states * actions) {
            chosen.removeAll(keepingCapacity: true)
            while chosen.count < successors {
                let candidate = Int32(Int.random(in: 0..<states, using: &rng))
                if !chosen.contains(candidate) { chosen.append(candidate) }
            }
            chosen.sort()
            let weights = chosen.map { _ in Double.random(in: 0.05...1, using: &rng) }
            let sum = weights.reduce(0, +)
            for (k, s) in chosen.enumerated() {
                next.append(s)
                probability.append(weights[k] / sum)
                reward.append(Double.random(in: rewardRange, using: &rng))
            }
            start.append(next.count)
        }
        return try MDP(stateNames: (0..<states).map { "s\($0)" }, actionNames: (0..<actions).map { "a\($0)" },
                       discount: discount, initialState: 0, transitionStart: start, successors: next,
                       probabilities: probability, transitionRewards: reward)
    }
}
