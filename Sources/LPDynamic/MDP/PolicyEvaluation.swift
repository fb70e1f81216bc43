extension MDP {
    /// Largest state count evaluated by a dense direct solve; larger models use iterative
    /// Gauss–Seidel sweeps.
    public static let denseEvaluationLimit = 400

    /// V^π for a stationary deterministic policy, with the per-state flow `flow[s]` received
    /// in state s (thesis eq. 4.1 with r(s, π(s)) replaced by any flow): solves
    /// (I − γ P_π) V = flow. Terminal states (policy −1) have value 0.
    ///
    /// Small models (≤ ``denseEvaluationLimit`` states) use Gaussian elimination with partial
    /// pivoting; larger ones alternate forward and backward Gauss–Seidel sweeps until the
    /// residual is below `tolerance·max(1, ‖V‖∞)` (from `start` when given).
    ///
    /// ```swift
    /// let w1 = joint.mdp.policyEvaluation(policy: pi, flow: rewardOfAgent1UnderPi)
    /// ```
    public func policyEvaluation(
        policy: [Int], flow: [Double], tolerance: Double = 1e-13, start: [Double]? = nil
    ) -> [Double] {
        precondition(policy.count == stateCount && flow.count == stateCount)
        if stateCount <= MDP.denseEvaluationLimit { return denseEvaluation(policy: policy, flow: flow) }
        return iterativeEvaluation(policy: policy, flow: flow, tolerance: tolerance, start: start)
    }

    /// V^π for the MDP's own rewards, or per-pair `rewards` (length |S|·|A|) when given, e.g.
    /// one agent's reward r_i in a joint MDP (thesis §4.2.1, per-agent value).
    public func policyEvaluation(policy: [Int], rewards: [Double]? = nil) -> [Double] {
        let r = rewards ?? expectedRewards
        let flow = (0..<stateCount).map { s in policy[s] < 0 ? 0 : r[s * actionCount + policy[s]] }
        return policyEvaluation(policy: policy, flow: flow)
    }

    private func denseEvaluation(policy: [Int], flow: [Double]) -> [Double] {
        let n = stateCount
        var a = [Double](repeating: 0, count: n * n)
        var b = flow
        for s in 0..<n {
            a[s * n + s] = 1
            if policy[s] < 0 { b[s] = 0; continue }
            for t in transitions(s, policy[s]) {
                a[s * n + Int(successors[t])] -= discount * probabilities[t]
            }
        }
        // Gaussian elimination with partial pivoting.
        for col in 0..<n {
            var pivot = col
            for row in (col + 1)..<max(col + 1, n) where abs(a[row * n + col]) > abs(a[pivot * n + col]) {
                pivot = row
            }
            if pivot != col {
                for k in 0..<n { a.swapAt(col * n + k, pivot * n + k) }
                b.swapAt(col, pivot)
            }
            let p = a[col * n + col]
            if p == 0 { continue }
            for row in (col + 1)..<max(col + 1, n) {
                let f = a[row * n + col] / p
                if f == 0 { continue }
                for k in col..<n { a[row * n + k] -= f * a[col * n + k] }
                b[row] -= f * b[col]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            var sum = b[row]
            for k in (row + 1)..<max(row + 1, n) { sum -= a[row * n + k] * x[k] }
            let p = a[row * n + row]
            x[row] = p == 0 ? 0 : sum / p
        }
        return x
    }

    private func iterativeEvaluation(
        policy: [Int], flow: [Double], tolerance: Double, start: [Double]?
    ) -> [Double] {
        let n = stateCount
        var v = start ?? [Double](repeating: 0, count: n)
        let maxSweeps = 100_000
        var forward = true
        for _ in 0..<maxSweeps {
            var residual = 0.0, size = 0.0
            let order: StrideTo<Int> = forward ? stride(from: 0, to: n, by: 1) : stride(from: n - 1, to: -1, by: -1)
            for s in order {
                let a = policy[s]
                if a < 0 { v[s] = 0; continue }
                var sum = 0.0, diagonal = 1.0
                for t in transitions(s, a) {
                    let next = Int(successors[t])
                    if next == s { diagonal -= discount * probabilities[t] } else {
                        sum += probabilities[t] * v[next]
                    }
                }
                let updated = (flow[s] + discount * sum) / diagonal
                residual = max(residual, abs(updated - v[s]) * diagonal)
                v[s] = updated
                size = max(size, abs(updated))
            }
            forward.toggle()
            if residual <= tolerance * max(1, size) { break }
        }
        return v
    }
}
