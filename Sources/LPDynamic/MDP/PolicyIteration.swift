extension MDP {
    /// Policy iteration (thesis §4.3): start from the greedy policy for V = 0, evaluate
    /// exactly (``policyEvaluation(policy:flow:tolerance:start:)``, warm-started), and switch
    /// an action only on a strict improvement beyond `1e-9·max(1, |Q|)` so ties cannot cycle.
    /// Returns the values, the final policy and the number of evaluations.
    public func policyIteration(tolerance: Double = 1e-11, maxIterations: Int = 10_000) throws
        -> ([Double], [Int], Int)
    {
        let n = stateCount, m = actionCount
        var policy = greedyPolicy(values: [Double](repeating: 0, count: n))
        var values: [Double]? = nil
        for iteration in 1...maxIterations {
            let flow = (0..<n).map { s in policy[s] < 0 ? 0 : expectedRewards[s * m + policy[s]] }
            let v = policyEvaluation(policy: policy, flow: flow, tolerance: min(tolerance, 1e-13), start: values)
            values = v
            var changed = false
            for s in 0..<n where policy[s] >= 0 {
                let current = qValue(s, policy[s], values: v)
                var best = current, bestAction = policy[s]
                for a in 0..<m {
                    let q = qValue(s, a, values: v)
                    if q > best { best = q; bestAction = a }
                }
                if best > current + MDP.tieTolerance * max(1, abs(current)) {
                    policy[s] = bestAction
                    changed = true
                }
            }
            if !changed { return (v, policy, iteration) }
        }
        throw MDPError.iterationLimit(method: "policy iteration", iterations: maxIterations, detail: "the policy still changes")
    }
}
